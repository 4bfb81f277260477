"""FilmList: the journal's films, any number of them, drawing only the rows in view."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive, var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.library import FilmQuery, FilmSource, Sort
from filmjournal.core.models import Film
from filmjournal.tui.keys import bindings
from filmjournal.tui.widgets.columns import Column, film_row, header_row, layout
from filmjournal.tui.widgets.scrolling import set_length

PAGE_SIZE = 100
"""Films fetched from the source at a time."""
PAGES_KEPT = 8
"""Pages kept in memory; older ones are dropped as the user scrolls on."""
LINES_KEPT = 400
"""Drawn rows kept for redraws."""


class FilmList(ScrollView, can_focus=True):
    """A list of films drawn from a FilmSource a page at a time, with a cursor."""

    HELP = """
## Film list

Move with the arrow keys, `j`/`k`, PgUp/PgDn, Home/End or `g`/`G`.
Press a digit to rate the highlighted film (`0` is 10), Enter to read its reviews.
"""

    BINDINGS = bindings("list")

    COMPONENT_CLASSES = {"film-list--cursor", "film-list--pending"}

    DEFAULT_CSS = """
    FilmList {
        background: $surface;
        /* The scrollbar always shows, so a search that narrows the list to a screenful
           never lays the screen out again to take it away (nor to bring it back). */
        overflow-y: scroll;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .film-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .film-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .film-list--pending { color: $text-muted; }
    }
    """

    film_query: var[FilmQuery] = var(FilmQuery, init=False)
    """Which films to show, in what order (bound to the screen's query)."""
    cursor: reactive[int] = reactive(0, init=False, always_update=True)
    """Index of the highlighted row."""
    count: var[int] = var(0)
    """How many films the query matches."""

    @dataclass
    class Highlighted(Message):
        """The highlighted film changed (None when the list is empty)."""

        film: Film | None

        def can_replace(self, message: Message) -> bool:
            """Only the latest highlight matters while the cursor moves fast."""
            return isinstance(message, FilmList.Highlighted)

    @dataclass
    class Opened(Message):
        """The user asked to open the highlighted film."""

        film: Film

    @dataclass
    class Loaded(Message):
        """The list was (re)loaded: `count` films match `query`."""

        query: FilmQuery
        count: int

    @dataclass
    class _Reloaded(Message):
        """A reload's first page arrived from the worker."""

        generation: int
        query: FilmQuery
        count: int
        cursor: int
        page: int
        films: list[Film]

    @dataclass
    class _PageLoaded(Message):
        """A page of films arrived from the worker."""

        generation: int
        page: int
        films: list[Film]

    def __init__(self, source: FilmSource, *, id: str | None = None) -> None:  # noqa: A002
        """Show films from `source`."""
        super().__init__(id=id)
        self.source = source
        """Where the films come from; only read, a page at a time."""
        self._pages: OrderedDict[int, list[Film]] = OrderedDict()
        self._requested: set[int] = set()
        self._generation = 0
        self._columns: list[Column] = layout(80)
        # Drawn rows by (film, style, width): a full-screen redraw then costs no rendering.
        self._lines: LRUCache[tuple[Film, Style, int, str], Strip] = LRUCache(LINES_KEPT)
        self._loaded = False
        self._shown = 0
        self._held: tuple[FilmQuery, int] | None = None
        """The query of the rows held, and how many films it matched."""
        self._keep: int | None = None

    # Data --------------------------------------------------------------------------------

    def keep(self, film_id: int | None) -> None:
        """Keep the cursor on this film through the next change of query (a new sort)."""
        self._keep = film_id

    def watch_film_query(self) -> None:
        """A new search, sort or filter: start again from the top, or at the film to keep."""
        film_id, self._keep = self._keep, None
        self.reload(film_id=film_id, cursor=0, now=True)

    def reload(
        self, *, film_id: int | None = None, cursor: int | None = None, now: bool = False
    ) -> None:
        """Fetch the list afresh, keeping the cursor on `film_id` (or at `cursor`) if it can.

        `now` fetches on the spot (a new query, the first frame), where a page from an
        indexed query (a few milliseconds) beats a round trip through a thread; in a worker
        otherwise, and whenever the source is busy with another thread (an import).
        """
        self._generation += 1
        self._requested.clear()
        cursor = self.cursor if cursor is None else cursor
        if now:
            with self.source.free() as free:
                loaded = (
                    self._window(self._generation, self.film_query, film_id, cursor)
                    if free
                    else None
                )
            if free:
                if loaded is not None:
                    self._on_reloaded(loaded)
                return
        self._reload(self._generation, self.film_query, film_id, cursor)

    def _window(
        self, generation: int, query: FilmQuery, film_id: int | None, cursor: int
    ) -> _Reloaded | None:
        """Count the matches and fetch the page under the cursor (None: it failed, and said so)."""
        try:
            held = self._held
            if held is not None and query.reorders(held[0]):
                count = held[1]  # the same films in another order: no need to count them
            else:
                count = self.source.count(query)
            if film_id is not None:
                position = self.source.position(query, film_id)
                if position is not None:
                    cursor = position
            cursor = max(0, min(cursor, count - 1))
            page = cursor // PAGE_SIZE
            films = self.source.rows(query, page * PAGE_SIZE, PAGE_SIZE)
        except FilmJournalError as error:
            self.app.notify(str(error), severity="error")
            return None
        return self._Reloaded(generation, query, count, cursor, page, films)

    @work(thread=True, exclusive=True, group="film-list-reload")
    def _reload(self, generation: int, query: FilmQuery, film_id: int | None, cursor: int) -> None:
        """Fetch the list's window off the UI thread."""
        loaded = self._window(generation, query, film_id, cursor)
        if loaded is not None:
            self.post_message(loaded)

    @on(_Reloaded)
    def _on_reloaded(self, message: _Reloaded) -> None:
        """Show a reload's results, if it is still the latest."""
        message.stop()
        if message.generation != self._generation:
            return
        self._pages.clear()
        self._store_page(message.page, message.films)
        self.count = message.count
        set_length(self, Size(self.size.width, message.count))
        self._loaded = True
        self._shown = message.generation
        self._held = (message.query, message.count)
        self.cursor = message.cursor
        self.post_message(self.Loaded(self.film_query, message.count))

    @work(thread=True, group="film-list-pages")
    def _fetch_page(self, generation: int, query: FilmQuery, page: int) -> None:
        """Fetch one page of films, off the UI thread."""
        try:
            films = self.source.rows(query, page * PAGE_SIZE, PAGE_SIZE)
        except FilmJournalError as error:
            self.app.notify(str(error), severity="error")
            return
        self.post_message(self._PageLoaded(generation, page, films))

    @on(_PageLoaded)
    def _on_page_loaded(self, message: _PageLoaded) -> None:
        """Draw a page that arrived, if it belongs to the current query."""
        message.stop()
        self._requested.discard(message.page)
        if message.generation != self._generation:
            return
        self._store_page(message.page, message.films)
        self.refresh()
        if self.cursor // PAGE_SIZE == message.page:
            self.post_message(self.Highlighted(self.highlighted))

    def _store_page(self, page: int, films: list[Film]) -> None:
        """Keep a page, dropping the least recently used beyond PAGES_KEPT."""
        self._pages[page] = films
        self._pages.move_to_end(page)
        while len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)

    def film_at(self, index: int) -> Film | None:
        """The film at `index` if its page is loaded; otherwise ask for the page."""
        if not 0 <= index < self.count:
            return None
        page, offset = divmod(index, PAGE_SIZE)
        films = self._pages.get(page)
        if films is None:
            if page not in self._requested:
                self._requested.add(page)
                self._fetch_page(self._generation, self.film_query, page)
            return None
        self._pages.move_to_end(page)
        return films[offset] if offset < len(films) else None

    @property
    def highlighted(self) -> Film | None:
        """The film under the cursor, if loaded."""
        return self.film_at(self.cursor)

    @property
    def is_loaded(self) -> bool:
        """Whether the first load has finished."""
        return self._loaded

    @property
    def is_current(self) -> bool:
        """Whether the rows held are those of the latest query (not still being read)."""
        return self._loaded and self._shown == self._generation

    # Drawing -----------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """Lay the columns out again for the new width."""
        self._columns = layout(event.size.width - self.scrollbar_size_vertical)
        self._lines.clear()
        self.virtual_size = Size(event.size.width, self.count)

    def render_line(self, y: int) -> Strip:
        """Draw one row: a film, a placeholder while its page loads, or blank."""
        _, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= self.count:
            return Strip.blank(width, base)
        film = self.film_at(index)
        if film is None:
            pending = self.get_component_rich_style("film-list--pending")
            return Strip([Segment("…", base + pending)]).extend_cell_length(width, base)
        style: Style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("film-list--cursor")
        words = self.film_query.search
        key = (film, style, width, words)
        strip = self._lines.get(key)
        if strip is None:
            text = film_row(film, self._columns, words.split())
            text.stylize(style)
            segments = list(text.render(self.app.console))
            strip = Strip(segments).extend_cell_length(width, style).crop(0, width)
            self._lines[key] = strip
        return strip

    def on_focus(self) -> None:
        """Redraw the cursor in its focused colours."""
        self.refresh()

    def on_blur(self) -> None:
        """Redraw the cursor in its unfocused colours."""
        self.refresh()

    # Cursor ------------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        """Keep the cursor on a row."""
        return max(0, min(cursor, self.count - 1))

    def watch_cursor(self, cursor: int) -> None:
        """Scroll the cursor into view and announce the film under it."""
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif height and cursor >= top + height:
            self.scroll_to(y=cursor - height + 1, animate=False, immediate=True)
        self.refresh()
        film = self.highlighted
        if film is not None or self.count == 0:
            self.post_message(self.Highlighted(film))

    def action_cursor_up(self) -> None:
        """Move to the previous film."""
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        """Move to the next film."""
        self.cursor += 1

    def action_page_up(self) -> None:
        """Move up a screenful."""
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_page_down(self) -> None:
        """Move down a screenful."""
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        """Move to the first film."""
        self.cursor = 0

    def action_last(self) -> None:
        """Move to the last film."""
        self.cursor = self.count - 1

    def action_open(self) -> None:
        """Open the highlighted film."""
        film = self.highlighted
        if film is not None:
            self.post_message(self.Opened(film))

    def on_click(self, event: events.Click) -> None:
        """Clicking a row highlights it."""
        index = self.scroll_offset.y + event.y  # the row drawn there
        if 0 <= index < self.count:
            self.cursor = index


class FilmListHeader(Widget):
    """The film list's column headings, laid out exactly as its rows."""

    DEFAULT_CSS = """
    FilmListHeader {
        height: 1;
        background: $surface;
        color: $text-muted;
        text-style: bold;
    }
    """

    film_query: reactive[FilmQuery] = reactive(FilmQuery)
    """The list's query (bound to the screen's), whose sort the headings mark."""

    def render(self) -> Text:
        """Headings for the width the list's rows have (less its one-cell scrollbar), the
        sorted column marked: ▲ for A to Z or oldest first, ▼ for newest or best first."""
        query = self.film_query
        rising = (query.sort is Sort.TITLE) != query.reverse
        # No column is sorted when the order is the search's best match or a list's own.
        own_order = query.ranked or (query.in_list is not None and query.by_relevance)
        marked = "" if own_order else query.sort.column
        return header_row(layout(self.size.width - 1), marked, "▲" if rising else "▼")
