"""What the film list shows: a query (search, sort, filters) and the source that answers it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

from filmjournal.core.models import Film
from filmjournal.core.text import strip_controls


class Sort(StrEnum):
    """The orders the film list can be sorted in."""

    TITLE = "title"
    YEAR = "year"
    RATING = "rating"
    WATCHED = "watched"

    @property
    def label(self) -> str:
        """How the sort is named on screen."""
        return {
            Sort.TITLE: "title A–Z",
            Sort.YEAR: "year, newest first",
            Sort.RATING: "rating, best first",
            Sort.WATCHED: "last watched, latest first",
        }[self]

    def next(self) -> Sort:
        """The sort after this one, wrapping round."""
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]


class Rated(StrEnum):
    """Whether the list shows rated films, unrated films, or both."""

    ANY = "any"
    RATED = "rated"
    UNRATED = "unrated"


@dataclass(frozen=True)
class FilmQuery:
    """Which films the list shows, and in what order. Changing it never copies data."""

    search: str = ""
    """Words to find in titles, directors, genres, synopses and reviews."""
    sort: Sort = Sort.TITLE
    """The order of the list."""
    genre: str | None = None
    """Only films of this genre."""
    year_from: int | None = None
    """Only films from this year on."""
    year_to: int | None = None
    """Only films up to this year."""
    rated: Rated = Rated.ANY
    """Only rated, or only unrated, films."""
    watchlist: bool = False
    """Only films on the watchlist."""

    def searching(self, text: str) -> FilmQuery:
        """The same query with other search words."""
        return replace(self, search=text)

    def sorted_by(self, sort: Sort) -> FilmQuery:
        """The same query in another order."""
        return replace(self, sort=sort)

    def filtered(
        self,
        *,
        genre: str | None,
        year_from: int | None,
        year_to: int | None,
        rated: Rated,
        watchlist: bool = False,
    ) -> FilmQuery:
        """The same search and sort with other filters."""
        return replace(
            self,
            genre=genre,
            year_from=year_from,
            year_to=year_to,
            rated=rated,
            watchlist=watchlist,
        )

    @property
    def is_filtered(self) -> bool:
        """True when any filter (not the search) narrows the list."""
        return bool(
            self.genre
            or self.year_from is not None
            or self.year_to is not None
            or self.rated is not Rated.ANY
            or self.watchlist
        )

    def describe_filters(self) -> str:
        """The active filters in words, e.g. "Drama · 1990–1999 · rated"."""
        parts: list[str] = []
        if self.genre:
            parts.append(self.genre)
        if self.year_from is not None or self.year_to is not None:
            start = str(self.year_from) if self.year_from is not None else "…"
            end = str(self.year_to) if self.year_to is not None else "…"
            parts.append(f"{start}–{end}")
        if self.rated is not Rated.ANY:
            parts.append(self.rated.value)
        if self.watchlist:
            parts.append("watchlist")
        return " · ".join(parts)


class FilmSource(Protocol):
    """Answers a FilmQuery a window at a time, so no list holds every film."""

    def count(self, query: FilmQuery) -> int:
        """How many films match the query."""
        ...

    def rows(self, query: FilmQuery, offset: int, limit: int) -> list[Film]:
        """The matching films from `offset`, at most `limit` of them, in the query's order."""
        ...

    def position(self, query: FilmQuery, film_id: int) -> int | None:
        """Where the film stands in the query's order, or None when it does not match."""
        ...


@functools.lru_cache(maxsize=16)
def fts_match(text: str) -> str | None:
    """Turn what a person typed into a safe FTS5 query, or None when it is blank.

    Every word is quoted as a phrase (FTS5 then splits it with the index's own tokenizer), so
    FTS syntax (`her"`, `AND`, `NEAR(`, `-`, `:`) is just text, and the last word matches as
    a prefix so results narrow as the person types.
    """
    # Control characters (a NUL ends an FTS5 string early) are never part of a word.
    words = strip_controls(text).split()
    if not words:
        return None
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)
