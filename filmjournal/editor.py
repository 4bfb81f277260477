"""Editing text in the user's own $EDITOR."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from filmjournal.core.errors import FilmJournalError


def edit_in_editor(text: str) -> str:
    """Let the user edit `text` in $VISUAL or $EDITOR; return what they saved.

    The editor is started with an argument list (no shell) on a temporary file only the user
    can read, which is removed afterwards.
    """
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="filmjournal-", suffix=".md")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        try:
            result = subprocess.run([*shlex.split(editor), name], check=False)
        except OSError as error:
            raise FilmJournalError(f"cannot start the editor {editor!r}: {error}") from None
        if result.returncode != 0:
            raise FilmJournalError(f"the editor {editor!r} exited with {result.returncode}")
        return Path(name).read_text(encoding="utf-8")
    finally:
        os.unlink(name)
