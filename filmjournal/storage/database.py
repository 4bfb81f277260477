"""Opening the journal file: checked, with the pragmas every connection needs."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from sqlite_utils import Database

from filmjournal.core.errors import JournalUnavailable

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""
BUSY_TIMEOUT_SECONDS = 10.0
"""How long a write waits for another writer (the app, a script) before giving up."""


def configure(db: Database) -> Database:
    """Apply the pragmas every journal connection needs: foreign keys on, WAL, busy timeout."""
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    if not db.memory:
        # Switching a new journal to WAL needs it to itself for a moment; when two programs
        # create it at once, one waits for the other rather than failing.
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                db.enable_wal()
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    return db


def open_database(path: Path) -> Database:
    """Open (creating if need be) the journal at `path`.

    Raises JournalUnavailable, without touching the file, when it exists but is not SQLite.
    The connection may be used from worker threads; FilmStore serialises access to it.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise JournalUnavailable(f"{path} is a folder, not a journal file")
    if path.exists() and path.stat().st_size > 0:
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise JournalUnavailable(f"cannot read {path}: {error.strerror}") from None
        if header != SQLITE_HEADER:
            raise JournalUnavailable(
                f"{path} is not a filmjournal journal (it is not an SQLite database); "
                "it was left as it is. Point --db at your journal or restore a backup."
            )
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Create the file readable by its owner only: a journal is private writing.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as error:
            raise JournalUnavailable(f"cannot create {path}: {error.strerror}") from None
    try:
        connection = sqlite3.connect(
            str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
        )
        # No plugins: loading them scans every installed package (20 ms at start-up).
        db = Database(connection, execute_plugins=False)
        return configure(db)
    except sqlite3.DatabaseError as error:
        raise JournalUnavailable(
            f"{path} cannot be opened as a journal ({error}); it was left as it is. "
            "Restore a backup or point --db at another file."
        ) from None


def memory_database() -> Database:
    """A throwaway in-memory journal connection, usable from worker threads (tests, demo)."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    return configure(Database(connection, execute_plugins=False))
