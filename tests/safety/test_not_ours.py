"""Files that are not ours are left alone: identified before anything is changed."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from filmjournal import paths
from filmjournal.cli import cli
from filmjournal.core.errors import FilmJournalError, JournalUnavailable
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import FilmInput
from filmjournal.storage import FilmStore, database, open_database
from filmjournal.storage.database import APPLICATION_ID
from filmjournal.storage.migrations import SCHEMA_VERSION


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in a folder with a hash of its bytes."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def browser_history(path: Path) -> Path:
    """Another program's SQLite database, in rollback mode as most are."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.close()
    return path


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.output


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    history = browser_history(tmp_path / "places.sqlite")
    before = fingerprint(tmp_path)
    for command in (
        ["list"],
        ["add", "Heat"],
        ["check"],
        ["export", "--all", "--format", "json", "-o", "x.json"],
    ):
        code, output = run("--db", str(history), *command)
        assert code == 1 and "is not a filmjournal journal" in output, command
        assert "moz_places" in output
    assert fingerprint(tmp_path) == before  # same bytes, still rollback mode, no -wal made


def test_a_journal_carries_filmjournals_application_id(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    FilmStore(open_database(path), path=path).db.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def journal_with_heat(tmp_path: Path) -> tuple[Path, FilmStore]:
    """A journal file holding one film, and the store open on it."""
    path = tmp_path / "journal.db"
    store = FilmStore(open_database(path), path=path)
    store.add_film(FilmInput(title="Heat"))
    return path, store


def test_a_journal_without_the_id_from_an_older_version_still_opens(tmp_path: Path) -> None:
    path, store = journal_with_heat(tmp_path)
    store.db.execute("PRAGMA application_id = 0")
    store.db.close()
    again = FilmStore(open_database(path), path=path)
    assert again.total() == 1
    assert again.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_newer_journal_in_rollback_mode_is_refused_byte_for_byte(tmp_path: Path) -> None:
    path, store = journal_with_heat(tmp_path)
    store.db.execute("PRAGMA journal_mode = DELETE")
    store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store.db.close()
    before = fingerprint(tmp_path)
    with pytest.raises(JournalUnavailable, match="newer filmjournal"):
        open_database(path)
    assert fingerprint(tmp_path) == before
    assert path.read_bytes()[18:20] == b"\x01\x01"  # still in rollback mode


def test_a_wal_left_by_another_file_is_never_replayed(tmp_path: Path) -> None:
    path, store = journal_with_heat(tmp_path)
    store.db.execute("PRAGMA journal_mode = DELETE")
    store.db.close()
    # A -wal from some other database, left beside it (the journal was replaced by a copy).
    other = tmp_path / "other.db"
    keep_open = sqlite3.connect(other)
    keep_open.execute("PRAGMA journal_mode = WAL")
    keep_open.execute("CREATE TABLE t (x)")
    keep_open.execute("INSERT INTO t VALUES (1)")
    keep_open.commit()
    (tmp_path / "journal.db-wal").write_bytes((tmp_path / "other.db-wal").read_bytes())
    keep_open.close()
    before = fingerprint(tmp_path)
    code, output = run("--db", str(path), "list")
    assert code == 1 and "journal.db-wal does not belong to" in output
    assert "nothing was written" in output
    assert fingerprint(tmp_path) == before


def test_a_mistyped_path_is_no_new_journal_for_commands_that_read(tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "x.db"
    for command in (
        ["list"],
        ["show", "Heat"],
        ["stats"],
        ["check"],
        ["backup"],
        ["export", "Heat"],
    ):
        code, output = run("--db", str(typo), *command)
        assert code == 1 and "there is no journal at" in output, command
    assert not (tmp_path / "typo").exists()
    code, _ = run("--db", str(typo), "add", "Heat")  # a command that writes makes it
    assert code == 0 and typo.exists()


def test_the_app_asks_before_starting_a_journal_away_from_the_default(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.db"
    code, output = run("--db", str(elsewhere), stdin="n\n")
    assert code == 1 and "Start a new one there?" in output
    assert not elsewhere.exists()


def test_a_journal_that_cannot_be_written_is_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    FilmStore(open_database(path), path=path).add_film(FilmInput(title="Heat", year=1995))
    # As on a read-only mount (root ignores file modes, so the check itself is replaced).
    monkeypatch.setattr(database, "writable", lambda _path: False)
    store = FilmStore(open_database(path), path=path)
    assert [f.title for f in store.films(FilmQuery())] == ["Heat"]
    with pytest.raises(FilmJournalError, match="read-only"):
        store.add_film(FilmInput(title="Her"))
    code, output = run("--db", str(path), "list")
    assert code == 0 and "Heat" in output
    code, output = run("--db", str(path), "add", "Her")
    assert code == 1 and "read-only" in output and "Restore a backup" not in output


def test_folders_filmjournal_makes_are_private(tmp_path: Path, isolated_home: Path) -> None:
    journal = paths.db_path()
    FilmStore(open_database(journal), path=journal).add_film(FilmInput(title="Heat"))
    assert isolated_home.stat().st_mode & 0o777 == 0o700
    nested = tmp_path / "new" / "journal.db"
    open_database(nested).close()
    assert nested.parent.stat().st_mode & 0o777 == 0o700
    code, _ = run("backup", str(tmp_path / "backups" / "copy.db"))
    assert code == 0 and (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    code, _ = run("export", "--all", "--format", "markdown", "-o", str(tmp_path / "pages"))
    assert code == 0 and (tmp_path / "pages").stat().st_mode & 0o777 == 0o700


def test_opening_a_journal_writes_nothing_to_it(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    FilmStore(open_database(path), path=path).add_film(FilmInput(title="Heat"))
    watcher = sqlite3.connect(path)  # the app, noticing other programs' writes
    seen = watcher.execute("PRAGMA data_version").fetchone()[0]
    FilmStore(open_database(path), path=path).films(FilmQuery())  # `filmjournal list`
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == seen
    watcher.close()
