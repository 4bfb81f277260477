"""StatsScreen: the journal at a glance, for everything or one year, in the app's colours."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Header

from filmjournal import stats_display
from filmjournal.core.errors import FilmJournalError
from filmjournal.core.stats import Stats
from filmjournal.storage import FilmStore
from filmjournal.tui.keys import bindings
from filmjournal.tui.widgets.scrolling import Drawn


class StatsScreen(Screen[None]):
    """Charts of what the journal holds; [ and ] step through the years, a shows everything."""

    HELP = """
## Statistics

Films logged per month (or per year), ratings, genres, directors, hours watched, rewatches,
streaks, and the highest- and lowest-rated films. `[` and `]` step through the years, `a`
shows the whole journal, Escape goes back.
"""

    BINDINGS = bindings("stats")

    COMPONENT_CLASSES = {"stats--heading", "stats--bar"}

    DEFAULT_CSS = """
    StatsScreen {
        & #report { padding: 1 2; }
        & .stats--heading { color: $accent; text-style: bold; }
        & .stats--bar { color: $primary; }
    }
    """

    year: var[int | None] = var(None, init=False)
    """The year shown, or None for the whole journal."""
    stats: var[Stats | None] = var(None, init=False)
    """The figures shown, once computed."""
    current: var[bool] = var(True, init=False)
    """Whether the figures shown count every change to the journal (False: they are the ones
    kept from before the latest changes, shown while these are counted)."""

    def __init__(self, store: FilmStore, year: int | None = None) -> None:
        """Show statistics of `store`, starting with `year` (None: everything)."""
        super().__init__()
        self.store = store
        """The journal."""
        self.set_reactive(StatsScreen.year, year)

    def compose(self) -> ComposeResult:
        """Header, the report, footer."""
        yield Header(icon="🎬")
        yield Drawn("Counting…", id="report")
        yield Footer()

    def on_mount(self) -> None:
        """Draw the report again in a new theme's colours (its headings and bars carry
        them), once the theme's styles are applied."""

        def redraw() -> None:
            self.call_after_refresh(lambda: self.watch_stats(self.stats))

        self.watch(self.app, "theme", redraw, init=False)

    def on_screen_resume(self) -> None:
        """Compute (or fetch the kept) figures each time the screen is shown."""
        self._open(self.year)

    def watch_year(self, year: int | None) -> None:
        """Compute the figures for another period."""
        self._open(year)

    def _open(self, year: int | None) -> None:
        """Show the kept figures in the first frame (read on the spot, when no other thread
        holds the journal); count in a worker when there are none, or they are not current."""
        try:
            kept = self.store.at_once(self.store.stats_kept, year)
        except FilmJournalError:
            kept = None  # the worker says what is wrong
        if kept is not None:
            self._show(*kept)
            if kept[1]:
                return
        self._load(year)

    @work(thread=True, exclusive=True, group="stats")
    def _load(self, year: int | None) -> None:
        """Show the kept figures at once; when the journal has changed since, count again
        (on a connection of its own, off the UI thread) and show the new ones."""
        try:
            kept = self.store.stats_kept(year)
            if kept is not None:
                self.app.call_from_thread(self._show, *kept)
                if kept[1]:
                    return
            figures = self.store.stats_apart(year)
        except FilmJournalError as error:
            self.app.notify(str(error), severity="error")
            return
        self.app.call_from_thread(self._show, figures, True)

    def _show(self, figures: Stats, current: bool) -> None:
        """Show `figures` if they are still the period asked for; `current` is False while
        they are the ones from before the journal's latest changes."""
        if figures.year != self.year or (figures, current) == (self.stats, self.current):
            return  # another period's, or what is drawn already
        self.current = current
        self.set_reactive(StatsScreen.stats, figures)
        self.mutate_reactive(StatsScreen.stats)  # drawn even when equal: `current` differs

    def watch_stats(self, stats: Stats | None) -> None:
        """Draw the figures in the theme's colours."""
        if stats is None:
            return
        period = "whole journal" if stats.year is None else str(stats.year)
        self.sub_title = period if self.current else f"{period} · counting your latest changes…"
        self.query_one("#report", Drawn).show(
            stats_display.render(
                stats,
                accent=self.get_component_rich_style("stats--heading"),
                bars=self.get_component_rich_style("stats--bar"),
            )
        )

    def action_step(self, step: int) -> None:
        """Show the year before or after, among the years with entries."""
        years = list(self.stats.years) if self.stats else []
        if not years:
            self.notify("No dated entries yet", severity="warning")
            return
        if self.year is None:
            self.year = years[-1] if step < 0 else years[0]
            return
        later = [y for y in years if (y - self.year) * step > 0]
        if not later:
            self.notify("No more years", severity="warning")
            return
        self.year = min(later, key=lambda y: abs(y - (self.year or 0)))

    def action_everything(self) -> None:
        """Show the whole journal."""
        self.year = None
