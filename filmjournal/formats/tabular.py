"""Reading CSV exports as people's tools write them: odd encodings, CRLF, rows cited by line."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from filmjournal.core.errors import FormatError
from filmjournal.core.text import strip_controls
from filmjournal.core.validation import FIRST_FILM_YEAR, LATEST_YEAR

_YEAR = re.compile(r"[0-9]{4}")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_US_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
"""A character of more than one byte, correctly written in UTF-8."""


def decode(data: bytes, name: str = "the file") -> str:
    """Text from bytes: UTF-8 (with or without a BOM); Windows-1252 only for a file that is
    not UTF-8 anywhere (an old IMDb export). A UTF-8 file with a stray byte is an error that
    names the line, never read whole as Windows-1252 (which would garble every accent and
    CJK title in it)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _UTF8_SEQUENCE.search(data):
            line = data[: error.start].count(b"\n") + 1
            raise FormatError(
                f"{name}:{line}: byte 0x{data[error.start]:02x} is not UTF-8, though the rest"
                " of the file is; save the file as UTF-8 and import it again"
            ) from None
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


FIELD_LIMIT = 256 * 1024 * 1024
"""The longest field a CSV may hold (the csv module's own limit, 128 KB, is shorter than
reviews the journal accepts, so our own exports would not come back in)."""


def csv_reader(text: str, *, strict: bool = True) -> Any:
    """A csv reader over `text` that takes fields as long as a review can be."""
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    return csv.reader(io.StringIO(text, newline=""), strict=strict)


def rows(text: str, name: str, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row of a CSV as (line number, {column: value}), after checking the header.

    Line numbers are where the row starts in the file, so a multi-line review is cited at its
    first line.
    """
    reader = csv_reader(text)
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
    found: date | None = None
    try:
        if _ISO_DAY.fullmatch(value):
            found = date.fromisoformat(value)
        elif match := _US_DAY.fullmatch(value):
            found = date(int(match[3]), int(match[1]), int(match[2]))
    except ValueError:
        pass
    if found is None:
        raise FormatError(f"{where}: {column} {value!r} is not a date (YYYY-MM-DD or M/D/YYYY)")
    if found.year < FIRST_FILM_YEAR:
        raise FormatError(f"{where}: {column} {value!r} is before the first film was made")
    return found


def moment(value: str, where: str, column: str) -> datetime | None:
    """A date column as midnight of that day, for created/updated times."""
    found = day(value, where, column)
    return None if found is None else datetime(found.year, found.month, found.day)


def whole(value: str, where: str, column: str, low: int, high: int) -> int | None:
    """A whole-number column within bounds; blank is None."""
    value = value.strip()
    if not value:
        return None
    # ASCII digits only, and few of them: "³" is a digit to Python, and int() refuses
    # numbers of more than 4,300 digits with an error of its own.
    if not re.fullmatch(r"[0-9]{1,9}", value) or not low <= int(value) <= high:
        shown = value if len(value) <= 20 else value[:20] + "…"
        raise FormatError(f"{where}: {column} {shown!r} is not a whole number from {low} to {high}")
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
