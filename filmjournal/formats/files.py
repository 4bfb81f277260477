"""Writing export files safely: never over an existing file unless asked, never half-written."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from filmjournal.core.errors import ExportError

P = TypeVar("P", str, Path)
"""A path as text or as a Path; what goes in comes back out."""

MAX_SLUG = 80
"""Longest file-name stem an export uses."""


MAX_SLUG_BYTES = 120
"""Longest file-name stem in bytes: file systems cap names at 255 bytes, not characters."""
RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{kind}{n}" for kind in ("com", "lpt") for n in "123456789"
}
"""Names Windows refuses for a file, whatever follows the dot."""


def slug(text: str, fallback: str) -> str:
    """A safe file-name stem: letters, digits and dashes; no separators, no leading dot; at
    most MAX_SLUG characters and MAX_SLUG_BYTES bytes; never a name Windows reserves."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    stem = re.sub(r"[^\w]+|_+", "-", folded).strip("-")[:MAX_SLUG].strip("-")
    while len(stem.encode("utf-8")) > MAX_SLUG_BYTES:
        stem = stem[:-1].rstrip("-")
    if stem.split(".")[0] in RESERVED:
        stem = f"{stem}-film"
    return stem or fallback


def write_text(path: P, text: str | Iterable[str], *, force: bool = False) -> P:
    """Write `text` (or its pieces, as they come) to `path`; an existing file is replaced
    only with `force`, and only if it is a regular file.

    The text goes to a temporary file first and is renamed into place, so the target is never
    left half-written. Where the file system has no hard links (vfat, exFAT, SMB), the name
    is claimed with an exclusive create instead; either way nothing is overwritten unasked.
    A path given as text stays text: an export of many pages makes no Path objects, whose
    parts Python interns for good.
    """
    if os.path.isdir(path):
        raise ExportError(f"{path} is a folder; give a file name")
    if os.path.lexists(path) and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it")
    if os.path.lexists(path) and not os.path.isfile(path):
        raise ExportError(f"{path} is not a regular file (a pipe or a device); not replaced")
    folder = os.path.dirname(os.fspath(path)) or "."
    if not os.path.isdir(folder):
        raise ExportError(f"the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".filmjournal-", suffix=".tmp")
    except OSError as error:
        raise ExportError(f"cannot write in {folder}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            for piece in [text] if isinstance(text, str) else text:
                stream.write(piece)
        if force:
            os.replace(temporary, path)
        else:
            publish(temporary, path)
    except FileExistsError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"{path} already exists; use --force to overwrite it") from None
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"cannot write {path}: {error.strerror}") from None
    return path


def publish(temporary: str, path: str | Path) -> None:
    """Give the written file its name, failing (FileExistsError) if the name is taken."""
    try:
        # link() fails if the name was taken meanwhile, so nothing is ever overwritten.
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here: claim the name with an exclusive create, then fill it.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def unused_path(folder: P, stem: str, suffix: str) -> P:
    """`folder/stem.suffix`, or `stem-2.suffix` and so on when that name is taken (text for
    a folder given as text)."""
    name, number = f"{stem}{suffix}", 2
    while os.path.lexists(os.path.join(folder, name)):
        name, number = f"{stem}-{number}{suffix}", number + 1
    joined = os.path.join(folder, name)
    return Path(joined) if isinstance(folder, Path) else joined


@contextlib.contextmanager
def new_folder(folder: Path, force: bool, what: str) -> Iterator[Path]:
    """A folder to write an export into; `folder` must be new or empty unless `force`.

    A new folder is written under a temporary name beside it and renamed into place when
    the block ends, so a failure (a name the file system refuses, a full disk) leaves
    nothing behind and a second try starts clean.
    """
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; give a folder for {what}")
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
    try:
        yield target
        if fresh:
            os.rename(target, folder)
    except (ExportError, OSError) as error:
        if fresh:
            shutil.rmtree(target, ignore_errors=True)
        if isinstance(error, ExportError):
            raise
        raise ExportError(f"cannot write {folder}: {error.strerror}; nothing was left") from None
