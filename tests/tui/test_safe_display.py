"""Journal text reaches the screen as text: escapes made visible, markup shown as brackets."""

from __future__ import annotations

from datetime import date

from textual.message import Message

from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore
from filmjournal.storage.database import memory_database
from filmjournal.tui.screens.main import MainScreen
from tests.tui.conftest import SIZE, make_app, notices, region_text, settle, started

OSC_TITLE = "\x1b]0;pwned\x07"
"""Sets the terminal's window title when written raw."""


def journal(*titles: str) -> FilmStore:
    """A journal of films with these titles."""
    store = FilmStore(memory_database())
    for title in titles:
        store.add_film(FilmInput(title=title, year=2001))
    return store


async def test_an_escape_in_a_title_shows_visibly_in_the_list() -> None:
    app = make_app(journal(f"Heat{OSC_TITLE}"))
    async with started(app):
        shown = region_text(app, "#films")
        assert "\x1b" not in shown and "\x07" not in shown
        assert "Heat␛]0;pwned␇" in shown


async def test_an_escape_in_review_text_shows_visibly_in_the_detail_pane() -> None:
    store = journal("Heat")
    film = store.resolve("Heat")
    store.add_review(
        film.id,
        ReviewInput(author="ann", text="Stays \x1b[31mred\x1b[0m.", watched_on=date(2024, 1, 1)),
    )
    app = make_app(store)
    async with started(app):
        shown = region_text(app, "#detail")
        assert "\x1b" not in shown
        assert "Stays ␛[31mred␛[0m." in shown


async def test_a_notification_shows_a_title_in_brackets_as_it_is() -> None:
    seen: list[Message] = []
    app = make_app(journal("[bold]Loud[/bold]"))
    async with app.run_test(size=SIZE, message_hook=seen.append, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        assert any(n.startswith("Rated [bold]Loud[/bold] (2001) 8/10") for n in notices(seen))
        assert "Rated [bold]Loud[/bold]" in region_text(app, "Toast")


async def test_a_notification_about_a_title_with_a_closing_tag_is_drawn() -> None:
    app = make_app(journal("Odd [/] Title"))
    async with started(app, notifications=True) as pilot:
        await pilot.press("8")
        await settle(pilot)
        assert "Rated Odd [/] Title" in region_text(app, "Toast")
        assert app.is_running and isinstance(app.screen, MainScreen)
