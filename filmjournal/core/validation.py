"""Turning what a person typed into domain values, with a clear message when it is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from filmjournal.core.errors import InvalidInput
from filmjournal.core.models import MAX_RATING, MIN_RATING, FilmInput, ReviewInput
from filmjournal.core.text import has_control_characters

FIRST_FILM_YEAR = 1870
"""No film is older than this; an earlier year is a typo."""
LATEST_YEAR = date.today().year + 10
"""Films may be logged before release, but not a decade ahead."""
MAX_RUNTIME = 60_000
"""Longer than the longest film ever made, short of absurd."""


def _one_line(field: str, value: str) -> str:
    """Strip `value` and reject control characters and line breaks in it."""
    value = value.strip()
    if "\n" in value or "\r" in value:
        raise InvalidInput(field, "must be a single line")
    if has_control_characters(value) or "\t" in value:
        raise InvalidInput(field, "contains control characters")
    return value


def _whole_number(field: str, value: str | int, what: str) -> int:
    """Parse a whole number, naming the field when it is not one."""
    if isinstance(value, bool):
        raise InvalidInput(field, f"{what}, not {value!r}")
    if isinstance(value, int):
        return value
    text = value.strip()
    # ASCII digits only ("²" and "３" are digits to Python), and few enough of them that no
    # field's range is missed by a mile and int() never meets its 4,300-digit limit.
    if not re.fullmatch(r"[+-]?[0-9]{1,18}", text):
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise InvalidInput(field, f"{what}, not {shown!r}")
    return int(text)


def parse_title(value: str) -> str:
    """A film title: any text on one line, but not blank."""
    title = _one_line("title", value)
    if not title:
        raise InvalidInput("title", "must not be blank")
    return title


def parse_year(value: str | int | None) -> int | None:
    """A year of release between 1870 and a decade from now; blank means unknown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    what = f"must be a year from {FIRST_FILM_YEAR} to {LATEST_YEAR}"
    year = _whole_number("year", value, what)
    if not FIRST_FILM_YEAR <= year <= LATEST_YEAR:
        raise InvalidInput("year", f"{what}, not {year}")
    return year


def parse_runtime(value: str | int | None) -> int | None:
    """A running time in whole minutes; blank means unknown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    what = "must be a whole number of minutes"
    minutes = _whole_number("runtime", value, what)
    if not 1 <= minutes <= MAX_RUNTIME:
        raise InvalidInput("runtime", f"{what} from 1 to {MAX_RUNTIME}, not {minutes}")
    return minutes


def parse_rating(value: str | int | None) -> int | None:
    """A rating from 1 to 10; blank means unrated."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    what = f"must be a whole number from {MIN_RATING} to {MAX_RATING}"
    rating = _whole_number("rating", value, what)
    if not MIN_RATING <= rating <= MAX_RATING:
        raise InvalidInput("rating", f"{what}, not {rating}")
    return rating


def parse_date(value: str | date | None, field: str = "watched") -> date | None:
    """A date written YYYY-MM-DD; blank means none."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise InvalidInput(field, f"must be a date written YYYY-MM-DD, not {value!r}")
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a real date") from None
    if parsed.year < FIRST_FILM_YEAR:
        raise InvalidInput(field, f"{value!r} is before the first film was made")
    return parsed


def parse_name_list(field: str, values: Iterable[str] | str) -> tuple[str, ...]:
    """A list of names (genres, directors, tags): commas separate them in a single string.

    Blank entries are dropped and repeats removed, keeping the first spelling and the order.
    """
    items = values.split(",") if isinstance(values, str) else list(values)
    seen: set[str] = set()
    result: list[str] = []
    for item in items:
        name = _one_line(field, item)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return tuple(result)


def parse_certification(value: str | None) -> str:
    """A certification as printed on the poster (R, PG-13, 12A); free text on one line."""
    return _one_line("certification", value or "")


def parse_author(value: str) -> str:
    """A reviewer's name: one line, not blank."""
    author = _one_line("author", value)
    if not author:
        raise InvalidInput("author", "must not be blank")
    return author


def collect(checks: dict[str, Callable[[], object]]) -> tuple[dict[str, object], dict[str, str]]:
    """Run every check; return the parsed values and a message for each field that failed."""
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, check in checks.items():
        try:
            values[name] = check()
        except InvalidInput as error:
            errors[name] = error.reason
    return values, errors


def film_input(
    *,
    title: str,
    year: str | int | None = None,
    certification: str | None = None,
    runtime: str | int | None = None,
    genres: Iterable[str] | str = (),
    directors: Iterable[str] | str = (),
    synopsis: str | None = None,
) -> FilmInput:
    """Validate raw film details; raise InvalidInput for the first field that is wrong."""
    film, errors = validate_film(
        title=title,
        year=year,
        certification=certification,
        runtime=runtime,
        genres=genres,
        directors=directors,
        synopsis=synopsis,
    )
    if errors:
        field, reason = next(iter(errors.items()))
        raise InvalidInput(field, reason)
    assert film is not None
    return film


def validate_film(
    *,
    title: str,
    year: str | int | None = None,
    certification: str | None = None,
    runtime: str | int | None = None,
    genres: Iterable[str] | str = (),
    directors: Iterable[str] | str = (),
    synopsis: str | None = None,
) -> tuple[FilmInput | None, dict[str, str]]:
    """Validate raw film details, returning the film or a message for every wrong field."""
    values, errors = collect(
        {
            "title": lambda: parse_title(title),
            "year": lambda: parse_year(year),
            "certification": lambda: parse_certification(certification),
            "runtime": lambda: parse_runtime(runtime),
            "genres": lambda: parse_name_list("genres", genres),
            "directors": lambda: parse_name_list("directors", directors),
        }
    )
    if errors:
        return None, errors
    return (
        FilmInput(
            title=str(values["title"]),
            year=_optional_int(values["year"]),
            certification=str(values["certification"]),
            runtime_minutes=_optional_int(values["runtime"]),
            genres=_names(values["genres"]),
            directors=_names(values["directors"]),
            synopsis=(synopsis or "").strip(),
        ),
        {},
    )


def validate_review(
    *,
    author: str,
    rating: str | int | None = None,
    text: str = "",
    watched: str | date | None = None,
    rewatch: bool = False,
    tags: Iterable[str] | str = (),
) -> tuple[ReviewInput | None, dict[str, str]]:
    """Validate raw review fields, returning the review or a message for every wrong field."""
    values, errors = collect(
        {
            "author": lambda: parse_author(author),
            "rating": lambda: parse_rating(rating),
            "watched": lambda: parse_date(watched),
            "tags": lambda: parse_name_list("tags", tags),
        }
    )
    if errors:
        return None, errors
    watched_on = values["watched"]
    return (
        ReviewInput(
            author=str(values["author"]),
            rating=_optional_int(values["rating"]),
            text=text,
            watched_on=watched_on if isinstance(watched_on, date) else None,
            rewatch=rewatch,
            tags=_names(values["tags"]),
        ),
        {},
    )


def review_input(
    *,
    author: str,
    rating: str | int | None = None,
    text: str = "",
    watched: str | date | None = None,
    rewatch: bool = False,
    tags: Iterable[str] | str = (),
) -> ReviewInput:
    """Validate raw review fields; raise InvalidInput for the first field that is wrong."""
    review, errors = validate_review(
        author=author, rating=rating, text=text, watched=watched, rewatch=rewatch, tags=tags
    )
    if errors:
        field, reason = next(iter(errors.items()))
        raise InvalidInput(field, reason)
    assert review is not None
    return review


def _optional_int(value: object) -> int | None:
    """Narrow a parsed optional whole number."""
    return value if isinstance(value, int) else None


def _names(value: object) -> tuple[str, ...]:
    """Narrow a parsed tuple of names."""
    return tuple(str(item) for item in value) if isinstance(value, tuple) else ()
