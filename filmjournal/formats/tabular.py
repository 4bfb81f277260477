"""Reading CSV exports as people's tools write them: odd encodings, CRLF, rows cited by line."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.text import strip_controls
from filmjournal.core.validation import FIRST_FILM_YEAR, LATEST_YEAR

_YEAR = re.compile(r"[0-9]{4}")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_US_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


class FormatError(FilmJournalError):
    """A file could not be imported: it names the file, the line and what was wrong."""


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without a BOM), else Windows-1252 / Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def rows(text: str, name: str, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row of a CSV as (line number, {column: value}), after checking the header.

    Line numbers are where the row starts in the file, so a multi-line review is cited at its
    first line.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError(f"{name}: the file is empty") from None
    except csv.Error as error:
        raise FormatError(f"{name}:1: not a readable CSV file ({error})") from None
    header = [column.strip() for column in header]
    missing = [column for column in required if column not in header]
    if missing:
        raise FormatError(f"{name}:1: missing column(s) {', '.join(missing)}")
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FormatError(f"{name}:{line}: malformed CSV ({error})") from None
        if values and any(value.strip() for value in values):
            if len(values) > len(header):
                raise FormatError(
                    f"{name}:{line}: {len(values)} fields where the header has {len(header)}"
                )
            yield line, dict(zip(header, values + [""] * (len(header) - len(values)), strict=True))
        line = reader.line_num + 1


def year(value: str, where: str) -> int | None:
    """A year column: blank, or a plausible year."""
    value = value.strip()
    if not value:
        return None
    if not _YEAR.fullmatch(value) or not FIRST_FILM_YEAR <= int(value) <= LATEST_YEAR:
        raise FormatError(f"{where}: Year {value!r} is not a year")
    return int(value)


def day(value: str, where: str, column: str) -> date | None:
    """A date column written YYYY-MM-DD or M/D/YYYY; blank is None."""
    value = value.strip()
    if not value:
        return None
    try:
        if _ISO_DAY.fullmatch(value):
            return date.fromisoformat(value)
        match = _US_DAY.fullmatch(value)
        if match:
            return date(int(match[3]), int(match[1]), int(match[2]))
    except ValueError:
        pass
    raise FormatError(f"{where}: {column} {value!r} is not a date (YYYY-MM-DD or M/D/YYYY)")


def moment(value: str, where: str, column: str) -> datetime | None:
    """A date column as midnight of that day, for created/updated times."""
    found = day(value, where, column)
    return None if found is None else datetime(found.year, found.month, found.day)


def whole(value: str, where: str, column: str, low: int, high: int) -> int | None:
    """A whole-number column within bounds; blank is None."""
    value = value.strip()
    if not value:
        return None
    if not re.fullmatch(r"[0-9]+", value) or not low <= int(value) <= high:
        raise FormatError(f"{where}: {column} {value!r} is not a whole number from {low} to {high}")
    return int(value)


def names(value: str) -> tuple[str, ...]:
    """A comma-separated list of names, blanks dropped, one line each."""
    if not value:
        return ()
    found: list[str] = []
    for part in value.split(","):
        name = one_line(part)
        if name and name not in found:
            found.append(name)
    return tuple(found)


def one_line(value: str) -> str:
    """A title or name squeezed onto one line, without control characters."""
    if value.isprintable() and "  " not in value and value == value.strip():
        return value  # The common case, and the hot one on a large import.
    return " ".join(strip_controls(value).split())
