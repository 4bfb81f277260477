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
from filmjournal.tui.actions import COMMANDS, PLACES, README_END, README_START, readme_table
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.screens.ask import Ask
from filmjournal.tui.screens.confirm import Confirm
from filmjournal.tui.screens.film_form import FilmForm
from filmjournal.tui.screens.filters import FilterScreen
from filmjournal.tui.screens.help import HelpScreen
from filmjournal.tui.screens.lists import ListsScreen
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.screens.review_editor import ReviewEditor
from filmjournal.tui.screens.stats import StatsScreen
from filmjournal.tui.screens.summary import Summary
from filmjournal.tui.screens.transfer import ExportScreen, ImportScreen
from filmjournal.tui.widgets.film_detail import FilmDetail
from filmjournal.tui.widgets.film_list import FilmList
from tests.tui.conftest import (
    SIZE,
    TODAY,
    make_app,
    notices,
    press_to,
    screen_lines,
    settle,
    started,
)


async def test_help_lists_every_key_that_works_now(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        help_screen = await press_to(pilot, "question_mark", HelpScreen)
        assert "Film list" in help_screen.markdown
        keys = dict(help_screen.key_rows)
        assert keys["1, 2, 3, 4, 5, 6, 7, 8, 9, 0"].startswith("Rate the highlighted film")
        assert keys["/"].startswith("Search as you type")
        assert keys["a"] == "Add a film"
        assert keys["w"].startswith("Put the film on your watchlist")
        assert keys["↑, k, ↓, j, PgUp, PgDn, Home, g, End, G"] == "Move through the list"
        shown = "\n".join(screen_lines(app))
        assert "Add a film" in shown and "Film list" in shown
        assert "Film list" in help_screen.query_one(Markdown).source
        await pilot.press("escape")
        await press_to(pilot, "f1", HelpScreen)
        await press_to(pilot, "q", MainScreen)


TEXTUAL_INTERNALS = ("Copy selected text", "Focus Next", "Page Left", "Maximize", "Screenshot")


async def test_help_shows_none_of_textuals_own_keys(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        shown = "\n".join(screen_lines(app))
        assert "Add a film" in shown
        for internal in TEXTUAL_INTERNALS:
            assert internal not in shown


async def test_f1_in_the_review_editor_shows_the_editors_keys(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await press_to(pilot, "e", ReviewEditor)
        help_screen = await press_to(pilot, "f1", HelpScreen)
        keys = dict(help_screen.key_rows)
        assert keys["ctrl+s"] == "Save the review"
        assert keys["ctrl+e"] == "Edit the text in your $EDITOR"
        assert "a" not in keys and "/" not in keys  # the list's keys do not work here
        assert "Review editor" in help_screen.markdown
        await press_to(pilot, "escape", ReviewEditor)


async def test_a_dialog_shows_its_own_keys_in_its_footer(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await press_to(pilot, "a", FilmForm)
        footer = screen_lines(app)[-1]
        assert "Save" in footer and "Cancel" in footer
        assert "Search" not in footer and "Edit review" not in footer


async def test_q_quits(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_escape_never_quits(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)


async def test_palette_goes_to_a_film(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await press_to(pilot, "ctrl+p", CommandPalette)
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


@pytest.mark.parametrize(
    ("typed", "title", "opens"),
    [
        ("import", "journal: import…", "ImportScreen"),
        ("export", "journal: export…", "ExportScreen"),
        ("statistics", "view: statistics", "StatsScreen"),
        ("add", "film: add", "FilmForm"),
    ],
)
async def test_the_palette_runs_a_command(
    app: FilmJournalApp, typed: str, title: str, opens: str
) -> None:
    async with started(app) as pilot:
        await pick_from_palette(pilot, typed, title)
        assert type(app.screen).__name__ == opens


async def test_the_palette_rates_and_puts_on_the_watchlist(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen) and main.highlighted is not None
        film_id = main.highlighted.id
        await pick_from_palette(pilot, "rate 3", "film: rate 3/10")
        await pick_from_palette(pilot, "watchlist", "film: watchlist on/off")
        film = app.store.film(film_id)
        assert app.store.latest_review(film_id, "sam") is not None
        assert app.store.latest_review(film_id, "sam").rating == 3  # type: ignore[union-attr]
        assert film.watchlist


async def pick_from_palette(pilot: Pilot[None], typed: str, title: str) -> None:
    """Open the palette, type, wait for `title` to be offered, and choose it."""
    app = pilot.app
    await press_to(pilot, "ctrl+p", CommandPalette)
    app.screen.query_one(Input).value = typed
    for _ in range(40):
        await pilot.pause(0.05)
        if any(title in line for line in screen_lines(app)):
            break
    lines = [line for line in screen_lines(app) if "│" in line or "▊" in line]
    assert any(title in line for line in screen_lines(app)), lines
    options = app.screen.query_one("CommandList")
    for index in range(options.option_count):  # type: ignore[attr-defined]
        if title in str(options.get_option_at_index(index).prompt):  # type: ignore[attr-defined]
            options.highlighted = index  # type: ignore[attr-defined]
            break
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_hides_textuals_own_commands(app: FilmJournalApp) -> None:
    async with started(app):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "app: theme" in titles and "journal: import…" in titles
        for internal in ("Screenshot", "Maximize", "Keys", "Quit"):
            assert internal not in titles


async def test_keymap_from_config_overrides_a_key(demo_store: FilmStore) -> None:
    app = make_app(demo_store, Config(author="sam", keymap={"film.add": "A"}))
    async with started(app) as pilot:
        await press_to(pilot, "a", MainScreen)
        await press_to(pilot, "A", FilmForm)


def test_every_command_has_a_unique_id_words_and_a_place() -> None:
    ids = [command.id for command in COMMANDS]
    assert len(ids) == len(set(ids))
    for command in COMMANDS:
        assert command.keys and command.description and command.tooltip
        assert command.where in PLACES


def test_every_action_in_the_table_exists_where_it_is_bound() -> None:
    owners = {
        "app": FilmJournalApp,
        "main": MainScreen,
        "list": FilmList,
        "detail": FilmDetail,
        "editor": ReviewEditor,
        "film-form": FilmForm,
        "filters": FilterScreen,
        "confirm": Confirm,
        "stats": StatsScreen,
        "help": HelpScreen,
        "import": ImportScreen,
        "export": ExportScreen,
        "summary": Summary,
        "ask": Ask,
        "lists": ListsScreen,
    }
    assert set(owners) == set(PLACES)
    for command in COMMANDS:
        namespace, _, action = command.action.rpartition(".")
        owner = FilmJournalApp if namespace == "app" else owners[command.where]
        name = action.partition("(")[0]
        assert hasattr(owner, f"action_{name}"), command.id


def test_the_readme_key_table_is_the_command_table() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    start, end = README_START, README_END
    assert start in readme and end in readme
    table = readme.split(start, 1)[1].split(end, 1)[0]
    assert table == readme_table(), "run: python -m filmjournal.tui.actions README.md"


async def test_sort_and_theme_are_saved(demo_store: FilmStore, isolated_home: Path) -> None:
    app = FilmJournalApp(demo_store, Config(author="sam"), today=lambda: TODAY)
    async with started(app) as pilot:
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
    async with started(app, message_hook=seen.append) as pilot:
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
    async with started(app) as pilot:
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
    await press_to(pilot, "ctrl+p", CommandPalette)
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
    async with started(app) as pilot:
        await run_from_palette(pilot, title)
        assert isinstance(app.screen, opens), app.screen


async def test_palette_commands_that_change_the_list(
    app: FilmJournalApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    seen: list[Message] = []
    async with started(app, message_hook=seen.append) as pilot:
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
    async with started(app, message_hook=seen.append):
        assert any("no key has the id film.nope" in notice for notice in notices(seen))
        assert not any("film.add" in notice for notice in notices(seen))
