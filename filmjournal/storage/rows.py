"""Rows of the journal's tables to and from core objects, and the queries every part shares."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlite_utils import Database

from filmjournal.core.models import Draft, Film, FilmInput, Review, ReviewInput
from filmjournal.core.text import normalise_title

T = TypeVar("T")


REFRESH_SUMMARIES = (
    "UPDATE films SET"
    " overall_rating = (SELECT avg(rating) FROM reviews WHERE film_id = films.id),"
    " review_count = (SELECT count(*) FROM reviews WHERE film_id = films.id),"
    " last_watched = (SELECT max(watched_on) FROM reviews WHERE film_id = films.id)"
    " WHERE {where}"
)
"""Recompute ratings, counts and last-watched dates of the films `where` selects."""

INDEX_FILMS = (
    "INSERT INTO films_fts (rowid, title, directors, genres, synopsis, reviews)"
    " SELECT id, title, directors, genres, synopsis,"
    " (SELECT coalesce(group_concat(text, ' '), '') FROM reviews WHERE film_id = films.id)"
    " FROM films WHERE {where}"
)
"""Write the search rows of the films `where` selects (delete their old rows first)."""


def fetch(
    db: Database, sql: str, params: list[Any], convert: Callable[[dict[str, Any]], T]
) -> list[T]:
    """Run a SELECT and convert each row, given as a dict, into a core object."""
    cursor = db.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [convert(dict(zip(columns, row, strict=True))) for row in cursor]


def as_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A row left as a dict (for `fetch`)."""
    return row


def insert_film(
    db: Database,
    details: FilmInput,
    now: str,
    *,
    letterboxd_uri: str | None = None,
    imdb_id: str | None = None,
    watchlist: bool = False,
    liked: bool = False,
) -> int:
    """Insert a film inside the caller's transaction and return its id."""
    cursor = db.execute(
        "INSERT INTO films (title, year, certification, runtime_minutes, genres,"
        " directors, synopsis, match_key, letterboxd_uri, imdb_id, watchlist, liked,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            *film_values(details),
            normalise_title(details.title),
            letterboxd_uri,
            imdb_id,
            int(watchlist),
            int(liked),
            now,
            now,
        ],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def film_values(details: FilmInput) -> list[Any]:
    """A film's details in the column order of the INSERT and UPDATE statements."""
    return [
        details.title,
        details.year,
        details.certification,
        details.runtime_minutes,
        json.dumps(list(details.genres), ensure_ascii=False),
        json.dumps(list(details.directors), ensure_ascii=False),
        details.synopsis,
    ]


def review_values(content: ReviewInput) -> list[Any]:
    """A review's content in the column order of the INSERT and UPDATE statements."""
    return [
        content.author,
        content.rating,
        content.text,
        content.watched_on.isoformat() if content.watched_on else None,
        int(content.rewatch),
        json.dumps(list(content.tags), ensure_ascii=False),
    ]


def _names(value: Any) -> tuple[str, ...]:
    """A JSON list of names; a row edited by hand may hold plain text ("Crime, Drama")."""
    if not value:
        return ()
    try:
        found = json.loads(value)
    except (TypeError, ValueError):
        found = str(value).split(",")
    if not isinstance(found, list):
        found = [found]
    return tuple(name for name in (str(item).strip() for item in found) if name)


def _number(value: Any, low: int, high: int) -> int | None:
    """A whole number within bounds, or None for anything else a hand edit left."""
    return value if isinstance(value, int) and low <= value <= high else None


def _day(value: Any) -> date | None:
    """A YYYY-MM-DD date, or None for anything else ("yesterday")."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _moment(value: Any) -> datetime | None:
    """An ISO time, or None for anything else."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _text(value: Any) -> str:
    """Text, whatever a hand edit stored (a number, NULL)."""
    return "" if value is None else str(value)


# Reading is tolerant: a row edited by hand in sqlite3 or Datasette is shown as best it can
# be, never a crash; `filmjournal check` names what is wrong with it.


def film_from_row(row: dict[str, Any]) -> Film:
    """A Film from a films row."""
    rating = row["overall_rating"]
    return Film(
        id=row["id"],
        title=_text(row["title"]),
        year=_number(row["year"], -(10**9), 10**9),
        certification=_text(row["certification"]),
        runtime_minutes=_number(row["runtime_minutes"], 1, 10**6),
        genres=_names(row["genres"]),
        directors=_names(row["directors"]),
        synopsis=_text(row["synopsis"]),
        overall_rating=float(rating) if isinstance(rating, int | float) else None,
        review_count=row["review_count"] if isinstance(row["review_count"], int) else 0,
        last_watched=_day(row["last_watched"]),
        letterboxd_uri=row["letterboxd_uri"],
        imdb_id=row["imdb_id"],
        watchlist=bool(row["watchlist"]),
        liked=bool(row["liked"]),
    )


def review_from_row(row: dict[str, Any]) -> Review:
    """A Review from a reviews row."""
    return Review(
        id=row["id"],
        film_id=row["film_id"],
        author=_text(row["author"]),
        rating=_number(row["rating"], 1, 10),
        text=_text(row["text"]),
        watched_on=_day(row["watched_on"]),
        rewatch=bool(row["rewatch"]),
        tags=_names(row["tags"]),
        created_at=_moment(row["created_at"]),
        updated_at=_moment(row["updated_at"]),
        source_id=row["source_id"],
    )


def draft_from_row(row: dict[str, Any]) -> Draft:
    """A Draft from a drafts row."""
    return Draft(
        film_id=row["film_id"],
        review_id=row["review_id"] or None,
        text=row["text"],
        rating=row["rating"],
        watched_on=row["watched_on"],
        rewatch=bool(row["rewatch"]),
        tags=row["tags"],
        updated_at=datetime.fromisoformat(row["updated_at"]),
        key=f"legacy{row['film_id']}x{row['review_id']}",
    )


BARE_RATING = "(text = '' AND watched_on IS NULL AND NOT rewatch AND tags IN ('[]', ''))"
"""A review that is only a rating (a digit pressed, a ratings.csv row): not a viewing."""


def names_of(column: str) -> str:
    """json_each over a list column, reading a value edited by hand into plain text as no
    names (`filmjournal check` names the row)."""
    return f"json_each(CASE WHEN json_valid({column}) THEN {column} ELSE '[]' END)"
