"""Confirm: a yes/no question that must be answered before anything is lost."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer

from filmjournal.tui.keys import bindings
from filmjournal.tui.screens.dialog import Dialog
from filmjournal.tui.widgets.plain_text import PlainText


class Confirm(Dialog[bool]):
    """Ask a question; dismiss with True for yes, False for no or Escape."""

    BINDINGS = bindings("confirm")

    DEFAULT_CSS = """
    Confirm {
        & > .frame { width: 64; padding: 1 2; }
        & #question { margin-bottom: 1; }
        & Horizontal { height: auto; align-horizontal: right; }
        & Button { margin-left: 2; }
    }
    """

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "Cancel") -> None:
        """Ask `question` (plain text, never markup) with buttons labelled `yes` and `no`."""
        super().__init__()
        self.question = question
        """The question asked."""
        self.yes = yes
        """The label of the button that answers yes."""
        self.no = no
        """The label of the button that answers no."""

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="frame"):
            yield PlainText(self.question, id="question")
            with Horizontal():
                yield Button(self.no, id="no")
                yield Button(self.yes, id="yes", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the safe answer."""
        self.query_one("#no", Button).focus()

    def action_yes(self) -> None:
        """Go ahead."""
        self.dismiss(True)

    def action_no(self) -> None:
        """Keep things as they are."""
        self.dismiss(False)

    action_cancel = action_no
