"""Rows of the journal's tables to and from core objects, and the queries every part shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from filmjournal.core.fields import columns, from_row, kind, to_column
from filmjournal.core.importing import FILM_EXTRAS, FILM_FIELDS, ImportedReview
from filmjournal.core.models import Draft, Film, FilmInput, Review, ReviewInput
from filmjournal.core.text import normalise_title
from filmjournal.storage.database import Journal

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
    db: Journal, sql: str, params: list[Any], convert: Callable[[dict[str, Any]], T]
) -> list[T]:
    """Run a SELECT and convert each row, given as a dict, into a core object."""
    cursor = db.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [convert(dict(zip(columns, row, strict=True))) for row in cursor]


def as_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A row left as a dict (for `fetch`)."""
    return row


FILM_DETAILS = fields(FilmInput)
"""The columns a person edits: the film form, the command line, an import."""
REVIEW_CONTENT = fields(ReviewInput)
"""The columns of a review its author writes."""


def insert_film(
    db: Journal,
    film_id: int,
    details: FilmInput,
    now: str,
    **extras: Any,
) -> None:
    """Insert a film with the id given, inside the caller's transaction; `extras` are other
    columns of Film (letterboxd_uri, watchlist...)."""
    db.table("films").insert(
        {
            "id": film_id,
            **film_columns(details),
            **{name: to_column(value, kind(FILM_FIELDS[name])) for name, value in extras.items()},
            "created_at": now,
            "updated_at": now,
        }
    )


# An import writes whole rows at once, every column named; the columns come from the fields.
FILM_COLUMNS = [
    "id",
    *(f.name for f in FILM_DETAILS),
    "match_key",
    *FILM_EXTRAS,
    "created_at",
    "updated_at",
    *(f.name for f in fields(Film) if f.metadata["summary"]),
]
REVIEW_COLUMNS = [
    "id",
    "film_id",
    *(f.name for f in REVIEW_CONTENT),
    "source_id",
    "created_at",
    "updated_at",
]


def named_insert(table: str, names: list[str]) -> str:
    """An INSERT of named values, one per column."""
    return (
        f"INSERT INTO {table} ({', '.join(names)})"
        f" VALUES ({', '.join(':' + name for name in names)})"
    )


FILM_INSERT = named_insert("films", FILM_COLUMNS)
FTS_INSERT = (
    "INSERT INTO films_fts (rowid, title, directors, genres, synopsis, reviews)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
REVIEW_INSERT = named_insert("reviews", REVIEW_COLUMNS)


def film_columns(details: FilmInput) -> dict[str, Any]:
    """A film's details as the films table stores them, with the key that matches titles."""
    return {**columns(details, FILM_DETAILS), "match_key": normalise_title(details.title)}


def review_columns(content: ReviewInput | ImportedReview) -> dict[str, Any]:
    """A review's content (typed, or read from an import) as the reviews table stores it."""
    return columns(content, REVIEW_CONTENT)


def film_from_row(row: dict[str, Any]) -> Film:
    """A Film from a films row (read tolerantly: see `core.fields.from_column`)."""
    film: Film = from_row(Film, row)
    return film


def review_from_row(row: dict[str, Any]) -> Review:
    """A Review from a reviews row."""
    review: Review = from_row(Review, row)
    return review


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
