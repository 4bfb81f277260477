"""Screenshots of each screen state, compared with approved baselines.

Update them with `pytest tests/tui/test_snapshots.py --snapshot-update` after checking the
report, and only from the pinned Textual version.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from filmjournal.storage import FilmStore
from filmjournal.storage.database import memory_database
from tests.conftest import FIXED_NOW
from tests.tui.conftest import SIZE, make_app, settle, still_cursors
from tests.tui.hostile import seed_hostile

Snap = Callable[..., bool]


def steps(*keys: str, then: Callable[[Pilot[Any]], Awaitable[None]] | None = None) -> Any:
    """Run-before that waits for the app, presses keys, and settles between each."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if then is not None:
            await then(pilot)
            await settle(pilot)
        still_cursors(pilot.app)

    return run


def test_main_screen(snap_compare: Snap, demo_store: FilmStore) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=steps())


def test_film_with_several_reviews(snap_compare: Snap, demo_store: FilmStore) -> None:
    run = steps("j", "j", "j", "enter")
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run)


def test_search_results(snap_compare: Snap, demo_store: FilmStore) -> None:
    run = steps("slash", "r", "o", "m")
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run)


def test_review_editor(snap_compare: Snap, demo_store: FilmStore) -> None:
    run = steps("j", "j", "j", "e")
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run)


async def _bad_year(pilot: Pilot[Any]) -> None:
    screen = pilot.app.screen
    screen.query_one("#title", Input).value = "Blade Runner"
    screen.query_one("#year", Input).value = "abc"
    await pilot.press("ctrl+s")


def test_add_film_form_with_an_error(snap_compare: Snap, demo_store: FilmStore) -> None:
    run = steps("a", then=_bad_year)
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run)


def test_help_screen(snap_compare: Snap, demo_store: FilmStore) -> None:
    run = steps("question_mark")
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run)


def test_empty_journal(snap_compare: Snap, empty_store: FilmStore) -> None:
    assert snap_compare(make_app(empty_store), terminal_size=SIZE, run_before=steps())


def test_narrow_terminal(snap_compare: Snap, demo_store: FilmStore) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=steps())


def test_stats_screen(snap_compare: Snap, demo_store: FilmStore) -> None:
    run = steps("S")
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run)


def test_hostile_journal(snap_compare: Snap) -> None:
    """Escapes show as pictures, markup as brackets, bidi overrides leave no trace."""
    store = FilmStore(memory_database(), clock=lambda: FIXED_NOW)
    seed_hostile(store)
    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=steps("enter"))
