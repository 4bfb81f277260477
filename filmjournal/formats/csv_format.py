"""A spreadsheet of the journal: one row per review, with the film's fields on each."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from filmjournal.core.importing import ListEntry
from filmjournal.core.models import Film, Review
from filmjournal.core.text import printable

COLUMNS = [
    "film_id",
    "title",
    "year",
    "certification",
    "runtime_minutes",
    "genres",
    "directors",
    "synopsis",
    "overall_rating",
    "verdict",
    "watchlist",
    "imdb_id",
    "letterboxd_uri",
    "review_id",
    "author",
    "rating",
    "watched_on",
    "rewatch",
    "tags",
    "text",
    "created_at",
    "updated_at",
]
"""The header, in order."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell starts when a spreadsheet would run it as a formula (OWASP's list)."""


def cell(value: object) -> object:
    """A value as a spreadsheet should see it: text that a spreadsheet would run as a formula
    gets a leading apostrophe, and control characters show as pictures."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return printable(value)


def write(everything: Iterable[tuple[Film, list[Review], list[ListEntry]]]) -> str:
    """CSV text; a film without reviews gets one row with the review columns empty."""
    return "".join(chunks(everything))


def chunks(everything: Iterable[tuple[Film, list[Review], list[ListEntry]]]) -> Iterator[str]:
    """The CSV a film at a time, so memory does not grow with the journal."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for film, reviews, _ in everything:
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        film_cells = [
            film.id,
            film.title,
            film.year or "",
            film.certification,
            film.runtime_minutes or "",
            "; ".join(film.genres),
            "; ".join(film.directors),
            film.synopsis,
            "" if film.overall_rating is None else round(film.overall_rating, 2),
            film.verdict,
            "yes" if film.watchlist else "",
            film.imdb_id or "",
            film.letterboxd_uri or "",
        ]
        film_cells = [cell(value) for value in film_cells]
        if not reviews:
            writer.writerow(film_cells + [""] * 9)
        for review in reviews:
            writer.writerow(
                film_cells
                + [
                    review.id,
                    cell(review.author),
                    review.rating or "",
                    review.watched_on.isoformat() if review.watched_on else "",
                    "yes" if review.rewatch else "",
                    cell("; ".join(review.tags)),
                    cell(review.text),
                    review.created_at.isoformat() if review.created_at else "",
                    review.updated_at.isoformat() if review.updated_at else "",
                ]
            )
    yield out.getvalue()
