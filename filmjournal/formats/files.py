"""Writing export files safely: never over an existing file unless asked, never half-written."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from filmjournal.core.errors import ExportError

MAX_SLUG = 80
"""Longest file-name stem an export uses."""


def slug(text: str, fallback: str) -> str:
    """A safe file-name stem: letters, digits and dashes; no separators, no leading dot."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    stem = re.sub(r"[^\w]+|_+", "-", folded).strip("-")[:MAX_SLUG].strip("-")
    return stem or fallback


def write_text(path: Path, text: str, *, force: bool = False) -> Path:
    """Write `text` to `path`; an existing file is replaced only with `force`.

    The text goes to a temporary file first and is renamed into place, so the target is never
    left half-written.
    """
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it")
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".filmjournal-", suffix=".tmp")
    except OSError as error:
        raise ExportError(f"cannot write in {folder}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        if force:
            os.replace(temporary, path)
        else:
            # link() fails if the name was taken meanwhile, so nothing is ever overwritten.
            os.link(temporary, path)
            os.unlink(temporary)
    except FileExistsError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"{path} already exists; use --force to overwrite it") from None
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"cannot write {path}: {error.strerror}") from None
    return path


def unused_path(folder: Path, stem: str, suffix: str) -> Path:
    """`folder/stem.suffix`, or `stem-2.suffix` and so on when that name is taken."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate
