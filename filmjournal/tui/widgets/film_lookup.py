"""FilmLookup: find a film in the catalogue (and TMDB) as you type, and pick it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.metadata import Candidate, split_query
from filmjournal.core.text import printable
from filmjournal.metadata.lookup import Sources, describe
from filmjournal.tui.widgets.plain_text import PlainText
from filmjournal.tui.widgets.search_box import SearchBox

TMDB_PAUSE = 0.6
"""Seconds of no typing before TMDB is asked (the catalogue is asked at every key)."""
SHOWN = 8
"""Candidates listed at most (the height of the list)."""
ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."
"""What TMDB's terms ask to be shown where its data is."""


class Found(OptionList):
    """The results: as many lines as they take, told to the scrollbar alone. An OptionList
    lays the whole screen out whenever its number of lines changes (the first results,
    fewer or more of them); this one's height is fixed and its scrollbar always there, so
    nothing around it moves."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class FilmLookup(Vertical):
    """A search box over the metadata sources, its results, and a line saying what it did."""

    DEFAULT_CSS = """
    FilmLookup {
        height: auto;
        /* As tall as its most results, found or not: the form below never moves as
           they come and go, and a letter typed changes the list's lines, not the layout. */
        & #found { height: 8; overflow-y: scroll; scrollbar-size-vertical: 1; }
        & #found.-unavailable { display: none; }
        & #lookup-status { color: $text-muted; height: auto; }
    }
    """

    @dataclass
    class Picked(Message):
        """The user chose a candidate; it carries everything its source knows."""

        candidate: Candidate

    def __init__(self, open_sources: Callable[[], Sources], query: str = "") -> None:
        """Search the sources `open_sources` gives (opened when shown), starting from
        `query` (an edited film's "Title Year")."""
        super().__init__()
        self._open_sources = open_sources
        self.sources: Sources | None = None
        """The sources in use, once open."""
        self.query_text = query
        self.candidates: list[Candidate] = []
        """What the list shows, catalogue first."""
        self._tmdb_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """The search box, the results, the status line."""
        yield SearchBox(
            self.query_text,
            id="lookup",
            placeholder="Look up: a title and year (her 2013), then Enter fills the form",
            typed=self._typed,
        )
        yield Found(id="found")
        yield PlainText("", id="lookup-status")

    def on_mount(self) -> None:
        """Open the sources, or say how to get one."""
        try:
            self.sources = self._open_sources()
        except FilmJournalError as error:
            self.query_one("#lookup", Input).disabled = True
            self.query_one("#found", OptionList).add_class("-unavailable")
            self._status(str(error))
            return
        if self.query_text:
            self._search_catalog(self.query_text)

    def on_unmount(self) -> None:
        """Close the sources."""
        if self.sources is not None:
            self.sources.close()

    def _status(self, text: str) -> None:
        self.query_one("#lookup-status", PlainText).update(text)

    @on(Input.Changed, "#lookup")
    def _changed(self, event: Input.Changed) -> None:
        """Answered as it was typed (see `_typed`); the form around needs nothing of it."""
        event.stop()

    def _typed(self, value: str) -> None:
        """Search the catalogue now (its answer drawn with the letter), and TMDB once
        typing pauses."""
        if self.sources is None:
            return
        self._search_catalog(value)
        if self._tmdb_timer is not None:
            self._tmdb_timer.stop()
        if self.sources.tmdb is not None and value.strip():
            self._tmdb_timer = self.set_timer(TMDB_PAUSE, lambda: self._search_tmdb(value))

    def _search_catalog(self, text: str) -> None:
        """Ask the catalogue. One with ranks answers in a millisecond or two, so it is asked
        on the spot and its results drawn in the same frame as the letter; an older one
        (which sorts every match) is asked off the UI thread."""
        catalog = None if self.sources is None else self.sources.catalog
        if catalog is None or not catalog.ranked:
            self._search(text, "catalog")
            return
        title, year = split_query(text)
        try:
            found = catalog.search(title, year)[:SHOWN]
        except FilmJournalError as error:
            self._status(str(error))
            return
        self._show(found, "catalog")

    def _search_tmdb(self, text: str) -> None:
        """Ask TMDB, saying so while it answers."""
        self._status("Asking TMDB…")
        self._search(text, "tmdb")

    def _search(self, text: str, source: str) -> None:
        """Ask one source off the UI thread; a newer question replaces an older one."""
        sources = self.sources
        finder = None if sources is None else getattr(sources, source)
        if finder is None:
            return
        title, year = split_query(text)

        def ask() -> None:
            try:
                found = finder.search(title, year)[:SHOWN]
            except FilmJournalError as error:
                self.app.call_from_thread(self._status, str(error))
                return
            self.app.call_from_thread(self._show, found, source)

        self.run_worker(ask, thread=True, exclusive=True, group=f"lookup-{source}")

    def _show(self, found: list[Candidate], source: str) -> None:
        """Replace one source's results in the list."""
        kept = [c for c in self.candidates if c.source != source]
        self.candidates = (found + kept) if source == "catalog" else (kept + found)
        options = self.query_one("#found", OptionList)
        if self.candidates:
            # Replaced in one step (not cleared, then filled): as many results as before
            # change the list's lines alone, with no layout in between.
            options.set_options(
                Option(Content(printable(describe(c), keep_newlines=False)))
                for c in self.candidates
            )
            options.highlighted = 0
        else:
            options.clear_options()
        if source == "tmdb":
            self._status(ATTRIBUTION)

    @on(Input.Submitted, "#lookup")
    def _enter(self, event: Input.Submitted) -> None:
        """Enter picks the highlighted result (the best one, unless moved)."""
        event.stop()
        event.prevent_default()
        options = self.query_one("#found", OptionList)
        if self.candidates:
            self._pick(self.candidates[options.highlighted or 0])
        else:
            self._status("Nothing found yet: type a title, and a year to narrow it")

    def on_key(self, event: Key) -> None:
        """Up and down in the search box move through the results."""
        if event.key not in ("down", "up") or not self.candidates:
            return
        if self.query_one("#lookup", Input).has_focus:
            options = self.query_one("#found", OptionList)
            if event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()
            event.stop()

    @on(OptionList.OptionSelected, "#found")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """A click or Enter on a result picks it."""
        event.stop()
        self._pick(self.candidates[event.option_index])

    @work(thread=True, exclusive=True, group="lookup-pick")
    def _pick(self, candidate: Candidate) -> None:
        """Complete the candidate (TMDB's search gives little) and hand it on."""
        sources = self.sources
        if sources is None:
            return
        try:
            complete = sources.complete(candidate)
        except FilmJournalError as error:
            self.app.call_from_thread(self._status, str(error))
            return
        self.post_message(self.Picked(complete))
