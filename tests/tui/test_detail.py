"""The detail pane: one widget drawing a film and its reviews, line by line."""

from __future__ import annotations

import pytest
from textual.screen import Screen

from filmjournal.config import Config
from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.widgets.film_detail import CARD_EDGE, FilmDetail
from filmjournal.tui.widgets.film_list import FilmList
from tests.tui.conftest import make_app, region_text, settle, started

REVIEWS = 40


@pytest.fixture
def long_store(demo_store: FilmStore) -> FilmStore:
    """The demo journal with a film (first by title) reviewed forty times."""
    film = demo_store.add_film(FilmInput(title="Aaa Many Reviews", year=2000))
    for number in range(REVIEWS):
        demo_store.add_review(
            film.id, ReviewInput(author=f"critic{number}", text=f"Review number {number}.")
        )
    return demo_store


def detail(app: FilmJournalApp) -> FilmDetail:
    return app.screen.query_one(FilmDetail)


def edge_colours(pane: FilmDetail) -> set[str]:
    """The colours of the review edges on screen."""
    return {
        str(segment.style.color)
        for y in range(pane.scrollable_content_region.height)
        for segment in pane.render_line(y)
        if segment.text == CARD_EDGE and segment.style is not None
    }


async def test_every_review_of_a_much_reviewed_film_can_be_read(long_store: FilmStore) -> None:
    app = make_app(long_store)
    async with started(app) as pilot:
        await settle(pilot)
        pane = detail(app)
        assert pane.record is not None and pane.record.film.title == "Aaa Many Reviews"
        # The first screenfuls come at once; the rest just after, and the scrollbar knows.
        assert pane.virtual_size.height > 3 * REVIEWS
        assert pane.vertical_scrollbar.window_virtual_size == pane.virtual_size.height
        await pilot.press("enter", "end")
        await settle(pilot)
        await pilot.pause(1)
        assert pane.record.reviews[-1].text in region_text(app, "#detail")


async def test_the_scrollbar_follows_each_film(long_store: FilmStore) -> None:
    app = make_app(long_store)
    async with started(app) as pilot:
        await settle(pilot)
        pane = detail(app)
        long = pane.virtual_size.height
        pane.scroll_end(animate=False, immediate=True)
        await pilot.press("down")  # Alien: two reviews
        await settle(pilot)
        assert pane.virtual_size.height < long
        assert pane.vertical_scrollbar.window_virtual_size == pane.virtual_size.height
        assert pane.scroll_y == 0 and "Alien (1979)" in region_text(app, "#detail")


async def test_moving_through_the_list_lays_nothing_out_again(
    app: FilmJournalApp, layouts: list[Screen[None]]
) -> None:
    """A film shown changes the pane's lines, not the screen's layout, so it lands in one
    frame: no widget is added, removed or resized as the cursor moves."""
    async with started(app) as pilot:
        await settle(pilot)
        layouts.clear()
        for _ in range(3):
            await pilot.press("down")
            await settle(pilot)
        assert "Heat (1995)" in region_text(app, "#detail")  # Alien, Amélie, Arrival, Heat
        await pilot.press("up")
        await settle(pilot)
        assert "Arrival (2016)" in region_text(app, "#detail")
        assert layouts == []


async def test_the_selected_review_is_marked_and_kept_across_a_change(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("j", "j", "j")
        await settle(pilot)
        pane = detail(app)
        unmarked = edge_colours(pane)
        assert len(unmarked) == 1
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        selected = pane.focused_review
        assert selected is not None
        assert len(edge_colours(pane)) == 2  # the selected review's edge in the accent
        await pilot.press("7")  # rate Heat: the film is read again
        await settle(pilot)
        assert pane.record is not None and pane.record.film.title == "Heat"
        assert pane.focused_review is not None and pane.focused_review.id == selected.id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, FilmList)
        assert edge_colours(pane) == unmarked  # no review selected while the list has focus


async def test_clicking_a_review_selects_it(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("j", "j", "j")
        await settle(pilot)
        pane = detail(app)
        assert pane.record is not None
        second = pane.record.reviews[1]
        row = next(
            y
            for y in range(pane.scrollable_content_region.height)
            if second.text.split()[0] in pane.render_line(y).text
        )
        await pilot.click(FilmDetail, offset=(5, row))
        await pilot.pause()
        assert app.focused is pane
        assert pane.focused_review is not None and pane.focused_review.id == second.id


async def test_a_new_theme_redraws_the_pane(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await settle(pilot)
        pane = detail(app)
        before = pane.render_line(1)
        app.theme = "solarized-light"
        await pilot.pause()
        after = pane.render_line(1)
        assert before.text == after.text
        assert (
            {segment.style.bgcolor for segment in after if segment.style}
            == {pane.rich_style.bgcolor}
            != {segment.style.bgcolor for segment in before if segment.style}
        )


async def test_a_film_with_nothing_but_a_title_says_how_to_fill_it_in_the_users_keys(
    demo_store: FilmStore,
) -> None:
    """What an import brings (a title and a year) leaves the pane bare; it says which keys
    fill it, as the user has them, and says nothing of the kind for a film with details."""
    demo_store.add_film(FilmInput(title="Aaa Bare", year=1953))
    config = Config(author="sam", keymap={"film.edit": "ctrl+e", "review.edit": "w"})
    app = make_app(demo_store, config)
    async with started(app) as pilot:
        shown = " ".join(region_text(app, "#detail").split())
        assert "No details yet: ctrl+e types them in or looks the film up;" in shown
        assert "D fills every film's from IMDb's datasets" in shown
        assert "No reviews yet: press w to write one" in shown
        await pilot.press("j")
        await settle(pilot)
        shown = region_text(app, "#detail")
        assert "Directed by" in shown and "No details yet" not in shown


async def test_keys_named_in_a_hint_never_bring_control_characters_to_the_screen(
    demo_store: FilmStore,
) -> None:
    """The keymap is the user's own text (config.json): an escape sequence in it is shown,
    never sent to the terminal."""
    from tests.tui.hostile import raw_controls

    demo_store.add_film(FilmInput(title="Aaa Bare", year=1953))
    keymap = {"film.edit": "\x1b[31mE", "review.edit": "\x07w"}
    app = make_app(demo_store, Config(author="sam", keymap=keymap))
    async with started(app):
        assert "No details yet: ␛[31mE types them in" in " ".join(
            region_text(app, "#detail").split()
        )
        assert raw_controls(app) == []
