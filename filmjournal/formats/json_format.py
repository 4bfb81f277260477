"""filmjournal's own JSON: the whole journal, losslessly, to move it between machines."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import Field, asdict, fields
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from filmjournal.core.errors import FormatError, InvalidInput
from filmjournal.core.fields import kind, plain
from filmjournal.core.importing import (
    FILM_EXTRAS,
    FILM_FIELDS,
    ImportBatch,
    ImportedFilm,
    ImportedReview,
)
from filmjournal.core.models import FilmInput, FilmRecord, ListEntry
from filmjournal.core.text import json_text
from filmjournal.core.validation import check, parse_date
from filmjournal.formats.files import write_text
from filmjournal.formats.reading import read_bytes
from filmjournal.formats.registry import Everything, Format
from filmjournal.formats.tabular import one_line

T = TypeVar("T")

FORMAT = "filmjournal"
"""The value of the "format" key."""
VERSION = 1
"""The version of this layout; readers refuse newer ones."""


def write(
    everything: Iterable[FilmRecord],
    *,
    exported_at: datetime | None = None,
) -> str:
    """The journal as JSON text."""
    return "".join(chunks(everything, exported_at=exported_at))


def chunks(
    everything: Iterable[FilmRecord],
    *,
    exported_at: datetime | None = None,
) -> Iterator[str]:
    """The journal as JSON text, a film at a time: memory does not grow with the journal."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _time(exported_at or datetime.now(UTC).replace(microsecond=0)),
    }
    yield json_text(json.dumps(head, ensure_ascii=False, indent=2))[:-2] + ',\n  "films": ['
    separator = "\n"
    for record in everything:
        block = json.dumps(_film(record), ensure_ascii=False, indent=2)
        yield separator + json_text(block).replace("\n", "\n    ").join(("    ", ""))
        separator = ",\n"
    yield "\n  ]\n}\n"


def _film(record: FilmRecord) -> dict[str, Any]:
    """One film with its reviews and lists, as the export holds it: every field but the
    summaries a journal works out for itself."""
    return {
        **plain(record.film, summaries=False),
        "lists": [asdict(entry) for entry in record.lists],
        "reviews": [
            {key: value for key, value in plain(review).items() if key != "film_id"}
            for review in record.reviews
        ],
    }


def _time(value: datetime | None) -> str | None:
    """A timestamp as ISO text."""
    return value.isoformat(timespec="seconds") if value else None


class _Reader:
    """Checks fields as it reads them, naming the film at fault."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, message: str) -> FormatError:
        return FormatError(f"{self.name}: {where}: {message}")

    def field(
        self,
        data: dict[str, Any],
        key: str,
        kind: type | tuple[type, ...],
        where: str,
        default: Any = None,
    ) -> Any:
        value = data.get(key, default)
        if value is None and default is None:
            return None
        if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
            raise self.fail(where, f"{key} should be {getattr(kind, '__name__', kind)}")
        return value

    def strings(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(where, f"{key} should be a list of text")
        cleaned: list[str] = []
        for item in value:  # One line each, as typed names are; blanks and repeats dropped.
            name = one_line(item)
            if name and name not in cleaned:
                cleaned.append(name)
        return tuple(cleaned)

    def checked(self, parse: Callable[[Any], T], value: Any, where: str) -> T:
        """A value checked as the same field typed in the app would be."""
        if isinstance(value, bool) or not isinstance(value, int | str | type(None)):
            value = repr(value)
        try:
            return parse(value)
        except InvalidInput as error:
            raise self.fail(where, str(error)) from None

    def day(self, value: Any, where: str) -> date | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(where, f"{value!r} is not a date")
        return self.checked(parse_date, value, where)

    def moment(self, value: Any, where: str) -> datetime | None:
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(where, f"{value!r} is not a time") from None

    def position(self, value: Any, where: str) -> int | None:
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 1_000_000:
            shown = repr(value) if len(repr(value)) < 30 else repr(value)[:30] + "…"
            raise self.fail(where, f"list position {shown} is not a whole number from 1")
        return value

    def rating(self, value: Any, where: str) -> int | None:
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10:
            raise self.fail(where, f"rating {value!r} is not a whole number from 1 to 10")
        return value

    def value(self, data: dict[str, Any], item: Field[Any], where: str) -> Any:
        """Field `item` of an object, checked as its kind and its rule ask."""
        raw, field_kind = data.get(item.name), kind(item)
        if field_kind == "names":
            return self.strings(data, item.name, where)
        if field_kind == "flag":
            return self.field(data, item.name, bool, where, False)
        if field_kind == "date":
            return self.day(raw, where)
        if field_kind == "time":
            return self.moment(raw, where)
        if field_kind == "number":
            return self.checked(partial(check, item), raw, where)
        return self.field(data, item.name, str, where, "" if item.default == "" else None)

    def review(self, data: Any, where: str) -> ImportedReview:
        if not isinstance(data, dict):
            raise self.fail(where, "a review should be an object")
        return ImportedReview(
            **{f.name: self.value(data, f, where) for f in fields(ImportedReview)}
        )

    def film(self, data: Any, index: int) -> ImportedFilm:
        where = f"film {index + 1}"
        if not isinstance(data, dict):
            raise self.fail(where, "a film should be an object")
        title = data.get("title")
        if not isinstance(title, str) or not one_line(title):
            raise self.fail(where, "title is missing or blank")
        where = f"film {index + 1} ({one_line(title)!r})"
        details = {f.name: self.value(data, f, where) for f in fields(FilmInput)}
        details["title"] = one_line(title)
        lists = data.get("lists") or []
        if not isinstance(lists, list):
            raise self.fail(where, "lists should be a list")
        return ImportedFilm(
            details=FilmInput(**details),
            id=self.value(data, FILM_FIELDS["id"], where),
            **{name: self.value(data, FILM_FIELDS[name], where) for name in FILM_EXTRAS},
            reviews=tuple(
                self.review(review, f"{where}, review {i + 1}")
                for i, review in enumerate(data.get("reviews") or [])
            ),
            lists=tuple(
                ListEntry(
                    name=self.field(entry, "name", str, where, ""),
                    position=self.position(entry.get("position"), where),
                    note=self.field(entry, "note", str, where, ""),
                    description=self.field(entry, "description", str, where, ""),
                )
                for entry in lists
                if isinstance(entry, dict)
            ),
        )


def read(path: Path) -> ImportBatch:
    """A filmjournal JSON export."""
    try:
        document = json.loads(read_bytes(path))
        # A lone surrogate ("\ud800") is valid JSON but not text any file or database holds.
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        raise FormatError(f"{path.name}: nested too deeply to be a filmjournal export") from None
    except UnicodeEncodeError:
        raise FormatError(
            f"{path.name}: holds text that is not valid Unicode (a lone surrogate escape)"
        ) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise FormatError(f"{path.name}: not valid JSON ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FormatError(f'{path.name}: not a filmjournal export (no "format": "{FORMAT}")')
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise FormatError(
            f"{path.name}: written by a newer filmjournal (version {version}); upgrade to read it"
        )
    films = document.get("films")
    if not isinstance(films, list):
        raise FormatError(f'{path.name}: "films" should be a list')
    reader = _Reader(path.name)
    return ImportBatch(source="json", films=[reader.film(f, i) for i, f in enumerate(films)])


def _export(everything: Everything, path: Path, force: bool) -> str:
    """Write the journal as JSON to `path`."""
    write_text(path, chunks(everything), force=force)
    return f"Exported the journal to {path}"


FORMATS = (
    Format(
        "json",
        "filmjournal JSON",
        recognises=lambda sample: sample.text.startswith("{"),
        read=read,
        write=_export,
    ),
)
"""What this module reads and writes: everything, losslessly."""
