"""An import can be taken back whole, and only while nothing newer would be lost with it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from filmjournal import formats
from filmjournal.core.errors import FilmJournalError
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore, open_database
from filmjournal.storage.store import Checkpoint

FIXTURES = Path(__file__).parent.parent / "formats" / "fixtures"


def dump(store: FilmStore) -> list[str]:
    """Every row of every table, schema included."""
    return list(store.db.conn.iterdump())


@pytest.fixture
def journal(tmp_path: Path) -> FilmStore:
    store = FilmStore(open_database(tmp_path / "journal.db"), path=tmp_path / "journal.db")
    heat = store.add_film(FilmInput(title="Heat", year=1995))
    store.add_review(heat.id, ReviewInput(author="me", rating=9, watched_on=date(2020, 5, 1)))
    store.add_to_list(heat.id, "Favourites")
    return store


def imported(store: FilmStore) -> Checkpoint:
    """Import the Letterboxd fixture (which also matches and fills Heat) after a checkpoint."""
    checkpoint = store.checkpoint()
    store.apply_import(formats.read(FIXTURES / "letterboxd"), author="me")
    return replace(checkpoint, after=store.fingerprint())


def test_undoing_an_import_puts_back_every_row_and_removes_its_copy(journal: FilmStore) -> None:
    before = dump(journal)
    checkpoint = imported(journal)
    assert journal.total() > 1 and dump(journal) != before
    assert journal.path is not None and checkpoint.copy.parent == journal.path.parent
    assert checkpoint.copy.stat().st_mode & 0o077 == 0  # as private as the journal
    journal.return_to(checkpoint)
    assert dump(journal) == before
    assert not checkpoint.copy.exists()
    assert journal.check() == []


def test_a_review_written_after_the_import_keeps_it_from_being_undone(
    journal: FilmStore,
) -> None:
    checkpoint = imported(journal)
    heat = journal.resolve("Heat")
    journal.add_review(heat.id, ReviewInput(author="me", text="Words typed after the import."))
    after = dump(journal)
    with pytest.raises(FilmJournalError, match="changed since then"):
        journal.return_to(checkpoint)
    assert dump(journal) == after


def test_a_list_change_after_the_import_keeps_it_from_being_undone(journal: FilmStore) -> None:
    checkpoint = imported(journal)
    assert journal.move_in_list("Favourites", journal.resolve("Heat").id, 1) is not None
    after = dump(journal)
    with pytest.raises(FilmJournalError, match="changed since then"):
        journal.return_to(checkpoint)
    assert dump(journal) == after


def test_a_write_by_another_program_keeps_it_from_being_undone(
    journal: FilmStore, tmp_path: Path
) -> None:
    checkpoint = imported(journal)
    other = FilmStore(open_database(tmp_path / "journal.db"), path=tmp_path / "journal.db")
    other.add_film(FilmInput(title="Added from the shell"))
    with pytest.raises(FilmJournalError, match="another program"):
        journal.return_to(checkpoint)
    assert [f.title for f in journal.films(FilmQuery(search="shell"))] == ["Added from the shell"]
