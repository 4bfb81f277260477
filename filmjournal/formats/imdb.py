"""IMDb: a ratings, watchlist or list export (CSV) in."""

from __future__ import annotations

from pathlib import Path

from filmjournal.core.errors import FormatError
from filmjournal.core.importing import ImportBatch, ImportedFilm, ImportedReview
from filmjournal.core.models import FilmInput
from filmjournal.core.validation import MAX_RUNTIME
from filmjournal.formats.reading import read_bytes
from filmjournal.formats.registry import Format
from filmjournal.formats.tabular import day, decode, moment, names, one_line, rows, whole, year

REQUIRED = ["Const", "Title", "Year"]
"""Columns every IMDb export has."""
FILM_TYPES = {"movie", "tvmovie", "short", "video", "tvspecial", "tvshort"}
"""Title types imported, after lower-casing and dropping spaces ("TV Movie" is "tvmovie"):
what Letterboxd logs as films. Series, episodes, games, podcasts and music videos are
skipped and counted."""


def title_type(value: str) -> str:
    """A title type folded so the old and new spellings agree ("TV Series" -> "tvseries")."""
    return "".join(value.split()).lower()


def read(path: Path) -> ImportBatch:
    """An IMDb ratings, watchlist or list export; non-films are skipped and counted."""
    text = decode(read_bytes(path), path.name)
    name = path.name
    batch = ImportBatch(source="imdb")
    watchlist = None
    seen: set[str] = set()
    for line, row in rows(text, name, REQUIRED):
        where = f"{name}:{line}"
        if watchlist is None:
            # The watchlist and list exports number their rows; the ratings export does not.
            watchlist = "Position" in row and path.stem.lower().startswith("watchlist")
        kind = row.get("Title Type", "movie")
        if title_type(kind) not in FILM_TYPES:
            batch.skipped[f"{one_line(kind) or 'untyped'} rows (not films)"] += 1
            continue
        const = row["Const"].strip()
        if not const.startswith("tt"):
            raise FormatError(f"{where}: Const {const!r} is not an IMDb title id (tt...)")
        title = one_line(row["Title"])
        if not title:
            raise FormatError(f"{where}: Title is blank")
        if const in seen:
            continue
        seen.add(const)
        rating = whole(row.get("Your Rating", ""), where, "Your Rating", 1, 10)
        reviews: tuple[ImportedReview, ...] = ()
        if rating is not None:
            rated = day(row.get("Date Rated", ""), where, "Date Rated")
            reviews = (
                ImportedReview(
                    rating=rating,
                    watched_on=rated,
                    source_id=f"imdb:{const}:rating",
                    created_at=moment(row.get("Date Rated", ""), where, "Date Rated"),
                ),
            )
        batch.films.append(
            ImportedFilm(
                details=FilmInput(
                    title=title,
                    year=year(row["Year"], where),
                    runtime_minutes=whole(
                        row.get("Runtime (mins)", ""), where, "Runtime (mins)", 1, MAX_RUNTIME
                    ),
                    genres=names(row.get("Genres", "")),
                    directors=names(row.get("Directors", "")),
                ),
                imdb_id=const,
                watchlist=bool(watchlist),
                reviews=reviews,
            )
        )
    return batch


FORMATS = (
    Format(
        "imdb",
        "IMDb ratings, watchlist or list CSV",
        recognises=lambda sample: (
            "Const" in sample.columns and bool({"Title Type", "Your Rating"} & sample.columns)
        ),
        read=read,
    ),
)
"""What this module reads."""
