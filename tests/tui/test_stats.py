"""The Stats screen: opened with a key, stepping through years, empty journals included."""

from __future__ import annotations

from filmjournal.storage import FilmStore
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.screens.stats import StatsScreen
from tests.tui.conftest import make_app, press_to, screen_lines, settle, started


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
