"""Reviewing: writing reviews and ratings."""

from __future__ import annotations

from typing import Any

from filmjournal.core.errors import (
    ReviewNotFound,
)
from filmjournal.core.models import (
    Film,
    Review,
    ReviewInput,
)
from filmjournal.storage.base import _LATEST_FIRST, StoreBase, locked
from filmjournal.storage.rows import (
    BARE_RATING,
    review_columns,
)


class Reviewing(StoreBase):
    """Adding, changing and deleting reviews, and rating with one key."""

    @locked
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

    @locked
    def add_review(self, film_id: int, content: ReviewInput) -> Review:
        """Add a review of a film. When it carries a rating, the author's ratings of the film
        given alone (a digit pressed, no viewing) are replaced by it; when it logs a viewing,
        the film leaves the watchlist, as on Letterboxd."""
        now = self._now()
        with self._write():
            self.film(film_id)
            review_id = self._new_id("reviews")
            row = {"id": review_id, "film_id": film_id, **review_columns(content)}
            self.db.table("reviews").insert({**row, "created_at": now, "updated_at": now})
            if content.rating is not None:
                self._supersede_bare_ratings(film_id, content.author, review_id)
            if content.logs_viewing:
                self.db.execute(
                    "UPDATE films SET watchlist = 0, updated_at = ? WHERE id = ? AND watchlist",
                    [now, film_id],
                )
        return self.review(review_id)

    @locked
    def update_review(self, review_id: int, content: ReviewInput) -> Review:
        """Replace a review's content."""
        with self._write():
            self.review(review_id)
            changes = {**review_columns(content), "updated_at": self._now()}
            self.db.table("reviews").update(review_id, changes)
        return self.review(review_id)

    @locked
    def delete_review(self, review_id: int) -> None:
        """Delete one review."""
        with self._write():
            cursor = self.db.execute("DELETE FROM reviews WHERE id = ?", [review_id])
            if cursor.rowcount == 0:
                raise ReviewNotFound(f"no review has id {review_id}")

    @locked
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

    def _supersede_bare_ratings(self, film_id: int, author: str, rated_id: int) -> None:
        """A new rating (review `rated_id`) replaces the author's ratings of the film given
        alone: one person's opinion of a film is their latest rating."""
        self.db.execute(
            f"DELETE FROM reviews WHERE film_id = ? AND author = ? AND id != ? AND {BARE_RATING}",
            [film_id, author, rated_id],
        )
