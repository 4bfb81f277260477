"""Turning what a person typed into domain values, with a clear message when it is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, Field
from datetime import date
from typing import Any, TypeVar

from filmjournal.core.errors import InvalidInput
from filmjournal.core.fields import editable, kind, shown_name
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


def _bounded(field: str, value: str | int | None, what: str, low: int, high: int) -> int | None:
    """A whole number from `low` to `high` described as `what`; blank means unknown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _whole_number(field, value, what)
    if not low <= number <= high:
        raise InvalidInput(field, f"{what}, not {number}")
    return number


def parse_year(value: str | int | None) -> int | None:
    """A year of release between 1870 and a decade from now; blank means unknown."""
    what = f"must be a year from {FIRST_FILM_YEAR} to {LATEST_YEAR}"
    return _bounded("year", value, what, FIRST_FILM_YEAR, LATEST_YEAR)


def parse_runtime(value: str | int | None) -> int | None:
    """A running time in whole minutes; blank means unknown."""
    what = f"must be a whole number of minutes from 1 to {MAX_RUNTIME}"
    return _bounded("runtime", value, what, 1, MAX_RUNTIME)


def parse_rating(value: str | int | None) -> int | None:
    """A rating from 1 to 10; blank means unrated."""
    what = f"must be a whole number from {MIN_RATING} to {MAX_RATING}"
    return _bounded("rating", value, what, MIN_RATING, MAX_RATING)


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


def parse_whole_number(field: str, value: str | int | None) -> int | None:
    """Any whole number; blank means unknown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _whole_number(field, value, "must be a whole number")


CHECKS: dict[str, Callable[[Any], Any]] = {
    "title": parse_title,
    "year": parse_year,
    "certification": parse_certification,
    "runtime_minutes": parse_runtime,
    "synopsis": lambda value: (value or "").strip(),
    "author": parse_author,
    "rating": parse_rating,
    "watched_on": parse_date,
}
"""Fields with a rule of their own; every other field is checked by its kind."""


def check(item: Field[Any], value: Any) -> Any:
    """What a person typed into field `item`, as its value, or InvalidInput naming it."""
    special = CHECKS.get(item.name)
    if special is not None:
        return special(value)
    name, field_kind = shown_name(item), kind(item)
    if field_kind == "names":
        return parse_name_list(name, value if value is not None else ())
    if field_kind == "flag":
        return bool(value)
    if field_kind == "number":
        return parse_whole_number(name, value)
    if field_kind == "date":
        return parse_date(value, name)
    if item.metadata.get("long"):
        return value or ""
    return _one_line(name, value or "")


R = TypeVar("R")


def validate(cls: type[R], raw: Mapping[str, Any]) -> tuple[R | None, dict[str, str]]:
    """Check each field a person edits in `raw` (keyed by field name or by what people call
    it: "runtime"); return the record, or a message for every wrong field by that name."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for item in editable(cls):
        name = shown_name(item)
        given = raw.get(item.name, raw.get(name))
        if given is None and item.default is not MISSING and item.name not in CHECKS:
            values[item.name] = item.default
            continue
        try:
            values[item.name] = check(item, given)
        except InvalidInput as error:
            errors[name] = error.reason
    if errors:
        return None, errors
    return cls(**values), {}


def _first_error(cls: type[R], raw: Mapping[str, Any]) -> R:
    """The record, or InvalidInput for the first wrong field."""
    record, errors = validate(cls, raw)
    if record is None:
        field, reason = next(iter(errors.items()))
        raise InvalidInput(field, reason)
    return record


def validate_film(**raw: Any) -> tuple[FilmInput | None, dict[str, str]]:
    """Validate raw film details, returning the film or a message for every wrong field."""
    return validate(FilmInput, raw)


def film_input(**raw: Any) -> FilmInput:
    """Validate raw film details; raise InvalidInput for the first field that is wrong."""
    return _first_error(FilmInput, raw)


def validate_review(**raw: Any) -> tuple[ReviewInput | None, dict[str, str]]:
    """Validate raw review fields, returning the review or a message for every wrong field."""
    return validate(ReviewInput, raw)


def review_input(**raw: Any) -> ReviewInput:
    """Validate raw review fields; raise InvalidInput for the first field that is wrong."""
    return _first_error(ReviewInput, raw)
