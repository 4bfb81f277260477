"""What a person types is checked field by field, with a message naming the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmjournal.core.errors import InvalidInput
from filmjournal.core.validation import (
    FIRST_FILM_YEAR,
    LATEST_YEAR,
    film_input,
    parse_date,
    parse_name_list,
    parse_rating,
    parse_title,
    parse_year,
    validate_film,
    validate_review,
)


@pytest.mark.parametrize("bad", ["11", "0", "-1", "7.5", "abc", "８"])
def test_rating_outside_one_to_ten_is_rejected(bad: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_rating(bad)
    assert raised.value.field == "rating"
    assert "1 to 10" in str(raised.value)


def test_rating_accepts_whole_numbers_and_blank() -> None:
    assert parse_rating(" 7 ") == 7
    assert parse_rating(10) == 10
    assert parse_rating("") is None


@pytest.mark.parametrize("bad", ["abc", "1066", "3000", "19.5", "20 13"])
def test_implausible_years_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidInput, match="year"):
        parse_year(bad)


def test_years() -> None:
    assert parse_year("1995") == 1995
    assert parse_year("") is None


@pytest.mark.parametrize("bad", ["", "   ", "a\nb", "bell\x07", "esc\x1b[31m"])
def test_bad_titles_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidInput, match="title"):
        parse_title(bad)


def test_titles_keep_brackets_and_markup_exactly() -> None:
    assert parse_title("  [bold]Loud[/bold] ") == "[bold]Loud[/bold]"
    assert parse_title("Her [2013]") == "Her [2013]"


@pytest.mark.parametrize("bad", ["2024-02-30", "02/03/2024", "yesterday", "1200-01-01"])
def test_bad_dates_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidInput, match="watched"):
        parse_date(bad)


def test_dates() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date("") is None


def test_name_lists_split_on_commas_and_drop_repeats() -> None:
    assert parse_name_list("genres", "Drama, drama ,Crime,,") == ("Drama", "Crime")
    assert parse_name_list("genres", ["Sci-Fi", " War "]) == ("Sci-Fi", "War")


def test_validate_film_reports_every_wrong_field() -> None:
    film, errors = validate_film(title="", year="abc", runtime="-5")
    assert film is None
    assert set(errors) == {"title", "year", "runtime"}


def test_validate_review_reports_every_wrong_field() -> None:
    review, errors = validate_review(author="ann", rating="11", watched="soon")
    assert review is None
    assert set(errors) == {"rating", "watched"}


def test_film_input_builds_a_film() -> None:
    film = film_input(title="Heat", year="1995", genres="Crime, Thriller", runtime="170")
    assert (film.title, film.year, film.genres, film.runtime_minutes) == (
        "Heat",
        1995,
        ("Crime", "Thriller"),
        170,
    )


@given(
    st.text() | st.from_regex(r"\s*[+-]?[0-9]{1,6}\s*|[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True)
)
def test_any_text_either_parses_within_the_rules_or_names_the_field(text: str) -> None:
    def outcome(parse: Callable[[str], Any], field: str) -> Any:
        try:
            return parse(text)
        except InvalidInput as error:
            assert error.field == field
            return InvalidInput

    rating = outcome(parse_rating, "rating")
    year = outcome(parse_year, "year")
    watched = outcome(parse_date, "watched")
    if not text.strip():
        assert rating is year is watched is None
        return
    if rating is not InvalidInput:
        assert 1 <= rating <= 10 and int(text.strip()) == rating
    if year is not InvalidInput:
        assert FIRST_FILM_YEAR <= year <= LATEST_YEAR and int(text.strip()) == year
    if watched is not InvalidInput:
        assert watched.isoformat() == text.strip() and watched.year >= FIRST_FILM_YEAR


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_rating, "11"),
        (parse_rating, "0"),
        (parse_rating, "7.5"),
        (parse_rating, "²"),
        (parse_rating, "9" * 5000),
        (parse_year, "abc"),
        (parse_year, "1869"),
        (parse_year, "３０００"),
        (parse_date, "2024-02-30"),
        (parse_date, "yesterday"),
        (parse_date, "0001-01-01"),
    ],
)
def test_bad_values_are_refused(parse: Callable[[str], Any], text: str) -> None:
    with pytest.raises(InvalidInput):
        parse(text)
