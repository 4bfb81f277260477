"""The Stats screen: opened with a key, stepping through years, empty journals included."""

from __future__ import annotations

from filmjournal.storage import FilmStore
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.screens.stats import StatsScreen
from tests.tui.conftest import SIZE, make_app, screen_lines, settle


async def test_stats_screen_and_years(app: FilmJournalApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
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
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_stats_of_an_empty_journal(empty_store: FilmStore) -> None:
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert "Nothing logged yet" in "\n".join(screen_lines(app))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen) and app.screen.year is None
