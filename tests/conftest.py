"""Fixtures shared by every layer's tests: an isolated home and a seeded journal."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore
from filmjournal.storage.database import memory_database

FIXED_NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
"""The clock every test store reads, so timestamps are predictable."""


def seeded_ids() -> Callable[[], int]:
    """Ids as a journal draws them, from a fixed seed, so screens and orders repeat."""
    source = random.Random(1995)
    return lambda: source.getrandbits(63) or 1


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point filmjournal's data and config at a temporary folder for every test."""
    home = tmp_path / "home"
    monkeypatch.setenv("FILMJOURNAL_HOME", str(home))
    monkeypatch.delenv("FILMJOURNAL_DB", raising=False)
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.delenv("VISUAL", raising=False)
    # No real TMDB: a test that wants one starts the stand-in (the `tmdb` fixture).
    monkeypatch.delenv("TMDB_API_TOKEN", raising=False)
    monkeypatch.delenv("FILMJOURNAL_TMDB_URL", raising=False)
    return home


@contextlib.contextmanager
def fixed_journal(fill: Callable[[FilmStore], object] | None = None) -> Iterator[FilmStore]:
    """An in-memory journal on a fixed clock and seeded ids, filled by `fill`."""
    db = memory_database()
    store = FilmStore(db, clock=lambda: FIXED_NOW, ids=seeded_ids())
    if fill is not None:
        fill(store)
    yield store
    db.close()


@pytest.fixture
def store() -> Iterator[FilmStore]:
    """An in-memory journal with a few films and reviews on fixed dates."""
    with fixed_journal(seed) as journal:
        yield journal


def seed(store: FilmStore) -> None:
    """Three films: one reviewed twice, one reviewed once, one never."""
    heat = store.add_film(
        FilmInput(
            title="Heat",
            year=1995,
            certification="R",
            runtime_minutes=170,
            genres=("Crime", "Thriller"),
            directors=("Michael Mann",),
            synopsis="A detective and a master thief circle each other across Los Angeles.",
        )
    )
    store.add_review(
        heat.id,
        ReviewInput(
            author="ann",
            rating=9,
            text="The bank job is *still* the best shoot-out on film.",
            watched_on=date(2020, 5, 1),
            tags=("crime", "la"),
        ),
    )
    store.add_review(
        heat.id,
        ReviewInput(
            author="ann",
            rating=8,
            text="Slower the second time, and better for it.",
            watched_on=date(2024, 1, 12),
            rewatch=True,
        ),
    )
    her = store.add_film(
        FilmInput(
            title="Her",
            year=2013,
            certification="R",
            runtime_minutes=126,
            genres=("Drama", "Romance", "Sci-Fi"),
            directors=("Spike Jonze",),
            synopsis="A lonely letter writer falls for the voice of his operating system.",
        )
    )
    store.add_review(
        her.id,
        ReviewInput(author="bob", rating=7, text="Warm and sad.", watched_on=date(2023, 2, 14)),
    )
    store.add_film(FilmInput(title="Amélie", year=2001, genres=("Comedy", "Romance")))


from tests.tmdb_stand_in import tmdb  # noqa: E402, F401  (the TMDB stand-in, for every test)
