"""StoreBase: one journal's connection, its lock, its transactions, and reading one film.

The store is split by concern into classes over this one (films, reviews, search) that
StoreBase brings together; each method takes the lock with `locked`."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from filmjournal.core.errors import (
    FilmJournalError,
    FilmNotFound,
    JournalUnavailable,
    ReviewNotFound,
)
from filmjournal.core.models import (
    Film,
    FilmRecord,
    ListEntry,
    ListSummary,
    Review,
)
from filmjournal.storage.busy import why_busy
from filmjournal.storage.database import APPLICATION_ID, Journal, read_only
from filmjournal.storage.drafts import DraftBox, drafts_folder
from filmjournal.storage.ids import is_free, new_id, random_id
from filmjournal.storage.migrations import migrate
from filmjournal.storage.rows import (
    fetch,
    film_from_row,
    review_from_row,
)

P = ParamSpec("P")


R = TypeVar("R")


T = TypeVar("T")


_LATEST_FIRST = "coalesce(watched_on, substr(created_at, 1, 10)) DESC, created_at DESC, id DESC"
"""Newest review first: by watched date, else by the day it was written."""


class LRUDict(dict[str, int]):
    """A small dict that forgets its oldest entries."""

    SIZE = 64

    def __setitem__(self, key: str, value: int) -> None:
        """Keep `value`, forgetting the oldest entry when full."""
        if len(self) >= self.SIZE:
            del self[next(iter(self))]
        super().__setitem__(key, value)


class RollBack(Exception):
    """Raised inside a transaction to undo it (a dry run)."""


def _file_of(db: Journal) -> Path | None:
    """The file a connection has open, or None for an in-memory journal."""
    for _, name, file in db.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def utc_now() -> datetime:
    """The current time in UTC (the journal keeps it to the millisecond, so that a sync can
    tell which of two edits came later)."""
    return datetime.now(UTC)


S = TypeVar("S", bound="StoreBase")


def locked(
    method: Callable[Concatenate[S, P], R],
) -> Callable[Concatenate[S, P], R]:
    """Serialise a store method: the app's worker threads share one connection."""

    def locked(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.OperationalError as error:
                raise explain(error, self.path) from error
            except sqlite3.IntegrityError as error:
                raise FilmJournalError(f"refused: {error}; nothing was written") from error

    locked.__name__ = method.__name__
    locked.__doc__ = method.__doc__
    return locked


def explain(error: sqlite3.OperationalError, journal: Path | None = None) -> FilmJournalError:
    """Turn SQLite's terse errors into messages a person can act on."""
    message = str(error)
    if "locked" in message or "busy" in message:
        why = why_busy(journal) or "another program kept it locked"
        return FilmJournalError(
            f"the journal is busy: {why}; nothing was written, try again"
            + (" then" if why.startswith("an import") else "")
        )
    if "readonly" in message or "read-only" in message:
        return FilmJournalError("the journal is read-only here; nothing was written")
    if "disk is full" in message or "database or disk is full" in message:
        return FilmJournalError("the disk is full; nothing was written")
    return FilmJournalError(f"the journal could not be used: {message}")


class StoreBase:
    """The journal's connection, lock and transactions, and what every part reads: one film
    with its reviews and lists."""

    def __init__(
        self,
        db: Journal,
        *,
        clock: Callable[[], datetime] = utc_now,
        path: Path | None = None,
        ids: Callable[[], int] = random_id,
    ) -> None:
        """Use `db`, bringing its schema up to date. `clock` gives the time for timestamps.

        `path` is the journal's file, named in messages and used for the copy kept before a
        migration changes a journal that already holds data.
        """
        self.db = db
        """The journal's database."""
        self.path = path
        """The journal's file, when it has one."""
        self._clock = clock
        self.ids = ids
        """Where new ids come from: random 63-bit numbers (tests give a seeded source)."""
        self._lock = threading.RLock()
        self._counting = threading.Lock()  # statistics counted apart: one count at a time
        self._counter: sqlite3.Connection | None = None  # the connection counting, if any
        journal_file = path or _file_of(db)
        self.draft_box = DraftBox(drafts_folder(journal_file) if journal_file else None)
        """Unsaved review text, kept beside the journal rather than in it."""
        # FTS match counts by query, for choosing how to page; cleared by any write.
        self._match_counts: LRUDict = LRUDict()
        where = f"{path}" if path else "the journal"
        try:
            migrate(db, backup=self._backup_before_migration if path else None)
            marked = db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            if not marked and not read_only(db):  # once: a write at every open would wake
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # every reader
        except sqlite3.DatabaseError as error:
            if not read_only(db):
                raise JournalUnavailable(
                    f"{where} is damaged or not a journal ({error}); it was not changed. "
                    "Restore a backup (filmjournal backup makes them) or point --db at another"
                    " file."
                ) from None
            raise JournalUnavailable(
                f"{where} was made by an older filmjournal and needs upgrading, which cannot be"
                " done where it is read-only; open it once where it can be written. It was not"
                " changed."
            ) from None
        except JournalUnavailable as error:
            raise JournalUnavailable(f"{where}: {error}") from None

    def _backup_before_migration(self, version: int) -> None:
        """Keep a copy of the journal as it was before its schema changes."""
        assert self.path is not None
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.schema{version}-{stamp}.db")
        self.backup(target)

    @locked
    def backup(self, target: Path) -> Path:
        """Write a consistent copy of the journal to `target` (readable by its owner only).

        Uses SQLite's backup API, so it is safe while the app or another program writes.
        """
        if target.exists():
            raise FilmJournalError(f"{target} already exists; choose another name")
        try:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            copy = sqlite3.connect(target)
            try:
                self.db.conn.backup(copy)
            finally:
                copy.close()
        except (OSError, sqlite3.Error) as error:
            target.unlink(missing_ok=True)
            raise FilmJournalError(f"the backup to {target} failed: {error}") from None
        return target

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction, taking the write lock at once (BEGIN IMMEDIATE).

        A deferred transaction that reads first and writes later can fail at once when
        another program wrote in between; taking the lock first lets the busy timeout wait
        for the other writer instead. Nested calls become savepoints.
        """
        self._match_counts.clear()
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[None]:
        """One read transaction, so what is read together was true at one moment."""
        if self.db.conn.in_transaction:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            if self.db.conn.in_transaction:
                self.db.execute("COMMIT")

    def _now(self) -> str:
        """The clock's time as stored in the journal."""
        return self._clock().isoformat(timespec="milliseconds")

    def _fetch(
        self, sql: str, params: list[Any], convert: Callable[[dict[str, Any]], T]
    ) -> list[T]:
        """Run a SELECT and convert each row into a core object."""
        return fetch(self.db, sql, params, convert)

    def _new_id(self, table: str) -> int:
        """An id no row of `table` has, for a new row."""
        return new_id(self.db, table, self.ids)

    def _exists(self, table: str, row_id: int) -> bool:
        """Whether `table` has a row with this id."""
        return not is_free(self.db, table, row_id)

    @locked
    def film(self, film_id: int) -> Film:
        """The film with this id."""
        for film in self._fetch("SELECT * FROM films WHERE id = ?", [film_id], film_from_row):
            return film
        raise FilmNotFound(f"no film has id {film_id}")

    @locked
    def reviews(self, film_id: int) -> list[Review]:
        """A film's reviews, newest first."""
        sql = f"SELECT * FROM reviews WHERE film_id = ? ORDER BY {_LATEST_FIRST}"
        return self._fetch(sql, [film_id], review_from_row)

    @locked
    def review(self, review_id: int) -> Review:
        """The review with this id."""
        for review in self._fetch(
            "SELECT * FROM reviews WHERE id = ?", [review_id], review_from_row
        ):
            return review
        raise ReviewNotFound(f"no review has id {review_id}")

    @locked
    def lists_for(self, film_id: int) -> list[ListEntry]:
        """The lists a film is in, by name."""
        sql = (
            "SELECT lists.name, list_films.position, list_films.note, lists.description"
            " FROM list_films JOIN lists ON lists.id = list_films.list_id"
            " WHERE list_films.film_id = ? ORDER BY lists.name COLLATE NOCASE"
        )
        return [
            ListEntry(name=name, position=position, note=note, description=description)
            for name, position, note, description in self.db.execute(sql, [film_id])
        ]

    @locked
    def lists(self) -> list[ListSummary]:
        """Every list, by name, with how many films it holds and how many of them you have
        seen (watched or rated)."""
        sql = (
            "SELECT lists.name, lists.description, count(list_films.film_id),"
            " count(CASE WHEN films.review_count > 0 THEN 1 END)"
            " FROM lists LEFT JOIN list_films ON list_films.list_id = lists.id"
            " LEFT JOIN films ON films.id = list_films.film_id"
            " GROUP BY lists.id ORDER BY lists.name COLLATE NOCASE"
        )
        return [ListSummary(*row) for row in self.db.execute(sql)]

    @locked
    def record(self, film_id: int) -> FilmRecord:
        """A film with its reviews and lists, read in one snapshot."""
        with self._snapshot():
            reviews, lists = tuple(self.reviews(film_id)), tuple(self.lists_for(film_id))
            return FilmRecord(self.film(film_id), reviews, lists)

    def record_at_once(self, film_id: int) -> FilmRecord | None:
        """The same, or None at once while another reader or writer (an import) holds the
        journal: what the app's UI thread may ask without ever waiting."""
        return self.at_once(self.record, film_id)

    def at_once(self, read: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """What `read` answers, or None at once while another thread holds the journal."""
        with self.free() as free:
            return read(*args, **kwargs) if free else None

    @contextlib.contextmanager
    def free(self) -> Iterator[bool]:
        """Whether the journal can be read now without waiting for another thread (an
        import); if so it is kept for the block, so the UI thread may read it on the spot."""
        taken = self._lock.acquire(blocking=False)
        try:
            yield taken
        finally:
            if taken:
                self._lock.release()
