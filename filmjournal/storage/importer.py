"""Applying an ImportBatch: matching films and reviews already in the journal.

FilmStore.apply_import runs this inside one transaction, under its lock.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from filmjournal.core.importing import ImportedFilm, ImportedReview, ImportSummary, ListEntry
from filmjournal.core.text import normalise_title
from filmjournal.storage.rows import as_dict, fetch, insert_film


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

    def add(self, item: ImportedFilm) -> None:
        """Bring in one film with its reviews and lists."""
        film_id = self.film(item)
        self.films_used.add(film_id)
        for review in item.reviews:
            self.review(film_id, review)
        for entry in item.lists:
            self.list_entry(film_id, entry)

    def _first(self, sql: str, params: list[Any]) -> dict[str, Any] | None:
        """The first row of a SELECT as a dict, or None."""
        found = fetch(self.db, sql, params, as_dict)
        return found[0] if found else None

    def match(self, item: ImportedFilm) -> dict[str, Any] | None:
        """The journal's row for an imported film, if it has one not matched already."""
        for column, value in (("letterboxd_uri", item.letterboxd_uri), ("imdb_id", item.imdb_id)):
            if value:
                row = self._first(f"SELECT * FROM films WHERE {column} = ?", [value])
                if row is not None:
                    return row
        key = normalise_title(item.details.title)
        if item.details.year is None:
            rows = fetch(
                self.db,
                "SELECT * FROM films WHERE match_key = ? ORDER BY year IS NOT NULL, id",
                [key],
                as_dict,
            )
            free = [row for row in rows if row["id"] not in self.films_used]
            # A year-less film matches a year-less one, or the only film of that title;
            # between Heat (1986) and Heat (1995) it cannot choose, so it stays apart.
            if free and (free[0]["year"] is None or len(rows) == 1):
                return free[0]
            return None
        rows = fetch(
            self.db,
            "SELECT * FROM films WHERE match_key = ? AND (year = ? OR year IS NULL)"
            " ORDER BY year IS NULL, id",
            [key, item.details.year],
            as_dict,
        )
        return next((row for row in rows if row["id"] not in self.films_used), None)

    def film(self, item: ImportedFilm) -> int:
        """Add an imported film, or fill in what the journal's copy lacks; return its id."""
        row = self.match(item)
        if row is None:
            self.summary.films_added += 1
            return insert_film(
                self.db,
                item.details,
                self.now,
                letterboxd_uri=self._free("letterboxd_uri", item.letterboxd_uri),
                imdb_id=self._free("imdb_id", item.imdb_id),
                watchlist=item.watchlist,
                liked=item.liked,
            )
        details = item.details
        changes: dict[str, Any] = {}
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
            "letterboxd_uri": self._free("letterboxd_uri", item.letterboxd_uri),
            "imdb_id": self._free("imdb_id", item.imdb_id),
        }
        empty = (None, "", "[]")
        for column, value in fill.items():
            if value not in empty and row[column] in empty:
                changes[column] = value
        if item.watchlist and not row["watchlist"]:
            changes["watchlist"] = 1
        if item.liked and not row["liked"]:
            changes["liked"] = 1
        if changes:
            self.summary.films_updated += 1
            assignments = ", ".join(f"{column} = ?" for column in changes)
            self.db.execute(
                f"UPDATE films SET {assignments}, updated_at = ? WHERE id = ?",
                [*changes.values(), self.now, row["id"]],
            )
        else:
            self.summary.films_unchanged += 1
        return int(row["id"])

    def _free(self, column: str, value: str | None) -> str | None:
        """`value` if no film has it in `column` yet (these ids are unique), else None."""
        if not value:
            return None
        taken = self.db.execute(f"SELECT 1 FROM films WHERE {column} = ?", [value]).fetchone()
        return None if taken else value

    def review(self, film_id: int, review: ImportedReview) -> None:
        """Add an imported review unless the journal already has it."""
        watched = review.watched_on.isoformat() if review.watched_on else None
        tags = json.dumps(list(review.tags), ensure_ascii=False)
        who = review.author or self.author
        if review.source_id:
            candidates = self.db.execute(
                "SELECT id FROM reviews WHERE source_id = ?", [review.source_id]
            ).fetchall()
        else:
            candidates = self.db.execute(
                "SELECT id FROM reviews WHERE film_id = ? AND author = ? AND text = ?"
                " AND rating IS ? AND watched_on IS ? AND rewatch = ? AND tags = ?",
                [film_id, who, review.text, review.rating, watched, int(review.rewatch), tags],
            ).fetchall()
        if not candidates and not review.text and review.rating is not None:
            # A bare rating (IMDb, ratings.csv) is the same fact as a rating the author
            # already gave this film elsewhere: do not count it twice.
            candidates = self.db.execute(
                "SELECT id FROM reviews WHERE film_id = ? AND author = ? AND rating = ?",
                [film_id, who, review.rating],
            ).fetchall()
        existing = next((row[0] for row in candidates if row[0] not in self.reviews_used), None)
        if existing is not None:
            self.reviews_used.add(existing)
            self.summary.reviews_unchanged += 1
            return
        now = self.now
        created = review.created_at.isoformat(timespec="seconds") if review.created_at else now
        updated = review.updated_at.isoformat(timespec="seconds") if review.updated_at else created
        cursor = self.db.execute(
            "INSERT INTO reviews (film_id, author, rating, text, watched_on, rewatch, tags,"
            " source_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                film_id,
                who,
                review.rating,
                review.text,
                watched,
                int(review.rewatch),
                tags,
                review.source_id,
                created,
                updated,
            ],
        )
        assert cursor.lastrowid is not None
        self.reviews_used.add(cursor.lastrowid)
        self.summary.reviews_added += 1

    def list_entry(self, film_id: int, entry: ListEntry) -> None:
        """Put a film in a list, creating the list by name if need be."""
        self.db.execute(
            "INSERT INTO lists (name, description) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            [entry.name, entry.description],
        )
        list_id = self.db.execute("SELECT id FROM lists WHERE name = ?", [entry.name]).fetchone()[0]
        self.db.execute(
            "INSERT OR IGNORE INTO list_films (list_id, film_id, position, note)"
            " VALUES (?, ?, ?, ?)",
            [list_id, film_id, entry.position, entry.note],
        )
