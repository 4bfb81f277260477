"""When the app itself fails, it says so, ends with a failing status, and keeps the details."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmjournal.config import Config
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import Film
from filmjournal.storage import FilmStore
from filmjournal.storage.database import memory_database
from filmjournal.tui import run_app


class BrokenStore(FilmStore):
    """A journal whose list query hits a bug."""

    def rows(self, query: FilmQuery, offset: int, limit: int) -> list[Film]:
        raise RuntimeError("a bug, not the user's doing")


def test_a_crash_ends_with_status_1_and_says_where_the_details_are(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = BrokenStore(memory_database())
    with pytest.raises(SystemExit) as ended:
        run_app(store, Config(author="sam"), journal_name="test", demo=True, headless=True)
    assert ended.value.code == 1
    message = capsys.readouterr().err.strip()
    assert message.startswith("filmjournal stopped on an unexpected error; the details are in ")
    log = Path(message.rsplit(" in ", 1)[1])
    assert log.parent == isolated_home and "a bug, not the user's doing" in log.read_text()
    assert log.stat().st_mode & 0o777 == 0o600
