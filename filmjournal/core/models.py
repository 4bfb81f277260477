"""The journal's domain objects: films, reviews and what a rating means."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import uuid4

MIN_RATING = 1
"""The lowest rating a review can give."""
MAX_RATING = 10
"""The highest rating a review can give."""

VERDICTS = {
    1: "Dreadful",
    2: "Awful",
    3: "Bad",
    4: "Poor",
    5: "Average",
    6: "Fair",
    7: "Decent",
    8: "Good",
    9: "Excellent",
    10: "Masterpiece",
}
"""The one-word verdict for each whole rating."""

UNRATED = "Unrated"
"""The verdict of a film nobody has rated."""


def round_half_up(value: float) -> int:
    """Round to the nearest whole number, halves going up (7.5 is 8, not Python's 8-or-7)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def verdict(rating: float | None) -> str:
    """The word for a rating out of 10: 8 is "Good", 7.5 rounds to "Good", None is "Unrated"."""
    if rating is None:
        return UNRATED
    whole = min(MAX_RATING, max(MIN_RATING, round_half_up(rating)))
    return VERDICTS[whole]


def stars(rating: float | None) -> str:
    """Five stars with halves: 8 is "★★★★☆", 7 is "★★★½☆", None is "☆☆☆☆☆"."""
    halves = 0 if rating is None else min(MAX_RATING, max(0, round_half_up(rating)))
    full, half = divmod(halves, 2)
    return "★" * full + "½" * half + "☆" * (5 - full - half)


def format_rating(rating: float | None) -> str:
    """A rating as people write it: "8/10", "7.5/10", or "–" when unrated."""
    if rating is None:
        return "–"
    rounded = Decimal(str(rating)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:.1f}".rstrip("0").rstrip(".")
    return f"{text}/10"


@dataclass(frozen=True)
class FilmInput:
    """The details of a film as a user enters them, already validated."""

    title: str
    """The film's title; never blank."""
    year: int | None = None
    """Year of release."""
    certification: str = ""
    """Age certification as printed, e.g. "R", "PG-13", "12A"."""
    runtime_minutes: int | None = None
    """Running time in minutes."""
    genres: tuple[str, ...] = ()
    """Genres, most significant first."""
    directors: tuple[str, ...] = ()
    """Directors' names."""
    synopsis: str = ""
    """A short summary of the plot."""


@dataclass(frozen=True)
class Film(FilmInput):
    """A film in the journal, with what its reviews add up to."""

    id: int = 0
    """The film's id in the journal."""
    overall_rating: float | None = None
    """Mean of its reviews' ratings, or None when none is rated."""
    review_count: int = 0
    """How many reviews it has."""
    last_watched: date | None = None
    """The latest watched date among its reviews."""
    letterboxd_uri: str | None = None
    """The film's Letterboxd address, when it came from Letterboxd."""
    imdb_id: str | None = None
    """The film's IMDb id (tt0113277), when known."""
    watchlist: bool = False
    """Whether the film is on the user's watchlist."""
    liked: bool = False
    """Whether the user marked the film as liked (a Letterboxd heart)."""

    @property
    def label(self) -> str:
        """The film as people name it: "Heat (1995)", or just the title."""
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def facts(self) -> list[str]:
        """Its certification, runtime and genres as short phrases: ["R", "126 min", "Drama"]."""
        facts = [self.certification] if self.certification else []
        if self.runtime_minutes:
            facts.append(f"{self.runtime_minutes} min")
        if self.genres:
            facts.append(", ".join(self.genres))
        return facts

    @property
    def verdict(self) -> str:
        """The one-word verdict for its overall rating."""
        return verdict(self.overall_rating)

    @property
    def stars(self) -> str:
        """Its overall rating as five stars."""
        return stars(self.overall_rating)

    @property
    def rating_text(self) -> str:
        """Its overall rating as "8/10"."""
        return format_rating(self.overall_rating)

    def details(self) -> FilmInput:
        """The user-editable part of this film."""
        return FilmInput(
            title=self.title,
            year=self.year,
            certification=self.certification,
            runtime_minutes=self.runtime_minutes,
            genres=self.genres,
            directors=self.directors,
            synopsis=self.synopsis,
        )


@dataclass(frozen=True)
class ReviewInput:
    """A review as a user writes it, already validated."""

    author: str
    """Who wrote it."""
    rating: int | None = None
    """Rating from 1 to 10, or None."""
    text: str = ""
    """The review itself, in Markdown, exactly as written."""
    watched_on: date | None = None
    """When the film was watched."""
    rewatch: bool = False
    """Whether this was a rewatch."""
    tags: tuple[str, ...] = field(default=())
    """Free-form tags."""


@dataclass(frozen=True)
class Review(ReviewInput):
    """A review stored in the journal."""

    id: int = 0
    """The review's id in the journal."""
    film_id: int = 0
    """The film it is about."""
    created_at: datetime | None = None
    """When it was first saved."""
    updated_at: datetime | None = None
    """When it was last changed."""
    source_id: str | None = None
    """Where an imported review came from (a Letterboxd diary entry...), so a second import
    of the same file recognises it."""

    def content(self) -> ReviewInput:
        """The user-editable part of this review."""
        return ReviewInput(
            author=self.author,
            rating=self.rating,
            text=self.text,
            watched_on=self.watched_on,
            rewatch=self.rewatch,
            tags=self.tags,
        )


def new_draft_key() -> str:
    """A key for a new draft: every editor keeps its own, so none overwrites another's."""
    return uuid4().hex


@dataclass(frozen=True)
class Draft:
    """Unsaved review text kept while the user types, so a crash loses nothing."""

    film_id: int
    """The film being reviewed."""
    review_id: int | None
    """The review being edited, or None for a new review."""
    text: str
    """The text as typed so far."""
    rating: str = ""
    """The rating field as typed (not yet validated)."""
    watched_on: str = ""
    """The watched-date field as typed."""
    rewatch: bool = False
    """The rewatch box."""
    tags: str = ""
    """The tags field as typed."""
    updated_at: datetime | None = None
    """When the draft was last saved."""
    key: str = field(default_factory=new_draft_key)
    """Which draft this is: one per editor, kept across crashes."""
