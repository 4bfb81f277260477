"""Writing from the keyboard: rating, reviews, drafts, films, deleting and exporting."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.message import Message
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import Draft, Film, ReviewInput
from filmjournal.storage import FilmStore
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.screens.confirm import Confirm
from filmjournal.tui.screens.film_form import FilmForm
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.screens.review_editor import ReviewEditor
from filmjournal.tui.widgets.film_detail import FilmDetail
from tests.tui.conftest import (
    SIZE,
    TODAY,
    make_app,
    notices,
    press_to,
    region_text,
    screen_lines,
    settle,
    started,
)


def highlighted(app: FilmJournalApp) -> Film:
    assert isinstance(app.screen, MainScreen)
    film = app.screen.highlighted
    assert film is not None
    return film


async def go_to(pilot, title: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    for _ in range(20):
        await settle(pilot)
        if highlighted(app).title == title:
            return
        await pilot.press("j")
    raise AssertionError(f"{title} not found")


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*[{" ": "space", "*": "asterisk", ".": "full_stop"}.get(c, c) for c in text])


async def test_digit_rates_my_latest_review(app: FilmJournalApp, demo_store: FilmStore) -> None:
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await go_to(pilot, "Heat")
        await pilot.press("7")
        await settle(pilot)
        heat = demo_store.resolve("Heat")
        mine = demo_store.latest_review(heat.id, "sam")
        assert mine is not None and mine.rating == 7 and mine.watched_on is not None
        assert heat.overall_rating == 8  # (9 + 7 + alex's 8) / 3
        assert "Rated Heat (1995) 7/10 · overall 8/10 ★★★★☆ Good" in notices(seen)
        assert highlighted(app).overall_rating == 8
        assert "8/10" in region_text(app, "#detail")
        await pilot.press("0")
        await settle(pilot)
        assert demo_store.resolve("Heat").overall_rating == 9


async def test_digit_on_an_unreviewed_film_rates_it_without_logging_a_viewing(
    app: FilmJournalApp, demo_store: FilmStore
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Amélie")
        await pilot.press("9")
        await settle(pilot)
        amelie = demo_store.resolve("Amélie")
        (review,) = demo_store.reviews(amelie.id)
        assert (review.author, review.rating, review.watched_on) == ("sam", 9, None)
        assert amelie.last_watched is None
        assert "Excellent" in region_text(app, "#films")


async def test_edit_my_latest_review(app: FilmJournalApp, demo_store: FilmStore) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Heat")
        editor = await press_to(pilot, "e", ReviewEditor)
        assert editor.query_one("#rating", Input).value == "10"
        assert editor.query_one("#text", TextArea).text.startswith("Better every time.")
        await type_text(pilot, " Again.")
        await press_to(pilot, "ctrl+s", MainScreen)
        heat = demo_store.resolve("Heat")
        mine = demo_store.latest_review(heat.id, "sam")
        assert mine is not None and mine.text.endswith("the frame around it. Again.")
        assert "Again." in region_text(app, "#detail")
        assert demo_store.drafts() == []


async def test_new_review_flags_invalid_fields_in_place(
    app: FilmJournalApp, demo_store: FilmStore
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Her")
        her_id = highlighted(app).id
        before = len(demo_store.reviews(her_id))
        editor = await press_to(pilot, "n", ReviewEditor)
        assert editor.query_one("#watched", Input).value == TODAY.isoformat()
        assert editor.query_one("#rewatch", Checkbox).value is True
        await type_text(pilot, "Even better *now*.")
        editor.query_one("#rating", Input).value = "11"
        editor.query_one("#watched", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor
        assert "1 to 10" in str(editor.query_one("#rating-error", Static).render())
        assert "not a real date" in str(editor.query_one("#watched-error", Static).render())
        assert len(demo_store.reviews(her_id)) == before
        editor.query_one("#rating", Input).value = "9"
        editor.query_one("#watched", Input).value = "2026-03-01"
        editor.query_one("#tags", Input).value = "rewatch, cosy"
        await pilot.press("ctrl+s")
        await settle(pilot)
        reviews = demo_store.reviews(her_id)
        assert len(reviews) == before + 1
        new = reviews[0]
        assert (new.text, new.rating, new.rewatch, new.tags, new.author) == (
            "Even better *now*.",
            9,
            True,
            ("rewatch", "cosy"),
            "sam",
        )


async def test_escape_with_changes_asks_before_discarding(
    app: FilmJournalApp, demo_store: FilmStore
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Her")
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "precious words")
        await press_to(pilot, "escape", Confirm)
        await press_to(pilot, "n", ReviewEditor)
        assert app.screen.query_one("#text", TextArea).text == "precious words"
        await pilot.press("escape")
        await settle(pilot)
        await press_to(pilot, "y", MainScreen)
        assert len(demo_store.reviews(highlighted(app).id)) == 1
        assert demo_store.drafts() == []


async def test_escape_without_changes_just_closes(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        await press_to(pilot, "escape", MainScreen)


async def test_typing_keeps_a_draft_that_the_next_launch_offers_back(
    demo_store: FilmStore,
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Her")
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "half a thought")
        await pilot.pause(1.0)  # The README promises a draft every second.
        await settle(pilot)
        (draft,) = demo_store.drafts()
        assert draft.text == "half a thought" and draft.review_id is None
    # The app is gone without saving, as after a crash; the next launch offers the draft.
    again = make_app(demo_store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, Confirm)
        assert "Her (2013)" in again.screen.question
        await pilot.press("y")
        await settle(pilot)
        editor = again.screen
        assert isinstance(editor, ReviewEditor)
        assert editor.query_one("#text", TextArea).text == "half a thought"
        await pilot.press("ctrl+s")
        await settle(pilot)
        her = demo_store.resolve("Her")
        assert demo_store.reviews(her.id)[0].text == "half a thought"
        assert demo_store.drafts() == []


async def test_declining_a_draft_keeps_it_for_later(demo_store: FilmStore) -> None:
    her = demo_store.resolve("Her")
    demo_store.save_draft(Draft(film_id=her.id, review_id=None, text="kept"))
    app = make_app(demo_store)
    async with started(app) as pilot:
        await press_to(pilot, "escape", MainScreen)
    assert [d.text for d in demo_store.drafts()] == ["kept"]


async def test_escape_asks_before_discarding_a_restored_draft(demo_store: FilmStore) -> None:
    her = demo_store.resolve("Her")
    demo_store.save_draft(Draft(film_id=her.id, review_id=None, text="written before a crash"))
    app = make_app(demo_store)
    async with started(app) as pilot:
        await pilot.press("y")  # restore it
        await settle(pilot)
        assert isinstance(app.screen, ReviewEditor)
        await pilot.press("escape")  # nothing changed since, but none of it is saved
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "unsaved" in app.screen.question
        await press_to(pilot, "n", ReviewEditor)
    assert [d.text for d in demo_store.drafts()] == ["written before a crash"]


async def test_a_kept_draft_survives_a_new_review_of_the_same_film(
    demo_store: FilmStore,
) -> None:
    her = demo_store.resolve("Her")
    kept = demo_store.save_draft(Draft(film_id=her.id, review_id=None, text="from before"))
    demo_store.save_draft(Draft(film_id=her.id, review_id=None, text="from another crash"))
    app = make_app(demo_store)
    async with started(app) as pilot:
        for _ in range(2):  # each draft of the film is offered; both are kept for later
            assert isinstance(app.screen, Confirm) and "Her (2013)" in app.screen.question
            await pilot.press("escape")
            await settle(pilot)
        await go_to(pilot, "Her")
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "a new one")
        await pilot.pause(1.0)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # discard the new one
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    texts = sorted(d.text for d in demo_store.drafts())
    assert texts == ["from another crash", "from before"]
    assert kept.key in {d.key for d in demo_store.drafts()}


class FailingStore(FilmStore):
    """A journal whose disk fills up when a review is saved."""

    def add_review(self, film_id: int, content: ReviewInput) -> object:  # type: ignore[override]
        raise FilmJournalError("the disk is full; nothing was written")


async def test_a_failed_save_keeps_the_text_in_the_editor(demo_store: FilmStore) -> None:
    failing = FailingStore(demo_store.db)
    app = make_app(failing)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await go_to(pilot, "Her")
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "do not lose me")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("disk is full" in notice for notice in notices(seen))
        editor = app.screen
        assert isinstance(editor, ReviewEditor)
        assert editor.query_one("#text", TextArea).text == "do not lose me"


async def test_add_film_form_flags_errors_then_adds(
    app: FilmJournalApp, demo_store: FilmStore
) -> None:
    async with started(app) as pilot:
        form = await press_to(pilot, "a", FilmForm)
        await type_text(pilot, "Blade Runner")
        form.query_one("#year", Input).value = "abc"
        form.query_one("#runtime", Input).value = "-3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "must be a year" in str(form.query_one("#year-error", Static).render())
        assert "minutes" in str(form.query_one("#runtime-error", Static).render())
        assert demo_store.total() == 15
        form.query_one("#year", Input).value = "1982"
        form.query_one("#runtime", Input).value = "117"
        form.query_one("#genres", Input).value = "Sci-Fi, Noir"
        form.query_one("#directors", Input).value = "Ridley Scott"
        await pilot.press("ctrl+s")
        await settle(pilot)
        film = demo_store.resolve("Blade Runner (1982)")
        assert (film.runtime_minutes, film.genres, film.directors) == (
            117,
            ("Sci-Fi", "Noir"),
            ("Ridley Scott",),
        )
        assert highlighted(app).id == film.id
        assert app.sub_title == "Journal · 13 films"


async def test_escape_asks_before_dropping_what_was_typed_into_the_film_form(
    app: FilmJournalApp, demo_store: FilmStore
) -> None:
    """A synopsis typed into the form is words too: Escape keeps them unless the user says
    to discard them. A form with nothing typed closes at once."""
    async with started(app) as pilot:
        form = await press_to(pilot, "a", FilmForm)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not form  # nothing typed: nothing to ask
        form = await press_to(pilot, "a", FilmForm)
        await type_text(pilot, "Blade Runner")
        form.query_one("#synopsis", TextArea).load_text("A long paragraph about replicants.")
        confirm = await press_to(pilot, "escape", Confirm)
        assert confirm.question == "Discard this new film?"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#synopsis", TextArea).text == "A long paragraph about replicants."
        await press_to(pilot, "escape", Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is not form and demo_store.total() == 15
        await go_to(pilot, "Heat")
        form = await press_to(pilot, "E", FilmForm)
        form.query_one("#certification", Input).value = "18"
        confirm = await press_to(pilot, "escape", Confirm)
        assert confirm.question == "Discard your changes to Heat (1995)?"


async def test_edit_film_details(app: FilmJournalApp, demo_store: FilmStore) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Heat")
        form = await press_to(pilot, "E", FilmForm)
        assert form.query_one("#directors", Input).value == "Michael Mann"
        form.query_one("#certification", Input).value = "18"
        await pilot.press("ctrl+s")
        await settle(pilot)
        heat = demo_store.resolve("Heat")
        assert heat.certification == "18" and heat.review_count == 3
        assert "18 · 170 min" in region_text(app, "#detail")


async def test_delete_a_film_after_confirming(app: FilmJournalApp, demo_store: FilmStore) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Heat")
        confirm = await press_to(pilot, "d", Confirm)
        assert confirm.question == "Delete Heat (1995) and its 3 reviews?"
        await pilot.press("escape")
        await settle(pilot)
        assert demo_store.total() == 15
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert demo_store.total() == 14
        assert highlighted(app).title != "Heat"


async def test_delete_the_focused_review(app: FilmJournalApp, demo_store: FilmStore) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Heat")
        await pilot.press("enter")
        await settle(pilot)
        review = app.screen.query_one(FilmDetail).focused_review
        assert review is not None
        deleted = review.id
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and "review of Heat" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        remaining = demo_store.reviews(demo_store.resolve("Heat").id)
        assert len(remaining) == 2 and deleted not in {r.id for r in remaining}


async def test_export_writes_markdown_and_names_the_file(
    app: FilmJournalApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "heat-1995.md").write_text("an older export")
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await go_to(pilot, "Heat")
        await pilot.press("x")
        await settle(pilot)
    written = tmp_path / "heat-1995-2.md"
    assert f"Exported to {written}" in notices(seen)
    assert (tmp_path / "heat-1995.md").read_text() == "an older export"
    page = written.read_text()
    assert page.startswith('---\ntitle: "Heat"') and "# Heat (1995)" in page


async def test_export_without_a_review_warns(
    app: FilmJournalApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await go_to(pilot, "Amélie")
        await pilot.press("x")
        await settle(pilot)
    assert "Amélie (2001) has no review to export" in notices(seen)
    assert list(tmp_path.iterdir()) == []


async def test_u_undoes_a_rating_a_watchlist_change_and_a_deletion(
    app: FilmJournalApp, demo_store: FilmStore
) -> None:
    heat = demo_store.resolve("Heat")
    reviews_before = demo_store.reviews(heat.id)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Heat")
        await pilot.press("2")  # a hair trigger
        await settle(pilot)
        assert demo_store.reviews(heat.id) != reviews_before
        await pilot.press("u")
        await settle(pilot)
        assert demo_store.reviews(heat.id) == reviews_before
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not demo_store.film(heat.id).watchlist
        await press_to(pilot, "d", Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert demo_store.count(FilmQuery(search="Heat")) == 0
        await pilot.press("u")
        await settle(pilot)
        back = demo_store.film(heat.id)  # the same id, every review with its own
        assert (back.title, back.overall_rating) == ("Heat", heat.overall_rating)
        assert demo_store.reviews(heat.id) == reviews_before
        assert [f.id for f in demo_store.rows(FilmQuery(search="shoot-out"), 0, 5)] == [heat.id]


async def test_l_puts_the_film_in_a_list_and_f_shows_the_list(
    app: FilmJournalApp, demo_store: FilmStore
) -> None:
    from filmjournal.tui.screens.ask import Ask
    from filmjournal.tui.screens.filters import FilterScreen

    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Heat")
        await press_to(pilot, "L", Ask)
        await type_text(pilot, "Crime nights")
        await pilot.press("enter")
        await settle(pilot)
        await go_to(pilot, "Parasite")
        await press_to(pilot, "L", Ask)
        await type_text(pilot, "Cri")
        await pilot.press("right")  # → takes the suggested name
        assert app.screen.query_one("#answer", Input).value == "Crime nights"
        await pilot.press("enter")
        await settle(pilot)
        sizes = {summary.name: summary.size for summary in demo_store.lists()}
        assert sizes["Crime nights"] == 2
        filters = await press_to(pilot, "f", FilterScreen)
        filters.query_one("#list", Select).value = "Crime nights"
        await press_to(pilot, "ctrl+s", MainScreen)
        assert "2 films" in region_text(app, "#status")
        assert "list Crime nights" in region_text(app, "#status")


async def test_v_shows_the_lists_and_a_list_in_its_order_and_k_j_reorder_it(
    app: FilmJournalApp, demo_store: FilmStore
) -> None:
    from filmjournal.tui.screens.lists import ListsScreen

    for title in ("Heat", "Alien", "Parasite"):
        demo_store.add_to_list(demo_store.resolve(title).id, "Best of")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_to(pilot, "V", ListsScreen)
        assert "Best of · 3 of 3 seen" in "\n".join(screen_lines(app))
        await pilot.press("home")  # "Best of" sorts before the demo's "Rainy Sundays"
        main = await press_to(pilot, "enter", MainScreen)
        assert [row_title(app, i) for i in range(3)] == ["Heat", "Alien", "Parasite"]
        assert "the list's order" in region_text(app, "#status")
        assert "Best of (#1)" in region_text(app, "#detail")
        await pilot.press("j", "K")  # Alien up to first place
        await settle(pilot)
        assert [row_title(app, i) for i in range(3)] == ["Alien", "Heat", "Parasite"]
        assert main.highlighted is not None and main.highlighted.title == "Alien"
        await pilot.press("u")  # and back
        await settle(pilot)
        assert [row_title(app, i) for i in range(3)] == ["Heat", "Alien", "Parasite"]


def row_title(app: FilmJournalApp, index: int) -> str:
    """The title of the list's row `index`."""
    from filmjournal.tui.widgets.film_list import FilmList

    film = app.screen.query_one(FilmList).film_at(index)
    assert film is not None
    return film.title
