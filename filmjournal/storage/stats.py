"""The journal's statistics, computed in SQL: nothing loads every film into Python."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from filmjournal.core.stats import GenreStat, RankedFilm, Stats, Streak, from_json, to_json
from filmjournal.storage.database import Journal
from filmjournal.storage.rows import BARE_RATING, names_of

TOP = 10
"""How many genres and directors are listed."""
RANKED = 5
"""How many best and worst films are listed."""
_MONDAY = date(1970, 1, 5)
"""A Monday, from which weeks are numbered."""

Query = Callable[[str], list[tuple[Any, ...]]]
"""Runs SQL after the period's WITH clause."""


def _entries(year: int | None) -> tuple[str, list[Any]]:
    """The CTEs of the period: `rated`, every review in it (a year's diary, or the whole
    journal) with its film's runtime, genres and directors, and `entries`, its viewings
    (every review that is more than a bare rating)."""
    viewings = f"entries AS (SELECT * FROM rated WHERE NOT {BARE_RATING})"
    period = "" if year is None else " WHERE checked.watched_on >= ? AND checked.watched_on < ?"
    rated = (
        "rated AS (SELECT checked.*, films.runtime_minutes, films.genres, films.directors"
        f" FROM checked JOIN films ON films.id = checked.film_id{period})"
    )
    dates = [] if year is None else [f"{year:04d}-01-01", f"{year + 1:04d}-01-01"]
    return f"{_REVIEWS}, {rated}, {viewings}", dates


_REVIEWS = (
    "checked AS (SELECT id, film_id, rating, text, rewatch, tags,"
    " CASE WHEN date(watched_on) IS watched_on THEN watched_on END AS watched_on FROM reviews)"
)
"""The reviews, with a watched date edited by hand into something else ("yesterday") read
as unknown, so that no figure is built on it."""


def kept(db: Journal, year: int | None) -> tuple[Stats, bool] | None:
    """The figures last kept for the period, and whether nothing has changed since (None
    when none are kept, or they were kept by a version that no longer reads them)."""
    period = "all" if year is None else str(year)
    row = db.execute(
        "SELECT figures, stats_cache.changes = journal_changes.changes"
        " FROM stats_cache, journal_changes WHERE period = ?",
        [period],
    ).fetchone()
    if row is None:
        return None
    try:
        return from_json(row[0]), bool(row[1])
    except (KeyError, TypeError, ValueError):
        return None


def cached(db: Journal, year: int | None) -> Stats:
    """The statistics, computed once per change to the journal and kept in stats_cache.

    Every write to films or reviews bumps journal_changes (by trigger), so kept figures are
    only used while nothing has changed since they were computed.
    """
    last = kept(db, year)
    if last is not None and last[1]:
        return last[0]
    period = "all" if year is None else str(year)
    changes = int(db.execute("SELECT changes FROM journal_changes").fetchone()[0])
    figures = compute(db, year)
    # Keeping them is an optimisation: on a read-only or busy journal the figures are still
    # right, they are just computed again next time.
    with contextlib.suppress(sqlite3.OperationalError), db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO stats_cache (period, changes, figures) VALUES (?, ?, ?)",
            [period, changes, to_json(figures)],
        )
    return figures


GATHERED = "temp.stats_reviews"
"""The period's reviews, read once, small columns only: every figure is computed from it."""


def _gather(db: Journal, year: int | None) -> tuple[str, list[Any]]:
    """Read the period's reviews once into a small temporary table, and return the CTEs
    (`rated`, `entries`) over it: a dozen queries then scan a few narrow columns, not the
    reviews' text a dozen times. Where no temporary table can be made, the CTEs read the
    reviews themselves."""
    cte, params = _entries(year)
    try:
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {GATHERED} (film_id INTEGER, rating INTEGER,"
            " rewatch INTEGER, watched_on TEXT, bare INTEGER, runtime_minutes INTEGER,"
            " genres TEXT, directors TEXT)"
        )
        db.execute(f"DELETE FROM {GATHERED}")
        db.execute(
            f"WITH {cte} INSERT INTO {GATHERED} SELECT film_id, rating, rewatch, watched_on,"
            f" {BARE_RATING}, runtime_minutes, genres, directors FROM rated",
            params,
        )
    except sqlite3.OperationalError:
        return cte, params
    return (
        f"rated AS (SELECT * FROM {GATHERED}), entries AS (SELECT * FROM rated WHERE NOT bare)",
        [],
    )


def compute(db: Journal, year: int | None) -> Stats:
    """Statistics for the whole journal (`year` None) or for one year."""
    try:
        return _compute(db, *_gather(db, year), year)
    finally:
        with contextlib.suppress(sqlite3.OperationalError):
            db.execute(f"DELETE FROM {GATHERED}")  # its rows are not kept


def _compute(db: Journal, cte: str, params: list[Any], year: int | None) -> Stats:
    """The figures, from the period's reviews as `cte` gives them."""

    def query(sql: str) -> list[tuple[Any, ...]]:
        return list(db.execute(f"WITH {cte} {sql}", params).fetchall())

    years = tuple(
        int(row[0])
        for row in db.execute(
            "SELECT DISTINCT substr(watched_on, 1, 4) FROM reviews"
            " WHERE watched_on IS NOT NULL AND date(watched_on) IS watched_on ORDER BY 1"
        )
    )
    films, mean = query("SELECT count(DISTINCT film_id), avg(rating) FROM rated")[0]
    watched, rewatches, logs, minutes = query(
        "SELECT count(DISTINCT film_id), coalesce(sum(rewatch), 0),"
        " count(watched_on), coalesce(sum(runtime_minutes), 0) FROM entries"
    )[0]
    known = query(
        "SELECT count(runtime_minutes), count(nullif(genres, '[]')),"
        " count(nullif(directors, '[]')) FROM (SELECT max(runtime_minutes) AS runtime_minutes,"
        " max(genres) AS genres, max(directors) AS directors FROM entries GROUP BY film_id)"
    )[0]
    width = 7 if year is not None else 4
    counted = dict(
        query(
            f"SELECT substr(watched_on, 1, {width}), count(*) FROM entries"
            " WHERE watched_on IS NOT NULL GROUP BY 1"
        )
    )
    if year is not None:
        periods = [f"{year:04d}-{month:02d}" for month in range(1, 13)]
    elif years:
        periods = [str(y) for y in range(years[0], years[-1] + 1)]
    else:
        periods = []
    ratings = dict(
        query("SELECT rating, count(*) FROM rated WHERE rating IS NOT NULL GROUP BY rating")
    )
    genres = query(
        "SELECT genre.value, count(*), avg(entries.rating) FROM entries,"
        f" {names_of('entries.genres')} AS genre"
        f" GROUP BY genre.value ORDER BY count(*) DESC, avg(entries.rating) DESC LIMIT {TOP}"
    )
    directors = query(
        "SELECT director.value, count(*) FROM entries,"
        f" {names_of('entries.directors')} AS director"
        f" GROUP BY director.value ORDER BY count(*) DESC, director.value LIMIT {TOP}"
    )
    # Films' means from the gathered rows; titles read only for those that could rank (the
    # means at least as good as the last place's, ties and all), not for every film.
    ranked_sql = (
        "SELECT film_id, avg(rating) AS mean FROM rated WHERE rating IS NOT NULL GROUP BY film_id"
    )
    ranked_sql = (
        f", means AS ({ranked_sql}), cut AS (SELECT mean FROM means ORDER BY mean {{order}}"
        f" LIMIT 1 OFFSET {RANKED - 1})"
        " SELECT films.id, films.title, films.year, means.mean FROM means"
        " JOIN films ON films.id = means.film_id"
        " WHERE NOT EXISTS (SELECT 1 FROM cut)"
        " OR means.mean {sign} (SELECT mean FROM cut)"
        f" ORDER BY means.mean {{order}}, films.title COLLATE NOCASE LIMIT {RANKED}"
    )
    best = _ranked(query(ranked_sql.format(order="DESC", sign=">=")))
    worst = _ranked(query(ranked_sql.format(order="ASC", sign="<=")))
    return Stats(
        year=year,
        years=years,
        films=int(films),
        watched=int(watched),
        runtime_known=int(known[0]),
        genres_known=int(known[1]),
        directors_known=int(known[2]),
        logs=int(logs),
        per_period=tuple((period, int(counted.get(period, 0))) for period in periods),
        ratings=tuple((value, int(ratings.get(value, 0))) for value in range(1, 11)),
        mean_rating=None if mean is None else float(mean),
        genres=tuple(
            GenreStat(str(n), int(c), None if m is None else float(m)) for n, c, m in genres
        ),
        directors=tuple((str(name), int(count)) for name, count in directors),
        minutes=int(minutes),
        rewatches=int(rewatches),
        day_streak=_day_streak(query),
        week_streak=_week_streak(query),
        best=best,
        worst=tuple(film for film in worst if film.film_id not in {b.film_id for b in best}),
    )


def _ranked(rows: list[tuple[Any, ...]]) -> tuple[RankedFilm, ...]:
    """Ranked films from (id, title, year, mean) rows."""
    return tuple(
        RankedFilm(int(i), f"{title} ({year})" if year else str(title), float(mean))
        for i, title, year, mean in rows
    )


def _day_streak(query: Query) -> Streak | None:
    """The longest run of consecutive days with an entry (gaps and islands)."""
    rows = query(
        "SELECT count(*), min(day), max(day) FROM ("
        " SELECT day, julianday(day) - row_number() OVER (ORDER BY day) AS island FROM ("
        "  SELECT DISTINCT watched_on AS day FROM entries WHERE watched_on IS NOT NULL))"
        " GROUP BY island ORDER BY count(*) DESC, min(day) LIMIT 1"
    )
    if not rows:
        return None
    length, start, end = rows[0]
    return Streak(int(length), date.fromisoformat(start), date.fromisoformat(end))


def _week_streak(query: Query) -> Streak | None:
    """The longest run of consecutive Monday-to-Sunday weeks with an entry."""
    rows = query(
        "SELECT count(*), min(week), max(week) FROM ("
        " SELECT week, week - row_number() OVER (ORDER BY week) AS island FROM ("
        f"  SELECT DISTINCT CAST((julianday(watched_on) - julianday('{_MONDAY.isoformat()}'))"
        "  / 7 AS INTEGER) AS week FROM entries WHERE watched_on IS NOT NULL))"
        " GROUP BY island ORDER BY count(*) DESC, min(week) LIMIT 1"
    )
    if not rows:
        return None
    length, first, last = rows[0]
    return Streak(
        int(length),
        _MONDAY + timedelta(weeks=int(first)),
        _MONDAY + timedelta(weeks=int(last), days=6),
    )
