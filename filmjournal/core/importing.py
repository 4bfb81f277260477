"""What an import brings in, as plain data: films with their reviews, read from any format.

Readers in `filmjournal.formats` produce an ImportBatch; the store matches it against the
journal and applies it in one transaction, or not at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime

from filmjournal.core.models import Film, FilmInput, FilmRecord, ListEntry
from filmjournal.core.text import counted

FILM_FIELDS = {f.name: f for f in fields(Film)}
"""Every field of a film, by name."""
FILM_EXTRAS = [
    name
    for name, f in FILM_FIELDS.items()
    if name not in {d.name for d in fields(FilmInput)}
    and name != "id"
    and not f.metadata["summary"]
]
"""What an import carries beside a film's details: source ids and the user's flags (each is
an attribute of ImportedFilm too)."""


def is_bare_rating(text: str, watched_on: object, rewatch: bool, tags: object) -> bool:
    """Whether a review is only a rating (a ratings.csv row, a digit pressed): no viewing."""
    return not text and watched_on is None and not rewatch and not tags


@dataclass(frozen=True)
class ImportedReview:
    """A review, diary entry or bare rating found in an export."""

    author: str | None = None
    """Who wrote it; None means the person importing."""
    rating: int | None = None
    """Rating out of 10."""
    text: str = ""
    """The review, in Markdown."""
    watched_on: date | None = None
    """When the film was watched."""
    rewatch: bool = False
    """Whether it was a rewatch."""
    tags: tuple[str, ...] = ()
    """Tags."""
    source_id: str | None = None
    """A stable id from the source (a diary entry's address), so re-imports match."""
    created_at: datetime | None = None
    """When it was first written, if the source says."""
    updated_at: datetime | None = None
    """When it was last changed, if the source says."""
    id: int | None = None
    """Its id in the journal it was exported from (our JSON keeps ids)."""

    def completed_by(self, other: ImportedReview) -> ImportedReview:
        """This review with its blanks (text, rating, date, tags, rewatch) filled from
        `other`, another record of the same entry; what it has is kept."""
        return replace(
            self,
            text=self.text or other.text,
            rating=self.rating if self.rating is not None else other.rating,
            watched_on=self.watched_on or other.watched_on,
            tags=self.tags or other.tags,
            rewatch=self.rewatch or other.rewatch,
        )


@dataclass(frozen=True)
class ImportedFilm:
    """A film found in an export, with everything the export says about it."""

    details: FilmInput
    """Title and whatever else the source knows (blank fields are unknown)."""
    id: int | None = None
    """Its id in the journal it was exported from (our JSON keeps ids)."""
    letterboxd_uri: str | None = None
    """The film's Letterboxd address."""
    imdb_id: str | None = None
    """The film's IMDb id."""
    watchlist: bool = False
    """Whether the export has it on the watchlist."""
    liked: bool = False
    """Whether the export marks it as liked."""
    tmdb_id: int | None = None
    """The film's TMDB id."""
    poster_path: str | None = None
    """Its poster on TMDB."""
    details_from: str = ""
    """Where the exporting journal's details came from (empty: from this import)."""
    reviews: tuple[ImportedReview, ...] = ()
    """Its reviews, diary entries and ratings."""
    title_from_film: bool = False
    """Whether the title comes from a record of the film itself (Letterboxd's watched.csv,
    ratings.csv...), rather than of a diary entry; such a spelling wins over another."""
    lists: tuple[ListEntry, ...] = ()
    """The lists it is in."""


@dataclass
class ImportBatch:
    """Everything one import brings in."""

    source: str
    """The format read, e.g. "letterboxd"."""
    films: list[ImportedFilm] = field(default_factory=list)
    """The films, each once."""
    skipped: Counter[str] = field(default_factory=Counter)
    """Rows that were valid but not films (TV episodes...), counted by reason."""


@dataclass
class ImportSummary:
    """What an import did (or, on a dry run, would do)."""

    films_added: int = 0
    films_updated: int = 0
    films_unchanged: int = 0
    reviews_added: int = 0
    reviews_updated: int = 0
    reviews_unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    dry_run: bool = False
    lists: set[str] = field(default_factory=set)
    """The lists films were put in."""
    liked: int = 0
    """Films marked liked."""

    def lines(self) -> list[str]:
        """The summary in words, one line per kind of change."""
        verb = "would be" if self.dry_run else "were"
        lines = [
            _tally("films", self.films_added, self.films_updated, self.films_unchanged),
            _tally(
                "reviews and ratings",
                self.reviews_added,
                self.reviews_updated,
                self.reviews_unchanged,
            ),
        ]
        if self.lists:
            lines.append(f"lists: {', '.join(sorted(self.lists, key=str.casefold))}")
        if self.liked:
            lines.append(f"liked: {counted(self.liked, 'film')}")
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"skipped: {count:,} {reason}")
        if self.dry_run:
            lines.append("dry run: nothing was written")
        elif not (
            self.films_added or self.films_updated or self.reviews_added or self.reviews_updated
        ):
            lines.append(f"nothing new: no changes {verb} made")
        return lines


def _tally(what: str, added: int, updated: int, unchanged: int) -> str:
    """One summary line: "films: 1,200 added, 3 updated, 40 already in the journal"."""
    return f"{what}: {added:,} added, {updated:,} updated, {unchanged:,} already in the journal"


def as_imported(record: FilmRecord) -> ImportedFilm:
    """A film as the journal held it, as an import that brings it back exactly: its ids,
    flags, reviews (with theirs) and lists."""
    film = record.film
    reviews = tuple(
        ImportedReview(
            author=r.author,
            rating=r.rating,
            text=r.text,
            watched_on=r.watched_on,
            rewatch=r.rewatch,
            tags=r.tags,
            source_id=r.source_id,
            created_at=r.created_at,
            updated_at=r.updated_at,
            id=r.id,
        )
        for r in record.reviews
    )
    extras = {name: getattr(film, name) for name in FILM_EXTRAS}
    return ImportedFilm(film.details(), id=film.id, reviews=reviews, lists=record.lists, **extras)
