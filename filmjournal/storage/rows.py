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


def film_from_row(row: dict[str, Any]) -> Film:
    """A Film from a films row."""
    return Film(
        id=row["id"],
        title=row["title"],
        year=row["year"],
        certification=row["certification"],
        runtime_minutes=row["runtime_minutes"],
        genres=tuple(json.loads(row["genres"])),
        directors=tuple(json.loads(row["directors"])),
        synopsis=row["synopsis"],
        overall_rating=row["overall_rating"],
        review_count=row["review_count"],
        last_watched=date.fromisoformat(row["last_watched"]) if row["last_watched"] else None,
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
        author=row["author"],
        rating=row["rating"],
        text=row["text"],
        watched_on=date.fromisoformat(row["watched_on"]) if row["watched_on"] else None,
        rewatch=bool(row["rewatch"]),
        tags=tuple(json.loads(row["tags"])),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
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
