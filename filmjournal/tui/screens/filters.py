"""FilterScreen: narrow the list by genre, years, and whether films are rated."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import (
    Button,
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
from filmjournal.tui.screens.dialog import Dialog
from filmjournal.tui.widgets.plain_text import PlainText


@dataclass(frozen=True)
class Filters:
    """The filters chosen."""

    genre: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    rated: Rated = Rated.ANY
    in_list: str | None = None


def _choice(label: str, names: list[str], chosen: str | None, name: str) -> ComposeResult:
    """A labelled row choosing one of `names` (journal text, shown exactly), or any."""
    with Horizontal(classes="row"):
        yield Label(label)
        yield Select(
            [(Content(printable(option)), option) for option in names],
            value=chosen if chosen in names else Select.NULL,
            prompt=f"any {name}",
            id=name,
        )


class FilterScreen(Dialog[Filters | None]):
    """Choose filters; dismisses with them, or None when cancelled."""

    GO = "apply"

    BINDINGS = bindings("filters")

    DEFAULT_CSS = """
    FilterScreen {
        & > .frame { width: 70; }
        & .row Label { width: 12; }
        & .row Input { width: 12; }
    }
    """

    def __init__(self, query: FilmQuery, genres: list[str], lists: list[str] | None = None) -> None:
        """Start from the filters in `query`, offering `genres` and `lists`."""
        super().__init__()
        self.start = query
        """The query whose filters are edited."""
        self.genres = genres
        """The genres in the journal."""
        self.lists = lists or []
        """The user's lists, by name."""

    def compose(self) -> ComposeResult:
        """Genre, years, rated, and the buttons."""
        query = self.start
        with Vertical(classes="frame") as box:
            box.border_title = "Filter films"
            yield from _choice("Genre", self.genres, query.genre, "genre")
            yield from _choice("List", self.lists, query.in_list, "list")
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
            yield PlainText("", id="error", classes="error")
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
        in_list = self.query_one("#list", Select).value
        pressed = self.query_one("#rated", RadioSet).pressed_button
        rated = Rated(pressed.name) if pressed is not None and pressed.name else Rated.ANY
        self.dismiss(
            Filters(
                genre=genre if isinstance(genre, str) else None,
                year_from=year_from,
                year_to=year_to,
                rated=rated,
                in_list=in_list if isinstance(in_list, str) else None,
            )
        )

    def action_clear(self) -> None:
        """Show every film again."""
        self.dismiss(Filters())
