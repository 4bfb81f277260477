"""Files in and out of the journal: pure functions over core objects, no TUI.

Importers read a path into an ImportBatch; exporters turn the journal into files. The CLI and
the app both go through `detect`, `read` and `export` here.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from filmjournal.core.errors import ExportError
from filmjournal.core.importing import ImportBatch, ListEntry
from filmjournal.core.models import Film, Review
from filmjournal.formats.tabular import FormatError

Everything = Iterable[tuple[Film, list[Review], list[ListEntry]]]
"""Every film with its reviews and lists, as FilmStore.everything() gives them."""

IMPORT_FORMATS = ("letterboxd", "letterboxd-csv", "imdb", "json")
"""Formats `filmjournal import` reads."""
EXPORT_FORMATS = ("json", "letterboxd", "markdown", "csv")
"""Formats `filmjournal export --all` writes."""


def detect(path: Path) -> str:
    """Which import format a file or folder is, from its content."""
    if not path.exists():
        raise FormatError(f"{path}: no such file or folder")
    if path.is_dir():
        return "letterboxd"
    from filmjournal.formats.reading import regular_file

    if zipfile.is_zipfile(regular_file(path)):
        return "letterboxd"
    with path.open("rb") as handle:
        head = handle.read(4096)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        return "json"
    first = text.splitlines()[0] if text else ""
    columns = {column.strip().strip('"') for column in first.split(",")}
    if "Const" in columns and ("Title Type" in columns or "Your Rating" in columns):
        return "imdb"
    if (
        "Letterboxd URI" in columns
        or first.startswith("Letterboxd list export")
        or {"Date", "Name", "Tags", "URL"} <= columns
    ):
        return "letterboxd"
    if "Title" in columns and columns & {"Rating10", "WatchedDate", "Rating", "Review"}:
        return "letterboxd-csv"
    raise FormatError(
        f"{path.name}: not a format filmjournal knows (Letterboxd export, IMDb CSV, "
        "filmjournal JSON); name one with --format"
    )


def read(path: Path, format_name: str | None = None) -> ImportBatch:
    """Read an export into an ImportBatch, detecting its format unless one is named."""
    name = format_name or detect(path)
    readers: dict[str, Callable[[Path], ImportBatch]]
    from filmjournal.formats import imdb, json_format, letterboxd

    readers = {
        "letterboxd": letterboxd.read,
        "letterboxd-csv": letterboxd.read_import_csv,
        "imdb": imdb.read,
        "json": json_format.read,
    }
    if name not in readers:
        raise FormatError(f"unknown import format {name!r}; use one of {', '.join(readers)}")
    try:
        return readers[name](path)
    except OSError as error:
        raise FormatError(f"{path}: cannot read it ({error.strerror})") from None
    except zipfile.BadZipFile as error:
        raise FormatError(f"{path}: a damaged ZIP file ({error})") from None


def export(everything: Everything, format_name: str, path: Path, *, force: bool = False) -> str:
    """Write the whole journal to `path` in a format; return what was written, in words.

    A file or folder that exists is only replaced with `force`; nothing is written outside
    `path`, whatever the titles contain.
    """
    from filmjournal.formats import csv_format, json_format, letterboxd, markdown
    from filmjournal.formats.files import write_text

    if format_name == "markdown":
        return _write_folder(markdown.folder_pages(everything), path, force=force)
    if format_name == "json":
        write_text(path, json_format.write(everything), force=force)
        return f"Exported the journal to {path}"
    if format_name == "csv":
        write_text(path, csv_format.write(everything), force=force)
        return f"Exported the journal to {path}"
    if format_name == "letterboxd":
        text, left_out = letterboxd.write(everything)
        write_text(path, text, force=force)
        extra = f" (left out {left_out} watchlist-only films)" if left_out else ""
        return f"Exported the journal to {path}{extra}"
    raise ExportError(
        f"unknown export format {format_name!r}; use one of {', '.join(EXPORT_FORMATS)}"
    )


def _write_folder(pages: list[tuple[str, str]], folder: Path, *, force: bool) -> str:
    """Write pages into `folder`, which must be new or empty unless `force`."""
    from filmjournal.formats.files import write_text

    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; give a folder for a Markdown export")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ExportError(f"{folder} is not empty; use --force to write into it")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create {folder}: {error.strerror}") from None
    root = folder.resolve()
    for name, page in pages:
        target = (folder / name).resolve()
        if target.parent != root:  # Names are slugs; this guards the promise all the same.
            raise ExportError(f"refusing to write {name!r} outside {folder}")
        write_text(target, page, force=force)
    return f"Exported {len(pages) - 1} films to {folder} (open index.md)"
