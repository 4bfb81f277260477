"""FilterScreen: narrow the list by genre, years, and whether films are rated."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
)

from filmjournal.core.errors import InvalidInput
from filmjournal.core.library import FilmQuery, Rated
from filmjournal.core.text import printable
from filmjournal.core.validation import parse_year
from filmjournal.tui.keys import bindings


@dataclass(frozen=True)
class Filters:
    """The filters chosen."""

    genre: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    rated: Rated = Rated.ANY
    watchlist: bool = False


class FilterScreen(ModalScreen[Filters | None]):
    """Choose filters; dismisses with them, or None when cancelled."""

    BINDINGS = bindings("filters")

    DEFAULT_CSS = """
    FilterScreen {
        align: center middle;
        & > Vertical {
            width: 70;
            height: auto;
            background: $panel;
            border: thick $primary;
            padding: 0 1;
        }
        & .row { height: auto; }
        & .row Label { width: 12; padding-top: 1; color: $text-muted; }
        & .row Input { width: 12; }
        & #error { color: $error; height: auto; }
        & #buttons { height: auto; align-horizontal: right; }
        & #buttons Button { margin-left: 1; }
    }
    """

    def __init__(self, query: FilmQuery, genres: list[str]) -> None:
        """Start from the filters in `query`, offering `genres`."""
        super().__init__()
        self.start = query
        """The query whose filters are edited."""
        self.genres = genres
        """The genres in the journal."""

    def compose(self) -> ComposeResult:
        """Genre, years, rated, and the buttons."""
        query = self.start
        with Vertical() as box:
            box.border_title = "Filter films"
            with Horizontal(classes="row"):
                yield Label("Genre")
                yield Select(
                    [(Content(printable(genre)), genre) for genre in self.genres],
                    value=query.genre if query.genre in self.genres else Select.NULL,
                    prompt="any genre",
                    id="genre",
                )
            with Horizontal(classes="row"):
                yield Label("Years")
                yield Input(str(query.year_from or ""), placeholder="from", id="year-from")
                yield Input(str(query.year_to or ""), placeholder="to", id="year-to")
            with Horizontal(classes="row"):
                yield Label("Show")
                with RadioSet(id="rated"):
                    for choice, label in (
                        (Rated.ANY, "all films"),
                        (Rated.RATED, "rated only"),
                        (Rated.UNRATED, "unrated only"),
                    ):
                        yield RadioButton(label, value=query.rated is choice, name=choice.value)
            yield Checkbox("Only films on my watchlist", query.watchlist, id="watchlist")
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")
                yield Button("Apply", id="apply", variant="primary")
        yield Footer()

    def action_apply(self) -> None:
        """Check the years and dismiss with the filters."""
        try:
            year_from = parse_year(self.query_one("#year-from", Input).value)
            year_to = parse_year(self.query_one("#year-to", Input).value)
        except InvalidInput as error:
            self.query_one("#error", Static).update(str(error))
            return
        genre = self.query_one("#genre", Select).value
        pressed = self.query_one("#rated", RadioSet).pressed_button
        rated = Rated(pressed.name) if pressed is not None and pressed.name else Rated.ANY
        self.dismiss(
            Filters(
                genre=genre if isinstance(genre, str) else None,
                year_from=year_from,
                year_to=year_to,
                rated=rated,
                watchlist=self.query_one("#watchlist", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        """Close, keeping the filters as they were."""
        self.dismiss(None)

    def on_input_submitted(self) -> None:
        """Enter applies."""
        self.action_apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Apply, clear or cancel."""
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "clear":
            self.dismiss(Filters())
        else:
            self.action_cancel()
