"""Two or three journals, each its own machine, edited apart and synced through one folder."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import pytest

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore
from filmjournal.sync import engine, files
from filmjournal.sync.policy import TABLES
from tests.sync.conftest import Machine


def settle(*machines: Machine) -> None:
    """Sync every machine twice over, as people do over a day: then all have everything."""
    for _ in range(2):
        for machine in machines:
            machine.sync()


def agree(machines: tuple[Machine, ...], check: Callable[[FilmStore], object]) -> None:
    """Every machine passes `check`, and all hold the same rows."""
    for machine in machines:
        with machine.store() as store:
            check(store)
    assert all(machine.dump() == machines[0].dump() for machine in machines)


def apart(
    pair: tuple[Machine, Machine],
    laptop: Callable[[FilmStore], object],
    desktop: Callable[[FilmStore], object],
) -> None:
    """Each machine does something to its own journal, neither synced."""
    for machine, do in zip(pair, (laptop, desktop), strict=True):
        with machine.store() as store:
            do(store)


def titles(machine: Machine) -> list[str]:
    with machine.store() as store:
        return sorted(f.title for f in store.films(FilmQuery()))


@pytest.fixture
def pair(machines: tuple[Machine, Machine, Machine]) -> tuple[Machine, Machine]:
    """A laptop and a desktop sharing one journal with Heat in it, synced."""
    laptop, desktop, _ = machines
    with laptop.store() as store:
        heat = store.add_film(FilmInput(title="Heat", year=1995, synopsis="Cops and robbers."))
        store.add_review(heat.id, ReviewInput(author="me", rating=8, watched_on=date(2020, 5, 1)))
    settle(laptop, desktop)
    assert laptop.dump() == desktop.dump()
    return laptop, desktop


def heat(machine: Machine) -> tuple[int, int]:
    """Heat's id and its first review's id on a machine."""
    with machine.store() as store:
        film = store.resolve("Heat")
        return film.id, store.reviews(film.id)[0].id


@pytest.fixture
def shared(pair: tuple[Machine, Machine]) -> tuple[int, int]:
    """The shared film's id and its review's, the same on both machines."""
    return heat(pair[0])


def test_a_new_film_on_each_side_is_on_both(pair: tuple[Machine, Machine]) -> None:
    laptop, desktop = pair
    with laptop.store() as store:
        store.add_film(FilmInput(title="Alien", year=1979))
    with desktop.store() as store:
        store.add_film(FilmInput(title="Zodiac", year=2007))
    settle(laptop, desktop)
    assert titles(laptop) == titles(desktop) == ["Alien", "Heat", "Zodiac"]
    assert laptop.dump() == desktop.dump()


def test_reviews_of_one_film_on_both_sides_are_all_kept(
    pair: tuple[Machine, Machine], shared: tuple[int, int]
) -> None:
    laptop, desktop = pair
    film_id, _ = shared
    apart(
        pair,
        lambda store: store.add_review(film_id, ReviewInput("me", 9, "On the laptop.")),
        lambda store: store.add_review(film_id, ReviewInput("me", 7, "On the desktop.")),
    )
    settle(laptop, desktop)

    def all_three(store: FilmStore) -> None:
        texts = sorted(r.text for r in store.reviews(film_id))
        assert texts == ["", "On the desktop.", "On the laptop."]
        assert store.film(film_id).review_count == 3  # recomputed, not taken

    agree(pair, all_three)


def test_one_synopsis_edited_on_both_keeps_the_later_and_says_what_it_dropped(
    pair: tuple[Machine, Machine], shared: tuple[int, int]
) -> None:
    laptop, desktop = pair
    film_id, _ = shared
    apart(
        pair,
        lambda store: store.update_film(film_id, FilmInput("Heat", 1995, synopsis="Earlier.")),
        lambda store: store.update_film(film_id, FilmInput("Heat", 1995, synopsis="Later.")),
    )
    laptop.sync()
    report = desktop.sync()
    assert 'Heat (1995): synopsis kept "Later.", dropped "Earlier." (ours was later)' in (
        report.lines()
    )
    laptop.sync()

    def later(store: FilmStore) -> None:
        assert store.film(film_id).synopsis == "Later."

    agree(pair, later)


Edit = Callable[[FilmStore, int, int], object]
"""Something done to the shared film (by id) or its review (by id) on one machine."""


@pytest.mark.parametrize(
    ("laptop_does", "desktop_does", "both_then"),
    [
        pytest.param(  # a review deleted on one side and edited on the other is kept
            lambda store, _, review: store.delete_review(review),
            lambda store, _, review: store.update_review(review, ReviewInput("me", 8, "Kept.")),
            lambda store, film, _: [r.text for r in store.reviews(film)] == ["Kept."],
            id="deleted-and-edited",
        ),
        pytest.param(  # different ratings of one film end as the later
            lambda store, _, review: store.update_review(review, ReviewInput("me", 6)),
            lambda store, _, review: store.update_review(review, ReviewInput("me", 10)),
            lambda store, film, _: store.film(film).overall_rating == 10,
            id="rated-twice",
        ),
    ],
)
def test_one_review_changed_on_both_sides_ends_the_same_on_both(
    pair: tuple[Machine, Machine],
    shared: tuple[int, int],
    laptop_does: Edit,
    desktop_does: Edit,
    both_then: Callable[[FilmStore, int, int], bool],
) -> None:
    apart(
        pair,
        lambda store: laptop_does(store, *shared),
        lambda store: desktop_does(store, *shared),
    )
    settle(*pair)

    def holds(store: FilmStore) -> None:
        assert both_then(store, *shared)

    agree(pair, holds)


def test_a_film_deleted_on_one_side_and_reviewed_on_the_other_comes_back_with_the_review(
    pair: tuple[Machine, Machine], shared: tuple[int, int]
) -> None:
    laptop, desktop = pair
    film_id, _ = shared
    apart(
        pair,
        lambda store: store.delete_film(film_id),
        lambda store: store.add_review(film_id, ReviewInput(author="me", text="Written offline.")),
    )
    laptop.sync()
    report = desktop.sync()
    assert '"Heat" was deleted on one machine and reviewed on the other: kept, with the review' in (
        report.lines()
    )
    # Brought back, Heat stays out of the last sync's copy: the next sync sends it on.
    assert desktop.sync().sent == 1
    laptop.sync()

    def back(store: FilmStore) -> None:
        assert [r.text for r in store.reviews(film_id)] == ["Written offline."]
        assert store.check() == []

    agree(pair, back)


def test_a_film_brought_back_then_deleted_where_it_was_reviewed_stays_deleted(
    pair: tuple[Machine, Machine], shared: tuple[int, int]
) -> None:
    """The laptop deletes Heat; the desktop reviews it, syncs, then deletes it too, knowing
    the review. The laptop brings Heat back for the review and sends it on, but the
    desktop's deletion, which came later, ends it on both."""
    laptop, desktop = pair
    film_id, _ = shared
    with laptop.store() as store:
        store.delete_film(film_id)
    with desktop.store() as store:
        store.add_review(film_id, ReviewInput(author="me", text="Seen it again."))
    desktop.sync()
    with desktop.store() as store:
        store.delete_film(film_id)
    settle(laptop, desktop)
    settle(laptop, desktop)

    def gone(store: FilmStore) -> None:
        assert store.total() == 0
        assert store.check() == []

    agree(pair, gone)


def test_a_list_entry_dropped_with_its_film_comes_back_with_the_film_everywhere(
    machines: tuple[Machine, Machine, Machine],
) -> None:
    """One machine deletes Heat while two put it on a list, one reviewing it too: the
    review brings Heat back, and its place on the list with it, on every machine (the
    machine that dropped the entry with the film does not send that drop on)."""
    with machines[0].store() as store:
        film = store.add_film(FilmInput(title="Heat", year=1995))
    settle(*machines)
    with machines[0].store() as store:
        store.delete_film(film.id)
    with machines[1].store() as store:
        store.add_to_list(film.id, "Later")
    with machines[2].store() as store:
        store.add_to_list(film.id, "Later")
        store.add_review(film.id, ReviewInput(author="me", text="Still good."))
    settle(*machines)
    settle(*machines)

    def listed(store: FilmStore) -> None:
        assert [r.text for r in store.reviews(film.id)] == ["Still good."]
        assert [entry.name for entry in store.lists_for(film.id)] == ["Later"]
        assert store.check() == []

    agree(machines, listed)


def test_lists_made_on_both_sides_with_one_name_become_one_list(
    pair: tuple[Machine, Machine],
) -> None:
    laptop, desktop = pair
    with laptop.store() as store:
        store.add_to_list(store.resolve("Heat").id, "Crime nights")
    with desktop.store() as store:
        store.add_to_list(store.add_film(FilmInput(title="Thief", year=1981)).id, "Crime nights")
    settle(laptop, desktop)
    with laptop.store() as store:
        (crime,) = store.lists()
        assert (crime.name, crime.size) == ("Crime nights", 2)
    assert laptop.dump() == desktop.dump()


def test_a_changeset_from_a_newer_schema_is_held_back_with_a_message(
    pair: tuple[Machine, Machine],
) -> None:
    laptop, desktop = pair
    with laptop.store() as store:
        store.add_film(FilmInput(title="From the future"))
    laptop.sync()
    written = files.path_of(laptop.folder, laptop.device, 2)
    newer = files.decode(written.read_bytes(), "test")
    written.unlink()
    files.write(laptop.folder, files.ChangesetFile(**{**newer.__dict__, "schema": 99}))
    report = desktop.sync()
    assert any(
        f"held back {laptop.device}/2.changeset: written by a newer filmjournal (schema 99" in line
        for line in report.lines()
    )
    assert titles(desktop) == ["Heat"]
    assert titles(desktop) == ["Heat"]  # and again: it is not skipped over either
    assert "From the future" not in titles(desktop)


@pytest.mark.parametrize("where", ["send", "receive", "mend", "absorb"])
def test_a_sync_stopped_midway_changes_nothing_and_the_next_one_converges(
    pair: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    laptop, desktop = pair
    film_id, review_id = heat(laptop)
    with laptop.store() as store:
        store.update_film(film_id, FilmInput(title="Heat", year=1995, synopsis="Laptop's."))
        store.add_film(FilmInput(title="Alien", year=1979))
    with desktop.store() as store:
        store.update_review(review_id, ReviewInput(author="me", rating=9, text="Desktop's."))
    laptop.sync()
    before = desktop.dump()
    real = getattr(engine._Sync, where)

    def killed(self: engine._Sync, *args: object) -> None:
        real(self, *args)
        raise KeyboardInterrupt  # as the power going, after this step's writes

    monkeypatch.setattr(engine._Sync, where, killed)
    with pytest.raises(KeyboardInterrupt):
        desktop.sync()
    monkeypatch.undo()
    assert desktop.dump() == before
    settle(laptop, desktop)
    assert laptop.dump() == desktop.dump()
    assert titles(desktop) == ["Alien", "Heat"]


def test_a_folder_holding_the_journal_itself_is_refused(machines: tuple[Machine, ...]) -> None:
    laptop = machines[0]
    with pytest.raises(FilmJournalError, match="inside the sync folder"):
        engine.sync(laptop.path, laptop.path.parent, laptop.device)


def test_one_film_added_by_hand_on_both_with_one_imdb_id_becomes_one(
    pair: tuple[Machine, Machine],
) -> None:
    laptop, desktop = pair
    for machine, words in ((laptop, "Laptop."), (desktop, "Desktop.")):
        with machine.store() as store:
            film = store.add_film(FilmInput(title="Her", year=2013))
            store.db.execute("UPDATE films SET imdb_id = 'tt1798709' WHERE id = ?", [film.id])
            store.add_review(film.id, ReviewInput(author="me", text=words))
    settle(laptop, desktop)
    assert titles(laptop) == titles(desktop) == ["Heat", "Her"]
    with laptop.store() as store:
        her = store.resolve("Her")
        assert sorted(r.text for r in store.reviews(her.id)) == ["Desktop.", "Laptop."]
        assert store.check() == []
    assert laptop.dump() == desktop.dump()


def test_one_export_imported_on_both_machines_is_one_journal(
    machines: tuple[Machine, Machine, Machine],
) -> None:
    from filmjournal import formats

    fixture = Path(__file__).parent.parent / "formats" / "fixtures" / "letterboxd"
    laptop, desktop, _ = machines
    for machine in (laptop, desktop):
        with machine.store() as store:
            store.apply_import(formats.read(fixture), author="me")
    laptop.sync()
    report = desktop.sync().lines()
    assert "Heat (1995): added on two machines; now one" in report
    # Two films of the export have no Letterboxd address or IMDb id: they stay twice, said.
    assert any(line.startswith("Her (2013) is in the journal twice") for line in report)
    settle(laptop, desktop)
    with laptop.store() as store:
        assert store.total() == 6 + 2
        assert sum(len(store.reviews(f.id)) for f in store.films(FilmQuery())) == 5
    assert laptop.dump() == desktop.dump()


def test_one_film_with_one_tmdb_id_added_on_both_becomes_one(
    pair: tuple[Machine, Machine],
) -> None:
    laptop, desktop = pair
    for machine in (laptop, desktop):
        with machine.store() as store:
            film = store.add_film(FilmInput(title="Perfect Days", year=2023))
            store.db.execute("UPDATE films SET tmdb_id = 976893 WHERE id = ?", [film.id])
    settle(laptop, desktop)
    assert titles(laptop) == titles(desktop) == ["Heat", "Perfect Days"]
    assert laptop.dump() == desktop.dump()


def test_a_crafted_changeset_touches_only_the_synced_tables(
    pair: tuple[Machine, Machine],
) -> None:
    import apsw

    laptop, desktop = pair
    with laptop.store() as store:  # a changeset that rewrites the laptop's bookkeeping
        store.db.execute("CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT)")
    crafted = apsw.Connection(":memory:")
    crafted.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT)")
    session = apsw.Session(crafted, "main")
    session.attach("sync_state")
    crafted.execute("INSERT INTO sync_state VALUES ('last_seq', '999999')")
    changes = session.changeset()
    files.write(
        laptop.folder,
        files.ChangesetFile("0000000000ee", 1, 1, changes, {}, "2026-01-01"),
    )
    report = laptop.sync()
    assert report.received == 0
    assert laptop.dump() == desktop.dump()
    with laptop.store() as store:
        kept = store.db.execute("SELECT value FROM sync_state WHERE key = 'last_seq'").fetchone()
    assert kept != ("999999",)


def test_a_damaged_changeset_is_held_back_with_a_message(pair: tuple[Machine, Machine]) -> None:
    laptop, desktop = pair
    with desktop.store() as store:
        store.add_film(FilmInput(title="Thief"))
    desktop.sync()
    written = files.path_of(
        desktop.folder, desktop.device, files.last_written(desktop.folder, desktop.device)
    )
    data = bytearray(written.read_bytes())
    data[-5] ^= 0xFF
    written.chmod(0o600)
    written.write_bytes(bytes(data))
    report = laptop.sync()
    assert any("checksum differs" in line and "tried again" in line for line in report.lines())
    assert titles(laptop) == ["Heat"]


def test_a_sync_after_no_writes_compares_only_the_lists_and_misses_no_write_after(
    pair: tuple[Machine, Machine], shared: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Films and reviews are compared with the last sync's copy of them (which takes seconds
    on a large journal) only when something has written to them since: an edit in the app,
    or one made by hand in sqlite3; and every time while a trigger that counts writes is
    missing (dropped by hand), until a repair puts it back."""
    laptop, _ = pair
    film_id, _ = shared
    compared: list[list[str]] = []
    diff = engine._Sync.changes_here

    def spied(run: engine._Sync, tables: Iterable[str] = TABLES) -> bytes:
        compared.append(sorted(tables := list(tables)))
        return diff(run, tables)

    monkeypatch.setattr(engine._Sync, "changes_here", spied)

    def synced() -> tuple[list[str], int]:
        sent = laptop.sync().sent
        return compared[-1], sent

    lists_only = ["list_films", "lists"]
    everything = sorted(TABLES)
    assert synced() == (lists_only, 0)
    with laptop.store() as store:
        store.update_film(film_id, FilmInput(title="Heat", year=1995, synopsis="L.A., 1995."))
    assert synced() == (everything, 1)
    assert synced() == (lists_only, 0)
    hand = sqlite3.connect(laptop.path)
    with hand:
        hand.execute("UPDATE films SET certification = 'R' WHERE id = ?", [film_id])
    hand.close()
    assert synced() == (everything, 1)
    hand = sqlite3.connect(laptop.path)
    with hand:  # triggers dropped, as an old hand edit might have: the count stands still
        hand.execute("DROP TRIGGER films_changed_au")
        hand.execute("UPDATE films SET certification = 'R18' WHERE id = ?", [film_id])
    hand.close()
    assert synced() == (everything, 1)  # while a counting trigger is missing, always
    with laptop.store() as store:
        store.repair()
    assert synced() == (everything, 0)
    assert synced() == (lists_only, 0)
    with laptop.store() as store:
        store.add_to_list(film_id, "Later")
    assert synced() == (lists_only, 2)  # the new list, and Heat in it
