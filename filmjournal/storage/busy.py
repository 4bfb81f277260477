"""Telling other writers why the journal is busy, and for how long.

An import holds the journal's write lock from start to end (it is all or nothing), and other
writers give up after the busy timeout. So while it runs, an import keeps a small note beside
the journal (`journal.db.importing`) with its progress; a writer that finds the journal
locked reads it and says what is writing and about how long is left.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

EVERY_SECONDS = 0.5
"""How often the note is rewritten while an import runs."""


def note_path(journal: Path) -> Path:
    """The note beside `journal`."""
    return journal.with_name(journal.name + ".importing")


@contextlib.contextmanager
def import_note(journal: Path | None) -> Iterator[Callable[[int, int], None]]:
    """While the block runs, keep a note of the import's progress; yields the reporter."""
    if journal is None:
        yield lambda done, total: None
        return
    path = note_path(journal)
    started = time.time()
    written = 0.0

    def report(done: int, total: int) -> None:
        nonlocal written
        now = time.time()
        if now - written < EVERY_SECONDS and done < total:
            return
        written = now
        note = {"pid": os.getpid(), "started": started, "done": done, "total": total}
        with contextlib.suppress(OSError):
            temporary = path.with_name(path.name + f".{os.getpid()}")
            temporary.write_text(json.dumps(note))
            os.replace(temporary, path)

    report(0, 0)
    try:
        yield report
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


def why_busy(journal: Path | None) -> str:
    """What another program is doing to the journal, if it left a note; else ""."""
    if journal is None:
        return ""
    try:
        note = json.loads(note_path(journal).read_text())
        done, total, started = int(note["done"]), int(note["total"]), float(note["started"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    elapsed = max(0.0, time.time() - started)
    if total and done:
        left = elapsed * (total - done) / done
        return (
            f"an import is writing to it ({done:,} of {total:,} films after {elapsed:.0f} s);"
            f" it should be done in about {max(1, round(left)):,} s"
        )
    return f"an import has been writing to it for {elapsed:.0f} s"
