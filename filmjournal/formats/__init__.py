"""Files in and out of the journal: pure functions over core objects, no TUI.

Importers read a path into an ImportBatch; exporters turn the journal into files. Each
format's module declares it (see `registry`); the CLI and the app go through `detect`,
`read` and `export` here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from filmjournal.core.errors import ExportError, FormatError
from filmjournal.core.importing import ImportBatch
from filmjournal.formats.registry import Everything, Sample, exporters, importers


def detect(path: Path) -> str:
    """Which import format a file or folder is, from its content."""
    if not path.exists():
        raise FormatError(f"{path}: no such file or folder")
    sample = Sample.of(path)
    for kind in importers():
        if kind.recognises is not None and kind.recognises(sample):
            return kind.name
    names = ", ".join(kind.about for kind in importers() if kind.recognises is not None)
    raise FormatError(
        f"{path.name}: not a format filmjournal knows ({names}); name one with --format"
    )


def read(path: Path, format_name: str | None = None) -> ImportBatch:
    """Read an export into an ImportBatch, detecting its format unless one is named."""
    name = format_name or detect(path)
    readers = {kind.name: kind.read for kind in importers() if kind.read is not None}
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
    writers = {kind.name: kind.write for kind in exporters() if kind.write is not None}
    if format_name not in writers:
        raise ExportError(f"unknown export format {format_name!r}; use one of {', '.join(writers)}")
    return writers[format_name](everything, path, force)
