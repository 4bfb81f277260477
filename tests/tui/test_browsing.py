"""Browsing the journal from the keyboard: the list, the detail pane, search, sort, filters."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from rich.cells import cell_len
from textual.screen import Screen
from textual.widgets import Input, Static

from filmjournal.core.library import FilmQuery, Rated, Sort, View
from filmjournal.core.models import Film, FilmInput
from filmjournal.storage import FilmStore
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.screens.filters import FilterScreen
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.widgets.film_detail import FilmDetail
from filmjournal.tui.widgets.film_list import PAGE_SIZE, FilmList
from tests.tui.conftest import make_app, press_to, region_text, screen_lines, settle, started


def main(app: FilmJournalApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def highlighted(app: FilmJournalApp) -> Film:
    film = main(app).highlighted
    assert film is not None
    return film


def status(app: FilmJournalApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


def detail_text(app: FilmJournalApp) -> str:
    return region_text(app, "#detail")


def row_text(app: FilmJournalApp, y: int) -> str:
    return app.screen.query_one(FilmList).render_line(y).text


async def test_opens_on_the_first_film_with_its_details(app: FilmJournalApp) -> None:
    async with started(app):
        assert highlighted(app).title == "Alien"
        assert isinstance(app.focused, FilmList)
        assert status(app).startswith("12 films")
        assert app.sub_title == "Journal · 12 films"
        shown = detail_text(app)
        assert "Alien (1979)" in shown and "R · 117 min · Horror, Sci-Fi" in shown
        assert "Directed by Ridley Scott" in shown and "9/10" in shown and "Excellent" in shown
        assert "alex" in shown and "greasy workplace" in shown
        assert row_text(app, 0).startswith("Alien")


async def test_moving_through_the_list(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("j", "j", "down")
        await settle(pilot)
        assert highlighted(app).title == "Heat"
        assert "Heat (1995)" in detail_text(app)
        await pilot.press("k", "up")
        await settle(pilot)
        assert highlighted(app).title == "Amélie"
        await pilot.press("G")
        await settle(pilot)
        assert highlighted(app).title == "Tokyo Story"
        await pilot.press("g")
        await settle(pilot)
        assert highlighted(app).title == "Alien"
        await pilot.press("end")
        await settle(pilot)
        assert highlighted(app).title == "Tokyo Story"
        await pilot.press("home", "pagedown")
        await settle(pilot)
        assert highlighted(app).title == "Tokyo Story"  # 12 films fit in one page
        await pilot.press("pageup")
        await settle(pilot)
        assert highlighted(app).title == "Alien"


async def test_enter_and_tab_move_into_the_reviews(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("j", "j", "j")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen.query_one(FilmDetail)
        assert app.focused is detail
        first = detail.focused_review
        assert first is not None and first.watched_on == date(2024, 6, 15)  # Heat's newest
        await pilot.press("tab")
        second = detail.focused_review
        assert second is not None and second.id != first.id
        await pilot.press("tab", "tab")  # Heat has three reviews: past the last, out
        assert app.focused is not detail and detail.focused_review is None
        await pilot.press("shift+tab")
        assert app.focused is detail and detail.focused_review is None  # the pane itself
        await pilot.press("shift+tab")
        assert isinstance(app.focused, FilmList)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(app.focused, FilmList)


async def test_search_as_you_type_and_escape_clears(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("slash", "h", "o", "r")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        assert status(app).startswith("2 films · matching 'hor'")
        # Both are horror; The Thing is only that, so bm25 ranks it the stronger match.
        assert [row_text(app, y).split("  ")[0] for y in range(2)] == ["The Thing", "Alien"]
        await pilot.press("enter")
        assert isinstance(app.focused, FilmList)
        await pilot.press("escape")
        await settle(pilot)
        assert status(app).startswith("12 films")
        assert app.screen.query_one("#search", Input).value == ""


async def test_search_reaches_reviews_and_people(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        for text, expected in (("greasy", "Alien"), ("miyazaki", "Spirited Away")):
            main(app).query_one("#search", Input).value = text
            await settle(pilot)
            assert highlighted(app).title == expected


async def test_hostile_searches_are_just_text(app: FilmJournalApp, demo_store: FilmStore) -> None:
    async with started(app) as pilot:
        await pilot.press("slash")
        for hostile in ['her"', "AND", "NEAR(", "*", "-", ":", "title:her"]:
            search = main(app).query_one("#search", Input)
            search.value = hostile
            await settle(pilot)
            expected = demo_store.count(FilmQuery(search=hostile, view=View.JOURNAL))
            noun = "film" if expected == 1 else "films"
            assert status(app).startswith(f"{expected} {noun} · matching {hostile!r}")
            assert app.screen.query_one(FilmList).count == expected
        search.value = 'her"'
        await settle(pilot)
        assert any(row_text(app, y).startswith("Her ") for y in range(5))


async def test_a_new_sort_keeps_the_count_without_counting_again(
    app: FilmJournalApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same films in another order: the list reads its new page, not its size."""
    counts: list[object] = []
    count = FilmStore.count

    def counted(store: FilmStore, query: FilmQuery) -> int:
        counts.append(query)
        return count(store, query)

    monkeypatch.setattr(FilmStore, "count", counted)
    async with started(app) as pilot:
        films = app.screen.query_one(FilmList)
        before = films.count
        counts.clear()
        for key in "srs":
            await pilot.press(key)
            await settle(pilot)
        assert films.count == before and films.is_current
        assert [query for query in counts if query == films.film_query] == []


async def test_sort_cycles_and_keeps_the_film(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("j", "j", "j")  # Heat
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert main(app).film_query.sort is Sort.YEAR
        assert highlighted(app).title == "Heat"
        assert "by year, newest first" in status(app)
        assert row_text(app, 0).startswith("Parasite")
        await pilot.press("s")
        await settle(pilot)
        assert main(app).film_query.sort is Sort.RATING
        assert row_text(app, 0).startswith("Spirited Away")
        await pilot.press("s", "s")
        await settle(pilot)
        assert main(app).film_query.sort is Sort.TITLE
        assert highlighted(app).title == "Heat"


async def test_filters_narrow_the_list_and_escape_clears_them(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        filters = await press_to(pilot, "f", FilterScreen)
        filters.query_one("#year-from", Input).value = "1990"
        filters.query_one("#year-to", Input).value = "abc"
        await pilot.press("ctrl+s")
        assert "year" in str(filters.query_one("#error", Static).render())
        filters.query_one("#year-to", Input).value = "2010"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert main(app).film_query.year_from == 1990
        assert status(app).startswith("4 films") and "filter: 1990–2010" in status(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not main(app).film_query.is_filtered
        assert status(app).startswith("12 films")


async def test_unrated_filter(app: FilmJournalApp, demo_store: FilmStore) -> None:
    async with started(app) as pilot:
        main(app).film_query = FilmQuery(rated=Rated.UNRATED, view=View.JOURNAL)
        await settle(pilot)
        assert status(app).startswith("2 films")
        assert highlighted(app).title == "Amélie"


async def test_markup_and_control_characters_are_shown_as_text(empty_store: FilmStore) -> None:
    empty_store.add_film(
        FilmInput(title="[bold]Loud[/bold] 東京 🎬", synopsis="beep\x07 and \x1b[31mred")
    )
    app = make_app(empty_store)
    async with started(app) as pilot:
        assert row_text(app, 0).startswith("[bold]Loud[/bold] 東京")
        assert "[bold]Loud[/bold] 東京 🎬" in detail_text(app)
        shown = detail_text(app)
        assert "[bold]Loud[/bold]" in shown
        assert "␇" in shown and "␛[31mred" in shown and "\x1b" not in shown
        for key, title in (("e", "Review of [bold]Loud[/bold]"), ("E", "Edit [bold]Loud[/bold]")):
            await pilot.press(key)
            await settle(pilot)
            assert title in "\n".join(screen_lines(app))
            await pilot.press("escape")
            await settle(pilot)


async def test_wide_characters_keep_columns_aligned(empty_store: FilmStore) -> None:
    for title in ("東京物語", "Heat", "🎬🎬🎬 " * 20):
        empty_store.add_film(FilmInput(title=title, year=1953))
    app = make_app(empty_store)
    async with started(app):
        film_list = app.screen.query_one(FilmList)
        strips = [film_list.render_line(y) for y in range(3)]
        assert len({strip.cell_length for strip in strips}) == 1
        year_columns = {cell_len(strip.text[: strip.text.index("1953")]) for strip in strips}
        assert len(year_columns) == 1


async def test_empty_journal_welcomes(empty_store: FilmStore) -> None:
    app = make_app(empty_store)
    async with started(app) as pilot:
        assert app.screen.has_class("-empty")
        welcome = str(app.screen.query_one("#welcome", Static).render())
        assert "Press  a  to add your first film" in welcome
        await pilot.press("7")
        await settle(pilot)
        assert empty_store.total() == 0
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#title", Input).value = "Heat"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert empty_store.total() == 1
        assert not app.screen.has_class("-empty")
        assert isinstance(app.focused, FilmList)
        assert highlighted(app).title == "Heat"


async def test_narrow_terminal_stacks_the_panes(app: FilmJournalApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        detail = app.screen.query_one(FilmDetail)
        film_list = app.screen.query_one(FilmList)
        assert detail.region.y > film_list.region.y
        assert "Alien (1979)" in detail_text(app)


class CountingSource:
    """A FilmSource of 100,000 made-up films that records what the list asks for."""

    def __init__(self) -> None:
        self.requests: list[tuple[int, int]] = []

    def count(self, query: FilmQuery) -> int:
        return 100_000

    def rows(self, query: FilmQuery, offset: int, limit: int) -> list[Film]:
        self.requests.append((offset, limit))
        end = min(offset + limit, 100_000)
        return [Film(id=i + 1, title=f"Film {i:06d}") for i in range(offset, end)]

    def position(self, query: FilmQuery, film_id: int) -> int | None:
        return film_id - 1

    def free(self) -> contextlib.AbstractContextManager[bool]:
        return contextlib.nullcontext(True)


async def test_a_huge_journal_is_fetched_a_page_at_a_time() -> None:
    from textual.app import App, ComposeResult

    source = CountingSource()

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield FilmList(source)

        def on_mount(self) -> None:
            self.query_one(FilmList).reload(cursor=0)

    app = ListApp()
    async with started(app) as pilot:
        film_list = app.query_one(FilmList)
        film_list.focus()
        assert film_list.count == 100_000
        await pilot.press("end")
        await settle(pilot)
        assert film_list.highlighted is not None
        assert film_list.highlighted.title == "Film 099999"
        await pilot.press("pagedown", "pageup", "pageup")
        await settle(pilot)
        assert film_list.render_line(0).text.startswith("Film 0999")
        assert all(limit <= PAGE_SIZE for _, limit in source.requests)
        assert sum(limit for _, limit in source.requests) <= 5 * PAGE_SIZE


async def test_a_slow_search_that_lands_late_never_replaces_a_newer_one(
    app: FilmJournalApp, demo_store: FilmStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = FilmQuery(search="ho", view=View.JOURNAL)
    older = FilmQuery(search="h", view=View.JOURNAL)
    assert demo_store.count(older) > demo_store.count(newer) > 0
    release, landed = threading.Event(), threading.Event()
    count = demo_store.count

    def slow_for_h(query: FilmQuery) -> int:
        if query.search != "h":
            return count(query)
        release.wait(10)  # "h" answers only after "ho" is on screen.
        try:
            return count(query)
        finally:
            landed.set()

    monkeypatch.setattr(demo_store, "count", slow_for_h)
    async with started(app) as pilot:
        await pilot.press("slash", "h", "o")
        for _ in range(100):
            await pilot.pause(0.05)
            if "'ho'" in status(app):
                break
        release.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if landed.is_set():
                break
        await settle(pilot)
        films = app.screen.query_one(FilmList)
        assert films.count == demo_store.count(newer)
        assert "'ho'" in status(app)
        assert row_text(app, 0).startswith(demo_store.rows(newer, 0, 1)[0].title)


async def test_r_reverses_the_sort_keeps_the_film_and_the_arrow_says_which_way(
    app: FilmJournalApp,
) -> None:
    async with started(app) as pilot:
        await pilot.press("j", "j")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and main.highlighted is not None
        kept = main.highlighted.id
        assert "Title▲" in region_text(app, "FilmListHeader")
        await pilot.press("r")
        await settle(pilot)
        assert "Title▼" in region_text(app, "FilmListHeader")
        assert "by title Z–A" in region_text(app, "#status")
        assert main.highlighted is not None and main.highlighted.id == kept


async def test_escape_out_of_a_search_keeps_the_film_found(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("slash", "t", "o", "k", "y", "o")
        await settle(pilot)
        await pilot.press("enter", "escape")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and main.film_query.search == ""
        assert main.highlighted is not None and main.highlighted.title == "Tokyo Story"
        assert main.film_list.cursor > 0  # not back at the first row


async def test_v_goes_through_journal_watchlist_and_rewatches_due(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("v", "v")
        await settle(pilot)
        assert main.film_query.view is View.REWATCH
        assert app.sub_title.startswith("Rewatches due")
        assert main.film_query.sort is Sort.WATCHED and main.film_query.reverse
        await pilot.press("v")
        await settle(pilot)
        back = main.film_query
        assert back.view == View.JOURNAL and not back.reverse


async def test_at_80_columns_the_header_keeps_the_film_count(demo_store: FilmStore) -> None:
    from filmjournal.config import Config
    from filmjournal.tui.app import FilmJournalApp

    deep = "/home/someone/Documents/film things/journals/2026/my film journal.db"
    app = FilmJournalApp(demo_store, Config(author="sam"), journal_name=deep, save_settings=False)
    async with started(app, size=(80, 24)) as pilot:
        await settle(pilot)
        header = screen_lines(app)[0]
        assert "12 films" in header and "my film journal.db" in header


async def test_nothing_to_act_on_says_how_to_begin(empty_store: FilmStore) -> None:
    app = make_app(empty_store)
    async with started(app, notifications=True) as pilot:
        await pilot.press("escape", "2")  # the welcome has the focus; rate nothing
        await settle(pilot)
        assert any("Press a to add one." in line for line in screen_lines(app))


async def test_a_search_marks_the_match_and_says_where_it_matched(app: FilmJournalApp) -> None:
    async with started(app) as pilot:
        await pilot.press("slash", "m", "i", "y", "a", "z", "a", "k", "i")
        await settle(pilot)
        assert highlighted(app).title == "Spirited Away"
        assert "best match" in status(app) and "matched in its directors" in status(app)
        await pilot.press("escape")
        await pilot.press("slash", "t", "o", "k", "y", "o")
        await settle(pilot)
        assert highlighted(app).title == "Tokyo Story" and "matched" not in status(app)
        strip = app.screen.query_one(FilmList).render_line(0)
        assert any(
            seg.text.startswith("Tokyo") and seg.style and seg.style.underline for seg in strip
        )


async def test_a_60_by_15_terminal_shows_a_list_and_reads_a_film_in_its_place(
    app: FilmJournalApp,
) -> None:
    async with started(app, size=(60, 15)) as pilot:
        await settle(pilot)
        shown = "\n".join(screen_lines(app))
        assert all(title in shown for title in ("Alien", "Amélie", "Arrival", "Heat", "Her"))
        await pilot.press("j", "j", "j", "enter")
        await settle(pilot)
        assert "Directed by Michael Mann" in "\n".join(screen_lines(app))
        await pilot.press("escape")
        await settle(pilot)
        assert "Arrival" in "\n".join(screen_lines(app))


async def test_an_empty_view_is_not_an_empty_journal(empty_store: FilmStore) -> None:
    empty_store.add_film(FilmInput(title="Seen It"))
    app = make_app(empty_store)
    async with started(app) as pilot:
        await pilot.press("v")  # an empty watchlist
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and not main.has_class("-empty")
        assert "Your journal is empty" not in "\n".join(screen_lines(app))


async def test_while_a_search_is_typed_the_detail_pane_waits_for_a_pause(
    demo_store: FilmStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each key redraws the list only; the film found is read and shown once typing stops,
    and then at once when the cursor moves in the list."""
    app = make_app(demo_store)
    read: list[int] = []
    record = demo_store.record

    def counted(film_id: int) -> object:
        read.append(film_id)
        return record(film_id)

    monkeypatch.setattr(demo_store, "record", counted)
    async with started(app) as pilot:
        read.clear()
        await pilot.press("slash", "m", "i", "y", "a", "z", "a", "k", "i")
        assert read == []  # nothing read while the keys come
        await settle(pilot)
        assert highlighted(app).title == "Spirited Away"
        assert read == [highlighted(app).id]
        assert app.screen.query_one(FilmDetail).record is not None
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.press("enter", "down")
        await settle(pilot)
        assert read[-1] == highlighted(app).id


@contextlib.contextmanager
def held_elsewhere(store: FilmStore) -> Iterator[threading.Thread]:
    """The journal held by another thread, as an import holds it, until the block ends."""
    held, release = threading.Event(), threading.Event()

    def import_running() -> None:
        with store._lock:
            held.set()
            release.wait(timeout=10)

    busy = threading.Thread(target=import_running, daemon=True)
    busy.start()
    held.wait(timeout=10)
    try:
        yield busy
    finally:
        release.set()


async def test_the_detail_pane_reads_the_film_on_the_spot_unless_the_journal_is_busy(
    demo_store: FilmStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving the cursor shows the film after the list's frame, read on the UI thread (no
    worker's round trip); while another thread holds the journal (an import), it waits in
    a worker instead, and the keys never wait."""
    from filmjournal.tui.screens import journal_view

    monkeypatch.setattr(journal_view, "STATS_AFTER_SECONDS", 60.0)  # no count holding the journal
    app = make_app(demo_store)
    async with started(app) as pilot:
        asked: list[object] = []
        new_worker = app.workers._new_worker

        def counted(*args: object, **options: object) -> object:
            asked.append(options.get("group"))
            return new_worker(*args, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(app.workers, "_new_worker", counted)
        await pilot.press("down")
        await settle(pilot)
        detail = app.screen.query_one(FilmDetail)
        assert detail.record is not None and detail.record.film.id == highlighted(app).id
        assert "details" not in asked
        with held_elsewhere(demo_store) as busy:
            await pilot.press("down")
            await pilot.pause()
            assert busy.is_alive()  # the key was handled while the journal was still held
            assert "details" in asked and detail.record.film.id != highlighted(app).id
        await settle(pilot)
        assert detail.record is not None and detail.record.film.id == highlighted(app).id


async def test_a_search_typed_while_the_journal_is_busy_never_waits_for_it(
    demo_store: FilmStore,
) -> None:
    """A new search is fetched on the spot when the journal is free; while another thread
    holds it (an import), in a worker, and the keys go on meanwhile."""
    app = make_app(demo_store)
    async with started(app) as pilot:
        with held_elsewhere(demo_store) as busy:
            await pilot.press("slash", "h", "e", "a", "t")
            assert busy.is_alive()  # the keys were handled while the journal was still held
            assert app.screen.query_one("#search", Input).value == "heat"
        await settle(pilot)
        assert highlighted(app).title == "Heat"
        assert app.screen.query_one(FilmList).count == 1


async def test_a_click_highlights_the_row_drawn_under_it(demo_store: FilmStore) -> None:
    for number in range(30):
        demo_store.add_film(FilmInput(title=f"Zz film {number:02}", year=2000))
    app = make_app(demo_store)
    async with started(app) as pilot:
        films = app.screen.query_one(FilmList)
        # A wheel or animated scroll can stop between rows: the list draws the nearer one.
        films.scroll_to(y=2.6, animate=False, immediate=True)
        await pilot.pause()
        top = row_text(app, 0).split("  ")[0]
        await pilot.click(FilmList, offset=(2, 0))
        await settle(pilot)
        assert highlighted(app).title == top == "Heat"


async def test_a_letters_results_are_read_within_the_keystroke(demo_store: FilmStore) -> None:
    """The list, its count and the status line follow the search box as the letter goes
    in, not once a message has climbed up to the screen: one frame shows them all."""
    app = make_app(demo_store)
    async with started(app) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        box.insert_text_at_cursor("hor")  # what a key does, without awaiting anything
        films = app.screen.query_one(FilmList)
        assert films.film_query.search == "hor" and films.is_current and films.count == 2
        status = app.screen.query_one("#status", Static).render()
        assert str(status).startswith("2 films · matching 'hor'")


@pytest.mark.parametrize("more", [0, 30], ids=["a-screenful", "narrowed-to-a-screenful"])
async def test_a_letter_typed_lays_nothing_out(
    demo_store: FilmStore, layouts: list[Screen[None]], more: int
) -> None:
    """The list's new length reaches its scrollbar without the screen laid out again, and
    its scrollbar stays when a long list narrows to a screenful; nor does the search box's
    own text lay out the screen (an Input's does, on every letter)."""
    for number in range(more):
        demo_store.add_film(FilmInput(title=f"Zz film {number:02}", year=2000))
    app = make_app(demo_store)
    async with started(app) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        layouts.clear()
        for letter in "hor":
            await pilot.press(letter)
            await settle(pilot)
        assert app.screen.query_one(FilmList).count == 2  # The Thing and Alien: horror
        assert layouts == []
