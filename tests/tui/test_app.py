"""App-wide behaviour: help, quitting, the command palette, key overrides and settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Markdown

from filmjournal.config import Config, load_config
from filmjournal.storage import FilmStore
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.keys import all_bindings
from filmjournal.tui.screens.confirm import Confirm
from filmjournal.tui.screens.film_form import FilmForm
from filmjournal.tui.screens.filters import FilterScreen
from filmjournal.tui.screens.help import HelpScreen
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.screens.review_editor import ReviewEditor
from filmjournal.tui.screens.stats import StatsScreen
from tests.tui.conftest import SIZE, TODAY, make_app, notices, screen_lines, settle


async def test_help_lists_every_key_that_works_now(app: FilmJournalApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert "Film list" in help_screen.markdown
        keys = {(keys, action) for keys, action, _ in help_screen.bindings}
        for expected in (
            ("8", "Rate 8"),
            ("/", "Search"),
            ("a", "Add"),
            ("e", "Edit review"),
            ("d", "Delete"),
            ("x", "Export"),
            ("↑, k", "Up"),
            ("w", "Watchlist"),
        ):
            assert expected in keys, expected
        shown = "\n".join(screen_lines(app))
        assert "Previous film" in shown and "Film list" in shown
        assert "Film list" in help_screen.query_one(Markdown).source
        await pilot.press("escape")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_q_quits(app: FilmJournalApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_escape_never_quits(app: FilmJournalApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)


async def test_palette_goes_to_a_film(app: FilmJournalApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        app.screen.query_one(Input).value = "miyazaki"
        for _ in range(40):
            await pilot.pause(0.05)
            if "go to: Spirited Away" in "\n".join(screen_lines(app)):
                break
        await pilot.press("down", "enter")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.highlighted is not None and main.highlighted.title == "Spirited Away"


async def test_palette_offers_every_action(app: FilmJournalApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in (
            "film: add",
            "review: edit",
            "review: export to Markdown",
            "list: filter",
            "view: help",
        ):
            assert expected in titles


async def test_keymap_from_config_overrides_a_key(demo_store: FilmStore) -> None:
    app = make_app(demo_store, Config(author="sam", keymap={"film.add": "A"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, FilmForm)


def test_every_binding_has_a_unique_id_and_words() -> None:
    bindings = all_bindings()
    ids = [binding_id for binding_id, _, _ in bindings]
    assert len(ids) == len(set(ids))
    assert all(keys and description for _, keys, description in bindings)
    from textual.binding import Binding

    from filmjournal.tui.screens.main import MainScreen

    for binding in Binding.make_bindings(MainScreen.BINDINGS):
        assert binding.id and binding.description and binding.tooltip


async def test_sort_and_theme_are_saved(demo_store: FilmStore, isolated_home: Path) -> None:
    app = FilmJournalApp(demo_store, Config(author="sam"), today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    saved = load_config()
    assert (saved.sort, saved.theme) == ("year", "nord")
    again = FilmJournalApp(demo_store, saved, today=lambda: TODAY)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
        assert isinstance(again.screen, MainScreen)
        assert again.screen.film_query.sort.value == "year"


async def test_external_editor_failure_keeps_the_text(app: FilmJournalApp) -> None:
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("h", "i")
        await pilot.press("ctrl+e")
        await settle(pilot)
        text_area = app.screen.query_one("#text")
        assert getattr(text_area, "text", None) == "hi"
        assert any(m.notification.severity == "error" for m in seen if isinstance(m, Notify))


async def test_palette_shows_titles_exactly(app: FilmJournalApp, demo_store: FilmStore) -> None:
    from filmjournal.core.models import FilmInput

    demo_store.add_film(FilmInput(title="[b]Loud[/b] Film", certification="[i]X[/i]"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "loud"
        shown = ""
        for _ in range(40):
            await pilot.pause(0.05)
            shown = "\n".join(screen_lines(app))
            if "go to:" in shown:
                break
        assert "go to: [b]Loud[/b] Film" in shown
        assert "[i]X[/i]" in shown


async def run_from_palette(pilot: Pilot[None], title: str) -> None:
    """Open the palette, type a command's title, and run the first hit, as a person would."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)
    app.screen.query_one(Input).value = title
    for _ in range(60):
        await pilot.pause(0.05)
        if "\n".join(screen_lines(app)).count(title) >= 2:  # typed, and offered
            break
    await app.screen.workers.wait_for_complete()  # every provider has answered
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize(
    ("title", "opens"),
    [
        ("film: add", FilmForm),
        ("film: edit details", FilmForm),
        ("film: delete", Confirm),
        ("review: edit", ReviewEditor),
        ("review: new", ReviewEditor),
        ("list: filter", FilterScreen),
        ("view: statistics", StatsScreen),
        ("view: help", HelpScreen),
    ],
)
async def test_palette_commands_run(app: FilmJournalApp, title: str, opens: type) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, title)
        assert isinstance(app.screen, opens), app.screen


async def test_palette_commands_that_change_the_list(
    app: FilmJournalApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await run_from_palette(pilot, "list: next sort")
        assert main.film_query.sort.value == "year"
        await run_from_palette(pilot, "list: search")
        assert main.query_one("#search", Input).has_focus
        await run_from_palette(pilot, "list: reload")
        assert "Journal reloaded" in notices(seen)
        main.query_one("#films").focus()
        await run_from_palette(pilot, "review: export to Markdown")
        await settle(pilot)
        assert len(list(tmp_path.glob("*.md"))) == 1


async def test_a_keymap_id_that_names_no_key_is_reported(demo_store: FilmStore) -> None:
    seen: list[Message] = []
    app = make_app(demo_store, Config(author="sam", keymap={"film.nope": "x", "film.add": "A"}))
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        assert any("no key has the id film.nope" in notice for notice in notices(seen))
        assert not any("film.add" in notice for notice in notices(seen))
