"""EditorState: what the review editor starts with, as the text its fields hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from filmjournal.core.models import Draft, Film, Review


@dataclass(frozen=True)
class EditorState:
    """What the editor starts with: the fields as text, plus what is being edited."""

    film: Film
    """The film reviewed."""
    review_id: int | None
    """The review edited, or None for a new one."""
    author: str
    """Who writes it."""
    text: str = ""
    """The review text."""
    rating: str = ""
    """The rating field."""
    watched: str = ""
    """The watched-date field."""
    rewatch: bool = False
    """The rewatch box."""
    tags: str = ""
    """The tags field, comma-separated."""

    @classmethod
    def for_review(cls, film: Film, review: Review) -> EditorState:
        """Start from a saved review."""
        return cls(
            film=film,
            review_id=review.id,
            author=review.author,
            text=review.text,
            rating="" if review.rating is None else str(review.rating),
            watched=review.watched_on.isoformat() if review.watched_on else "",
            rewatch=review.rewatch,
            tags=", ".join(review.tags),
        )

    @classmethod
    def new(cls, film: Film, author: str, today: date) -> EditorState:
        """Start a new review dated today; a film already reviewed is being rewatched."""
        return cls(
            film=film,
            review_id=None,
            author=author,
            watched=today.isoformat(),
            rewatch=film.review_count > 0,
        )

    @classmethod
    def from_draft(cls, film: Film, draft: Draft, author: str) -> EditorState:
        """Start from a draft kept after a crash."""
        return cls(
            film=film,
            review_id=draft.review_id,
            author=author,
            text=draft.text,
            rating=draft.rating,
            watched=draft.watched_on,
            rewatch=draft.rewatch,
            tags=draft.tags,
        )
