"""A made-up journal of realistic size for the benchmark, the same for the same seed."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from filmjournal.core.importing import ImportBatch, ImportedFilm, ImportedReview
from filmjournal.core.models import FilmInput
from filmjournal.storage import FilmStore, open_database

SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ren",
    "ta",
    "vo",
    "shi",
    "er",
    "an",
    "dor",
    "el",
    "wi",
    "nt",
    "ra",
    "qu",
    "is",
    "ber",
    "mo",
    "ne",
    "tha",
    "ul",
    "gra",
    "fe",
    "sol",
    "di",
)
GENRES = (
    "Drama",
    "Comedy",
    "Thriller",
    "Horror",
    "Romance",
    "Sci-Fi",
    "Crime",
    "Action",
    "Animation",
    "Documentary",
    "Fantasy",
    "Mystery",
    "War",
    "Western",
    "Musical",
    "Family",
    "Adventure",
    "History",
    "Biography",
    "Sport",
)
CERTIFICATIONS = ("G", "PG", "PG-13", "R", "NC-17", "12A", "15", "18", "")
FIRST_WATCH = date(2006, 1, 1)
"""Watch dates spread over twenty years from here."""


def _words(rng: random.Random, count: int) -> list[str]:
    """Pronounceable made-up words."""
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(count)]


def _text(rng: random.Random, vocabulary: list[str], length: int) -> str:
    """About `length` characters of sentences."""
    out: list[str] = []
    size = 0
    while size < length:
        sentence = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(6, 16)))
        sentence = sentence.capitalize() + "."
        out.append(sentence)
        size += len(sentence) + 1
    return " ".join(out)


def batch(films: int, seed: int = 7) -> ImportBatch:
    """`films` films with 1-3 reviews each (~300-character synopses, ~800-character reviews)."""
    rng = random.Random(seed)
    vocabulary = _words(rng, 3000)
    people = [
        f"{a.capitalize()} {b.capitalize()}"
        for a, b in zip(_words(rng, 800), _words(rng, 800), strict=True)
    ]
    result = ImportBatch(source="bench")
    for number in range(films):
        title = " ".join(w.capitalize() for w in rng.sample(vocabulary, rng.randint(1, 4)))
        reviews = []
        for _ in range(rng.randint(1, 3)):
            reviews.append(
                ImportedReview(
                    rating=rng.choice((None, *range(1, 11), *range(5, 10))),
                    text=_text(rng, vocabulary, 800),
                    watched_on=FIRST_WATCH + timedelta(days=rng.randrange(20 * 365)),
                    rewatch=rng.random() < 0.15,
                    tags=tuple(rng.sample(vocabulary[:50], rng.randint(0, 2))),
                )
            )
        result.films.append(
            ImportedFilm(
                details=FilmInput(
                    title=f"{title} {number}" if rng.random() < 0.05 else title,
                    year=rng.randint(1920, 2025),
                    certification=rng.choice(CERTIFICATIONS),
                    runtime_minutes=rng.randint(70, 200),
                    genres=tuple(rng.sample(GENRES, rng.randint(1, 3))),
                    directors=tuple(rng.sample(people, rng.choice((1, 1, 1, 2)))),
                    synopsis=_text(rng, vocabulary, 300),
                ),
                reviews=tuple(reviews),
            )
        )
    return result


def build(path: Path, films: int, seed: int = 7) -> Path:
    """Write the journal to `path` (kept and reused if it is already there)."""
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    for leftover in (partial, partial.with_name(partial.name + "-wal")):
        leftover.unlink(missing_ok=True)
    db = open_database(partial)
    FilmStore(db).apply_import(batch(films, seed), author="bench")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    partial.rename(path)
    return path


def diary_csv(path: Path, rows: int, seed: int = 11) -> Path:
    """A Letterboxd diary.csv of `rows` entries."""
    import csv

    rng = random.Random(seed)
    vocabulary = _words(rng, 3000)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date"]
        )
        for number in range(rows):
            watched = FIRST_WATCH + timedelta(days=rng.randrange(20 * 365))
            writer.writerow(
                [
                    watched.isoformat(),
                    " ".join(w.capitalize() for w in rng.sample(vocabulary, rng.randint(1, 3))),
                    rng.randint(1920, 2025),
                    f"https://boxd.it/{number:x}",
                    rng.choice(("", "0.5", "1", "2.5", "3", "3.5", "4", "4.5", "5")),
                    "Yes" if rng.random() < 0.15 else "",
                    ", ".join(rng.sample(vocabulary[:50], rng.randint(0, 2))),
                    watched.isoformat(),
                ]
            )
    return path
