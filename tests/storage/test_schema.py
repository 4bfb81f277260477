"""A blank journal migrates to the current schema; other files are refused untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from filmjournal.core.errors import JournalUnavailable
from filmjournal.storage import FilmStore, open_database
from filmjournal.storage.migrations import SCHEMA_VERSION, schema_version


def test_blank_journal_gets_the_whole_schema(tmp_path: Path) -> None:
    db = open_database(tmp_path / "journal.db")
    FilmStore(db)
    tables = set(db.table_names())
    assert {"films", "reviews", "drafts", "films_fts"} <= tables
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {index.name for index in db.table("films").indexes}
    assert {"films_by_title", "films_by_year", "films_by_rating", "films_by_watched"} <= indexes
    assert {trigger.name for trigger in db.triggers} >= {"films_ai", "reviews_ai", "reviews_ad"}


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    FilmStore(open_database(path))
    db = open_database(path)
    FilmStore(db)
    assert db["_sqlite_migrations"].count == SCHEMA_VERSION


def test_new_journal_is_private(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "journal.db"
    FilmStore(open_database(path))
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes")
    with pytest.raises(JournalUnavailable, match="not an SQLite database"):
        open_database(path)
    assert path.read_text() == "my precious notes"


def test_a_journal_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    FilmStore(open_database(path))
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(JournalUnavailable, match="newer filmjournal"):
        FilmStore(open_database(path))


def test_a_folder_is_not_a_journal(tmp_path: Path) -> None:
    with pytest.raises(JournalUnavailable, match="folder"):
        open_database(tmp_path)


def test_any_sqlite_tool_can_read_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    store = FilmStore(open_database(path))
    from filmjournal.core.models import FilmInput

    store.add_film(FilmInput(title="Heat", year=1995, genres=("Crime",)))
    rows = list(Database(path).query("select title, year, genres from films"))
    assert rows == [{"title": "Heat", "year": 1995, "genres": '["Crime"]'}]


def test_migrating_an_older_journal_keeps_every_film_and_review(tmp_path: Path) -> None:
    from filmjournal.core.library import FilmQuery
    from filmjournal.storage.migrations import as_migrations

    db = open_database(tmp_path / "journal.db")
    as_migrations().apply(db.utils, stop_before="m004_search_prefixes")
    db.execute("PRAGMA user_version = 3")
    db.execute(
        "INSERT INTO films (title, year, genres, directors, created_at, updated_at)"
        " VALUES ('Heat', 1995, '[\"Crime\"]', '[\"Michael Mann\"]', 'x', 'x')"
    )
    db.execute(
        "INSERT INTO reviews (film_id, author, rating, text, created_at, updated_at)"
        " VALUES (1, 'ann', 9, 'the bank job', 'x', 'x')"
    )
    store = FilmStore(db)
    assert schema_version(db) == SCHEMA_VERSION
    heat = store.resolve("Heat")
    assert heat.overall_rating == 9 and heat.review_count == 1
    for words in ("bank", "ba", "mann", "cri", "heat"):
        assert [f.title for f in store.rows(FilmQuery(search=words), 0, 5)] == ["Heat"], words
