"""Machines for sync tests: journals on one disk, each with its own device, syncing through
one folder. Each write opens the journal with the stdlib and closes it before a sync opens
it with APSW, so the two SQLites never hold one file at once (see filmjournal.sync.engine)."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from filmjournal.storage import FilmStore, open_database
from filmjournal.sync.engine import Report, sync
from filmjournal.sync.policy import TABLES


class Machine:
    """One journal on one machine."""

    def __init__(self, home: Path, name: str, folder: Path, seed: int) -> None:
        self.name = name
        self.path = home / name / "journal.db"
        self.path.parent.mkdir(parents=True)
        self.folder = folder
        self.device = f"{seed:012x}"
        self.ids = random.Random(seed)
        with self.store():
            pass

    @contextlib.contextmanager
    def store(self) -> Iterator[FilmStore]:
        """The journal opened for writing, closed again after."""
        store = FilmStore(
            open_database(self.path),
            path=self.path,
            ids=lambda: self.ids.getrandbits(63) or 1,
        )
        try:
            yield store
        finally:
            store.db.close()

    def sync(self) -> Report:
        return sync(self.path, self.folder, self.device)

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """The synced tables, row by row."""
        db = sqlite3.connect(self.path)
        try:
            return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
        finally:
            db.close()


@pytest.fixture
def machines(tmp_path: Path) -> tuple[Machine, Machine, Machine]:
    folder = tmp_path / "Sync"
    return (
        Machine(tmp_path, "laptop", folder, 0xA1),
        Machine(tmp_path, "desktop", folder, 0xB2),
        Machine(tmp_path, "tablet", folder, 0xC3),
    )
