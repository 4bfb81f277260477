"""Import, export and the watchlist from inside the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select

from filmjournal.core.library import FilmQuery, View
from filmjournal.core.models import FilmInput
from filmjournal.demo import seed_demo
from filmjournal.storage import FilmStore, open_database
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.screens import journal_view
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.screens.summary import Summary
from filmjournal.tui.screens.transfer import ExportScreen, ImportScreen
from tests.tui.conftest import (
    make_app,
    notices,
    press_to,
    region_text,
    screen_lines,
    settle,
    started,
)

FIXTURES = Path(__file__).parent.parent / "formats" / "fixtures"


async def test_import_from_the_app(empty_store: FilmStore) -> None:
    app = make_app(empty_store)
    seen: list[Message] = []
    async with started(app, message_hook=seen.append) as pilot:
        dialog = await press_to(pilot, "I", ImportScreen)
        dialog.query_one("#path", Input).value = str(FIXTURES / "letterboxd")
        dialog.query_one("#dry-run", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert empty_store.total() == 0
        summary = app.screen  # It stays until read: lists, likes and skipped folders too.
        assert isinstance(summary, Summary)
        text = "\n".join(screen_lines(app))
        assert "films: 6 added" in text and "dry run" in text and "lists: Favourites" in text
        assert "liked: 1 film" in text and "files in deleted/ (left alone)" in text
        await pilot.press("enter")
        again = await press_to(pilot, "I", ImportScreen)
        assert again.query_one("#path", Input).value == str(FIXTURES / "letterboxd")
        assert again.query_one("#dry-run", Checkbox).value is False  # reset after a dry run
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert empty_store.total() == 6
        await press_to(pilot, "escape", MainScreen)
        assert not app.screen.has_class("-empty")
        assert "Alien" in region_text(app, "#films")


async def test_a_bad_import_is_reported_and_changes_nothing(
    app: FilmJournalApp, demo_store: FilmStore, tmp_path: Path
) -> None:
    bad = tmp_path / "diary.csv"
    bad.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2020-01-01,Heat,1995,u,9,,,2020-01-01\n"
    )
    seen: list[Message] = []
    async with started(app, message_hook=seen.append) as pilot:
        await pilot.press("I")
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(tmp_path / "nope.zip")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)  # the path is checked in place
        app.screen.query_one("#path", Input).value = str(bad)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert any("diary.csv:2: Rating '9'" in n for n in notices(seen))
    assert demo_store.total() == 15  # the demo's 12 films and 3 on its watchlist


async def test_export_from_the_app(
    app: FilmJournalApp, tmp_path: Path, monkeypatch: object
) -> None:
    seen: list[Message] = []
    async with started(app, message_hook=seen.append) as pilot:
        dialog = await press_to(pilot, "X", ExportScreen)
        dialog.query_one("#format", Select).value = "markdown"
        await pilot.pause()
        dialog.query_one("#path", Input).value = str(tmp_path / "pages")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert (tmp_path / "pages" / "index.md").exists()
    assert (tmp_path / "pages" / "heat-1995.md").read_text().count("## Review by") == 3
    assert any("Exported 15 films" in n for n in notices(seen))


async def test_watchlist_key_and_view(app: FilmJournalApp, demo_store: FilmStore) -> None:
    async with started(app) as pilot:
        await pilot.press("j")  # Amélie
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert demo_store.resolve("Amélie").watchlist
        # Never watched, it now lives on the watchlist alone: v shows it there.
        assert "Amélie" not in region_text(app, "#films")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("v")
        await settle(pilot)
        assert screen.film_query.view is View.WATCHLIST
        on_watchlist = [f.title for f in demo_store.films(FilmQuery(view=View.WATCHLIST))]
        assert "Amélie" in on_watchlist
        assert app.sub_title.startswith("Watchlist")
        assert f"{len(on_watchlist)} film" in region_text(app, "#status")
        assert "Amélie" in region_text(app, "#films")
        await pilot.press("v", "v")  # past the rewatches due, back to the journal
        await settle(pilot)
        assert app.sub_title.startswith("Journal")


async def test_the_journal_leaves_out_films_only_on_the_watchlist(
    app: FilmJournalApp, demo_store: FilmStore
) -> None:
    from filmjournal.core.models import FilmInput, ReviewInput

    wanted = demo_store.add_film(FilmInput(title="Wanted Someday"))
    demo_store.set_watchlist(wanted.id, True)
    async with started(app) as pilot:
        assert "Wanted Someday" not in region_text(app, "#films")
        await pilot.press("v")
        await settle(pilot)
        assert "Wanted Someday" in region_text(app, "#films")
    # Logging a viewing takes it off the watchlist, and into the journal.
    demo_store.add_review(wanted.id, ReviewInput(author="sam", text="Finally."))
    assert not demo_store.film(wanted.id).watchlist
    assert wanted.id in [f.id for f in demo_store.films(FilmQuery(view=View.JOURNAL))]


async def import_the_fixture(pilot: Pilot[None]) -> None:
    """Import the Letterboxd fixture through the dialog, and read its summary."""
    dialog = await press_to(pilot, "I", ImportScreen)
    dialog.query_one("#path", Input).value = str(FIXTURES / "letterboxd")
    await pilot.press("ctrl+s")
    await settle(pilot)


def demo_file(tmp_path: Path) -> FilmStore:
    """The demo journal in a file (an in-memory one can be neither copied aside nor synced)."""
    path = tmp_path / "journal.db"
    store = FilmStore(open_database(path), path=path)
    seed_demo(store)
    return store


async def test_u_takes_back_a_whole_import_and_its_copy_goes_with_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The statistics counted in the background a second after start-up would be kept in
    # the journal meanwhile on a slow machine: not the import's to take back.
    monkeypatch.setattr(journal_view, "STATS_AFTER_SECONDS", 60.0)
    store = demo_file(tmp_path)
    before = list(store.db.conn.iterdump())
    app = make_app(store)
    seen: list[Message] = []
    async with started(app, message_hook=seen.append) as pilot:
        await import_the_fixture(pilot)
        assert "Press u to undo the whole import" in "\n".join(screen_lines(app))
        await press_to(pilot, "enter", MainScreen)
        assert store.total() > 15
        await pilot.press("u")
        await settle(pilot)
        assert list(store.db.conn.iterdump()) == before
        assert "Undid the import of letterboxd" in notices(seen)
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo" in notices(seen)
        # A second import stays undoable until the app ends; its copy goes with it.
        await import_the_fixture(pilot)
        assert [p.name for p in tmp_path.glob(".journal.db.undo-*")] != []
    assert [p.name for p in tmp_path.glob(".journal.db.undo-*")] == []


async def test_an_import_is_not_undone_over_a_change_made_after_it(
    app: FilmJournalApp, demo_store: FilmStore
) -> None:
    seen: list[Message] = []
    async with started(app, message_hook=seen.append) as pilot:
        await import_the_fixture(pilot)
        await press_to(pilot, "enter", MainScreen)
        total = demo_store.total()
        demo_store.add_film(FilmInput(title="Typed after the import"))
        await pilot.press("u")
        await settle(pilot)
    assert any("changed since then" in n for n in notices(seen))
    assert demo_store.total() == total + 1


async def test_y_syncs_in_a_process_of_its_own_and_the_status_line_says_when(
    tmp_path: Path,
) -> None:
    from filmjournal.config import Config

    store = demo_file(tmp_path)
    app = make_app(store, Config(author="sam", sync_dir=str(tmp_path / "Sync")))
    async with started(app) as pilot:
        assert "synced" not in region_text(app, "#status")
        await press_to(pilot, "Y", Summary)
        shown = "\n".join(screen_lines(app))
        rows = sum(
            store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("films", "reviews", "lists", "list_films")
        )
        assert f"sent {rows} changes" in shown and "received 0 changes" in shown
        await press_to(pilot, "enter", MainScreen)
        assert "synced just now" in region_text(app, "#status")
    assert len(list((tmp_path / "Sync").glob("*/1.changeset"))) == 1


async def test_sync_without_a_folder_says_how_to_name_one(tmp_path: Path) -> None:
    store = FilmStore(open_database(tmp_path / "journal.db"), path=tmp_path / "journal.db")
    seen: list[Message] = []
    async with started(make_app(store), message_hook=seen.append) as pilot:
        await pilot.press("Y")
        await settle(pilot)
    assert any("No sync folder yet: run `filmjournal sync FOLDER`" in n for n in notices(seen))
