"""Ratings, verdicts and stars: what a number out of ten means to a reader."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmjournal.core.models import Film, format_rating, round_half_up, stars, verdict


@pytest.mark.parametrize(
    ("rating", "word"),
    [
        (1, "Dreadful"),
        (2, "Awful"),
        (3, "Bad"),
        (4, "Poor"),
        (5, "Average"),
        (6, "Fair"),
        (7, "Decent"),
        (8, "Good"),
        (9, "Excellent"),
        (10, "Masterpiece"),
        (7.5, "Good"),
        (7.49, "Decent"),
        (8.5, "Excellent"),
        (None, "Unrated"),
    ],
)
def test_verdict_words(rating: float | None, word: str) -> None:
    assert verdict(rating) == word


@pytest.mark.parametrize(
    ("rating", "shown"),
    [(10, "★★★★★"), (8, "★★★★☆"), (7, "★★★½☆"), (1, "½☆☆☆☆"), (None, "☆☆☆☆☆"), (7.5, "★★★★☆")],
)
def test_stars(rating: float | None, shown: str) -> None:
    assert stars(rating) == shown


@pytest.mark.parametrize(
    ("rating", "shown"), [(8, "8/10"), (7.5, "7.5/10"), (23 / 3, "7.7/10"), (None, "–")]
)
def test_format_rating(rating: float | None, shown: str) -> None:
    assert format_rating(rating) == shown


@given(st.floats(min_value=1, max_value=10))
def test_every_rating_has_a_verdict_and_five_stars(rating: float) -> None:
    assert verdict(rating) != "Unrated"
    shown = stars(rating)
    assert len(shown) == 5
    # Each star is two points; a half star is one.
    points = 2 * shown.count("★") + shown.count("½")
    assert points == round_half_up(rating)


@given(st.integers(min_value=1, max_value=10))
def test_whole_ratings_show_without_decimals(rating: int) -> None:
    assert format_rating(rating) == f"{rating}/10"


def test_round_half_up_is_not_bankers_rounding() -> None:
    assert [round_half_up(x) for x in (6.5, 7.5, 8.49)] == [7, 8, 8]


def test_film_label_and_facts() -> None:
    film = Film(title="Heat", year=1995, certification="R", runtime_minutes=170, genres=("Crime",))
    assert film.label == "Heat (1995)"
    assert film.facts == ["R", "170 min", "Crime"]
    assert Film(title="Untitled").label == "Untitled"


def test_format_rating_rounds_halves_up() -> None:
    assert format_rating(8.25) == "8.3/10"
    assert format_rating(8.249) == "8.2/10"
