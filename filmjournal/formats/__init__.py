"""Files in and out of the journal: pure functions over core objects, no TUI.

Importers read a path into an ImportBatch; exporters turn the journal into files. The CLI and
the app both go through `detect`, `read` and `export` here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections import Counter
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
        write_text(path, json_format.chunks(everything), force=force)
        return f"Exported the journal to {path}"
    if format_name == "csv":
        write_text(path, csv_format.chunks(everything), force=force)
        return f"Exported the journal to {path}"
    if format_name == "letterboxd":
        left_out: Counter[str] = Counter()
        write_text(path, letterboxd.chunks(everything, left_out), force=force)
        count = left_out["watchlist"]
        extra = f" (left out {count} watchlist-only films)" if count else ""
        return f"Exported the journal to {path}{extra}"
    raise ExportError(
        f"unknown export format {format_name!r}; use one of {', '.join(EXPORT_FORMATS)}"
    )


def _write_folder(pages: Iterable[tuple[str, str, Film]], folder: Path, *, force: bool) -> str:
    """Write pages and their index into `folder`, which must be new or empty unless `force`.

    A new folder is written under a temporary name beside it and renamed into place when
    complete, so a failure (a name the file system refuses, a full disk) leaves nothing
    behind and a second try starts clean.
    """
    from filmjournal.formats import files
    from filmjournal.formats.markdown import INDEX_HEADING, index_line

    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; give a folder for a Markdown export")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ExportError(f"{folder} is not empty; use --force to write into it")
    fresh = not folder.exists()
    try:
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = (
            Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name[:40]}-"))
            if fresh
            else folder
        )
    except OSError as error:
        raise ExportError(f"cannot create {folder}: {error.strerror}") from None
    count = 0
    try:
        with (target / "index.md").open("w", encoding="utf-8", newline="\n") as index:
            index.write(INDEX_HEADING)
            for stem, page, film in pages:
                if "/" in stem or stem.startswith("."):  # Names are slugs; a guard all the same.
                    raise ExportError(f"refusing to write {stem!r} outside {folder}")
                # Unique against the folder itself (which knows whether it ignores case), so
                # no list of names grows with the journal.
                path = files.unused_path(target, stem, ".md")
                files.write_text(path, page, force=force)
                index.write(index_line(film, path.name) + "\n")
                count += 1
        if fresh:
            os.rename(target, folder)
    except (ExportError, OSError) as error:
        if fresh:
            shutil.rmtree(target, ignore_errors=True)
        if isinstance(error, ExportError):
            raise
        raise ExportError(f"cannot write {folder}: {error.strerror}; nothing was left") from None
    return f"Exported {count} films to {folder} (open index.md)"
