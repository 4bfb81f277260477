"""Film metadata from a catalogue or TMDB: what a lookup finds, and the rule for using it.

A Candidate is one film a source offers. Filling a film from it never overwrites what the
user typed: `blanks_filled` takes only the fields that are empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date

from filmjournal.core.models import Film, FilmInput
from filmjournal.core.text import normalise_title

SOURCES = ("typed", "import", "catalog", "tmdb")
"""Where a film's details came from, from the user's own hand to the richest source."""

GENRES = {
    "Sci-Fi": "Science Fiction",
    "Film-Noir": "Film Noir",
    "Musical": "Music",
    "Reality-TV": "Reality TV",
    "Talk-Show": "Talk Show",
    "Game-Show": "Game Show",
}
"""IMDb's short genre names, in the full vocabulary TMDB and the journal use, so that a
filter or a chart never splits one genre in two."""


def genre_name(name: str) -> str:
    """One genre in the journal's vocabulary: "Sci-Fi" is "Science Fiction"."""
    name = name.strip()
    return GENRES.get(name, name)


def is_blank(value: object) -> bool:
    """Whether a field holds nothing (no year, no text, no names)."""
    return value in (None, "", ())


@dataclass(frozen=True)
class Candidate:
    """A film a source offers for a lookup, with what it knows of it."""

    details: FilmInput
    """Title, year and whatever else the source knows (blank where it does not)."""
    source: str
    """Where it came from: "catalog" or "tmdb"."""
    imdb_id: str | None = None
    """Its IMDb id (tt…)."""
    tmdb_id: int | None = None
    """Its TMDB id."""
    poster_path: str | None = None
    """Its poster on TMDB (a path under the image base URL)."""
    kind: str = "movie"
    """IMDb's title type: movie, tvMovie, short, video..."""
    votes: int = 0
    """How many IMDb or TMDB votes it has: how well known it is."""

    @property
    def label(self) -> str:
        """Title (Year)."""
        year = self.details.year
        return f"{self.details.title} ({year})" if year else self.details.title


def blanks_filled(details: FilmInput, found: FilmInput) -> FilmInput:
    """`details` with each empty field taken from `found`; nothing it has is changed."""
    changes = {
        f.name: getattr(found, f.name)
        for f in fields(FilmInput)
        if getattr(details, f.name) in (None, "", ())
        and getattr(found, f.name) not in (None, "", ())
    }
    return replace(details, **changes)


def enrichment(film: Film, found: Candidate) -> dict[str, object]:
    """What filling `film` from `found` changes: its blank details (and, where a catalogue
    filled them, TMDB may replace those), its missing ids, and where its details came from.
    Nothing typed or imported is ever replaced. Empty when there is nothing to fill."""
    details = film.details()
    if film.details_from == "catalog" and found.source == "tmdb":
        details = replace(details, runtime_minutes=None, genres=(), directors=())
    filled = blanks_filled(details, found.details)
    changes: dict[str, object] = {
        f.name: getattr(filled, f.name)
        for f in fields(FilmInput)
        if getattr(filled, f.name) != getattr(film, f.name)
    }
    for name in ("imdb_id", "tmdb_id", "poster_path"):
        value = getattr(found, name)
        if value is not None and getattr(film, name) is None:
            changes[name] = value
    if changes and film.details_from in ("", "import", "catalog"):
        changes["details_from"] = found.source
    return changes


def differences(details: FilmInput, found: FilmInput) -> list[str]:
    """The fields `found` would change in `details` that are not blank there, in words."""
    changed = []
    for f in fields(FilmInput):
        mine, theirs = getattr(details, f.name), getattr(found, f.name)
        if not is_blank(mine) and not is_blank(theirs) and mine != theirs:
            changed.append(f.name)
    return changed


_YEAR = re.compile(r"^(?P<title>.*?)[\s,]*(?:\((?P<paren>\d{4})\)|(?P<bare>\d{4}))\s*$")


def split_query(text: str) -> tuple[str, int | None]:
    """What a person typed to find a film, as (title words, year): "Her (2013)" and
    "her 2013" are ("Her", 2013); a title that is a year ("1917") stays a title."""
    text = " ".join(text.split())
    found = _YEAR.match(text)
    if found and found["title"].strip():
        year = int(found["paren"] or found["bare"])
        if 1870 <= year <= date.today().year + 10:
            return found["title"].strip(), year
    return text, None


def best(candidates: list[Candidate], title: str, year: int | None) -> Candidate | None:
    """The one candidate a lookup means, or None when it cannot tell.

    Its title must be the one asked for (ignoring case and accents) and, when a year was
    given, its year. Among several, a feature film beats shorts and videos, and one with
    five times the votes of the next is the one people mean.
    """
    key = normalise_title(title)
    same = [
        c
        for c in candidates
        if normalise_title(c.details.title) == key and (year is None or c.details.year == year)
    ]
    if len(same) > 1:
        features = [c for c in same if c.kind == "movie"]
        same = features or same
    if len(same) > 1:
        same = sorted(same, key=lambda c: -c.votes)
        if same[0].votes >= 5 * max(1, same[1].votes):
            return same[0]
        return None
    return same[0] if same else None
