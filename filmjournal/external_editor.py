"""Editing text in the user's own $EDITOR."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from filmjournal.core.errors import FilmJournalError


class EditorFailed(FilmJournalError):
    """The editor did not finish cleanly; `text` is whatever it left behind (None: nothing)."""

    def __init__(self, message: str, text: str | None = None) -> None:
        """Say what went wrong; keep the text the editor wrote, if any."""
        super().__init__(message)
        self.text = text
        """What the editor wrote before it failed, or None."""


def edit_in_editor(text: str) -> str:
    """Let the user edit `text` in $VISUAL or $EDITOR; return what they saved.

    The editor is started with an argument list (no shell) on a temporary file only the user
    can read. When the editor exits with an error, the file is kept, named in the message,
    and its text carried by EditorFailed, so no word typed there is lost. Bytes that are not
    UTF-8 are replaced (and counted in a message) rather than refused.
    """
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="filmjournal-", suffix=".md")
    path = Path(name)
    keep = False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        try:
            result = subprocess.run([*shlex.split(editor), name], check=False)
        except (OSError, ValueError) as error:
            raise EditorFailed(f"cannot start the editor {editor!r}: {error}") from None
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise EditorFailed(
                f"the editor {editor!r} removed its file; the text is as it was"
            ) from None
        written = data.decode("utf-8", errors="replace")
        if result.returncode != 0:
            keep = written != text
            where = f"; what it wrote is kept in {path}" if keep else ""
            raise EditorFailed(
                f"the editor {editor!r} exited with status {result.returncode}{where}",
                written if keep else None,
            )
        bad = written.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
        if bad:
            keep = True
            raise EditorFailed(
                f"the editor wrote {bad} bytes that are not UTF-8; they show as \ufffd, and the"
                f" file is kept in {path}",
                written,
            )
        return written
    finally:
        if not keep:
            path.unlink(missing_ok=True)
