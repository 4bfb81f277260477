"""Applying an ImportBatch: matching films and reviews already in the journal, fast.

FilmStore.apply_import runs this inside one transaction, under its lock. What is already in the
journal is looked up for the whole batch at once, and new rows are written with executemany.
The per-row triggers that keep ratings and the search index are dropped for the length of the
transaction (DDL is transactional in SQLite, so a failure brings them back with everything
else) and their work is done once: new films are written with their rating, count and search
row already computed, and matched films are refreshed with set-based SQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlite_utils import Database

from filmjournal.core.importing import (
    ImportedFilm,
    ImportedReview,
    ImportSummary,
    ListEntry,
    is_bare_rating,
)
from filmjournal.core.text import normalise_title
from filmjournal.storage.rows import (
    INDEX_FILMS,
    REFRESH_SUMMARIES,
    as_dict,
    fetch,
    film_values,
)

CHUNK = 500
"""Values per IN (...) lookup, well under SQLite's limit on parameters."""
FLUSH = 2000
"""New rows gathered before they are written."""
EMPTY = (None, "", "[]")
"""What counts as a blank column when filling in a matched film."""

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

_FILM_INSERT = (
    "INSERT INTO films (id, title, year, certification, runtime_minutes, genres, directors,"
    " synopsis, match_key, letterboxd_uri, imdb_id, watchlist, liked, created_at, updated_at,"
    " overall_rating, review_count, last_watched)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_FTS_INSERT = (
    "INSERT INTO films_fts (rowid, title, directors, genres, synopsis, reviews)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_REVIEW_INSERT = (
    "INSERT INTO reviews (film_id, author, rating, text, watched_on, rewatch, tags,"
    " source_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _bare(row: tuple[Any, ...]) -> bool:
    """Whether a (id, author, text, rating, watched_on, rewatch, tags) row is a rating alone."""
    _, _, text, rating, watched_on, rewatch, tags = row
    return rating is not None and is_bare_rating(text, watched_on, rewatch, tags not in EMPTY)


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    """`values` in slices of CHUNK."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class Importer:
    """Matches imported films and reviews against the journal and writes what is new."""

    def __init__(self, db: Database, now: str, author: str, summary: ImportSummary) -> None:
        """Write to `db` inside the caller's transaction, as `author`, stamping rows `now`."""
        self.db = db
        self.now = now
        self.author = author
        self.summary = summary
        # Rows matched once are not matched again, so two films (or reviews) that look
        # alike in one export stay two.
        self.films_used: set[int] = set()
        self.reviews_used: set[int] = set()
        self.by_uri: dict[str, dict[str, Any]] = {}
        self.by_imdb: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, list[dict[str, Any]]] = {}
        self.by_source: dict[str, int] = {}
        self.claimed: set[tuple[str, str]] = set()
        self.new_films: list[list[Any]] = []
        self.new_search: list[list[Any]] = []
        self.new_reviews: list[list[Any]] = []
        self.matched: set[int] = set()
        self.list_ids: dict[str, int] = {}
        self.next_id = 1 + int(
            self.db.execute("SELECT coalesce(max(id), 0) FROM films").fetchone()[0]
        )

    # The whole batch -------------------------------------------------------------------------

    def run(
        self, films: list[ImportedFilm], on_progress: Callable[[int, int], None] | None
    ) -> None:
        """Bring in every film, then rebuild ratings and the search index for those touched."""
        paused = [
            (name, sql)
            for name, sql in self.db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                f" AND name IN ({', '.join('?' * len(PAUSED_TRIGGERS))})",
                list(PAUSED_TRIGGERS),
            )
        ]
        for name, _ in paused:
            self.db.execute(f"DROP TRIGGER {name}")
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
        self._refresh()
        self.db.execute("UPDATE journal_changes SET changes = changes + 1")
        for _, sql in paused:
            self.db.execute(sql)

    def _look_up(self, films: list[ImportedFilm]) -> None:
        """Fetch, in a few queries, every journal row the batch could match."""

        def rows(column: str, values: Iterable[str]) -> Iterator[dict[str, Any]]:
            for chunk in _chunks(sorted(set(values))):
                marks = ", ".join("?" * len(chunk))
                yield from fetch(
                    self.db, f"SELECT * FROM films WHERE {column} IN ({marks})", chunk, as_dict
                )

        for row in rows("letterboxd_uri", (f.letterboxd_uri for f in films if f.letterboxd_uri)):
            self.by_uri[row["letterboxd_uri"]] = row
        for row in rows("imdb_id", (f.imdb_id for f in films if f.imdb_id)):
            self.by_imdb[row["imdb_id"]] = row
        for row in rows("match_key", (normalise_title(f.details.title) for f in films)):
            self.by_key.setdefault(row["match_key"], []).append(row)
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
        row = self.match(item)
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
        for found in (
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

    def _insert(self, item: ImportedFilm) -> None:
        """Queue a new film with its reviews, its rating and its search row worked out here."""
        film_id = self.next_id
        self.next_id += 1
        self.films_used.add(film_id)
        reviews = [self._review_row(film_id, review) for review in item.reviews]
        ratings = [row[2] for row in reviews if row[2] is not None]
        watched = [row[4] for row in reviews if row[4] is not None]
        values = film_values(item.details)
        self.new_films.append(
            [
                film_id,
                *values,
                normalise_title(item.details.title),
                self._claim("letterboxd_uri", item.letterboxd_uri),
                self._claim("imdb_id", item.imdb_id),
                int(item.watchlist),
                int(item.liked),
                self.now,
                self.now,
                sum(ratings) / len(ratings) if ratings else None,
                len(reviews),
                max(watched) if watched else None,
            ]
        )
        title, _, _, _, genres, directors, synopsis = values
        texts = " ".join(row[3] for row in reviews if row[3])
        self.new_search.append([film_id, title, directors, genres, synopsis, texts])
        self.new_reviews.extend(reviews)
        self.summary.films_added += 1
        self.summary.reviews_added += len(reviews)
        for entry in item.lists:
            self.list_entry(film_id, entry)

    def _fill_in(self, row: dict[str, Any], item: ImportedFilm) -> None:
        """Fill in what the journal's copy of a film lacks; never overwrite what it has."""
        details = item.details
        fill = {
            "year": details.year,
            "runtime_minutes": details.runtime_minutes,
            "certification": details.certification or None,
            "synopsis": details.synopsis or None,
            "genres": json.dumps(list(details.genres), ensure_ascii=False)
            if details.genres
            else None,
            "directors": json.dumps(list(details.directors), ensure_ascii=False)
            if details.directors
            else None,
            "letterboxd_uri": item.letterboxd_uri if not row["letterboxd_uri"] else None,
            "imdb_id": item.imdb_id if not row["imdb_id"] else None,
        }
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

    def _reviews_of(self, film_id: int) -> list[tuple[Any, ...]]:
        """A matched film's reviews, for recognising ones the import already holds."""
        return list(
            self.db.execute(
                "SELECT id, author, text, rating, watched_on, rewatch, tags FROM reviews"
                " WHERE film_id = ? ORDER BY id",
                [film_id],
            )
        )

    def review(self, film_id: int, review: ImportedReview, existing: list[tuple[Any, ...]]) -> None:
        """Queue an imported review unless the journal already has it; a review it has gets
        whatever it lacks (text, tags, date, rating) from the import.

        Bare ratings follow the rule a whole Letterboxd export follows: a rating alone is
        not counted when the author already rated the film in a review, and a review with a
        rating replaces the author's ratings given alone. So an export's files imported one
        at a time, in any order, give the journal its folder gives.
        """
        who = review.author or self.author
        watched = review.watched_on.isoformat() if review.watched_on else None
        tags = json.dumps(list(review.tags), ensure_ascii=False)
        bare = is_bare_rating(review.text, review.watched_on, review.rewatch, review.tags)
        if review.source_id and review.source_id in self.by_source:
            candidates = [self.by_source[review.source_id]]
        else:
            content = (who, review.text, review.rating, watched, int(review.rewatch), tags)
            candidates = [row[0] for row in existing if tuple(row[1:]) == content]
            if not candidates and bare and review.rating is not None:
                candidates = [row[0] for row in existing if row[1] == who and row[3] is not None]
            elif not candidates and not review.text and review.rating is not None:
                # A dated rating (IMDb's) equal to one the author gave the film already is
                # the same fact: not counted twice.
                candidates = [
                    row[0] for row in existing if row[1] == who and row[3] == review.rating
                ]
        matched = next((rid for rid in candidates if rid not in self.reviews_used), None)
        if matched is not None:
            self.reviews_used.add(matched)
            row = next((row for row in existing if row[0] == matched), None)
            if row is not None and not bare and self._complete(row, review, watched, tags):
                self.summary.reviews_updated += 1
            else:
                self.summary.reviews_unchanged += 1
            return
        if review.rating is not None and not bare:
            superseded = [
                row[0]
                for row in existing
                if row[1] == who and row[0] not in self.reviews_used and _bare(row)
            ]
            for review_id in superseded:
                self.db.execute("DELETE FROM reviews WHERE id = ?", [review_id])
                self.reviews_used.add(review_id)
        self.new_reviews.append(self._review_row(film_id, review))
        self.summary.reviews_added += 1

    def _complete(
        self, row: tuple[Any, ...], review: ImportedReview, watched: str | None, tags: str
    ) -> bool:
        """Fill the blanks of a journal review (`row`) from its imported copy; True if any."""
        review_id, _, text, rating, watched_on, rewatch, kept_tags = row
        fill = {
            "text": review.text if not text else None,
            "rating": review.rating if rating is None else None,
            "watched_on": watched if watched_on is None else None,
            "tags": tags if kept_tags in EMPTY and review.tags else None,
            "rewatch": 1 if review.rewatch and not rewatch else None,
        }
        changes = {column: value for column, value in fill.items() if value not in EMPTY}
        if not changes:
            return False
        assignments = ", ".join(f"{column} = ?" for column in changes)
        self.db.execute(
            f"UPDATE reviews SET {assignments}, updated_at = ? WHERE id = ?",
            [*changes.values(), self.now, review_id],
        )
        return True

    def _review_row(self, film_id: int, review: ImportedReview) -> list[Any]:
        """The reviews row for an imported review, in _REVIEW_INSERT's order."""
        created = review.created_at.isoformat(timespec="seconds") if review.created_at else None
        updated = review.updated_at.isoformat(timespec="seconds") if review.updated_at else None
        return [
            film_id,
            review.author or self.author,
            review.rating,
            review.text,
            review.watched_on.isoformat() if review.watched_on else None,
            int(review.rewatch),
            json.dumps(list(review.tags), ensure_ascii=False),
            review.source_id,
            created or self.now,
            updated or created or self.now,
        ]

    def list_entry(self, film_id: int, entry: ListEntry) -> None:
        """Put a film in a list, creating the list by name if need be."""
        if entry.name not in self.list_ids:
            self.db.execute(
                "INSERT INTO lists (name, description) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                [entry.name, entry.description],
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
        if self.new_films:
            self.db.conn.executemany(_FILM_INSERT, self.new_films)
            self.db.conn.executemany(_FTS_INSERT, self.new_search)
            self.new_films.clear()
            self.new_search.clear()
        if self.new_reviews:
            self.db.conn.executemany(_REVIEW_INSERT, self.new_reviews)
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
