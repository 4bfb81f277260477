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
from filmjournal.tui.screens import journal_view
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.screens.stats import StatsScreen
from filmjournal.tui.widgets.scrolling import Drawn
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
    monkeypatch.setattr(journal_view, "STATS_AFTER_SECONDS", 0.01)
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
    monkeypatch.setattr(journal_view, "STATS_AFTER_SECONDS", 60.0)
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


async def test_kept_figures_are_drawn_when_the_screen_opens(
    demo_store: FilmStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Current figures kept from before are read on the spot: no worker, no "Counting…"
    frame; the report is in the screen's first frame."""
    demo_store.stats_apart()  # counted and kept, as the app does after start-up
    monkeypatch.setattr(journal_view, "STATS_AFTER_SECONDS", 60.0)
    app = make_app(demo_store)
    async with started(app) as pilot:
        await settle(pilot)
        counts: list[object] = []
        monkeypatch.setattr(
            app.workers, "_new_worker", lambda *a, **k: counts.append(k.get("group"))
        )
        await pilot.press("S")
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.current
        assert screen.stats is not None and screen.stats.films == 10
        assert "Your whole journal" in screen.query_one("#report", Drawn).text
        assert "stats" not in counts


async def test_the_report_is_drawn_again_in_a_new_theme(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await press_to(pilot, "S", StatsScreen)
        report = app.screen.query_one("#report", Drawn)
        app.theme = "solarized-light"
        await pilot.pause()
        backgrounds = {segment.style.bgcolor for segment in report.render_line(0) if segment.style}
        assert backgrounds == {report.rich_style.bgcolor}


async def test_the_report_shows_a_string_as_it_is(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await press_to(pilot, "S", StatsScreen)
        report = app.screen.query_one("#report", Drawn)
        report.show("[b]not bold[/b] \x1b[31m")
        await pilot.pause()
        assert "[b]not bold[/b]" in report.text and "\x1b" not in report.text
