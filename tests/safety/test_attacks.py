"""Hostile files, each given to `filmjournal import` as an attacker would: one clear line that
names the file (and the line or member) and the reason, exit status 1, and nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from filmjournal import formats
from filmjournal.cli import cli
from filmjournal.core.errors import FormatError
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.formats import reading
from filmjournal.storage import FilmStore, open_database

DIARY = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
LIST_HEAD = "Letterboxd list export v7\nDate,Name,Tags,URL,Description\n2020-01-01,Mine,,u,\n\n"


def zip_with(path: Path, member: str, text: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, text)
    return path


def encrypted_zip(folder: Path) -> Path:
    path = zip_with(folder / "export.zip", "diary.csv", DIARY + "2020-01-01,Heat,1995,u,4,,,\n")
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag in the local header and the central directory entry.
    data[6] |= 1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 1
    path.write_bytes(bytes(data))
    return path


def deflate64_zip(folder: Path) -> Path:
    path = zip_with(folder / "export.zip", "diary.csv", DIARY + "2020-01-01,Heat,1995,u,4,,,\n")
    data = bytearray(path.read_bytes())
    data[8] = 9  # compression method 9: Deflate64, which zipfile cannot read
    central = data.rfind(b"PK\x01\x02")
    data[central + 10] = 9
    path.write_bytes(bytes(data))
    return path


def damaged_deflate_zip(folder: Path) -> Path:
    text = DIARY + "".join(f"2020-01-01,Film {n},1995,u{n},4,,,\n" for n in range(200))
    path = zip_with(folder / "export.zip", "diary.csv", text)
    data = bytearray(path.read_bytes())
    start = 30 + len("diary.csv")
    for offset in range(start + 20, start + 60):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def text_file(name: str, text: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        return path

    return make


def json_journal(film: dict[str, object]) -> str:
    return json.dumps({"format": "filmjournal", "version": 1, "films": [film]})


ATTACKS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "encrypted ZIP": (encrypted_zip, "encrypted"),
    "Deflate64 ZIP member": (deflate64_zip, "diary.csv"),
    "damaged deflate data": (damaged_deflate_zip, "diary.csv"),
    "a rating in superscript digits": (
        text_file("diary.csv", DIARY + "2020-01-01,Heat,1995,u,²,,,\n"),
        "diary.csv:2",
    ),
    "a diary entry watched in year 1": (
        text_file("diary.csv", DIARY + "2020-01-01,Heat,1995,u,4,,,0001-01-01\n"),
        "diary.csv:2",
    ),
    "a list position in superscript digits": (
        text_file("list.csv", LIST_HEAD + "Position,Name,Year,URL,Description\n³,Heat,1995,u,\n"),
        "list.csv:6",
    ),
    "a list position thousands of digits long": (
        text_file(
            "list.csv", LIST_HEAD + "Position,Name,Year,URL,Description\n" + "9" * 5000 + ",H,,u,\n"
        ),
        "list.csv:6",
    ),
    "an IMDb rating thousands of digits long": (
        text_file(
            "ratings.csv",
            "Const,Your Rating,Date Rated,Title,Title Type,Year\n"
            f"tt0113277,{'9' * 5000},2020-01-01,Heat,movie,1995\n",
        ),
        "ratings.csv:2",
    ),
    "JSON nested 100,000 levels deep": (
        text_file("journal.json", "[" * 100_000 + "]" * 100_000),
        "journal.json",
    ),
    "a JSON year of 10^30": (
        text_file("journal.json", json_journal({"title": "Heat", "year": 10**30})),
        "journal.json",
    ),
    "a JSON year of -5": (
        text_file("journal.json", json_journal({"title": "Heat", "year": -5})),
        "year",
    ),
    "a JSON runtime of 2^62": (
        text_file("journal.json", json_journal({"title": "Heat", "runtime_minutes": 2**62})),
        "runtime",
    ),
    "a JSON list position of 2^70": (
        text_file(
            "journal.json",
            json_journal({"title": "Heat", "lists": [{"name": "Mine", "position": 2**70}]}),
        ),
        "position",
    ),
    "a JSON review dated in year 1": (
        text_file(
            "journal.json",
            json_journal({"title": "Heat", "reviews": [{"watched_on": "0001-01-01"}]}),
        ),
        "0001-01-01",
    ),
    "a lone surrogate in JSON": (
        text_file("journal.json", json_journal({"title": "Heat"}).replace("Heat", "\\ud800")),
        "journal.json",
    ),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_hostile_file_gets_one_clear_line_and_nothing_is_written(
    attack: str, tmp_path: Path
) -> None:
    make, named = ATTACKS[attack]
    journal = tmp_path / "journal.db"
    FilmStore(open_database(journal), path=journal).add_film(FilmInput(title="Kept"))
    before = journal.read_bytes()
    hostile = make(tmp_path)
    result = CliRunner().invoke(cli, ["--db", str(journal), "import", str(hostile)])
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    message = result.output.strip()
    assert message.count("\n") == 0 and message.startswith("Error: "), message
    assert named in message and "Traceback" not in message
    store = FilmStore(open_database(journal), path=journal)
    assert [f.title for f in store.films(FilmQuery())] == ["Kept"]
    assert journal.read_bytes() == before or store.check() == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_exporting_into_a_full_pipe_is_one_line(tmp_path: Path) -> None:
    journal = tmp_path / "journal.db"
    store = FilmStore(open_database(journal), path=journal)
    film = store.add_film(FilmInput(title="Heat"))
    store.add_review(film.id, ReviewInput(author="me", text="x" * 100_000))
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "filmjournal",
                "--db",
                str(journal),
                "export",
                "Heat",
                "-o",
                "-",
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr
    assert "space" in done.stderr.lower() or "full" in done.stderr.lower()


def test_one_stray_byte_in_a_utf8_file_names_its_line(tmp_path: Path) -> None:
    diary = tmp_path / "diary.csv"
    tokyo = (DIARY + "2020-01-01,東京物語,1953,u1,4,,,\n").encode()
    diary.write_bytes(tokyo + b"2020-01-02,Caf\xe9,2001,u2,4,,,\n")
    with pytest.raises(FormatError, match=r"diary.csv:3: byte 0xe9 is not UTF-8"):
        formats.read(diary)


def test_a_file_that_is_not_utf8_anywhere_is_read_as_windows_1252(tmp_path: Path) -> None:
    ratings = tmp_path / "ratings.csv"
    ratings.write_bytes(
        b"Const,Your Rating,Date Rated,Title,Title Type,Year\n"
        b"tt0211915,8,2020-01-01,Am\xe9lie,movie,2001\n"
    )
    (film,) = formats.read(ratings).films
    assert film.details.title == "Amélie"


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "diary.csv"
    os.mkfifo(fifo)
    with pytest.raises(FormatError, match="not a regular file"):
        formats.read(fifo)
    export = tmp_path / "export"
    export.mkdir()
    (export / "diary.csv").symlink_to("/dev/zero")
    with pytest.raises(FormatError, match="not a regular file"):
        formats.read(export)


def test_a_zip_member_that_expands_too_far_is_refused_without_reading_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "RATIO_FROM", 1024)  # a small bomb stands for a large one
    archive = zip_with(tmp_path / "export.zip", "diary.csv", DIARY + "\n" * 30_000_000)
    assert archive.stat().st_size < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(FormatError, match="diary.csv: expands past"):
            formats.read(archive)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 12_000_000  # it stopped at its cap, far short of the 30 MB it expands to


def test_our_letterboxd_csv_takes_back_a_review_longer_than_the_csv_field_limit(
    tmp_path: Path,
) -> None:
    store = FilmStore(open_database(tmp_path / "journal.db"))
    film = store.add_film(FilmInput(title="Long", year=2001))
    long_text = "word " * 60_000  # 300 KB, past the csv module's 128 KB default
    store.add_review(film.id, ReviewInput(author="me", rating=7, text=long_text))
    out = tmp_path / "letterboxd.csv"
    formats.export(store.everything(), "letterboxd", out)
    (back,) = formats.read(out, "letterboxd-csv").films
    assert back.reviews[0].text == long_text.strip()  # as Letterboxd's HTML has it
