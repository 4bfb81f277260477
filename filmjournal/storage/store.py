"""FilmStore: the journal's films and reviews, read and written through sqlite-utils."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

from filmjournal.core.errors import (
    AmbiguousFilm,
    FilmJournalError,
    FilmNotFound,
    JournalUnavailable,
    ReviewNotFound,
)
from filmjournal.core.importing import (
    ImportBatch,
    ImportSummary,
    ListEntry,
)
from filmjournal.core.library import FilmQuery, Rated, Sort, fts_match
from filmjournal.core.models import Draft, Film, FilmInput, Review, ReviewInput
from filmjournal.core.stats import Stats
from filmjournal.core.text import normalise_title
from filmjournal.storage import health
from filmjournal.storage.busy import import_note, why_busy
from filmjournal.storage.database import APPLICATION_ID, read_only
from filmjournal.storage.drafts import DraftBox, drafts_folder
from filmjournal.storage.importer import Importer
from filmjournal.storage.migrations import migrate
from filmjournal.storage.rows import (
    BARE_RATING,
    as_dict,
    draft_from_row,
    fetch,
    film_from_row,
    film_values,
    insert_film,
    names_of,
    review_from_row,
    review_values,
)
from filmjournal.storage.stats import cached as cached_stats

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_ORDER = {
    Sort.TITLE: "films.title COLLATE NOCASE, films.id",
    Sort.YEAR: "films.year DESC, films.title COLLATE NOCASE, films.id",
    Sort.RATING: "films.overall_rating DESC, films.title COLLATE NOCASE, films.id",
    Sort.WATCHED: "films.last_watched DESC, films.title COLLATE NOCASE, films.id",
}
"""ORDER BY for each sort; each matches an index created by the migrations."""

_INDEX = {
    Sort.TITLE: "films_by_title",
    Sort.YEAR: "films_by_year",
    Sort.RATING: "films_by_rating",
    Sort.WATCHED: "films_by_watched",
}
"""The index whose order each sort follows."""

_LATEST_FIRST = "coalesce(watched_on, substr(created_at, 1, 10)) DESC, id DESC"
"""Newest review first: by watched date, else by the day it was written."""

_TITLE_WITH_YEAR = re.compile(r"^(?P<title>.+?)\s*\((?P<year>\d{4})\)$")


WIDE_MATCH = 2000
"""From this many matches, a search is paged along the sort's index (see rows)."""


LEGACY_DRAFT = re.compile(r"legacy(?P<film>[0-9]+)x(?P<review>[0-9]+)")
"""The key of a draft kept in the journal's drafts table by an older version."""


def _draft_age(draft: Draft) -> datetime:
    """When a draft was last kept, for ordering (unknown counts as oldest)."""
    return draft.updated_at or datetime.min.replace(tzinfo=UTC)


class LRUDict(dict[str, int]):
    """A small dict that forgets its oldest entries."""

    SIZE = 64

    def __setitem__(self, key: str, value: int) -> None:
        """Keep `value`, forgetting the oldest entry when full."""
        if len(self) >= self.SIZE:
            del self[next(iter(self))]
        super().__setitem__(key, value)


class _RollBack(Exception):
    """Raised inside a transaction to undo it (a dry run)."""


def _file_of(db: Database) -> Path | None:
    """The file a connection has open, or None for an in-memory journal."""
    for _, name, file in db.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def utc_now() -> datetime:
    """The current time in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def _locked(
    method: Callable[Concatenate[FilmStore, P], R],
) -> Callable[Concatenate[FilmStore, P], R]:
    """Serialise a store method: the app's worker threads share one connection."""

    def locked(self: FilmStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.OperationalError as error:
                raise _explain(error, self.path) from error
            except sqlite3.IntegrityError as error:
                raise FilmJournalError(f"refused: {error}; nothing was written") from error

    locked.__name__ = method.__name__
    locked.__doc__ = method.__doc__
    return locked


def _explain(error: sqlite3.OperationalError, journal: Path | None = None) -> FilmJournalError:
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


class FilmStore:
    """Films and reviews in one SQLite journal. Takes and returns core objects, never rows."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utc_now,
        path: Path | None = None,
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
        self._lock = threading.RLock()
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

    # Safety ------------------------------------------------------------------------------

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

    @_locked
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

    @_locked
    def check(self) -> list[str]:
        """Problems SQLite and the journal's own rules find; an empty list means healthy."""
        return health.problems(self.db)

    @_locked
    def repair(self) -> list[str]:
        """Restore dropped triggers; rebuild every film's rating, count, last-watched date and
        search row. Returns what was done, in words."""
        with self._write():
            return health.repair(self.db)

    @_locked
    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the journal."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    # Films -------------------------------------------------------------------------------

    @_locked
    def add_film(self, details: FilmInput) -> Film:
        """Add a film and return it with its new id."""
        with self._write():
            film_id = insert_film(self.db, details, self._now())
        return self.film(film_id)

    @_locked
    def update_film(self, film_id: int, details: FilmInput) -> Film:
        """Replace a film's details; its reviews stay."""
        with self._write():
            cursor = self.db.execute(
                "UPDATE films SET title = ?, year = ?, certification = ?, runtime_minutes = ?,"
                " genres = ?, directors = ?, synopsis = ?, match_key = ?, updated_at = ?"
                " WHERE id = ?",
                [*film_values(details), normalise_title(details.title), self._now(), film_id],
            )
            if cursor.rowcount == 0:
                raise FilmNotFound(f"no film has id {film_id}")
        return self.film(film_id)

    @_locked
    def delete_film(self, film_id: int) -> None:
        """Delete a film with its reviews and drafts."""
        with self._write():
            cursor = self.db.execute("DELETE FROM films WHERE id = ?", [film_id])
            if cursor.rowcount == 0:
                raise FilmNotFound(f"no film has id {film_id}")

    @_locked
    def film(self, film_id: int) -> Film:
        """The film with this id."""
        found = self._fetch("SELECT * FROM films WHERE id = ?", [film_id], film_from_row)
        if not found:
            raise FilmNotFound(f"no film has id {film_id}")
        return found[0]

    @_locked
    def resolve(self, reference: str) -> Film:
        """Find the film a person means: an id, an exact title, or "Title (Year)"."""
        text = reference.strip()
        if not text:
            raise FilmNotFound("no film given")
        matches: dict[int, Film] = {}
        if text.isdigit():
            matches.update((f.id, f) for f in self._films_where("id = ?", [int(text)]))
        matches.update((f.id, f) for f in self._films_where("title = ? COLLATE NOCASE", [text]))
        titled = _TITLE_WITH_YEAR.match(text)
        if not matches and titled:
            found = self._films_where(
                "title = ? COLLATE NOCASE AND year = ?", [titled["title"], int(titled["year"])]
            )
            matches.update((f.id, f) for f in found)
        if len(matches) == 1:
            return next(iter(matches.values()))
        if matches:
            raise AmbiguousFilm(reference, [f"{f.id}: {f.label}" for f in matches.values()])
        search = titled["title"] if titled else text
        suggestions = self.rows(FilmQuery(search=search), 0, 5)
        hint = ""
        if suggestions:
            hint = "; did you mean " + ", ".join(f"{f.id}: {f.label}" for f in suggestions)
        raise FilmNotFound(f"no film matches {reference!r}{hint}")

    @_locked
    def count(self, query: FilmQuery) -> int:
        """How many films match the query."""
        match = fts_match(query.search)
        if match is not None and not query.is_filtered:
            return self._matches(match)  # The index alone can count it.
        where, params = _where(query)
        sql = f"SELECT count(*) FROM films WHERE {where}"
        return int(self.db.execute(sql, params).fetchone()[0])

    @_locked
    def rows(self, query: FilmQuery, offset: int, limit: int) -> list[Film]:
        """The films matching the query from `offset`, at most `limit`, in its order."""
        match = fts_match(query.search)
        where, params = _where(query)
        source = "films"
        if match is not None:
            matches = self._matches(match)
            if matches == 0:
                return []
            if matches >= WIDE_MATCH:
                # Many matches: walk the sort's own index and keep the films the search
                # found, stopping at the page, rather than sorting every match first.
                source = f"films INDEXED BY {_INDEX[query.sort]}"
        sql = f"SELECT * FROM {source} WHERE {where} ORDER BY {_ORDER[query.sort]} LIMIT ? OFFSET ?"
        return self._fetch(sql, [*params, limit, max(0, offset)], film_from_row)

    @_locked
    def position(self, query: FilmQuery, film_id: int) -> int | None:
        """Where the film stands in the query's order, or None when it does not match."""
        where, params = _where(query)
        if query.search.strip() == "" and not query.is_filtered:
            # Every film is in the list: count the films sorted before it along the index,
            # rather than numbering the whole journal.
            rows = self._fetch("SELECT * FROM films WHERE id = ?", [film_id], as_dict)
            if not rows:
                return None
            before, values = _before(query.sort, rows[0])
            sql = f"SELECT count(*) FROM films WHERE {before}"
            return int(self.db.execute(sql, values).fetchone()[0])
        sql = (
            "SELECT n FROM (SELECT films.id AS id, row_number() OVER"
            f" (ORDER BY {_ORDER[query.sort]}) - 1 AS n FROM films WHERE {where}) WHERE id = ?"
        )
        row = self.db.execute(sql, [*params, film_id]).fetchone()
        return None if row is None else int(row[0])

    def films(self, query: FilmQuery, *, page: int = 1000) -> Iterator[Film]:
        """Every film matching the query, fetched a page at a time."""
        offset = 0
        while batch := self.rows(query, offset, page):
            yield from batch
            offset += len(batch)

    def _matches(self, match: str) -> int:
        """How many films an FTS query matches, remembered for the last few queries."""
        # Another program's writes change data_version, so they are never counted stale.
        key = f"{self.db.execute('PRAGMA data_version').fetchone()[0]}:{match}"
        counted = self._match_counts.get(key)
        if counted is None:
            counted = int(
                self.db.execute(
                    "SELECT count(*) FROM films_fts WHERE films_fts MATCH ?", [match]
                ).fetchone()[0]
            )
            self._match_counts[key] = counted
        return counted

    @_locked
    def total(self) -> int:
        """How many films the journal holds."""
        return int(self.db.execute("SELECT count(*) FROM films").fetchone()[0])

    @_locked
    def genres(self) -> list[str]:
        """Every genre used in the journal, alphabetically."""
        cursor = self.db.execute(
            f"SELECT DISTINCT json_each.value FROM films, {names_of('films.genres')}"
            " ORDER BY json_each.value COLLATE NOCASE"
        )
        return [str(row[0]) for row in cursor]

    # Reviews -----------------------------------------------------------------------------

    @_locked
    def reviews(self, film_id: int) -> list[Review]:
        """A film's reviews, newest first."""
        sql = f"SELECT * FROM reviews WHERE film_id = ? ORDER BY {_LATEST_FIRST}"
        return self._fetch(sql, [film_id], review_from_row)

    @_locked
    def review(self, review_id: int) -> Review:
        """The review with this id."""
        found = self._fetch("SELECT * FROM reviews WHERE id = ?", [review_id], review_from_row)
        if not found:
            raise ReviewNotFound(f"no review has id {review_id}")
        return found[0]

    @_locked
    def latest_review(self, film_id: int, author: str | None = None) -> Review | None:
        """A film's newest review, by anyone or by `author`: a viewing or written review
        before any rating given alone, which is what rating, editing and exporting want."""
        sql = "SELECT id FROM reviews WHERE film_id = ?"
        params: list[Any] = [film_id]
        if author is not None:
            sql += " AND author = ?"
            params.append(author)
        order = f"{BARE_RATING}, {_LATEST_FIRST}"
        row = self.db.execute(f"{sql} ORDER BY {order} LIMIT 1", params).fetchone()
        return None if row is None else self.review(int(row[0]))

    @_locked
    def add_review(self, film_id: int, content: ReviewInput) -> Review:
        """Add a review of a film. When it carries a rating, the author's ratings of the film
        given alone (a digit pressed, no viewing) are replaced by it."""
        now = self._now()
        with self._write():
            self.film(film_id)
            cursor = self.db.execute(
                "INSERT INTO reviews (film_id, author, rating, text, watched_on, rewatch, tags,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [film_id, *review_values(content), now, now],
            )
            review_id = cursor.lastrowid
            if content.rating is not None and review_id is not None:
                self._supersede_bare_ratings(film_id, content.author, review_id)
        assert review_id is not None
        return self.review(review_id)

    @_locked
    def update_review(self, review_id: int, content: ReviewInput) -> Review:
        """Replace a review's content."""
        with self._write():
            cursor = self.db.execute(
                "UPDATE reviews SET author = ?, rating = ?, text = ?, watched_on = ?,"
                " rewatch = ?, tags = ?, updated_at = ? WHERE id = ?",
                [*review_values(content), self._now(), review_id],
            )
            if cursor.rowcount == 0:
                raise ReviewNotFound(f"no review has id {review_id}")
        return self.review(review_id)

    @_locked
    def delete_review(self, review_id: int) -> None:
        """Delete one review."""
        with self._write():
            cursor = self.db.execute("DELETE FROM reviews WHERE id = ?", [review_id])
            if cursor.rowcount == 0:
                raise ReviewNotFound(f"no review has id {review_id}")

    @_locked
    def rate(self, film_id: int, rating: int, *, author: str) -> Film:
        """Rate a film on `author`'s latest review, or record the rating alone if they have
        none: a rating is not a viewing, so nothing is logged as watched."""
        with self._write():
            mine = self.latest_review(film_id, author)
            if mine is None:
                self.add_review(film_id, ReviewInput(author=author, rating=rating))
            else:
                self.db.execute(
                    "UPDATE reviews SET rating = ?, updated_at = ? WHERE id = ?",
                    [rating, self._now(), mine.id],
                )
                self._supersede_bare_ratings(film_id, author, mine.id)
        return self.film(film_id)

    # Drafts ------------------------------------------------------------------------------

    # Not locked: keeping a draft never waits for the journal (see DraftBox).

    def save_draft(self, draft: Draft) -> Draft:
        """Keep unsaved review text; only this draft's own earlier state is replaced."""
        return self.draft_box.keep(draft)

    def drafts(self) -> list[Draft]:
        """Every unsaved draft, newest first, including any an older version kept in the
        journal itself."""
        kept = self.draft_box.drafts()
        with self._lock:
            try:
                legacy = self._fetch("SELECT * FROM drafts", [], draft_from_row)
            except sqlite3.Error:
                legacy = []
        return sorted(kept + legacy, key=_draft_age)[::-1]

    def drop_draft(self, key: str) -> None:
        """Forget a draft (it was saved or discarded); no other draft is touched."""
        legacy = LEGACY_DRAFT.fullmatch(key)
        if legacy is None:
            self.draft_box.drop(key)
            return
        with self._lock, self._write():
            self.db.execute(
                "DELETE FROM drafts WHERE film_id = ? AND review_id = ?",
                [int(legacy["film"]), int(legacy["review"])],
            )

    @_locked
    def set_watchlist(self, film_id: int, on: bool) -> Film:
        """Put a film on the watchlist or take it off."""
        with self._write():
            cursor = self.db.execute(
                "UPDATE films SET watchlist = ?, updated_at = ? WHERE id = ?",
                [int(on), self._now(), film_id],
            )
            if cursor.rowcount == 0:
                raise FilmNotFound(f"no film has id {film_id}")
        return self.film(film_id)

    @_locked
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

    @_locked
    def stats(self, year: int | None = None) -> Stats:
        """Statistics for the whole journal, or for one year, computed in SQL."""
        return cached_stats(self.db, year)

    def everything(self) -> Iterator[tuple[Film, list[Review], list[ListEntry]]]:
        """Every film with its reviews and lists, by title: what a full export writes."""
        for film in self.films(FilmQuery()):
            yield film, self.reviews(film.id), self.lists_for(film.id)

    # Import ------------------------------------------------------------------------------

    def apply_import(
        self,
        batch: ImportBatch,
        *,
        author: str,
        dry_run: bool = False,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> ImportSummary:
        """Bring a batch into the journal in one transaction, matching what is already there.

        Films match by Letterboxd address, then IMDb id, then normalised title and year; a
        match only fills in what the journal lacks. Reviews match by their source id, or by
        identical content, so importing the same export twice changes nothing. With
        `dry_run` the transaction is rolled back and the summary says what would happen.
        """
        summary = ImportSummary(skipped=Counter(batch.skipped), dry_run=dry_run)

        def progress(done: int, total: int) -> None:
            note(done, total)
            if on_progress is not None:
                on_progress(done, total)

        with self._lock, import_note(self.path) as note:
            try:
                with self._write():
                    Importer(self.db, self._now(), author, summary).run(batch.films, progress)
                    if dry_run:
                        raise _RollBack
            except _RollBack:
                pass
            except sqlite3.OperationalError as error:
                raise _explain(error, self.path) from error
            except sqlite3.DatabaseError as error:
                raise FilmJournalError(
                    f"the import was stopped ({error}); nothing was written"
                ) from error
        return summary

    # Helpers -----------------------------------------------------------------------------

    def _supersede_bare_ratings(self, film_id: int, author: str, rated_id: int) -> None:
        """A new rating (review `rated_id`) replaces the author's ratings of the film given
        alone: one person's opinion of a film is their latest rating."""
        self.db.execute(
            f"DELETE FROM reviews WHERE film_id = ? AND author = ? AND id != ? AND {BARE_RATING}",
            [film_id, author, rated_id],
        )

    def _now(self) -> str:
        """The clock's time as stored in the journal."""
        return self._clock().isoformat(timespec="seconds")

    def _fetch(
        self, sql: str, params: list[Any], convert: Callable[[dict[str, Any]], T]
    ) -> list[T]:
        """Run a SELECT and convert each row into a core object."""
        return fetch(self.db, sql, params, convert)

    def _films_where(self, where: str, params: list[Any]) -> list[Film]:
        """Films matching a WHERE clause, by title."""
        sql = f"SELECT * FROM films WHERE {where} ORDER BY {_ORDER[Sort.TITLE]}"
        return self._fetch(sql, params, film_from_row)


_SORT_KEY = {
    Sort.YEAR: "year",
    Sort.RATING: "overall_rating",
    Sort.WATCHED: "last_watched",
}
"""The column each sort puts first (descending, blanks last); every sort then goes by title."""


def _before(sort: Sort, row: dict[str, Any]) -> tuple[str, list[Any]]:
    """A WHERE clause for the films that `sort` puts before `row`, and its parameters."""
    tail = (
        "(title COLLATE NOCASE < ? OR (title COLLATE NOCASE = ? AND id < ?))",
        [row["title"], row["title"], row["id"]],
    )
    if sort is Sort.TITLE:
        return tail
    column = _SORT_KEY[sort]
    value = row[column]
    if value is None:
        return f"({column} IS NOT NULL OR ({column} IS NULL AND {tail[0]}))", tail[1]
    return f"({column} > ? OR ({column} = ? AND {tail[0]}))", [value, value, *tail[1]]


def _where(query: FilmQuery) -> tuple[str, list[Any]]:
    """The WHERE clause and parameters for a query's search and filters."""
    clauses: list[str] = []
    params: list[Any] = []
    match = fts_match(query.search)
    if match is not None:
        clauses.append("films.id IN (SELECT rowid FROM films_fts WHERE films_fts MATCH ?)")
        params.append(match)
    if query.genre:
        clauses.append(
            f"EXISTS (SELECT 1 FROM {names_of('films.genres')} WHERE json_each.value = ?"
            " COLLATE NOCASE)"
        )
        params.append(query.genre)
    if query.year_from is not None:
        clauses.append("films.year >= ?")
        params.append(query.year_from)
    if query.year_to is not None:
        clauses.append("films.year <= ?")
        params.append(query.year_to)
    if query.rated is Rated.RATED:
        clauses.append("films.overall_rating IS NOT NULL")
    elif query.rated is Rated.UNRATED:
        clauses.append("films.overall_rating IS NULL")
    if query.watchlist:
        clauses.append("films.watchlist = 1")
    return (" AND ".join(clauses) or "1"), params
