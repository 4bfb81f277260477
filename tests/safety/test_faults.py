"""Faults a journal must survive: each test fails if its protection is taken away."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Migrations

from filmjournal.cli import cli
from filmjournal.core.errors import FilmJournalError, JournalUnavailable
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore, open_database
from filmjournal.storage import migrations as migration_module
from filmjournal.storage.migrations import SCHEMA_VERSION, schema_version


def journal(path: Path, films: int = 3) -> FilmStore:
    store = FilmStore(open_database(path), path=path)
    for number in range(films):
        film = store.add_film(FilmInput(title=f"Film {number}", year=2000 + number))
        store.add_review(film.id, ReviewInput(author="me", rating=7, text=f"words {number}"))
    return store


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "filmjournal", *args], capture_output=True, text=True, timeout=60
    )


# 2. Two writers -----------------------------------------------------------------------------


def test_two_clis_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    journal(db, films=0).db.close()
    script = (
        "import sys\n"
        "from filmjournal.cli import main\n"
        "db, name = sys.argv[1:3]\n"
        "for n in range(25):\n"
        "    sys.argv = ['filmjournal', '--db', db, 'add', f'{name} {n}']\n"
        "    try:\n        main()\n    except SystemExit as done:\n"
        "        assert not done.code, done.code\n"
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(db), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
        assert "locked" not in errors
    store = FilmStore(open_database(db))
    assert store.total() == 50


def test_a_write_waits_for_another_writer_instead_of_failing(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    store = journal(db)
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO films (title, created_at, updated_at) VALUES ('Theirs', 'x', 'x')")
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    film = store.resolve("Film 1")
    store.rate(film.id, 9, author="me")
    assert time.monotonic() - started >= 0.4  # it waited for the other writer...
    assert store.total() == 4  # ...and both writes are there.
    assert store.film(film.id).overall_rating == 9
    release.join()


# 3. Not a journal -------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncate", "scribble"])
def test_a_damaged_journal_is_named_and_left_alone(tmp_path: Path, damage: str) -> None:
    db = tmp_path / "journal.db"
    journal(db, films=40).db.close()
    data = db.read_bytes()
    if damage == "truncate":
        broken = data[: len(data) // 3]
    else:
        broken = data[:100] + bytes(range(256)) * ((len(data) - 100) // 256 + 1)
    db.write_bytes(broken[: len(data)] if damage == "scribble" else broken)
    before = db.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(db), "list"])
    assert result.exit_code == 1
    assert str(db) in result.output and "Restore a backup" in result.output
    assert "Traceback" not in result.output
    assert db.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_named_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n" * 100)
    result = CliRunner().invoke(cli, ["--db", str(notes), "add", "Heat"])
    assert result.exit_code == 1 and str(notes) in result.output
    assert notes.read_text() == "not a database\n" * 100


# 4. From the future -----------------------------------------------------------------------


def test_a_journal_from_a_newer_filmjournal_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    journal(db).db.close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(db), "add", "Heat"])
    assert result.exit_code == 1 and "newer filmjournal" in result.output
    assert db.read_bytes() == before


# 5. Migrations ----------------------------------------------------------------------------


def older_journal(path: Path) -> None:
    db = open_database(path)
    migration_module.as_migrations().apply(db.utils, stop_before="m004_search_prefixes")
    db.execute("PRAGMA user_version = 3")
    db.execute("INSERT INTO films (title, created_at, updated_at) VALUES ('Kept', 'x', 'x')")
    db.close()


def test_a_copy_is_kept_before_a_migration(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    older_journal(db)
    store = FilmStore(open_database(db), path=db)
    assert schema_version(store.db) == SCHEMA_VERSION
    (copy,) = tmp_path.glob("journal.schema3-*.db")
    assert copy.stat().st_mode & 0o777 == 0o600
    kept = sqlite3.connect(copy)
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 3
    assert kept.execute("SELECT title FROM films").fetchall() == [("Kept",)]


def test_a_failing_migration_leaves_the_journal_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "journal.db"
    older_journal(db)

    def broken(database: object) -> None:
        raise sqlite3.OperationalError("this migration fails half way")

    steps = [*migration_module.STEPS, broken]
    replaced = Migrations("filmjournal")
    for change in steps:
        replaced()(change)  # type: ignore[type-var]
    monkeypatch.setattr(migration_module, "as_migrations", lambda: replaced)
    monkeypatch.setattr(migration_module, "SCHEMA_VERSION", len(steps))
    with pytest.raises(JournalUnavailable, match="it was not changed"):
        FilmStore(open_database(db), path=db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    # m004 ran before the broken one, and was rolled back with it.
    fts = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'films_fts'").fetchone()[0]
    assert "prefix" not in fts
    assert conn.execute("SELECT title FROM films").fetchall() == [("Kept",)]


# 6. Nowhere to write ------------------------------------------------------------------------


def test_a_full_disk_is_a_clear_message_and_nothing_half_written(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    store = journal(db)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    film = store.resolve("Film 0")
    with pytest.raises(FilmJournalError, match="disk is full; nothing was written"):
        store.add_review(film.id, ReviewInput(author="me", text="x" * 100_000))
    assert len(store.reviews(film.id)) == 1
    assert store.check() == []


def test_a_read_only_journal_is_a_clear_message(tmp_path: Path) -> None:
    store = journal(tmp_path / "journal.db")
    store.db.execute("PRAGMA query_only = ON")
    with pytest.raises(FilmJournalError, match="read-only"):
        store.add_film(FilmInput(title="Nope"))
    assert store.total() == 3


def test_nowhere_to_create_the_journal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = CliRunner().invoke(cli, ["--db", str(blocker / "journal.db"), "add", "Heat"])
    assert result.exit_code == 1 and "cannot create" in result.output


# 7. Backups and checks ----------------------------------------------------------------------


def test_backup_is_consistent_while_another_program_writes(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    store = journal(db)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO films (title, created_at, updated_at) VALUES ('Unsaved', 'x', 'x')")
    copy = store.backup(tmp_path / "copy.db")
    other.execute("ROLLBACK")
    assert copy.stat().st_mode & 0o777 == 0o600
    copied = FilmStore(open_database(copy))
    assert copied.total() == 3 and copied.check() == []
    with pytest.raises(FilmJournalError, match="already exists"):
        store.backup(copy)


def test_backup_and_check_commands(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    journal(db).db.close()
    backed = run("--db", str(db), "backup")
    assert backed.returncode == 0, backed.stderr
    (copy,) = tmp_path.glob("journal-backup-*.db")
    assert "Backed up to" in backed.stdout and copy.stat().st_mode & 0o777 == 0o600
    healthy = run("--db", str(db), "check")
    assert healthy.returncode == 0 and "ok (3 films)" in healthy.stdout
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM films_fts WHERE rowid = (SELECT min(id) FROM films)")
    conn.commit()
    conn.close()
    broken = run("--db", str(db), "check")
    assert broken.returncode == 1 and "missing from the search index" in broken.stderr
    repaired = run("--db", str(db), "check", "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert FilmStore(open_database(db)).count(FilmQuery(search="words")) == 3


# Security -----------------------------------------------------------------------------------


def test_the_journal_and_its_files_are_private(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    journal(db)
    for file in tmp_path.glob("journal.db*"):
        assert file.stat().st_mode & 0o077 == 0, file


def test_the_editor_gets_an_argument_list_and_a_private_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filmjournal import external_editor

    seen: dict[str, object] = {}
    script = tmp_path / "my editor.sh"
    script.write_text(
        '#!/bin/sh\nstat -c %a "$1" > "$(dirname "$0")/mode"\necho "; rm -rf x" >> "$1"\n'
    )
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", f"'{script}'")
    monkeypatch.delenv("VISUAL", raising=False)
    real_run = subprocess.run

    def spy(args: list[str], **kwargs: object) -> object:
        seen["args"] = args
        seen["shell"] = kwargs.get("shell", False)
        return real_run(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", spy)
    text = external_editor.edit_in_editor("$(touch pwned) `touch pwned`\n")
    assert text == "$(touch pwned) `touch pwned`\n; rm -rf x\n"
    assert isinstance(seen["args"], list) and seen["shell"] is False
    assert (tmp_path / "mode").read_text().strip() == "600"
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_a_writer_kept_waiting_by_an_import_is_told_how_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filmjournal.core.importing import ImportBatch, ImportedFilm
    from filmjournal.storage import busy

    path = tmp_path / "journal.db"
    importing = FilmStore(open_database(path), path=path)
    other = FilmStore(open_database(path), path=path)
    other.db.execute("PRAGMA busy_timeout = 50")  # give up at once rather than wait 10 s
    monkeypatch.setattr(busy, "EVERY_SECONDS", 0)
    seen: list[str] = []

    def try_to_write(done: int, total: int) -> None:
        if done == 3:
            with pytest.raises(FilmJournalError) as refused:
                other.add_film(FilmInput(title="Meanwhile"))
            seen.append(str(refused.value))

    films = [ImportedFilm(FilmInput(title=f"Film {n}")) for n in range(10)]
    monkeypatch.setattr("filmjournal.storage.importer.FLUSH", 1)
    importing.apply_import(
        ImportBatch(source="json", films=films), author="me", on_progress=try_to_write
    )
    (message,) = seen
    assert "an import is writing to it (3 of 10 films" in message and "about" in message
    assert not busy.note_path(path).exists()  # the note goes with the import
