"""Lists go out as Letterboxd list CSVs and come back with their names, notes and order."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from filmjournal import formats
from filmjournal.core.errors import ExportError
from filmjournal.core.models import FilmInput
from filmjournal.storage import FilmStore
from filmjournal.storage.database import memory_database

FIXTURES = Path(__file__).parent / "fixtures" / "letterboxd"


def every_list(store: FilmStore) -> dict[str, list[tuple[str, int | None, str, str]]]:
    """Each list's films in order: (title, position, note, the list's description)."""
    lists: dict[str, list[tuple[str, int | None, str, str]]] = {}
    for record in store.everything():
        for entry in record.lists:
            lists.setdefault(entry.name, []).append(
                (record.film.title, entry.position, entry.note, entry.description)
            )
    return {name: sorted(films, key=lambda film: film[1] or 0) for name, films in lists.items()}


def cells(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def journal() -> FilmStore:
    """An imported Letterboxd export (a list with a description and a note), plus a list
    made here whose name and titles need quoting."""
    store = FilmStore(memory_database())
    store.apply_import(formats.read(FIXTURES, "letterboxd"), author="me")
    for title in ("Crouching Tiger, Hidden Dragon", 'The "Burbs', "Heat"):
        found = [f for f in store.everything() if f.film.title == title]
        film = found[0].film if found else store.add_film(FilmInput(title=title, year=2000))
        store.add_to_list(film.id, 'Mine, "best" / 2026')
    return store


def test_lists_come_back_with_names_descriptions_notes_and_order(
    journal: FilmStore, tmp_path: Path
) -> None:
    message = formats.export(journal.everything(), "letterboxd-lists", tmp_path / "out")
    assert message == f"Exported 2 lists (5 films) to {tmp_path / 'out' / 'lists'}"
    again = FilmStore(memory_database())
    again.apply_import(formats.read(tmp_path / "out", "letterboxd"), author="me")
    assert every_list(again) == every_list(journal)
    assert every_list(again)["Favourites"][0] == (
        "Heat",
        1,
        "The diner scene.",
        "The ones I return to.",
    )


def test_each_file_is_laid_out_as_letterboxd_writes_its_lists(
    journal: FilmStore, tmp_path: Path
) -> None:
    formats.export(journal.everything(), "letterboxd-lists", tmp_path / "out")
    written = cells(tmp_path / "out" / "lists" / "favourites.csv")
    theirs = cells(FIXTURES / "lists" / "favourites.csv")
    assert written[:2] == theirs[:2]  # The version line and the list's columns.
    # The list's row: Letterboxd's own date and address for it are not kept.
    assert written[2][1:3] + written[2][4:] == theirs[2][1:3] + theirs[2][4:]
    assert written[3:] == theirs[3:]  # A blank line, the films' columns, the films.
    assert sorted(p.name for p in (tmp_path / "out" / "lists").iterdir()) == [
        "favourites.csv",
        "mine-best-2026.csv",
    ]


def test_a_folder_in_use_is_not_written_into_unasked(journal: FilmStore, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("mine")
    with pytest.raises(ExportError, match="not empty; use --force"):
        formats.export(journal.everything(), "letterboxd-lists", tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["mine.txt"]
