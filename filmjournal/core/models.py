"""The journal's domain objects: films, reviews and what a rating means."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import uuid4

from filmjournal.core.fields import detail

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
    """The details of a film as a user enters them, already validated.

    Each field is declared once, here: the store's columns, JSON, CSV, front matter, the
    film form and the command line's options are made from these declarations.
    """

    title: str = detail(MISSING, label="Title", hint="required", about="The film's title.")
    """The film's title; never blank."""
    year: int | None = detail(label="Year", hint="e.g. 1995", about="Year of release.")
    """Year of release."""
    certification: str = detail(
        "",
        label="Certification",
        hint="e.g. R, PG-13, 12A",
        about="Age certification, e.g. R, PG-13, 12A.",
    )
    """Age certification as printed, e.g. "R", "PG-13", "12A"."""
    runtime_minutes: int | None = detail(
        label="Runtime (minutes)",
        hint="e.g. 170",
        name="runtime",
        about="Running time in minutes.",
        bounds=(1, 10**6),
    )
    """Running time in minutes."""
    genres: tuple[str, ...] = detail(
        (),
        label="Genres",
        hint="comma-separated, e.g. Crime, Thriller",
        option="genre",
        about="A genre (repeat for more).",
    )
    """Genres, most significant first."""
    directors: tuple[str, ...] = detail(
        (),
        label="Directors",
        hint="comma-separated",
        option="director",
        about="A director (repeat for more).",
    )
    """Directors' names."""
    synopsis: str = detail("", label="Synopsis", long=True, about="A short summary of the plot.")
    """A short summary of the plot."""


@dataclass(frozen=True)
class Film(FilmInput):
    """A film in the journal, with what its reviews add up to."""

    id: int = detail(0)
    """The film's id in the journal."""
    overall_rating: float | None = detail(summary=True)
    """Mean of its reviews' ratings, or None when none is rated."""
    review_count: int = detail(0, summary=True)
    """How many reviews it has."""
    last_watched: date | None = detail(summary=True)
    """The latest watched date among its reviews."""
    letterboxd_uri: str | None = detail()
    """The film's Letterboxd address, when it came from Letterboxd."""
    imdb_id: str | None = detail()
    """The film's IMDb id (tt0113277), when known."""
    watchlist: bool = detail(False)
    """Whether the film is on the user's watchlist."""
    liked: bool = detail(False)
    """Whether the user marked the film as liked (a Letterboxd heart)."""
    tmdb_id: int | None = detail()
    """The film's TMDB id, when known."""
    poster_path: str | None = detail()
    """Its poster on TMDB (a path under TMDB's image address), for a poster view."""
    details_from: str = detail("")
    """Where its details came from: typed, import, catalog or tmdb (empty: not known)."""

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
        return FilmInput(**{f.name: getattr(self, f.name) for f in fields(FilmInput)})


@dataclass(frozen=True)
class ReviewInput:
    """A review as a user writes it, already validated."""

    author: str = detail(MISSING, label="Author", about="Who wrote it (default: you).")
    """Who wrote it."""
    rating: int | None = detail(label="Rating", about="Rating from 1 to 10.", bounds=(1, 10))
    """Rating from 1 to 10, or None."""
    text: str = detail("", label="Review", long=True, about="The review, in Markdown.")
    """The review itself, in Markdown, exactly as written."""
    watched_on: date | None = detail(
        label="Watched", name="watched", about="When you watched it (YYYY-MM-DD)."
    )
    """When the film was watched."""
    rewatch: bool = detail(False, label="Rewatch", about="This was a rewatch.")
    """Whether this was a rewatch."""
    tags: tuple[str, ...] = detail((), label="Tags", option="tag", about="A tag (repeat for more).")
    """Free-form tags."""

    @property
    def logs_viewing(self) -> bool:
        """Whether it records a viewing (text, a date, a rewatch or tags), not a rating alone."""
        return bool(self.text or self.watched_on or self.rewatch or self.tags)


@dataclass(frozen=True)
class Review(ReviewInput):
    """A review stored in the journal."""

    id: int = detail(0)
    """The review's id in the journal."""
    film_id: int = detail(0)
    """The film it is about."""
    created_at: datetime | None = detail()
    """When it was first saved."""
    updated_at: datetime | None = detail()
    """When it was last changed."""
    source_id: str | None = detail()
    """Where an imported review came from (a Letterboxd diary entry...), so a second import
    of the same file recognises it."""

    def facts(self, name: Callable[[str], str] = str) -> list[tuple[str, str]]:
        """Its rating, date, rewatch and tags as (label, value) pairs, the value empty for a
        mark ("Rewatch"); `name` writes each tag (escaped, for Markdown)."""
        facts = []
        if self.rating is not None:
            facts.append(("Rating", f"{format_rating(self.rating)} {stars(self.rating)}"))
        if self.watched_on:
            facts.append(("Watched", self.watched_on.isoformat()))
        if self.rewatch:
            facts.append(("Rewatch", ""))
        if self.tags:
            facts.append(("Tags", ", ".join(name(tag) for tag in self.tags)))
        return facts

    def content(self) -> ReviewInput:
        """The user-editable part of this review."""
        return ReviewInput(**{f.name: getattr(self, f.name) for f in fields(ReviewInput)})


@dataclass(frozen=True)
class ListEntry:
    """A film's place in one of the user's lists."""

    name: str
    """The list's name."""
    position: int | None = None
    """Where the film stands in it."""
    note: str = ""
    """The list's note on the film."""
    description: str = ""
    """The list's own description."""

    @property
    def label(self) -> str:
        """The list's name with the film's place and note: "Favourites (#2: the diner
        scene)"."""
        place = f"#{self.position}" if self.position else ""
        said = ": ".join(part for part in (place, self.note.strip()) if part)
        return f"{self.name} ({said})" if said else self.name


@dataclass(frozen=True)
class ListSummary:
    """One of the user's lists, counted."""

    name: str
    """The list's name."""
    description: str
    """What the list says of itself."""
    size: int
    """How many films it holds."""
    seen: int
    """How many of them you have seen (watched or rated)."""


@dataclass(frozen=True)
class FilmRecord:
    """A film with its reviews and the lists it is in: one page of the journal, read from
    the store at one moment. The detail pane and every exporter take it."""

    film: Film
    """The film."""
    reviews: tuple[Review, ...] = ()
    """Its reviews, newest first."""
    lists: tuple[ListEntry, ...] = ()
    """Its places in the user's lists."""

    @property
    def list_names(self) -> tuple[str, ...]:
        """The lists it is in, with its place and the list's note on it: "Favourites (#2:
        the diner scene)"."""
        return tuple(entry.label for entry in self.lists)


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
