"""EditorState: what the review editor starts with, as the text its fields hold."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from filmjournal.core.models import Draft, Film, Review, ReviewInput, new_draft_key

TYPED = ("text", "rating", "watched_on", "rewatch", "tags")
"""The fields a person types, named as Draft and ReviewInput name them."""


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
    watched_on: str = ""
    """The watched-date field."""
    rewatch: bool = False
    """The rewatch box."""
    tags: str = ""
    """The tags field, comma-separated."""
    draft_key: str = field(default_factory=new_draft_key, compare=False)
    """The draft this editor keeps its text in."""
    unsaved: bool = field(default=False, compare=False)
    """Whether the text it starts with is not in the journal (a restored draft, or a review
    that failed to save): closing it then asks first, even if nothing changed."""

    @classmethod
    def for_review(cls, film: Film, review: Review) -> EditorState:
        """Start from a saved review."""
        return cls.from_content(film, review.id, review)

    @classmethod
    def from_content(cls, film: Film, review_id: int | None, content: ReviewInput) -> EditorState:
        """The fields showing `content` (a saved review, or one that could not be saved)."""
        return cls(
            film=film,
            review_id=review_id,
            author=content.author,
            text=content.text,
            rating="" if content.rating is None else str(content.rating),
            watched_on=content.watched_on.isoformat() if content.watched_on else "",
            rewatch=content.rewatch,
            tags=", ".join(content.tags),
        )

    @classmethod
    def new(cls, film: Film, author: str, today: date) -> EditorState:
        """Start a new review dated today; a film already reviewed is being rewatched."""
        return cls(
            film=film,
            review_id=None,
            author=author,
            watched_on=today.isoformat(),
            rewatch=film.review_count > 0,
        )

    @classmethod
    def from_draft(cls, film: Film, draft: Draft, author: str) -> EditorState:
        """Start from a draft kept after a crash."""
        typed = {name: getattr(draft, name) for name in TYPED}
        return cls(film, draft.review_id, author, **typed, draft_key=draft.key, unsaved=True)

    def not_saved(self, content: ReviewInput) -> EditorState:
        """The editor again after saving `content` failed: same draft, the text unsaved."""
        again = EditorState.from_content(self.film, self.review_id, content)
        return replace(again, draft_key=self.draft_key, unsaved=True)

    def to_draft(self) -> Draft:
        """These fields as a draft to keep."""
        typed = {name: getattr(self, name) for name in TYPED}
        return Draft(self.film.id, self.review_id, **typed, key=self.draft_key)

    def typed(self) -> dict[str, object]:
        """What the fields hold, by the name of the review's field, for validation."""
        return {"author": self.author, **{name: getattr(self, name) for name in TYPED}}
