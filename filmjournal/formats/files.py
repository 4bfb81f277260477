"""Writing export files safely: never over an existing file unless asked, never half-written."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from filmjournal.core.errors import ExportError

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


def write_text(path: Path, text: str | Iterable[str], *, force: bool = False) -> Path:
    """Write `text` (or its pieces, as they come) to `path`; an existing file is replaced
    only with `force`, and only if it is a regular file.

    The text goes to a temporary file first and is renamed into place, so the target is never
    left half-written. Where the file system has no hard links (vfat, exFAT, SMB), the name
    is claimed with an exclusive create instead; either way nothing is overwritten unasked.
    """
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it")
    if path.exists() and not path.is_file():
        raise ExportError(f"{path} is not a regular file (a pipe or a device); not replaced")
    folder = path.parent
    if not folder.is_dir():
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
            _publish(temporary, path)
    except FileExistsError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"{path} already exists; use --force to overwrite it") from None
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"cannot write {path}: {error.strerror}") from None
    return path


def _publish(temporary: str, path: Path) -> None:
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


def unused_path(folder: Path, stem: str, suffix: str) -> Path:
    """`folder/stem.suffix`, or `stem-2.suffix` and so on when that name is taken."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate
