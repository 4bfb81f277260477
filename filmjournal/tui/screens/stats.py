"""StatsScreen: the journal at a glance, for everything or one year, in the app's colours."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from filmjournal import stats_display
from filmjournal.core.errors import FilmJournalError
from filmjournal.core.stats import Stats
from filmjournal.storage import FilmStore
from filmjournal.tui.keys import bindings
from filmjournal.tui.widgets.plain_text import PlainText


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
        & VerticalScroll { padding: 1 2; }
        & .stats--heading { color: $accent; text-style: bold; }
        & .stats--bar { color: $primary; }
    }
    """

    year: var[int | None] = var(None, init=False)
    """The year shown, or None for the whole journal."""
    stats: var[Stats | None] = var(None, init=False)
    """The figures shown, once computed."""

    def __init__(self, store: FilmStore, year: int | None = None) -> None:
        """Show statistics of `store`, starting with `year` (None: everything)."""
        super().__init__()
        self.store = store
        """The journal."""
        self.set_reactive(StatsScreen.year, year)

    def compose(self) -> ComposeResult:
        """Header, the report, footer."""
        yield Header(icon="🎬")
        with VerticalScroll():
            yield PlainText("Counting…", id="report")
        yield Footer()

    def on_screen_resume(self) -> None:
        """Compute (or fetch the kept) figures each time the screen is shown."""
        self._load(self.year)

    def watch_year(self, year: int | None) -> None:
        """Compute the figures for another period."""
        self._load(year)

    @work(thread=True, exclusive=True, group="stats")
    def _load(self, year: int | None) -> None:
        """Run the statistics queries off the UI thread."""
        try:
            figures = self.store.stats(year)
        except FilmJournalError as error:
            self.app.notify(str(error), severity="error")
            return
        self.app.call_from_thread(setattr, self, "stats", figures)

    def watch_stats(self, stats: Stats | None) -> None:
        """Draw the figures in the theme's colours."""
        if stats is None:
            return
        self.sub_title = "whole journal" if stats.year is None else str(stats.year)
        self.query_one("#report", Static).update(
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
