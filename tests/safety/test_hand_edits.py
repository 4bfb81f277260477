"""Rows edited by hand in sqlite3 or Datasette: read tolerantly, named by `check`, and what
can be mended is mended by `check --repair`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from filmjournal import formats
from filmjournal.cli import cli
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore, open_database

EDITS = [
    ("UPDATE films SET genres = 'Crime'", "genres is not a list"),
    ("UPDATE films SET directors = 'Michael Mann, Someone'", "directors is not a list"),
    ("UPDATE reviews SET tags = 'x'", "tags is not a list"),
    ("UPDATE reviews SET watched_on = 'yesterday'", "the watched date is not a YYYY-MM-DD date"),
    ("UPDATE films SET title = 'He' || char(0) || 'at'", "the title holds a NUL character"),
]


def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.db"
    store = FilmStore(open_database(path), path=path)
    heat = store.add_film(FilmInput(title="Heat", year=1995, genres=("Crime",)))
    store.add_review(heat.id, ReviewInput(author="me", rating=8, tags=("la",), text="Tense."))
    return path


def run(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(path), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def unguarded(path: Path) -> FilmStore:
    """The journal with its write guards dropped, as a journal edited before they existed."""
    store = FilmStore(open_database(path), path=path)
    for name in ("films_guard_bi", "films_guard_bu", "reviews_guard_bi", "reviews_guard_bu"):
        store.db.execute(f"DROP TRIGGER {name}")
    return store


@pytest.mark.parametrize(("edit", "named"), EDITS)
def test_writing_what_the_app_never_writes_is_refused(
    tmp_path: Path, edit: str, named: str
) -> None:
    store = FilmStore(open_database(journal(tmp_path)))
    with pytest.raises(sqlite3.IntegrityError, match="needs"):
        store.db.execute(edit)


@pytest.mark.parametrize(("edit", "named"), EDITS)
def test_a_hand_edited_row_is_shown_and_named_never_a_crash(
    tmp_path: Path, edit: str, named: str
) -> None:
    path = journal(tmp_path)
    unguarded(path).db.execute(edit)
    (film_id,) = sqlite3.connect(path).execute("SELECT id FROM films").fetchone()
    for command in (["list"], ["show", str(film_id)], ["stats"], ["list", "--json"]):
        code, _ = run(path, *command)
        assert code == 0, command
    store = FilmStore(open_database(path), path=path)
    formats.export(store.everything(), "json", tmp_path / "all.json")
    assert len(json.loads((tmp_path / "all.json").read_text())["films"]) == 1
    code, output = run(path, "check")
    assert code == 1 and named in output


def test_a_plain_text_list_reads_as_its_names(tmp_path: Path) -> None:
    path = journal(tmp_path)
    store = unguarded(path)
    store.db.execute("UPDATE films SET genres = 'Crime, Thriller'")
    (film,) = store.films(FilmQuery())
    assert film.genres == ("Crime", "Thriller")


def test_repair_restores_a_dropped_trigger_and_says_so(tmp_path: Path) -> None:
    path = journal(tmp_path)
    store = FilmStore(open_database(path), path=path)
    trigger = store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name LIMIT 1"
    ).fetchone()[0]
    store.db.execute(f"DROP TRIGGER {trigger}")
    code, output = run(path, "check")
    assert code == 1 and f"the trigger {trigger} is missing" in output
    code, output = run(path, "check", "--repair")
    assert f"Restored the trigger {trigger}." in output
    code, output = run(path, "check")
    assert code == 0 and "ok" in output


def test_check_names_damaged_pages_instead_of_crashing(tmp_path: Path) -> None:
    path = journal(tmp_path)
    with open_database(path).conn as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page, 4 * page):  # scribble over three pages of tables and indexes
        data[offset] = 0xFF
    path.write_bytes(bytes(data))
    code, output = run(path, "check")
    assert code == 1 and "Traceback" not in output
