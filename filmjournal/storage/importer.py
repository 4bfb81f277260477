"""Applying an ImportBatch: matching films and reviews already in the journal, fast.

FilmStore.apply_import runs this inside one transaction, under its lock. What is already in the
journal is looked up for the whole batch at once, and new rows are written with executemany.
The per-row triggers that keep ratings and the search index are dropped for the length of the
transaction (DDL is transactional in SQLite, so a failure brings them back with everything
else) and their work is done once: new films are written with their rating, count and search
row already computed, and matched films are refreshed with set-based SQL.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from filmjournal.core.fields import columns, kind, to_column
from filmjournal.core.importing import (
    FILM_EXTRAS,
    FILM_FIELDS,
    ImportedFilm,
    ImportSummary,
)
from filmjournal.core.models import ListEntry
from filmjournal.core.text import normalise_title
from filmjournal.storage.database import Journal
from filmjournal.storage.ids import list_id, random_id
from filmjournal.storage.import_reviews import EMPTY, ReviewImport
from filmjournal.storage.rows import (
    FILM_DETAILS,
    FILM_INSERT,
    FTS_INSERT,
    INDEX_FILMS,
    REFRESH_SUMMARIES,
    REVIEW_INSERT,
    as_dict,
    fetch,
    film_columns,
)

EXTRA_FIELDS = [FILM_FIELDS[name] for name in FILM_EXTRAS]
"""The films columns an import brings besides the details (the watchlist, likes, ids)."""
CHUNK = 500
"""Values per IN (...) lookup, well under SQLite's limit on parameters."""
FLUSH = 2000
"""New rows gathered before they are written."""

PAUSED_TRIGGERS = (
    "films_ai",
    "films_au",
    "reviews_ai",
    "reviews_au",
    "reviews_ad",
    "films_changed_ai",
    "films_changed_au",
    "reviews_changed_ai",
)
"""The triggers an import does the work of itself."""
DEFERRED_INDEXES = (
    "films_by_title",
    "films_by_year",
    "films_by_rating",
    "films_by_watched",
    "films_watchlist_only",
    "films_by_tmdb",
    "reviews_by_watched",
)
"""Indexes nothing reads during an import, built once after it when the import is larger
than the journal (a first import): sorting every row once beats placing each in turn."""
DEFER_FROM = 1000
"""The fewest films an import needs before its indexes are built after it."""


def _by_id(row: dict[str, Any]) -> int:
    """A row's id, to write rows in order."""
    return int(row["id"])


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    """`values` in slices of CHUNK."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class Importer(ReviewImport):
    """Matches imported films and reviews against the journal and writes what is new."""

    def __init__(
        self,
        db: Journal,
        now: str,
        author: str,
        summary: ImportSummary,
        draw: Callable[[], int] = random_id,
    ) -> None:
        """Write to `db` inside the caller's transaction, as `author`, stamping rows `now`."""
        self.db = db
        self.now = now
        self.author = author
        self.summary = summary
        self.draw = draw
        self.restoring = False
        """Whether films come back exactly as they were (an undo): never matched."""
        # Rows matched once are not matched again, so two films (or reviews) that look
        # alike in one export stay two.
        self.films_used: set[int] = set()
        self.ids_given: set[int] = set()
        self.reviews_used: set[int] = set()
        self.by_id: dict[int, dict[str, Any]] = {}
        self.by_uri: dict[str, dict[str, Any]] = {}
        self.by_imdb: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, list[dict[str, Any]]] = {}
        self.by_source: dict[str, int] = {}
        self.reviews_taken: set[int] = set()
        """Journal reviews whose ids imported reviews had where they were exported."""
        self.drawn: dict[str, deque[int]] = {}
        """Random ids checked free, by table, for the rows this import adds."""
        self.claimed: set[tuple[str, str]] = set()
        self.new_films: list[dict[str, Any]] = []
        self.new_search: list[list[Any]] = []
        self.new_reviews: list[dict[str, Any]] = []
        self.matched: set[int] = set()
        self.list_ids: dict[str, int] = {}

    # The whole batch -------------------------------------------------------------------------

    def run(
        self, films: list[ImportedFilm], on_progress: Callable[[int, int], None] | None
    ) -> None:
        """Bring in every film, then rebuild ratings and the search index for those touched."""
        paused = self._pause("trigger", PAUSED_TRIGGERS)
        deferred: list[str] = []
        if len(films) >= DEFER_FROM:
            journal = self.db.execute("SELECT count(*) FROM films").fetchone()[0]
            if len(films) > journal:
                deferred = self._pause("index", DEFERRED_INDEXES)
        self._look_up(films)
        total = len(films)
        every = max(1, total // 200)
        for done, item in enumerate(films, start=1):
            self.add(item)
            if len(self.new_films) >= FLUSH or len(self.new_reviews) >= FLUSH:
                self._flush()
            if on_progress is not None and (done % every == 0 or done == total):
                on_progress(done, total)
        self._flush()
        for sql in deferred:
            self.db.execute(sql)
        self._refresh()
        self.db.execute("UPDATE journal_changes SET changes = changes + 1")
        for sql in paused:
            self.db.execute(sql)

    def _pause(self, kind: str, names: tuple[str, ...]) -> list[str]:
        """Drop the triggers or indexes named (those the journal has), and return the SQL
        that makes them again; all within the import's transaction."""
        made = [
            (str(name), str(sql))
            for name, sql in self.db.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = ?"
                f" AND name IN ({', '.join('?' * len(names))})",
                [kind, *names],
            )
        ]
        for name, _ in made:
            self.db.execute(f"DROP {kind.upper()} {name}")
        return [sql for _, sql in made]

    def _look_up(self, films: list[ImportedFilm]) -> None:
        """Fetch, in a few queries, every journal row the batch could match."""

        def rows(column: str, values: Iterable[str | int]) -> Iterator[dict[str, Any]]:
            for chunk in _chunks(sorted(set(values))):
                marks = ", ".join("?" * len(chunk))
                yield from fetch(
                    self.db, f"SELECT * FROM films WHERE {column} IN ({marks})", chunk, as_dict
                )

        for row in rows("id", (f.id for f in films if f.id)):
            self.by_id[row["id"]] = row
        for row in rows("letterboxd_uri", (f.letterboxd_uri for f in films if f.letterboxd_uri)):
            self.by_uri[row["letterboxd_uri"]] = row
        for row in rows("imdb_id", (f.imdb_id for f in films if f.imdb_id)):
            self.by_imdb[row["imdb_id"]] = row
        for row in rows("match_key", (normalise_title(f.details.title) for f in films)):
            self.by_key.setdefault(row["match_key"], []).append(row)
        review_ids = sorted({r.id for f in films for r in f.reviews if r.id})
        for chunk in _chunks(review_ids):
            self.reviews_taken |= self._held("reviews", chunk)
        sources = sorted({r.source_id for f in films for r in f.reviews if r.source_id})
        for chunk in _chunks(sources):
            marks = ", ".join("?" * len(chunk))
            for source, review_id in self.db.execute(
                f"SELECT source_id, id FROM reviews WHERE source_id IN ({marks})", chunk
            ):
                self.by_source[source] = review_id

    # One film ------------------------------------------------------------------------------

    def add(self, item: ImportedFilm) -> None:
        """Bring in one film with its reviews and lists."""
        self.summary.liked += int(item.liked)
        row = None if self.restoring else self.match(item)
        if row is None:
            self._insert(item)
            return
        film_id = int(row["id"])
        self.films_used.add(film_id)
        self.matched.add(film_id)
        self._fill_in(row, item)
        existing = self._reviews_of(film_id) if item.reviews else []
        for review in item.reviews:
            self.review(film_id, review, existing)
        for entry in item.lists:
            self.list_entry(film_id, entry)

    def match(self, item: ImportedFilm) -> dict[str, Any] | None:
        """The journal's row for an imported film, if it has one not matched already."""
        same_film = self.by_id.get(item.id or 0)
        if same_film is not None and same_film["match_key"] != normalise_title(item.details.title):
            same_film = None  # Another journal's film 11 is not this one's.
        for found in (
            same_film,
            self.by_uri.get(item.letterboxd_uri or ""),
            self.by_imdb.get(item.imdb_id or ""),
        ):
            if found is not None and found["id"] not in self.films_used:
                return found
        candidates = [
            row
            for row in self.by_key.get(normalise_title(item.details.title), [])
            if row["id"] not in self.films_used
        ]
        year = item.details.year
        if year is None:
            # A year-less film matches a year-less one, or the only film of that title;
            # between Heat (1986) and Heat (1995) it cannot choose, so it stays apart.
            undated = [row for row in candidates if row["year"] is None]
            if undated:
                return undated[0]
            return candidates[0] if len(candidates) == 1 else None
        same = [row for row in candidates if row["year"] == year]
        undated = [row for row in candidates if row["year"] is None]
        return (same or undated)[0] if same or undated else None

    def _claim(self, column: str, value: str | None) -> str | None:
        """`value` if no film has it in `column` yet (these ids are unique), else None."""
        if not value:
            return None
        taken = self.by_uri if column == "letterboxd_uri" else self.by_imdb
        if value in taken or (column, value) in self.claimed:
            return None
        self.claimed.add((column, value))
        return value

    def _new_id(self, table: str, kept: int | None = None) -> int:
        """The id a new row of `table` gets: the one it had where it was exported (`kept`)
        when no row has it, else a random one no row has, nor any this import is adding."""
        taken = self.by_id if table == "films" else self.reviews_taken
        if kept and kept not in self.ids_given and kept not in taken:
            self.ids_given.add(kept)
            return kept
        pool = self.drawn.setdefault(table, deque())
        while True:
            if not pool:
                pool.extend(self._draw_free(table))
            candidate = pool.popleft()
            if candidate not in self.ids_given:
                self.ids_given.add(candidate)
                return candidate

    def _draw_free(self, table: str) -> list[int]:
        """Random ids no row of `table` has, drawn CHUNK at a time and checked in one query
        (rather than one query a row)."""
        drawn = list(dict.fromkeys(self.draw() for _ in range(CHUNK)))
        held = self._held(table, drawn)
        return [candidate for candidate in drawn if candidate not in held]

    def _held(self, table: str, ids: list[int]) -> set[int]:
        """Which of `ids` (at most CHUNK) rows of `table` have, in one query."""
        marks = ", ".join("?" * len(ids))
        sql = f"SELECT id FROM [{table}] WHERE id IN ({marks})"
        return {int(row[0]) for row in self.db.execute(sql, ids)}

    def _insert(self, item: ImportedFilm) -> None:
        """Queue a new film with its reviews, its rating and its search row worked out here."""
        film_id = self._new_id("films", item.id)
        self.films_used.add(film_id)
        reviews = [self._review_row(film_id, review) for review in item.reviews]
        ratings = [row["rating"] for row in reviews if row["rating"] is not None]
        watched = [row["watched_on"] for row in reviews if row["watched_on"] is not None]
        row = {
            "id": film_id,
            **film_columns(item.details),
            **columns(item, EXTRA_FIELDS),
            "letterboxd_uri": self._claim("letterboxd_uri", item.letterboxd_uri),
            "imdb_id": self._claim("imdb_id", item.imdb_id),
            "details_from": item.details_from or "import",
            "created_at": self.now,
            "updated_at": self.now,
            "overall_rating": sum(ratings) / len(ratings) if ratings else None,
            "review_count": len(reviews),
            "last_watched": max(watched) if watched else None,
        }
        self.new_films.append(row)
        texts = " ".join(review["text"] for review in reviews if review["text"])
        search = [row[name] for name in ("id", "title", "directors", "genres", "synopsis")]
        self.new_search.append([*search, texts])
        self.new_reviews.extend(reviews)
        self.summary.films_added += 1
        self.summary.reviews_added += len(reviews)
        for entry in item.lists:
            self.list_entry(film_id, entry)

    def _fill_in(self, row: dict[str, Any], item: ImportedFilm) -> None:
        """Fill in what the journal's copy of a film lacks; never overwrite what it has."""
        details = item.details
        fill = {
            f.name: to_column(getattr(details, f.name), kind(f))
            for f in FILM_DETAILS
            if f.name != "title" and getattr(details, f.name) not in (None, "", ())
        }
        fill["letterboxd_uri"] = item.letterboxd_uri if not row["letterboxd_uri"] else None
        fill["imdb_id"] = item.imdb_id if not row["imdb_id"] else None
        changes = {
            column: value
            for column, value in fill.items()
            if value not in EMPTY and row[column] in EMPTY
        }
        for column in ("letterboxd_uri", "imdb_id"):
            if column in changes and self._claim(column, str(changes[column])) is None:
                del changes[column]
        if item.title_from_film and not row["letterboxd_uri"] and row["title"] != details.title:
            # The same title (it matched as one), spelled as the film's own record spells it.
            changes["title"] = details.title
        if item.watchlist and not row["watchlist"]:
            changes["watchlist"] = 1
        if item.liked and not row["liked"]:
            changes["liked"] = 1
        if not changes:
            self.summary.films_unchanged += 1
            return
        self.summary.films_updated += 1
        assignments = ", ".join(f"{column} = ?" for column in changes)
        self.db.execute(
            f"UPDATE films SET {assignments}, updated_at = ? WHERE id = ?",
            [*changes.values(), self.now, row["id"]],
        )

    # Reviews and lists ---------------------------------------------------------------------

    def list_entry(self, film_id: int, entry: ListEntry) -> None:
        """Put a film in a list, creating the list by name if need be."""
        self.summary.lists.add(entry.name)
        if entry.name not in self.list_ids:
            self.db.execute(
                "INSERT INTO lists (id, name, description) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [list_id(entry.name), entry.name, entry.description],
            )
            self.list_ids[entry.name] = int(
                self.db.execute("SELECT id FROM lists WHERE name = ?", [entry.name]).fetchone()[0]
            )
        self._flush()  # The film must exist before a list can hold it.
        self.db.execute(
            "INSERT OR IGNORE INTO list_films (list_id, film_id, position, note)"
            " VALUES (?, ?, ?, ?)",
            [self.list_ids[entry.name], film_id, entry.position, entry.note],
        )

    # Writing ---------------------------------------------------------------------------------

    def _flush(self) -> None:
        """Write the queued films, then their reviews."""
        # In id order: the ids are random, and rows written in order land on neighbouring
        # pages of the table and its search index instead of all over them.
        if self.new_films:
            self.new_films.sort(key=_by_id)
            self.new_search.sort()
            self.db.conn.executemany(FILM_INSERT, self.new_films)
            self.db.conn.executemany(FTS_INSERT, self.new_search)
            self.new_films.clear()
            self.new_search.clear()
        if self.new_reviews:
            self.new_reviews.sort(key=_by_id)
            self.db.conn.executemany(REVIEW_INSERT, self.new_reviews)
            self.new_reviews.clear()

    def _refresh(self) -> None:
        """Rebuild ratings, counts, last-watched dates and search rows of matched films."""
        if not self.matched:
            return
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS import_matched (id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM import_matched")
        self.db.conn.executemany(
            "INSERT INTO import_matched (id) VALUES (?)", [(i,) for i in self.matched]
        )
        matched = "id IN (SELECT id FROM import_matched)"
        self.db.execute(REFRESH_SUMMARIES.format(where=matched))
        self.db.execute("DELETE FROM films_fts WHERE rowid IN (SELECT id FROM import_matched)")
        self.db.execute(INDEX_FILMS.format(where=matched))
        self.db.execute("DELETE FROM import_matched")
