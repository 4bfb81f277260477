"""Writing exports: never over what is not ours, on any file system, and in bounded memory."""

from __future__ import annotations

import errno
import gc
import os
import tracemalloc
from pathlib import Path

import pytest

from filmjournal import formats
from filmjournal.core.errors import ExportError
from filmjournal.core.importing import ImportBatch, ImportedFilm, ImportedReview
from filmjournal.core.models import Film, FilmInput, FilmRecord, Review
from filmjournal.formats import files
from filmjournal.storage import FilmStore
from filmjournal.storage.database import memory_database


def one_film(title: str = "Heat") -> list[FilmRecord]:
    film = Film(id=1, title=title, year=1995)
    return [FilmRecord(film, (Review(author="me", text="Tense."),))]


def test_force_never_replaces_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="not a regular file"):
        formats.export(one_film(), "json", fifo, force=True)
    assert fifo.is_fifo()


def test_exports_work_without_hard_links_and_still_never_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: str, target: Path) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # as on vfat, exFAT, SMB

    monkeypatch.setattr(os, "link", no_links)
    out = tmp_path / "journal.json"
    formats.export(one_film(), "json", out)
    assert '"title": "Heat"' in out.read_text()
    out.write_text("mine")
    with pytest.raises(ExportError, match="already exists"):
        formats.export(one_film(), "json", out)
    assert out.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["journal.json"]  # no temporary left


def test_file_names_fit_every_file_system(tmp_path: Path) -> None:
    long_title = "東京物語" * 40  # 480 bytes in UTF-8: past the 255-byte limit on names
    films = one_film(long_title) + [FilmRecord(Film(id=2, title="CON"))]
    formats.export(films, "markdown", tmp_path / "pages")
    names = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert "con-film.md" in names and "index.md" in names
    assert all(len(name.encode()) <= 255 for name in names)


def test_a_markdown_export_that_fails_leaves_nothing_and_can_be_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    films = one_film("One") + one_film("Two")
    written = files.write_text

    def fail_on_two(path: str, text: str, *, force: bool = False) -> str:
        if os.path.basename(path) == "two-1995.md":
            raise ExportError(f"cannot write {path}: File name too long")
        return written(path, text, force=force)

    monkeypatch.setattr(files, "write_text", fail_on_two)
    with pytest.raises(ExportError):
        formats.export(films, "markdown", tmp_path / "pages")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    formats.export(films, "markdown", tmp_path / "pages")
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == [
        "index.md",
        "one-1995.md",
        "two-1995.md",
    ]


def journal_of(size: int) -> FilmStore:
    store = FilmStore(memory_database())
    films = [
        ImportedFilm(
            FilmInput(title=f"Film {n}", year=2000, synopsis="s" * 300),
            reviews=(ImportedReview(rating=7, text="w" * 800),),
        )
        for n in range(size)
    ]
    store.apply_import(ImportBatch(source="json", films=films), author="me")
    return store


@pytest.mark.parametrize("format_name", ["json", "csv", "letterboxd", "markdown"])
def test_export_memory_does_not_grow_with_the_journal(tmp_path: Path, format_name: str) -> None:
    peaks = []
    for size in (1_500, 6_000):
        store = journal_of(size)
        gc.collect()
        tracemalloc.start()
        formats.export(store.everything(), format_name, tmp_path / f"{format_name}-{size}")
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # Four times the films, not four times the memory (a page of 1,000 films is the unit).
    assert peaks[1] < 2 * peaks[0], peaks
