"""JournalView: the film list beside the detail pane, browsed (shown, searched, sorted,
filtered); `main.MainScreen` builds on it with the commands that write."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.geometry import Size
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from filmjournal import paths
from filmjournal.config import Config
from filmjournal.core.errors import FilmJournalError, FilmNotFound
from filmjournal.core.library import FilmQuery, Sort, View, years_before
from filmjournal.core.models import Film, FilmRecord
from filmjournal.core.text import ago, counted, printable
from filmjournal.storage import FilmStore

if TYPE_CHECKING:
    from filmjournal.metadata.lookup import Sources
from filmjournal.tui.messages import JournalChanged, RecordLoaded, SettingChanged
from filmjournal.tui.widgets.film_detail import FilmDetail
from filmjournal.tui.widgets.film_list import FilmList, FilmListHeader
from filmjournal.tui.widgets.plain_text import PlainText
from filmjournal.tui.widgets.search_box import SearchBox

OUTSIDE_CHECK_SECONDS = 2.0
"""How often the app looks for changes written by other programs."""
TYPING_PAUSE = 0.25
"""Seconds without a key in the search box before the detail pane shows the film found."""
STATS_AFTER_SECONDS = 1.0
"""How long after start-up the statistics are counted in the background (not while the
first frames are drawn)."""
NARROW = 100
"""Below this many columns the detail pane moves under the list."""
SHORT = 20
"""Below this many rows the detail pane gives the list its room."""

WELCOME = """Your journal is empty.

Press  a  to add your first film, then a digit to rate it and  e  to write a review.
Press  I  to bring in a Letterboxd or IMDb export (or: filmjournal import PATH).
Press  ?  for every key, or ctrl+p for every command.

To look around first, quit and run:  filmjournal demo"""


def matched_in(record: FilmRecord, search: str) -> str:
    """Where a film holds the words searched for, when not in its title: "in its directors",
    "in a review"... (empty when the title has them, or nothing is searched)."""
    words = [w.casefold() for w in search.split()]
    film = record.film
    if not words or all(w in film.title.casefold() for w in words):
        return ""
    places = [
        ("in its directors", " ".join(film.directors)),
        ("in its genres", " ".join(film.genres)),
        ("in its synopsis", film.synopsis),
        ("in a review", " ".join(r.text for r in record.reviews)),
    ]
    for where, text in places:
        if any(w in text.casefold() for w in words):
            return where
    return ""


def _chosen_sort(config: Config) -> Sort:
    """The sort the user last chose (title when the config names none we know)."""
    try:
        return Sort(config.sort)
    except ValueError:
        return Sort.TITLE


class Welcome(PlainText, can_focus=True):
    """What a new user sees in an empty journal; it holds the focus so keys like `a` work."""


class JournalView(Screen[None]):
    """The film list beside the detail pane: what it shows, and how it searches, sorts and
    filters. `MainScreen` adds the commands that write."""

    film_query: var[FilmQuery] = var(FilmQuery)
    """What the list shows."""
    highlighted: var[Film | None] = var(None)
    """The film the commands apply to (the one under the list's cursor)."""
    record: var[FilmRecord | None] = var(None)
    """The highlighted film with its reviews, once loaded."""

    def __init__(
        self, store: FilmStore, *, config: Config, today: Callable[[], date] = date.today
    ) -> None:
        """Show the journal in `store` with the user's `config`; `today` dates new reviews."""
        super().__init__()
        self.store = store
        """The journal."""
        self.config = config
        """The user's settings (the author of new reviews, the saved sort)."""
        self.today = today
        """Today's date, for new reviews and ratings."""
        self._total = ""
        self._status = ""
        self.last_synced: datetime | None = None
        """When the journal was last synced with other machines (None: never)."""
        self._record_timer: Timer | None = None
        self._loaded_shown: tuple[FilmQuery, int] | None = None
        start = FilmQuery(sort=_chosen_sort(config), view=View.JOURNAL)
        self.set_reactive(JournalView.film_query, start)

    def compose(self) -> ComposeResult:
        """Header, list pane and detail pane, footer."""
        self._fit(self.app.size)  # before the panes are styled, so they are styled once
        yield Header(icon="🎬")
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield SearchBox(
                    placeholder="/ to search titles, people, genres, reviews…",
                    id="search",
                    compact=True,
                    typed=self._search_typed,
                )
                yield PlainText("", id="status")
                yield FilmListHeader().data_bind(film_query=JournalView.film_query)
                yield FilmList(self.store, id="films").data_bind(film_query=JournalView.film_query)
                yield Welcome(WELCOME, id="welcome")
            yield FilmDetail(keymap=self.config.keymap, id="detail").data_bind(
                record=JournalView.record
            )
        yield Footer()

    def open_sources(self) -> Sources:
        """The metadata sources for lookups: the journal's catalogue (the default journal's
        for a journal with no file, such as the demo), and TMDB with a key."""
        from filmjournal.metadata.lookup import Sources

        return Sources.open(self.store.path or paths.default_db_path(), self.config)

    @property
    def film_list(self) -> FilmList:
        """The film list."""
        return self.query_one(FilmList)

    @property
    def detail(self) -> FilmDetail:
        """The detail pane."""
        return self.query_one(FilmDetail)

    def on_mount(self) -> None:
        """Load the list, watch for other writers, and count the statistics soon after."""
        if not self.film_list.is_loaded:  # a saved sort or filter has loaded it already
            self.film_list.reload(cursor=0, now=True)
        self.watch(self, "film_query", self._query_shown, init=False)
        self.film_list.focus()
        self._count_films()
        self.last_synced = self.store.last_synced()
        self._seen_version: int | None = None
        self.set_interval(OUTSIDE_CHECK_SECONDS, self.check_outside_changes)
        self.set_timer(STATS_AFTER_SECONDS, self._count_stats)

    def on_unmount(self) -> None:
        """A count of the statistics still running is stopped, so closing does not wait."""
        self.store.stop_stats()

    @work(thread=True, exclusive=True, group="stats-ahead")
    def _count_stats(self) -> None:
        """Count the statistics once, in the background, if the journal has changed since
        they were last counted: a large journal takes seconds, and S should show them at
        once."""
        with contextlib.suppress(FilmJournalError):
            kept = self.store.stats_kept()
            if kept is None or not kept[1]:
                self.store.stats_apart()

    def check_outside_changes(self) -> None:
        """Reload when another program (the CLI, a second app) has written to the journal.

        Asked on the spot (a read of one number, well under a millisecond), and skipped
        while another thread holds the journal: a worker's start and end made this screen
        redraw every two seconds, under a dialog too (a letter typed into the lookup as it
        happened took a frame or two more)."""
        try:
            version = self.store.at_once(self.store.data_version)
        except FilmJournalError:
            return
        if version is None:
            return
        seen, self._seen_version = self._seen_version, version
        if seen is not None and version != seen:
            film = self.highlighted
            self.post_message(JournalChanged(film.id if film else None))

    def on_resize(self, event: Resize) -> None:
        """Stack the panes on a narrow terminal."""
        self._fit(event.size)

    def _fit(self, size: Size) -> None:
        """The layout for a terminal of `size`: panes stacked when narrow, the list alone
        when short."""
        self.set_class(size.width < NARROW, "-narrow")
        self.set_class(size.height < SHORT, "-short")

    # Showing -----------------------------------------------------------------------------

    @on(FilmList.Loaded)
    def _list_loaded(self, message: FilmList.Loaded) -> None:
        """The list has new rows: show what they are."""
        self._show_loaded(message.query, message.count)

    def _query_shown(self) -> None:
        """A new query whose rows the list read on the spot (it binds the query before this
        screen watches it): say so in the same frame, not once FilmList.Loaded has climbed
        up to this screen (after another frame)."""
        films = self.film_list
        if films.is_current:
            self._show_loaded(films.film_query, films.count)

    def _show_loaded(self, query: FilmQuery, count: int) -> None:
        """Update the status line, the header count and the empty-journal welcome."""
        if (query, count) == self._loaded_shown:
            return
        self._loaded_shown = (query, count)
        parts = [counted(count, "film")]
        if query.search.strip():
            parts.append(f"matching {query.search.strip()!r}")
        parts.append(f"by {query.order_label}")
        if query.is_filtered:
            parts.append(f"filter: {query.describe_filters()}")
        self._status = " · ".join(parts)
        self._show_status()
        empty_journal = (
            count == 0
            and not query.search.strip()
            and not query.is_filtered
            and query.view in (View.JOURNAL, View.ALL)  # an empty watchlist is no empty journal
        )
        was_empty = self.has_class("-empty")
        self.set_class(empty_journal, "-empty")
        # Keep the focus where the keys work: the welcome while empty, the list once not.
        if empty_journal:
            self.set_focus(self.query_one(Welcome))
        elif was_empty:
            self.set_focus(self.film_list)
        if count == 0:
            self.record = None

    @work(thread=True, exclusive=True, group="total")
    def _count_films(self) -> None:
        """Show the size of the view (journal, watchlist...) in the header."""
        try:
            query = self.film_query
            total = self.store.count(FilmQuery(view=query.view, in_list=query.in_list))
        except FilmJournalError:
            return
        noun = "film" if total == 1 else "films"
        self._total = f"{total:,} {noun}"
        self.app.call_from_thread(self._show_header)

    def _show_header(self) -> None:
        """The header's second line: which view is showing, and the journal's size."""
        query = self.film_query
        shown = f"List: {query.in_list}" if query.in_list else query.view.label
        self.app.sub_title = f"{shown} · {self._total}"

    def watch_film_query(self, old: FilmQuery, new: FilmQuery) -> None:
        """Name the view (or list) in the header, and count it, when it changes."""
        if old.view is not new.view or old.in_list != new.in_list:
            self._count_films()

    @on(FilmList.Highlighted)
    def _film_highlighted(self, message: FilmList.Highlighted) -> None:
        """Load the highlighted film's reviews for the detail pane."""
        self.highlighted = message.film
        if self._record_timer is not None:
            self._record_timer.stop()
            self._record_timer = None
        if message.film is None:
            return
        film_id = message.film.id
        if self.query_one("#search", Input).has_focus:
            # While a search is typed, the pane waits for a pause: each key then costs the
            # list's redraw alone, not the film's reviews laid out for every letter.
            self._record_timer = self.set_timer(TYPING_PAUSE, lambda: self._paused(film_id))
        else:
            # In the same frame as the cursor: a read of a few milliseconds and the pane's
            # lines, with no layout to wait for.
            self._read_record(film_id)

    def _read_record(self, film_id: int) -> None:
        """Show the highlighted film: read on the spot (a few milliseconds, no thread round
        trip) when the journal is free, else in a worker."""
        current = self.highlighted
        if current is None or current.id != film_id:
            return  # the cursor has moved on
        try:
            record = self.store.record_at_once(film_id)
        except FilmNotFound:
            self._record_loaded(RecordLoaded(film_id, None))
            return
        except FilmJournalError:
            record = None
        if record is None:
            self._load_record(film_id)
        else:
            self._record_loaded(RecordLoaded(film_id, record))

    def _paused(self, film_id: int) -> None:
        """Typing paused: show the film found."""
        self._record_timer = None
        self._load_record(film_id)

    @property
    def waiting_for_pause(self) -> bool:
        """Whether the detail pane is waiting for a pause in typing to show a film."""
        return self._record_timer is not None

    @work(thread=True, exclusive=True, group="details")
    def _load_record(self, film_id: int) -> None:
        """Fetch a film with its reviews and lists, in one snapshot, off the UI thread."""
        try:
            record: FilmRecord | None = self.store.record(film_id)
        except FilmNotFound:
            record = None
        self.post_message(RecordLoaded(film_id, record))

    @on(RecordLoaded)
    def _record_loaded(self, message: RecordLoaded) -> None:
        """Show the film, unless the cursor has moved on meanwhile."""
        current = self.highlighted
        if current is not None and current.id == message.film_id:
            self.record = message.record
            self._show_status()

    def _show_status(self) -> None:
        """The status line: the count, the search, the order, the filters, and where the
        highlighted film matched the search when it was not in its title."""
        where = matched_in(self.record, self.film_query.search) if self.record else ""
        shown = f"{self._status} · matched {where}" if where else self._status
        if self.last_synced is not None:
            shown += f" · synced {ago(self.last_synced, datetime.now(UTC))}"
        # One line high whatever it says, so it never needs the screen laid out again.
        status = self.query_one("#status", Static)
        status.update(printable(shown, keep_newlines=False), layout=False)

    @on(FilmList.Opened)
    def _film_opened(self) -> None:
        """Enter on a film: read its reviews (on a short terminal, in place of the list)."""
        self.set_class(self.has_class("-short"), "-reading")

        self.call_after_refresh(self.detail.select_first)

    @on(JournalChanged)
    def _journal_changed(self, message: JournalChanged) -> None:
        """Redraw after a write, keeping the cursor on the film written to."""
        self.film_list.reload(film_id=message.film_id)
        self._count_films()
        if (
            message.film_id is not None
            and self.highlighted
            and self.highlighted.id == message.film_id
        ):
            self._load_record(message.film_id)
        if message.notice:
            self.notify(message.notice)

    # Search, sort, filter ----------------------------------------------------------------

    def action_search(self) -> None:
        """Go to the search box."""
        self.set_focus(self.query_one("#search", Input))

    def _search_typed(self, text: str) -> None:
        """Search as the user types: the list's first page is read in the keystroke's own
        handling, so the frame that shows the letter shows its results."""
        self.film_query = self.film_query.searching(text)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        """Enter in the search box goes to the results."""
        self.film_list.focus()

    def action_cycle_sort(self) -> None:
        """Sort by the next column, keeping the highlighted film in view."""
        sort = self.film_query.sort.next()
        film = self.highlighted
        self.film_list.keep(film.id if film else None)
        self.film_query = self.film_query.sorted_by(sort)
        self.post_message(SettingChanged("sort", sort.value))
        self.notify(f"Sorted by {sort.label}")

    def action_reverse_sort(self) -> None:
        """Turn the order round, keeping the highlighted film in view."""
        film = self.highlighted
        self.film_list.keep(film.id if film else None)
        self.film_query = self.film_query.reversed()
        self.notify(f"Sorted by {self.film_query.order_label}")

    @work(exclusive=True, group="filters")
    async def action_filter(self) -> None:
        """Choose filters for the list."""
        genres = await asyncio.to_thread(self.store.genres)
        lists = [summary.name for summary in await asyncio.to_thread(self.store.lists)]
        from filmjournal.tui.screens.filters import FilterScreen

        chosen = await self.app.push_screen_wait(FilterScreen(self.film_query, genres, lists))
        if chosen is not None:
            query = self.film_query.filtered(
                genre=chosen.genre,
                year_from=chosen.year_from,
                year_to=chosen.year_to,
                rated=chosen.rated,
                in_list=chosen.in_list,
            )
            # A list holds films seen and unseen: show them all.
            self.film_query = query.viewing(View.ALL) if chosen.in_list else query

    def action_back(self) -> None:
        """Step back one level: close the search, clear filters, return to the list. The
        cursor stays on the film it was on."""
        search = self.query_one("#search", Input)
        film = self.highlighted
        if self.has_class("-reading"):
            self.remove_class("-reading")
            self.film_list.focus()
        elif search.has_focus or search.value:
            if search.value:
                self.film_list.keep(film.id if film else None)
            search.value = ""
            self.film_list.focus()
        elif self.film_query.is_filtered:
            query = self.film_query
            self.film_list.keep(film.id if film else None)
            view = View.JOURNAL if query.in_list else query.view  # a list showed them all
            self.film_query = FilmQuery(
                search=query.search, sort=query.sort, reverse=query.reverse, view=view
            )
            self.notify("Filters cleared")
        elif not self.film_list.has_focus:
            self.film_list.focus()

    def action_refresh(self) -> None:
        """Reload the list and the detail pane from the journal."""
        film = self.highlighted
        self.post_message(JournalChanged(film.id if film else None, "Journal reloaded"))

    def action_cycle_view(self) -> None:
        """Switch between the journal and the watchlist, keeping the search and sort."""
        query, view = self.film_query, self.film_query.view.next()
        if view is View.REWATCH:
            before = years_before(self.today(), self.config.rewatch_years)
            self.film_query = query.rewatches(self.config.rewatch_rating, before)
            self.notify(
                f"Rewatches due: rated {self.config.rewatch_rating}+ and unseen for"
                f" {self.config.rewatch_years} years or more, the longest first"
            )
            return
        if query.view is View.REWATCH:  # Back to the sort the user chose.
            query = query.sorted_by(_chosen_sort(self.config))
        self.film_query = query.viewing(view)
        self.notify(f"Showing your {view.value}")

    def action_stats(self) -> None:
        """Open the statistics."""
        from filmjournal.tui.screens.stats import StatsScreen

        # Built once and kept: showing it again costs no composing or styling.
        if not self.app.is_screen_installed("stats"):
            self.app.install_screen(StatsScreen(self.store), "stats")
        self.app.push_screen("stats")

    def go_to_film(self, film_id: int) -> None:
        """Show a film: clear search and filters, and put the cursor on it."""
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        try:
            film = self.store.film(film_id)
        except FilmJournalError:
            film = None
        only_watchlisted = film is not None and film.watchlist and not film.review_count
        view = View.WATCHLIST if only_watchlisted else View.JOURNAL
        everything = FilmQuery(sort=self.film_query.sort, view=view)
        if everything == self.film_query:
            self.film_list.reload(film_id=film_id)
        else:
            self.film_list.keep(film_id)
            self.film_query = everything
        self.film_list.focus()

    @work(exclusive=True, group="dialog")
    async def action_lists(self) -> None:
        """Pick one of the lists and show its films, in its order."""
        lists = await asyncio.to_thread(self.store.lists)
        from filmjournal.tui.screens.lists import ListsScreen

        name = await self.app.push_screen_wait(ListsScreen(lists))
        if name is not None:
            query = self.film_query
            self.film_query = FilmQuery(
                sort=query.sort, in_list=name, view=View.ALL, by_relevance=True
            )
