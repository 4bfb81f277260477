"""The formats, gathered from their modules: each declares its names, how to recognise its
files, and its reader or writer in a `FORMATS` tuple, as jrnl's plugins do. Adding a format
is one new module in this package."""

from __future__ import annotations

import functools
import importlib
import pkgutil
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from filmjournal.core.importing import ImportBatch
from filmjournal.core.models import FilmRecord

Everything = Iterable[FilmRecord]
"""Every film with its reviews and lists, as FilmStore.everything() gives them."""


@dataclass(frozen=True)
class Sample:
    """What detection looks at: whether the path is a folder or a ZIP, and its first text."""

    path: Path
    """The file or folder."""
    archive: bool
    """A folder or a ZIP file (an account export)."""
    text: str
    """The first few kilobytes, decoded leniently, without a byte-order mark."""

    @property
    def first_line(self) -> str:
        """The first line (a CSV's header)."""
        return self.text.splitlines()[0] if self.text else ""

    @functools.cached_property
    def columns(self) -> set[str]:
        """A CSV header's column names."""
        return {column.strip().strip('"') for column in self.first_line.split(",")}

    @classmethod
    def of(cls, path: Path) -> Sample:
        """Look at `path` (a regular file or a folder; nothing else is opened)."""
        if path.is_dir():
            return cls(path, True, "")
        from filmjournal.formats.reading import regular_file

        if zipfile.is_zipfile(regular_file(path)):
            return cls(path, True, "")
        with path.open("rb") as handle:
            head = handle.read(4096)
        return cls(path, False, head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n"))


@dataclass(frozen=True)
class Format:
    """One format: its name, what it is, and what filmjournal can do with it."""

    name: str
    """The name `--format` takes."""
    about: str
    """What it is, in a few words."""
    recognises: Callable[[Sample], bool] | None = None
    """Whether a file is in this format (None: it is never guessed)."""
    read: Callable[[Path], ImportBatch] | None = None
    """Reads a file of it (None: it cannot be imported)."""
    write: Callable[[Everything, Path, bool], str] | None = None
    """Writes the journal to a path, replacing what is there only when told; returns what
    was written, in words (None: it cannot be exported)."""


@functools.cache
def known() -> tuple[Format, ...]:
    """Every format the package's modules declare, in module order."""
    import filmjournal.formats as package

    found: list[Format] = []
    for module in pkgutil.iter_modules(package.__path__):
        declared = getattr(
            importlib.import_module(f"{package.__name__}.{module.name}"), "FORMATS", ()
        )
        found.extend(declared)
    return tuple(found)


def importers() -> list[Format]:
    """The formats `import` reads."""
    return [kind for kind in known() if kind.read is not None]


def exporters() -> list[Format]:
    """The formats `export --all` writes."""
    return [kind for kind in known() if kind.write is not None]
