"""Opening the journal file: identified before anything is changed, with the pragmas every
connection needs."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from filmjournal.core.errors import JournalUnavailable

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""
APPLICATION_ID = 0x464A524E
"""What filmjournal writes in a journal's header ("FJRN"), so it can be recognised."""
BUSY_TIMEOUT_SECONDS = 10.0
"""How long a write waits for another writer (the app, a script) before giving up."""
JOURNAL_TABLES = {"films", "reviews", "_sqlite_migrations"}
"""Tables every journal made before journals carried APPLICATION_ID holds."""


class Kind(Enum):
    """What a file turned out to be, looked at without changing it."""

    MISSING = "missing"
    EMPTY = "empty"
    JOURNAL = "journal"


_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
"""Statements that open or close transactions themselves."""


def _first_word(sql: str) -> str:
    """A statement's first word, upper-cased ("BEGIN" for " begin;")."""
    words = sql.lstrip(" \t\r\n;\ufeff").split(None, 1)
    return words[0].rstrip(";").upper() if words else ""


class Journal:
    """A connection to the journal, read through plain sqlite3 and written through
    sqlite-utils, which is imported only when first needed: reading the first page of films
    does not wait for it.

    `execute`, `executescript`, `conn` and `close` are sqlite3's; everything else is
    sqlite-utils' Database on the same connection (`table`, `atomic`, `triggers`, `db[name]`).
    """

    def __init__(self, connection: sqlite3.Connection, *, memory: bool = False) -> None:
        """Wrap `connection` (what sqlite-utils would set on it is set here, at once)."""
        self.conn = connection
        """The sqlite3 connection."""
        self.memory = memory
        """Whether the journal lives in memory (tests, the demo)."""
        self._utils: Database | None = None
        connection.execute("PRAGMA recursive_triggers = on")

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        """Run one statement, as sqlite-utils does: a write made outside a transaction is
        committed at once, and one that fails leaves no transaction open behind it."""
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql) if parameters is None else conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and conn.in_transaction
            and cursor.description is None
            and _first_word(sql) not in _TRANSACTION_CONTROL
        ):
            conn.execute("COMMIT")
        return cursor

    def executescript(self, sql: str) -> sqlite3.Cursor:
        """Run several statements."""
        return self.conn.executescript(sql)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @property
    def utils(self) -> Database:
        """sqlite-utils' Database on this connection, made on first use."""
        if self._utils is None:
            from sqlite_utils import Database

            self._utils = Database(self.conn, recursive_triggers=False, execute_plugins=False)
        return self._utils

    def __getattr__(self, name: str) -> Any:
        """What sqlite-utils offers (only reached for names not defined here)."""
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.utils, name)

    def __getitem__(self, table: str) -> Any:
        """A table (or view), as sqlite-utils gives it."""
        return self.utils[table]


def configure(db: Journal) -> Journal:
    """Apply the pragmas every journal connection needs: foreign keys on, WAL, busy timeout."""
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    if not db.memory:
        # Switching a new journal to WAL needs it to itself for a moment; when two programs
        # create it at once, one waits for the other rather than failing.
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    with db.conn:
                        db.execute("PRAGMA journal_mode = wal")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    return db


def identify(path: Path, newest_schema: int) -> Kind:
    """What `path` holds, found without writing to it (not even SQLite's locks or WAL).

    Raises JournalUnavailable, naming the file, for anything that must be left alone: not a
    regular file, not SQLite, another program's database, a journal from a newer
    filmjournal, or a `-wal` file that cannot belong to it.
    """
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return Kind.MISSING
    except OSError as error:
        raise JournalUnavailable(f"cannot read {path}: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise JournalUnavailable(f"{path} is a folder, not a journal file")
    if not stat.S_ISREG(info.st_mode):
        raise JournalUnavailable(f"{path} is not a regular file; it was left as it is")
    if info.st_size == 0:
        return Kind.EMPTY
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise JournalUnavailable(f"cannot read {path}: {error.strerror}") from None
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise _not_ours(path, "it is not an SQLite database")
    _check_wal(path, header)
    application_id = int.from_bytes(header[68:72], "big")
    if application_id not in (0, APPLICATION_ID):
        raise _not_ours(path, f"it belongs to another program (application id {application_id})")
    if application_id == 0:
        tables = _tables(path)
        if not tables:
            return Kind.EMPTY
        if not tables.issuperset(JOURNAL_TABLES):
            shown = ", ".join(sorted(tables)[:5])
            raise _not_ours(path, f"it holds another program's tables ({shown})")
    version = int.from_bytes(header[60:64], "big")
    if version > newest_schema:
        raise JournalUnavailable(
            f"{path} was written by a newer filmjournal (schema {version}, this version knows "
            f"up to {newest_schema}); upgrade filmjournal to open it. It was not changed."
        )
    return Kind.JOURNAL


def _not_ours(path: Path, why: str) -> JournalUnavailable:
    """The error for a file that is not a filmjournal journal."""
    return JournalUnavailable(
        f"{path} is not a filmjournal journal ({why}); it was left as it is. "
        "Point --db at your journal, or at a new file to start one."
    )


def _check_wal(path: Path, header: bytes) -> None:
    """Refuse a `-wal` file that cannot belong to the journal beside it (left behind when
    the journal was replaced): SQLite would replay its pages into the wrong file."""
    wal = path.with_name(path.name + "-wal")
    try:
        with wal.open("rb") as handle:
            wal_header = handle.read(32)
    except FileNotFoundError:
        return
    except OSError as error:
        raise JournalUnavailable(f"cannot read {wal}: {error.strerror}") from None
    if not wal_header:
        return
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    wal_page_size = int.from_bytes(wal_header[8:12], "big") if len(wal_header) == 32 else -1
    rollback_mode = header[18] == 1 and header[19] == 1
    if rollback_mode or wal_page_size != page_size:
        raise JournalUnavailable(
            f"{wal} does not belong to {path} (it was left by another file, or is damaged); "
            f"nothing was written. Move {wal.name} away, then open the journal again."
        )


def _tables(path: Path) -> set[str]:
    """The tables in a database file, read without locking it or reading its WAL."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return {str(row[0]) for row in rows}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise JournalUnavailable(
            f"{path} cannot be read as a journal ({error}); it was left as it is. "
            "Restore a backup or point --db at another file."
        ) from None


def read_only(db: Journal) -> bool:
    """Whether this connection was opened read-only (the journal cannot be written here)."""
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def writable(path: Path) -> bool:
    """Whether the journal and its folder (for the WAL files) can be written here."""
    folder = path.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def open_database(path: Path, *, create: bool = True, newest_schema: int | None = None) -> Journal:
    """Open the journal at `path`, creating it (and its folder, 0700) when `create` allows.

    The file is identified first, without being changed: anything that is not an empty file
    or a filmjournal journal raises JournalUnavailable and is left byte for byte as it was.
    A journal that cannot be written here (a read-only mount) is opened read-only. The
    connection may be used from worker threads; FilmStore serialises access to it.
    """
    from filmjournal.storage.migrations import SCHEMA_VERSION

    path = Path(path).expanduser()
    kind = identify(path, SCHEMA_VERSION if newest_schema is None else newest_schema)
    if kind is Kind.MISSING:
        if not create:
            raise JournalUnavailable(
                f"there is no journal at {path}; nothing was created. Check the path, or "
                "create one by adding a film or importing (filmjournal add, filmjournal import)."
            )
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Create the file readable by its owner only: a journal is private writing.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as error:
            raise JournalUnavailable(f"cannot create {path}: {error.strerror}") from None
    read_only = not writable(path)
    try:
        if read_only:
            connection = _read_only_connection(path)
        else:
            connection = sqlite3.connect(
                str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
            )
        db = Journal(connection)
        if read_only:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA query_only = ON")
            return db
        return configure(db)
    except sqlite3.DatabaseError as error:
        raise JournalUnavailable(
            f"{path} cannot be opened as a journal ({error}); it was left as it is. "
            "Restore a backup or point --db at another file."
        ) from None


def _read_only_connection(path: Path) -> sqlite3.Connection:
    """A read-only connection; where even SQLite's shared-memory file cannot be made (a
    read-only mount), one that takes the file as unchanging."""
    base = f"file:{quote(str(path.resolve()))}?mode=ro"
    for uri in (base, base + "&immutable=1"):
        connection = sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
        )
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.OperationalError:
            connection.close()
    raise sqlite3.OperationalError(f"cannot read {path}")


def memory_database() -> Journal:
    """A throwaway in-memory journal connection, usable from worker threads (tests, demo)."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    return configure(Journal(connection, memory=True))
