"""ReviewImport: the part of an import that brings in reviews, matching the ones a journal
already has so that importing a file twice changes nothing."""

from __future__ import annotations

import json
from typing import Any

from filmjournal.core.importing import (
    ImportedReview,
    ImportSummary,
    is_bare_rating,
)
from filmjournal.storage.database import Journal
from filmjournal.storage.rows import (
    review_columns,
)

EMPTY = (None, "", "[]")
"""What counts as a blank column when filling in a matched film or review."""


def _bare(row: tuple[Any, ...]) -> bool:
    """Whether a (id, author, text, rating, watched_on, rewatch, tags) row is a rating alone."""
    _, _, text, rating, watched_on, rewatch, tags = row
    return rating is not None and is_bare_rating(text, watched_on, rewatch, tags not in EMPTY)


class ReviewImport:
    """Matching and writing an import's reviews; Importer brings films and lists."""

    db: Journal
    now: str
    author: str
    summary: ImportSummary
    by_source: dict[str, int]
    reviews_used: set[int]
    new_reviews: list[dict[str, Any]]

    def _new_id(self, table: str, kept: int | None = None) -> int:
        """The id for a new row (Importer gives it: ids are shared with films)."""
        raise NotImplementedError

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
        if review.id is not None and any(row[0] == review.id for row in existing):
            candidates = [review.id]
        elif review.source_id and review.source_id in self.by_source:
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

    def _review_row(self, film_id: int, review: ImportedReview) -> dict[str, Any]:
        """The reviews row for an imported review."""
        created = review.created_at.isoformat(timespec="seconds") if review.created_at else None
        updated = review.updated_at.isoformat(timespec="seconds") if review.updated_at else None
        return {
            "id": self._new_id("reviews", review.id),
            "film_id": film_id,
            **review_columns(review),
            "author": review.author or self.author,
            "source_id": review.source_id,
            "created_at": created or self.now,
            "updated_at": updated or created or self.now,
        }
