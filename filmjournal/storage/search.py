"""Searching: the films a query matches, counted, paged and positioned; and finding the film
a person names."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from filmjournal.core.errors import (
    AmbiguousFilm,
    FilmNotFound,
    ReviewNotFound,
)
from filmjournal.core.library import FilmQuery, Rated, Sort, View, fts_match, years_before
from filmjournal.core.models import (
    Film,
    FilmRecord,
    Review,
)
from filmjournal.core.text import strip_controls
from filmjournal.storage.base import StoreBase, locked
from filmjournal.storage.ids import as_id, short_ids, with_prefix
from filmjournal.storage.rows import (
    as_dict,
    film_from_row,
    names_of,
)

_ORDER = {
    Sort.TITLE: "films.title COLLATE NOCASE, films.id",
    Sort.YEAR: "films.year DESC, films.title COLLATE NOCASE, films.id",
    Sort.RATING: "films.overall_rating DESC, films.title COLLATE NOCASE, films.id",
    Sort.WATCHED: "films.last_watched DESC, films.title COLLATE NOCASE, films.id",
}
"""ORDER BY for each sort; each matches an index created by the migrations."""


def _quoted(value: str) -> str:
    """A string literal for SQL."""
    return "'" + value.replace("'", "''") + "'"


def _search_text(query: FilmQuery) -> str:
    """The search as typed, its words joined by single spaces."""
    return " ".join(strip_controls(query.search).split())


def _starts(query: FilmQuery) -> str:
    """Whether a film's title starts with the search, as a range along the title index (a
    LIKE with an ESCAPE clause could not use it)."""
    text = _search_text(query)
    return (
        f"(films.title >= {_quoted(text)} COLLATE NOCASE"
        f" AND films.title < {_quoted(text + chr(0x10FFFF))} COLLATE NOCASE)"
    )


def _exact(query: FilmQuery) -> str:
    """Whether a film's title is the search."""
    return f"films.title = {_quoted(_search_text(query))} COLLATE NOCASE"


def _relevance(query: FilmQuery) -> str:
    """ORDER BY terms putting the best matches of a search first: the exact title, titles
    that start with it, titles holding every word, films whose people match, then the rest;
    within each, FTS5's bm25 score (title words weigh most), then the title. Worked out only
    over the films the search matched, joined as `hits` (see HITS)."""
    words = strip_controls(query.search).split()

    def holds(column: str) -> str:
        return " AND ".join(f"instr(lower({column}), lower({_quoted(w)})) > 0" for w in words)

    return (
        f"CASE WHEN {_exact(query)} THEN 0 WHEN {_starts(query)} THEN 1"
        f" WHEN {holds('films.title')} THEN 2"
        f" WHEN {holds('films.directors')} THEN 3 ELSE 4 END, hits.score"
    )


HITS = (
    "films JOIN (SELECT rowid AS film_id, bm25(films_fts, 10.0, 5.0, 2.0, 1.0, 1.0) AS score"
    " FROM films_fts WHERE films_fts MATCH ?) AS hits ON hits.film_id = films.id"
)
"""The films a search matched with their bm25 scores (lower is better), for ranking; its
one parameter is the FTS query."""


def _wide_relevance(query: FilmQuery) -> str:
    """ORDER BY for a search too wide to rank every match: the exact title, then titles that
    start with the search, then the rest by title (see Searching._wide_rows)."""
    return f"CASE WHEN {_exact(query)} THEN 0 WHEN {_starts(query)} THEN 1 ELSE 2 END"


def _order(query: FilmQuery) -> str:
    """The query's ORDER BY apart from relevance: its sort's, every term turned round when
    reversed (SQLite then walks the same index backwards); a list's own order when one list
    is shown and no sort was chosen."""
    if query.in_list is not None and query.by_relevance:
        name = "'" + query.in_list.replace("'", "''") + "'"
        place = (
            "(SELECT list_films.position FROM list_films JOIN lists ON lists.id ="
            f" list_films.list_id WHERE lists.name = {name} AND list_films.film_id = films.id)"
        )
        return f"{place}{' DESC' if query.reverse else ''}, {_ORDER[Sort.TITLE]}"
    order = _ORDER[query.sort]
    if not query.reverse:
        return order
    terms = [term.strip() for term in order.split(",")]
    flipped = [
        term[: -len(" DESC")] if term.endswith(" DESC") else f"{term} DESC" for term in terms
    ]
    return ", ".join(flipped)


_INDEX = {
    Sort.TITLE: "films_by_title",
    Sort.YEAR: "films_by_year",
    Sort.RATING: "films_by_rating",
    Sort.WATCHED: "films_by_watched",
}
"""The index whose order each sort follows."""


_TITLE_WITH_YEAR = re.compile(r"^(?P<title>.+?)\s*\((?P<year>\d{4})\)$")


WIDE_MATCH = 2000
"""From this many matches, a search is paged along the sort's index (see rows)."""


class Searching(StoreBase):
    """Finding films: by query, in order, a page at a time, or by what a person typed."""

    def _films_where(self, where: str, params: list[Any]) -> list[Film]:
        """Films matching a WHERE clause, by title."""
        sql = f"SELECT * FROM films WHERE {where} ORDER BY {_ORDER[Sort.TITLE]}"
        return self._fetch(sql, params, film_from_row)

    @locked
    def count(self, query: FilmQuery) -> int:
        """How many films match the query."""
        match = fts_match(query.search)
        if match is not None and not query.is_narrowed:
            return self._matches(match)  # The index alone can count it.
        if query.view is View.JOURNAL and match is None:
            return self._journal_count(*_where(replace(query, view=View.ALL)))
        if query.view is View.JOURNAL and match is not None and not query.is_filtered:
            # Every match less the films only on the watchlist that match: a few lookups
            # in the index of words, rather than reading every matching film's row.
            matched = (
                "EXISTS (SELECT 1 FROM films_fts WHERE films_fts MATCH ? AND rowid = films.id)"
            )
            only = "films INDEXED BY films_watchlist_only"
            left_out = self._count(f"{ONLY_WATCHLISTED} AND {matched}", [match], only)
            return self._matches(match) - left_out
        return self._count(*_where(query))

    def _count(self, where: str, params: Sequence[Any], source: str = "films") -> int:
        """How many films match a WHERE clause."""
        sql = f"SELECT count(*) FROM {source} WHERE {where}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def _journal_count(self, where: str, params: Sequence[Any]) -> int:
        """How many films in the journal view match `where`: all that match, less those
        only on the watchlist, which a small index of their own holds; so no count of the
        journal reads every row to test it."""
        every = self._count(where, params)
        only = "films INDEXED BY films_watchlist_only"
        return every - self._count(f"{ONLY_WATCHLISTED} AND {where}", params, only)

    @locked
    def rows(self, query: FilmQuery, offset: int, limit: int) -> list[Film]:
        """The films matching the query from `offset`, at most `limit`, in its order."""
        match = fts_match(query.search)
        where, params = _where(query)
        source, order = "films", _order(query)
        if match is not None:
            matches = self._matches(match)
            if matches == 0:
                return []
            if matches >= WIDE_MATCH and query.ranked:
                return self._wide_rows(query, offset, limit)
            if matches >= WIDE_MATCH:
                # Many matches: walk the sort's own index and keep the films the search
                # found, stopping at the page, rather than sorting every match first.
                source = f"films INDEXED BY {_INDEX[query.sort]}"
            elif query.ranked:  # few enough to rank them all
                source, params = HITS, (match, *params)
                order = f"{_relevance(query)}, {_ORDER[Sort.TITLE]}"
        return self._page(source, where, params, order, offset, limit)

    def _page(
        self, source: str, where: str, params: Sequence[Any], order: str, offset: int, limit: int
    ) -> list[Film]:
        """One page of films."""
        sql = f"SELECT films.* FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        return self._fetch(sql, [*params, limit, max(0, offset)], film_from_row)

    def _wide_rows(self, query: FilmQuery, offset: int, limit: int) -> list[Film]:
        """A page of a search that matched too many films to rank them all: the exact title,
        then the titles that start with the search, then the rest, each along the title
        index, so that no page sorts every match.

        A title that starts with the search always matches it (FTS5 splits both the same
        way), so the first two parts need only the filters, not the full-text match: they
        are ranges of the title index, counted and paged without reading the index of words.
        """
        filters, filter_params = _where(replace(query, search=""))
        matched, params = _where(query)
        parts = [
            (f"{_exact(query)} AND {filters}", filter_params, True),
            (f"{_starts(query)} AND NOT {_exact(query)} AND {filters}", filter_params, True),
            (f"NOT {_starts(query)} AND {matched}", params, False),
        ]
        found: list[Film] = []
        for where, values, skippable in parts:
            if len(found) == limit:
                break
            if skippable and offset > 0:
                sql = f"SELECT count(*) FROM films WHERE {where}"
                size = int(self.db.execute(sql, values).fetchone()[0])
                if offset >= size:
                    offset -= size
                    continue
            source = "films INDEXED BY films_by_title"
            page = limit - len(found)
            found += self._page(source, where, values, _ORDER[Sort.TITLE], offset, page)
            offset = 0
        return found

    @locked
    def position(self, query: FilmQuery, film_id: int) -> int | None:
        """Where the film stands in the query's order, or None when it does not match."""
        where, params = _where(query)
        if query.search.strip() == "" and not query.is_filtered:
            # No search or filter: count the films of the view sorted before it along the
            # index, rather than numbering the whole journal.
            rows = self._fetch(
                f"SELECT * FROM films WHERE id = ? AND {where}", [film_id, *params], as_dict
            )
            if not rows:
                return None
            before, values = _before(query.sort, rows[0])
            if query.view is View.JOURNAL:
                every, every_params = _where(replace(query, view=View.ALL))
                ahead = self._journal_count(f"({before}) AND {every}", [*values, *every_params])
            else:
                ahead = self._count(f"({before}) AND {where}", [*values, *params])
            return self.count(query) - 1 - ahead if query.reverse else ahead
        source, order = "films", _order(query)
        match = fts_match(query.search)
        if match is not None and query.ranked and self._matches(match) >= WIDE_MATCH:
            order = f"{_wide_relevance(query)}, {_ORDER[Sort.TITLE]}"
        elif match is not None and query.ranked:
            source, params = HITS, (match, *params)
            order = f"{_relevance(query)}, {_ORDER[Sort.TITLE]}"
        sql = (
            "SELECT n FROM (SELECT films.id AS id, row_number() OVER"
            f" (ORDER BY {order}) - 1 AS n FROM {source} WHERE {where}) WHERE id = ?"
        )
        row = self.db.execute(sql, [*params, film_id]).fetchone()
        return None if row is None else int(row[0])

    def films(self, query: FilmQuery, *, page: int = 1000) -> Iterator[Film]:
        """Every film matching the query, fetched a page at a time."""
        offset = 0
        while batch := self.rows(query, offset, page):
            yield from batch
            offset += len(batch)

    def _matches(self, match: str) -> int:
        """How many films an FTS query matches, remembered for the last few queries."""
        # Another program's writes change data_version, so they are never counted stale.
        key = f"{self.db.execute('PRAGMA data_version').fetchone()[0]}:{match}"
        counted = self._match_counts.get(key)
        if counted is None:
            counted = int(
                self.db.execute(
                    "SELECT count(*) FROM films_fts WHERE films_fts MATCH ?", [match]
                ).fetchone()[0]
            )
            self._match_counts[key] = counted
        return counted

    @locked
    def total(self) -> int:
        """How many films the journal holds."""
        return int(self.db.execute("SELECT count(*) FROM films").fetchone()[0])

    @locked
    def genres(self) -> list[str]:
        """Every genre used in the journal, alphabetically."""
        cursor = self.db.execute(
            f"SELECT DISTINCT json_each.value FROM films, {names_of('films.genres')}"
            " ORDER BY json_each.value COLLATE NOCASE"
        )
        return [str(row[0]) for row in cursor]

    @locked
    def resolve(self, reference: str) -> Film:
        """Find the film a person means: an id, an exact title, or "Title (Year)"."""
        text = reference.strip()
        if not text:
            raise FilmNotFound("no film given")
        matches: dict[int, Film] = {}
        exact = as_id(text)
        if exact is not None:
            matches.update((f.id, f) for f in self._films_where("id = ?", [exact]))
        matches.update((f.id, f) for f in self._films_where("title = ? COLLATE NOCASE", [text]))
        titled = _TITLE_WITH_YEAR.match(text)
        if not matches and titled:
            found = self._films_where(
                "title = ? COLLATE NOCASE AND year = ?", [titled["title"], int(titled["year"])]
            )
            matches.update((f.id, f) for f in found)
        if not matches:
            for film_id in with_prefix(self.db, "films", text):
                matches[film_id] = self.film(film_id)
        if len(matches) == 1:
            return next(iter(matches.values()))
        if matches:
            raise AmbiguousFilm(reference, self._named(list(matches.values())))
        search = titled["title"] if titled else text
        suggestions = self.rows(FilmQuery(search=search), 0, 5)
        hint = "; did you mean " + ", ".join(self._named(suggestions)) if suggestions else ""
        raise FilmNotFound(f"no film matches {reference!r}{hint}")

    def _named(self, films: list[Film]) -> list[str]:
        """Films as "short id: label", for messages."""
        short = self.short_ids("films", [film.id for film in films])
        return [f"{short[film.id]}: {film.label}" for film in films]

    @locked
    def short_ids(self, table: str, shown: list[int]) -> dict[int, str]:
        """Short forms of film or review ids that still name one row each."""
        return short_ids(self.db, table, shown)

    @locked
    def resolve_review(self, film: Film, reference: str) -> Review:
        """One of `film`'s reviews by its id or short id."""
        exact = as_id(reference)
        if exact is not None and self._exists("reviews", exact):
            found = [exact]
        else:
            found = with_prefix(self.db, "reviews", reference.strip(), f"film_id = {film.id:d}")
        if len(found) != 1:
            raise ReviewNotFound(f"{film.label} has no review {reference!r}")
        chosen = self.review(found[0])
        if chosen.film_id != film.id:
            raise ReviewNotFound(f"review {reference} is not about {film.label}")
        return chosen

    def everything(self) -> Iterator[FilmRecord]:
        """Every film with its reviews and lists, by title: what a full export writes."""
        for film in self.films(FilmQuery()):
            yield self.record(film.id)


_SORT_KEY = {
    Sort.YEAR: "year",
    Sort.RATING: "overall_rating",
    Sort.WATCHED: "last_watched",
}
"""The column each sort puts first (descending, blanks last); every sort then goes by title."""


def _before(sort: Sort, row: dict[str, Any]) -> tuple[str, list[Any]]:
    """A WHERE clause for the films that `sort` puts before `row`, and its parameters."""
    tail = (
        "(title COLLATE NOCASE < ? OR (title COLLATE NOCASE = ? AND id < ?))",
        [row["title"], row["title"], row["id"]],
    )
    if sort is Sort.TITLE:
        return tail
    column = _SORT_KEY[sort]
    value = row[column]
    if value is None:
        return f"({column} IS NOT NULL OR ({column} IS NULL AND {tail[0]}))", tail[1]
    return f"({column} > ? OR ({column} = ? AND {tail[0]}))", [value, value, *tail[1]]


ONLY_WATCHLISTED = "films.watchlist = 1 AND films.review_count = 0"
"""A film that is only on the watchlist: the journal view leaves it out."""


@functools.lru_cache(maxsize=16)
def _where(query: FilmQuery) -> tuple[str, tuple[Any, ...]]:
    """The WHERE clause and parameters for a query's search and filters, worked out once per
    query however often the list counts, pages and positions along it."""
    clauses: list[str] = []
    params: list[Any] = []
    match = fts_match(query.search)
    if match is not None:
        clauses.append("films.id IN (SELECT rowid FROM films_fts WHERE films_fts MATCH ?)")
        params.append(match)
    if query.genre:
        clauses.append(
            f"EXISTS (SELECT 1 FROM {names_of('films.genres')} WHERE json_each.value = ?"
            " COLLATE NOCASE)"
        )
        params.append(query.genre)
    if query.year_from is not None:
        clauses.append("films.year >= ?")
        params.append(query.year_from)
    if query.year_to is not None:
        clauses.append("films.year <= ?")
        params.append(query.year_to)
    if query.rated is Rated.RATED:
        clauses.append("films.overall_rating IS NOT NULL")
    elif query.rated is Rated.UNRATED:
        clauses.append("films.overall_rating IS NULL")
    if query.in_list is not None:
        clauses.append(
            "films.id IN (SELECT list_films.film_id FROM list_films"
            " JOIN lists ON lists.id = list_films.list_id WHERE lists.name = ?)"
        )
        params.append(query.in_list)
    if query.view is View.WATCHLIST:
        clauses.append("films.watchlist = 1")
    elif query.view is View.JOURNAL:
        clauses.append(ONLY_WATCHLISTED.join(("NOT (", ")")))
    elif query.view is View.REWATCH:
        before = query.rewatch_before or years_before(date.today(), 3)
        clauses.append("films.overall_rating >= ? AND films.last_watched < ?")
        params.extend([query.rewatch_rating, before.isoformat()])
    return (" AND ".join(clauses) or "1"), tuple(params)
