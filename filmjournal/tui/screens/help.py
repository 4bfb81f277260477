"""HelpScreen: every key that works where the user is, gathered from the live bindings."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Markdown, Static

from filmjournal.tui.keys import bindings
from filmjournal.tui.screens.dialog import Dialog


def keys_table(keys: list[tuple[str, str]]) -> Table:
    """A compact table of keys: one row each, no rules between rows."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("Key", style="bold", max_width=24)
    table.add_column("What it does", ratio=1)
    for key, what in keys:
        table.add_row(Text(key), Text(what))
    return table


class HelpScreen(Dialog[None]):
    """A page of help: what the focused pane does and every key that works now."""

    BINDINGS = bindings("help")

    DEFAULT_CSS = """
    HelpScreen {
        & > .frame { width: 90%; max-width: 100; height: 90%; }
        & #keys { padding: 0 1 1 1; }
    }
    """

    def __init__(self, markdown: str, keys: list[tuple[str, str]]) -> None:
        """Show `markdown`, then a table of (keys, what they do)."""
        super().__init__()
        self.markdown = markdown
        """The help for where the user is."""
        self.key_rows = keys
        """Every key that works there."""

    def compose(self) -> ComposeResult:
        """The help page in a scrolling box."""
        with VerticalScroll(classes="frame") as box:
            box.border_title = "filmjournal help"
            yield Markdown(self.markdown)
            yield Static(keys_table(self.key_rows), id="keys")
        yield Footer()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
