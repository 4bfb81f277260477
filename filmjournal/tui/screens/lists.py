"""ListsScreen: your lists, each with how much of it you have seen; Enter shows one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from filmjournal.core.models import ListSummary
from filmjournal.core.text import printable
from filmjournal.tui.keys import bindings
from filmjournal.tui.screens.dialog import Dialog
from filmjournal.tui.widgets.plain_text import PlainText


class ListsScreen(Dialog[str | None]):
    """Pick one of the lists; dismisses with its name, or None."""

    GO = "show"

    BINDINGS = bindings("lists")

    DEFAULT_CSS = """
    ListsScreen {
        & > .frame { width: 80; max-height: 90%; }
        & OptionList { height: auto; max-height: 20; }
    }
    """

    def __init__(self, lists: list[ListSummary]) -> None:
        """Offer `lists`."""
        super().__init__()
        self.lists = lists

    def compose(self) -> ComposeResult:
        """A line per list: its name, how much of it is seen, its description."""
        with Vertical(classes="frame") as box:
            box.border_title = "Lists"
            if not self.lists:
                yield PlainText(
                    "No lists yet: L puts the highlighted film in one, and Letterboxd's"
                    " lists come in with its export."
                )
            yield OptionList(
                *(
                    Option(Content(printable(_line(summary), keep_newlines=False)))
                    for summary in self.lists
                ),
                id="lists",
            )
        yield Footer()

    def action_show(self) -> None:
        """Show the highlighted list."""
        options = self.query_one(OptionList)
        if self.lists and options.highlighted is not None:
            self.dismiss(self.lists[options.highlighted].name)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click shows the list."""
        event.stop()
        self.dismiss(self.lists[event.option_index].name)


def _line(summary: ListSummary) -> str:
    """ "Favourites · 20 of 95 seen · The ones I return to."."""
    parts = [summary.name, f"{summary.seen} of {summary.size} seen"]
    if summary.description.strip():
        parts.append(summary.description.strip())
    return " · ".join(parts)
