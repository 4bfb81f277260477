"""The Stats screen: opened with a key, stepping through years, empty journals included."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from filmjournal.core.models import ReviewInput
from filmjournal.core.stats import Stats
from filmjournal.demo import seed_demo
from filmjournal.storage import FilmStore, open_database
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.screens import main
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.screens.stats import StatsScreen
from tests.tui.conftest import TODAY, make_app, press_to, screen_lines, settle, started


async def test_stats_screen_and_years(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        screen = await press_to(pilot, "S", StatsScreen)
        assert screen.stats is not None and screen.stats.films == 10
        shown = "\n".join(screen_lines(app))
        assert "Your whole journal" in shown and "Films logged per year" in shown
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.year == 2024 and screen.stats.year == 2024
        assert "Your 2024" in "\n".join(screen_lines(app))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.year == 2023
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert screen.year == 2024
        await pilot.press("a")
        await settle(pilot)
        assert screen.year is None
        await press_to(pilot, "escape", MainScreen)


async def test_stats_of_an_empty_journal(empty_store: FilmStore) -> None:
    app = make_app(empty_store)
    async with started(app) as pilot:
        await pilot.press("S")
        await settle(pilot)
        assert "Nothing logged yet" in "\n".join(screen_lines(app))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen) and app.screen.year is None


async def test_the_statistics_are_counted_in_the_background_after_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large journal takes seconds to count: the app does it once it has started, on a
    connection of its own, so that S shows the figures at once."""
    monkeypatch.setattr(main, "STATS_AFTER_SECONDS", 0.01)
    path = tmp_path / "journal.db"
    store = FilmStore(open_database(path), path=path)
    seed_demo(store)
    assert store.stats_kept() is None
    app = make_app(store)
    async with started(app) as pilot:
        await pilot.pause(0.05)
        await settle(pilot)
        kept = store.stats_kept()
        assert kept is not None and kept[1] and kept[0].films == 10
        assert isinstance(app.screen, MainScreen)  # nothing was opened to count them


async def test_the_figures_from_before_a_change_show_while_it_is_counted(
    demo_store: FilmStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = demo_store.stats()
    film = demo_store.resolve("Heat")
    demo_store.add_review(film.id, ReviewInput(author="sam", rating=3, watched_on=TODAY))
    counted = threading.Event()
    count = demo_store.stats_apart

    def slow_count(year: int | None = None) -> Stats:
        counted.wait(timeout=30)
        return count(year)

    monkeypatch.setattr(demo_store, "stats_apart", slow_count)
    monkeypatch.setattr(main, "STATS_AFTER_SECONDS", 60.0)
    app = make_app(demo_store)
    async with started(app) as pilot:
        await pilot.press("S")
        screen = app.screen
        for _ in range(100):
            await pilot.pause()
            if isinstance(screen, StatsScreen) and screen.stats is not None:
                break
        assert isinstance(screen, StatsScreen) and screen.stats == before
        assert not screen.current and "counting your latest changes" in str(screen.sub_title)
        counted.set()
        await settle(pilot)
        assert screen.current and screen.sub_title == "whole journal"
        assert screen.stats is not None and screen.stats.logs == before.logs + 1
