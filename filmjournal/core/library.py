"""What the film list shows: a query (search, sort, filters) and the source that answers it."""

from __future__ import annotations

import functools
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date
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
        return _SORT_LABELS[self][0]

    def reversed_label(self) -> str:
        """How the sort is named on screen when reversed."""
        return _SORT_LABELS[self][1]

    @property
    def column(self) -> str:
        """The heading of the column it sorts by."""
        return {Sort.TITLE: "Title", Sort.YEAR: "Year", Sort.RATING: "Rating"}.get(self, "Watched")

    def next(self) -> Sort:
        """The sort after this one, wrapping round."""
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]


_SORT_LABELS = {
    Sort.TITLE: ("title A–Z", "title Z–A"),
    Sort.YEAR: ("year, newest first", "year, oldest first"),
    Sort.RATING: ("rating, best first", "rating, lowest first"),
    Sort.WATCHED: ("last watched, latest first", "last watched, earliest first"),
}
"""Each sort's name on screen, and its name turned round."""


class View(StrEnum):
    """Which films the list is about: the journal, the watchlist, or every film."""

    JOURNAL = "journal"
    """Films watched, rated, reviewed or added by hand: not the ones only on the watchlist."""
    WATCHLIST = "watchlist"
    """Films on the watchlist."""
    REWATCH = "rewatch"
    """Films rated highly and not seen for years: rewatches due, most overdue first."""
    ALL = "all"
    """Every film (exports, enrich, scripts)."""

    @property
    def label(self) -> str:
        """How the view is named on screen."""
        return "Rewatches due" if self is View.REWATCH else self.value.capitalize()

    def next(self) -> View:
        """The view the app switches to next: journal, watchlist, rewatches due in turn."""
        order = [View.JOURNAL, View.WATCHLIST, View.REWATCH]
        return order[(order.index(self) + 1) % len(order)] if self in order else View.JOURNAL


def years_before(day: date, years: int) -> date:
    """The same day `years` years earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


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
    reverse: bool = False
    """Whether the order is turned round (oldest first, Z to A...)."""
    by_relevance: bool = True
    """Whether a search's results come best match first (the exact title, titles that start
    with it, titles with its words, people, other text), unless a sort is chosen."""
    genre: str | None = None
    """Only films of this genre."""
    year_from: int | None = None
    """Only films from this year on."""
    year_to: int | None = None
    """Only films up to this year."""
    rated: Rated = Rated.ANY
    """Only rated, or only unrated, films."""
    view: View = View.ALL
    """The journal, the watchlist, or every film (the default, for exports and scripts)."""
    in_list: str | None = None
    """Only the films of the list with this name."""
    rewatch_rating: int = 8
    """In the rewatch view: the lowest overall rating of a film worth seeing again."""
    rewatch_before: date | None = None
    """In the rewatch view: films last watched before this day (None: three years ago)."""

    def searching(self, text: str) -> FilmQuery:
        """The same query with other search words (best match first, when a new search
        starts)."""
        fresh = not strip_controls(self.search).split()
        return replace(self, search=text, by_relevance=self.by_relevance or fresh)

    def sorted_by(self, sort: Sort) -> FilmQuery:
        """The same query in another order (not reversed), chosen over relevance."""
        return replace(self, sort=sort, reverse=False, by_relevance=False)

    @property
    def ranked(self) -> bool:
        """Whether the list is in order of relevance: a search, and no sort chosen for it."""
        return self.by_relevance and bool(strip_controls(self.search).split())

    def reorders(self, other: FilmQuery) -> bool:
        """Whether this query holds the films `other` holds, in another order (a new sort,
        or the order turned round)."""
        same_films = replace(self, sort=other.sort, reverse=other.reverse)
        return self != other and replace(same_films, by_relevance=other.by_relevance) == other

    def reversed(self) -> FilmQuery:
        """The same query in the opposite order."""
        return replace(self, reverse=not self.reverse)

    @property
    def order_label(self) -> str:
        """The order in words: "year, newest first", or "best match"."""
        if self.ranked:
            return "best match"
        if self.in_list is not None and self.by_relevance:
            return "the list's order" + (", turned round" if self.reverse else "")
        return self.sort.reversed_label() if self.reverse else self.sort.label

    def viewing(self, view: View) -> FilmQuery:
        """The same query over another view."""
        return replace(self, view=view)

    def rewatches(self, rating: int, before: date) -> FilmQuery:
        """The rewatch view: films rated `rating` or more, last watched before `before`,
        the longest unseen first."""
        return replace(
            self,
            view=View.REWATCH,
            sort=Sort.WATCHED,
            reverse=True,
            rewatch_rating=rating,
            rewatch_before=before,
        )

    def filtered(
        self,
        *,
        genre: str | None,
        year_from: int | None,
        year_to: int | None,
        rated: Rated,
        in_list: str | None = None,
    ) -> FilmQuery:
        """The same search, sort and view with other filters; years given the wrong way
        round are swapped (2020 to 1990 means 1990 to 2020)."""
        if year_from is not None and year_to is not None and year_from > year_to:
            year_from, year_to = year_to, year_from
        return replace(
            self, genre=genre, year_from=year_from, year_to=year_to, rated=rated, in_list=in_list
        )

    @property
    def is_filtered(self) -> bool:
        """True when any filter (not the search) narrows the list."""
        return bool(
            self.genre
            or self.year_from is not None
            or self.year_to is not None
            or self.rated is not Rated.ANY
            or self.in_list is not None
        )

    @property
    def is_narrowed(self) -> bool:
        """True when anything but the search leaves films out (a filter, or a view)."""
        return self.is_filtered or self.view is not View.ALL

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
        if self.in_list is not None:
            parts.append(f"list {self.in_list}")
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

    def free(self) -> AbstractContextManager[bool]:
        """Whether it can answer now without waiting for another thread (an import), kept
        so for the block: the UI thread asks on the spot only then."""
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
