"""DraftBox: unsaved review text, kept in small files of its own beside the journal.

Keeping a draft must never wait: not for the journal's write lock (an import can hold it for
many seconds), not for another program. So drafts are not rows in the journal but one JSON
file each, in a folder beside it, written whole under a temporary name and renamed into place.
Each editor writes only its own file, named by the draft's key, so no editor can overwrite or
delete a draft another one kept.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.models import Draft

SUFFIX = ".draft.json"
"""The ending of every draft file."""


def drafts_folder(journal: Path) -> Path:
    """The folder beside `journal` that holds its drafts: journal.db -> journal.db.drafts."""
    return journal.with_name(journal.name + ".drafts")


class DraftBox:
    """Drafts kept in files beside a journal, or in memory for a journal without a file."""

    def __init__(self, folder: Path | None) -> None:
        """Keep drafts in `folder` (created, readable by its owner only, on the first draft);
        None keeps them in memory, for throwaway journals."""
        self.folder = folder
        """Where the drafts are kept, or None for memory."""
        self._memory: dict[str, Draft] = {}
        # Drafts dropped in this session: a late write (a timer that fired just before the
        # review was saved) must not bring one back.
        self._dropped: set[str] = set()
        self._lock = threading.Lock()

    def keep(self, draft: Draft) -> Draft:
        """Keep `draft` (replacing only the earlier state of the same draft); return it stamped."""
        kept = replace(draft, updated_at=datetime.now(UTC))
        if kept.key in self._dropped:
            return kept
        if self.folder is None:
            with self._lock:
                self._memory[kept.key] = kept
            return kept
        data = asdict(kept) | {"updated_at": kept.updated_at.isoformat()}  # type: ignore[union-attr]
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(data, stream, ensure_ascii=False)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.replace(temporary, self._path(kept.key))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise FilmJournalError(
                f"the draft could not be written to {self.folder}: {error.strerror or error}"
            ) from None
        return kept

    def drafts(self) -> list[Draft]:
        """Every kept draft, in no order. A draft file that cannot be read is left alone."""
        if self.folder is None:
            with self._lock:
                found = list(self._memory.values())
        else:
            found = []
            try:
                paths = sorted(self.folder.glob(f"*{SUFFIX}"))
            except OSError:
                paths = []
            for path in paths:
                draft = _read(path)
                if draft is not None:
                    found.append(draft)
        return found

    def drop(self, key: str) -> None:
        """Forget the draft with this key (it was saved, or the user discarded it)."""
        with self._lock:
            self._dropped.add(key)
        if self.folder is None:
            with self._lock:
                self._memory.pop(key, None)
            return
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as error:
            raise FilmJournalError(
                f"the draft {self._path(key)} could not be removed: {error.strerror}"
            ) from None

    def _path(self, key: str) -> Path:
        """The file of the draft with this key."""
        assert self.folder is not None
        if not key.isalnum():
            raise FilmJournalError(f"{key!r} is not a draft's key")
        return self.folder / f"{key}{SUFFIX}"


def _read(path: Path) -> Draft | None:
    """The draft in `path`, or None when the file is not one (half-written, or not ours)."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        updated = data.get("updated_at")
        return Draft(
            key=str(data["key"]),
            film_id=int(data["film_id"]),
            review_id=None if data.get("review_id") is None else int(data["review_id"]),
            text=str(data["text"]),
            rating=str(data.get("rating", "")),
            watched_on=str(data.get("watched_on", "")),
            rewatch=bool(data.get("rewatch", False)),
            tags=str(data.get("tags", "")),
            updated_at=datetime.fromisoformat(updated) if updated else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
