"""Fixtures for driving the app with Textual's Pilot over a fixed demo journal."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.content import Content
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

from filmjournal.config import Config
from filmjournal.demo import seed_demo
from filmjournal.storage import FilmStore
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.screens.journal_view import TYPING_PAUSE
from tests.conftest import fixed_journal

TODAY = date(2026, 3, 14)
"""The app's today in every test."""
SIZE = (100, 30)
"""The terminal size for Pilot tests and snapshots."""


@pytest.fixture
def demo_store() -> Iterator[FilmStore]:
    """The demo journal on a fixed clock."""
    with fixed_journal(seed_demo) as store:
        yield store


@pytest.fixture
def empty_store() -> Iterator[FilmStore]:
    """A journal with nothing in it."""
    with fixed_journal() as store:
        yield store


def make_app(store: FilmStore, config: Config | None = None) -> FilmJournalApp:
    """The app on `store`, as user "sam", on a fixed date, saving no settings."""
    return FilmJournalApp(
        store,
        config or Config(author="sam"),
        journal_name="test journal",
        today=lambda: TODAY,
        save_settings=False,
    )


@pytest.fixture
def app(demo_store: FilmStore) -> FilmJournalApp:
    """The app on the demo journal."""
    return make_app(demo_store)


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[Screen[None]]:
    """The screens laid out again (each whole-screen layout pass) while the test runs."""
    passes: list[Screen[None]] = []
    laid_out = Screen._refresh_layout

    def counted(screen: Screen[None], *args: Any, **kwargs: Any) -> None:
        passes.append(screen)
        laid_out(screen, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return passes


async def settle(pilot: Pilot[None]) -> None:
    """Let the app finish what it is doing: workers done, their messages handled.

    A worker that awaits a dialog waits for the user, so it is left running once the dialog
    is on screen.
    """
    app = pilot.app
    for _ in range(100):
        await pilot.pause()
        if getattr(app.screen, "waiting_for_pause", False):  # the detail pane, after typing
            await pilot.pause(TYPING_PAUSE)
            continue
        busy = [worker for worker in app.workers if not worker.is_finished]
        threads = [worker for worker in busy if worker._thread_worker]
        if threads:
            await app.workers.wait_for_complete(threads)
            continue
        if not busy or isinstance(app.screen, ModalScreen):
            await pilot.pause()
            return
    raise AssertionError(f"the app never settled: {busy}")


def still_cursors(app: App[None]) -> None:
    """Stop cursors blinking so screenshots are the same every run."""
    for widget in app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False


def screen_lines(app: App[None]) -> list[str]:
    """The text of every line on screen, as the terminal would show it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def region_text(app: App[None], selector: str) -> str:
    """The text on screen inside the widget `selector` matches."""
    region = app.screen.query_one(selector).region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return "\n".join(strip.crop(region.x, region.right).text for strip in strips)


def notices(seen: list[Message]) -> list[str]:
    """The text of every notification among the messages a test saw, as its toast shows it:
    a notification sent as markup loses its brackets here, as it does on screen."""
    shown = []
    for message in seen:
        if isinstance(message, Notify):
            notification = message.notification
            text = notification.message
            shown.append(Content.from_markup(text).plain if notification.markup else text)
    return shown


@contextlib.asynccontextmanager
async def started(app: App[None], **options: Any) -> AsyncIterator[Pilot[None]]:
    """Run the app headless at the usual size until its first screen has settled."""
    options.setdefault("size", SIZE)
    async with app.run_test(**options) as pilot:
        await settle(pilot)
        yield pilot


S = TypeVar("S", bound=Screen[Any])


async def press_to(pilot: Pilot[None], key: str, kind: type[S]) -> S:
    """Press `key` and return the screen it opened, which must be a `kind`."""
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind), f"{key} opened {type(screen).__name__}, not {kind.__name__}"
    return screen
