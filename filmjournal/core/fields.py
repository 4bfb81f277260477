"""A record's fields, read from its dataclass: the one list every reader and writer iterates.

A field's kind comes from its type ("int | None" is a number, "tuple[str, ...]" a list of
names); its metadata (set with `detail`) gives the words people see: a form label, a hint,
a command-line option. Rows, JSON, CSV, front matter, forms and options are made from here,
so a new field is a dataclass line and a migration.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import Field, field, fields
from datetime import date, datetime
from typing import Any

KINDS = {
    "str": "text",
    "str | None": "text",
    "int": "number",
    "int | None": "number",
    "float | None": "decimal",
    "bool": "flag",
    "tuple[str, ...]": "names",
    "date | None": "date",
    "datetime | None": "time",
}
"""Each field type, by how it is written, and its kind."""


def detail(
    default: Any = None,
    *,
    label: str = "",
    hint: str = "",
    name: str = "",
    option: str = "",
    about: str = "",
    long: bool = False,
    summary: bool = False,
    bounds: tuple[int, int] = (-(2**63), 2**63 - 1),
) -> Any:
    """A dataclass field with the words people see for it.

    `label` and `hint` are the form's; `name` is what messages call it ("runtime" for
    runtime_minutes); `option` and `about` are the command line's (`option` is the singular
    for lists: "genre" for genres); `long` text gets a text area; a `summary`
    is worked out by the store from other rows, never written from outside; a number read
    back outside `bounds` (a hand edit) reads as unknown.
    """
    metadata: dict[str, Any] = {"label": label, "hint": hint, "name": name}
    metadata["option"] = option or name
    metadata |= {"about": about, "long": long}
    return field(default=default, metadata={**metadata, "summary": summary, "bounds": bounds})


def kind(item: Field[Any]) -> str:
    """What sort of value a field holds: text, number, decimal, flag, names, date or time."""
    return KINDS[str(item.type)]


def record_fields(cls: type, *, summaries: bool = True) -> list[Field[Any]]:
    """The fields of a record class, in declaration order; without summaries if asked."""
    return [f for f in fields(cls) if summaries or not f.metadata.get("summary")]


def shown_name(item: Field[Any]) -> str:
    """What people call a field: "runtime" for runtime_minutes."""
    return str(item.metadata.get("name") or item.name)


def editable(cls: type) -> list[Field[Any]]:
    """The fields a person types into the form and the command line."""
    return [f for f in fields(cls) if f.metadata.get("label")]


def to_plain(value: Any, field_kind: str) -> Any:
    """A value as JSON holds it: lists for names, ISO text for dates and times."""
    if value is None:
        return None
    if field_kind == "names":
        return list(value)
    if field_kind == "date":
        return value.isoformat()
    if field_kind == "time":
        return value.isoformat(timespec="seconds")
    if field_kind == "decimal":
        return round(value, 2)
    return value


def plain(record: Any, *, summaries: bool = True) -> dict[str, Any]:
    """A record as a JSON object, field by field."""
    return {
        f.name: to_plain(getattr(record, f.name), kind(f))
        for f in record_fields(type(record), summaries=summaries)
    }


_JSON = json.JSONEncoder(ensure_ascii=False)
"""Names as the table stores them (made once: json.dumps with options builds one per call)."""


def to_column(value: Any, field_kind: str) -> Any:
    """A value as the journal's table stores it."""
    if field_kind == "names":
        return _names_column(value)
    if field_kind == "flag":
        return int(bool(value))
    return to_plain(value, field_kind)


def _names_column(value: Any) -> str:
    """Names as the table stores them: a JSON list (most films of an import have none)."""
    return _JSON.encode(list(value)) if value else "[]"


def columns(record: Any, names: Iterable[Field[Any]]) -> dict[str, Any]:
    """The table columns of `record` for the fields `names`."""
    return {f.name: _column_of(f)(getattr(record, f.name)) for f in names}


@functools.cache
def _column_of(item: Field[Any]) -> Callable[[Any], Any]:
    """How a field's value becomes its column, worked out once per field (an import calls
    it for every field of every row)."""
    field_kind = kind(item)
    if field_kind == "names":
        return _names_column
    if field_kind in ("flag", "text", "number"):
        return (lambda value: int(bool(value))) if field_kind == "flag" else _same
    return functools.partial(to_column, field_kind=field_kind)


def _same(value: Any) -> Any:
    """A value the table stores as it is."""
    return value


def to_cell(value: Any, field_kind: str) -> Any:
    """A value as a spreadsheet cell: names joined by "; ", flags as "yes", None as blank."""
    if value is None:
        return ""
    if field_kind == "names":
        return "; ".join(value)
    if field_kind == "flag":
        return "yes" if value else ""
    return to_plain(value, field_kind)


def as_typed(value: Any, field_kind: str) -> str:
    """A value as a person would type it into a one-line field: names joined by ", "."""
    if value is None:
        return ""
    if field_kind == "names":
        return ", ".join(value)
    return str(to_plain(value, field_kind))


# Reading a column is tolerant: a row edited by hand in sqlite3 or Datasette is shown as best
# it can be, never a crash; `filmjournal check` names what is wrong with it.


def _names(value: Any) -> tuple[str, ...]:
    """A JSON list of names; a row edited by hand may hold plain text ("Crime, Drama")."""
    if not value:
        return ()
    try:
        found = json.loads(value)
    except (TypeError, ValueError):
        found = str(value).split(",")
    if not isinstance(found, list):
        found = [found]
    return tuple(name for name in (str(item).strip() for item in found) if name)


def _day(value: Any) -> date | None:
    """A YYYY-MM-DD date, or None for anything else ("yesterday")."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _moment(value: Any) -> datetime | None:
    """An ISO time, or None for anything else."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def from_column(value: Any, item: Field[Any]) -> Any:
    """A stored value read back for field `item`, whatever a hand edit left there."""
    field_kind = kind(item)
    if field_kind == "names":
        return _names(value)
    if field_kind == "date":
        return _day(value)
    if field_kind == "time":
        return _moment(value)
    if field_kind == "flag":
        return bool(value)
    if field_kind == "decimal":
        return float(value) if isinstance(value, int | float) else None
    if field_kind == "number":
        low, high = item.metadata.get("bounds", (-(2**63), 2**63 - 1))
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        return None if "None" in str(item.type) else 0
    if value is None:
        return None if "None" in str(item.type) else ""
    return str(value)


def from_row(cls: type, row: dict[str, Any]) -> Any:
    """A record of `cls` from a table row that holds its fields' columns."""
    return cls(**{f.name: from_column(row[f.name], f) for f in fields(cls) if f.name in row})
