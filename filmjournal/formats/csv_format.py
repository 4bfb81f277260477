"""A spreadsheet of the journal: one row per review, with the film's fields on each."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path

from filmjournal.core.fields import kind, to_cell
from filmjournal.core.models import Film, FilmRecord, Review
from filmjournal.core.text import printable
from filmjournal.formats.files import write_text
from filmjournal.formats.registry import Everything, Format

FILM_CELLS = [f for f in fields(Film) if f.name not in ("id", "review_count", "last_watched")]
"""A film's fields on each of its rows (its id leads the row as film_id)."""
REVIEW_CELLS = [f for f in fields(Review) if f.name not in ("id", "film_id", "source_id")]
"""A review's fields (its id leads them as review_id)."""
COLUMNS = [
    "film_id",
    *(f.name for f in FILM_CELLS),
    "verdict",
    "review_id",
    *(f.name for f in REVIEW_CELLS),
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


def write(everything: Iterable[FilmRecord]) -> str:
    """CSV text; a film without reviews gets one row with the review columns empty."""
    return "".join(chunks(everything))


def chunks(everything: Iterable[FilmRecord]) -> Iterator[str]:
    """The CSV a film at a time, so memory does not grow with the journal."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in everything:
        film, reviews = record.film, record.reviews
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        film_cells = [
            film.id,
            *(cell(to_cell(getattr(film, f.name), kind(f))) for f in FILM_CELLS),
            film.verdict,
        ]
        if not reviews:
            writer.writerow(film_cells + [""] * (1 + len(REVIEW_CELLS)))
        for review in reviews:
            review_cells = [cell(to_cell(getattr(review, f.name), kind(f))) for f in REVIEW_CELLS]
            writer.writerow([*film_cells, review.id, *review_cells])
    yield out.getvalue()


def _export(everything: Everything, path: Path, force: bool) -> str:
    """Write the journal as a spreadsheet to `path`."""
    write_text(path, chunks(everything), force=force)
    return f"Exported the journal to {path}"


FORMATS = (Format("csv", "a spreadsheet, a row per review", write=_export),)
"""What this module writes."""
