"""Every screen and dialog over a hostile journal: no raw control byte reaches the terminal, and
markup shows as the brackets it is.

When a screen or dialog is added to the app, add a visit to it here (STYLE.md says so too).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.command import CommandPalette
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, Select

from filmjournal.core.library import FilmQuery
from filmjournal.storage import FilmStore
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.screens.confirm import Confirm
from filmjournal.tui.screens.filters import FilterScreen
from filmjournal.tui.screens.help import HelpScreen
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.screens.review_editor import ReviewEditor
from filmjournal.tui.screens.transfer import ExportScreen, ImportScreen
from filmjournal.tui.widgets.scrolling import Drawn
from tests.conftest import fixed_journal
from tests.tui.conftest import SIZE, make_app, press_to, settle, started
from tests.tui.hostile import MARKUP, TITLE, on_screen, raw_controls, seed_hostile


@pytest.fixture
def hostile_store() -> Iterator[FilmStore]:
    """A journal whose first film is hostile in every field."""
    with fixed_journal(seed_hostile) as store:
        yield store


async def wait_for(pilot: Pilot[None], text: str) -> str:
    """Pause until `text` is on screen (the palette searches in the background)."""
    shown = ""
    for _ in range(60):
        await pilot.pause(0.05)
        shown = on_screen(pilot.app)
        if text in shown:
            break
    return shown


def clean(app: FilmJournalApp, where: str) -> None:
    """Nothing raw on screen."""
    assert raw_controls(app) == [], where


async def test_every_screen_shows_hostile_text_safely(hostile_store: FilmStore) -> None:
    seen: list[Message] = []
    app = make_app(hostile_store)
    async with app.run_test(size=SIZE, message_hook=seen.append, notifications=True) as pilot:
        await settle(pilot)
        # The list and the detail pane.
        assert isinstance(app.screen, MainScreen)
        clean(app, "list")
        assert MARKUP in on_screen(app)
        assert "[i]X[/i]" in on_screen(app) and "[bold]not bold[/bold]" in on_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        clean(app, "detail pane, review focused")

        # A notification naming the film.
        await pilot.press("8")
        await settle(pilot)
        clean(app, "notification")
        assert f"Rated {MARKUP}" in on_screen(app)
        app.clear_notifications()

        # The review editor, and help over it.
        await press_to(pilot, "e", ReviewEditor)
        clean(app, "review editor")
        await press_to(pilot, "f1", HelpScreen)
        clean(app, "help over the editor")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        if isinstance(app.screen, Confirm):  # The tags field dropped the pasted BEL.
            clean(app, "confirm discard")
            await pilot.press("y")
            await settle(pilot)
        assert isinstance(app.screen, MainScreen)

        # Help over the list.
        await press_to(pilot, "f1", HelpScreen)
        clean(app, "help")
        await pilot.press("escape")
        await settle(pilot)

        # The confirmation before a delete names the film.
        app.screen.query_one("#films").focus()
        await press_to(pilot, "d", Confirm)
        clean(app, "confirm delete")
        assert MARKUP in on_screen(app)
        await pilot.press("n")
        await settle(pilot)

        # The palette finds the film by name.
        await press_to(pilot, "ctrl+p", CommandPalette)
        app.screen.query_one(Input).value = "loud"
        shown = await wait_for(pilot, "go to:")
        assert f"go to: {MARKUP}" in shown
        clean(app, "palette")
        await pilot.press("escape")
        await settle(pilot)

        # Filters, with the genre list open.
        await press_to(pilot, "f", FilterScreen)
        clean(app, "filters")
        app.screen.query_one("#genre", Select).focus()
        await pilot.press("enter")
        await settle(pilot)
        clean(app, "genre list")
        assert "Cr[/]ime" in on_screen(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)

        # Statistics name genres, directors and titles.
        await pilot.press("S")
        await settle(pilot)
        clean(app, "statistics")
        app.screen.query_one("#report", Drawn).scroll_end(animate=False)
        await settle(pilot)
        clean(app, "statistics, further down")
        assert "[b]Thriller[/b]" in on_screen(app)
        await pilot.press("escape")
        await settle(pilot)

        # Import and export dialogs.
        await press_to(pilot, "I", ImportScreen)
        clean(app, "import dialog")
        await pilot.press("escape")
        await settle(pilot)
        await press_to(pilot, "X", ExportScreen)
        clean(app, "export dialog")
        await press_to(pilot, "escape", MainScreen)

        # An import's summary, naming a hostile list.
        from filmjournal.tui.screens.summary import Summary

        app.push_screen(Summary(f"{TITLE} import", [f"lists: {TITLE}", f"skipped: 1 {MARKUP}"]))
        await settle(pilot)
        assert isinstance(app.screen, Summary)
        clean(app, "import summary")
        await press_to(pilot, "escape", MainScreen)
        assert app.is_running


async def test_a_kept_draft_is_offered_back_safely(hostile_store: FilmStore) -> None:
    from filmjournal.core.models import Draft

    film = hostile_store.resolve("Plain")
    hostile_film = next(f for f in hostile_store.films(FilmQuery()) if f.id != film.id)
    hostile_store.save_draft(Draft(film_id=hostile_film.id, review_id=None, text="\x1b[31mx"))
    app: FilmJournalApp = make_app(hostile_store)
    async with started(app):
        assert isinstance(app.screen, Confirm)
        clean(app, "draft offered back")
        assert MARKUP in on_screen(app)
