"""Summary: what an import did, on screen until it is read and closed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Footer

from filmjournal.core.text import printable
from filmjournal.tui.keys import bindings
from filmjournal.tui.screens.dialog import Dialog
from filmjournal.tui.widgets.plain_text import PlainText


class Summary(Dialog[None]):
    """A titled report, a line per kind of change; Enter or Escape closes it."""

    GO = "cancel"

    BINDINGS = bindings("summary")

    DEFAULT_CSS = """
    Summary {
        & > .frame { width: 80; max-height: 90%; }
    }
    """

    def __init__(self, title: str, lines: list[str]) -> None:
        """Show `lines` under `title` (journal text: shown exactly)."""
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        """The lines, and OK."""
        with Vertical(classes="frame") as box:
            box.border_title = Content(printable(self.title_text, keep_newlines=False))
            yield PlainText("\n".join(self.lines), id="summary")
            with Horizontal(id="buttons"):
                yield Button("OK", id="cancel", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """OK has the focus, so Enter closes."""
        self.query_one(Button).focus()
