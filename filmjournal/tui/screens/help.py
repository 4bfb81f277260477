"""HelpScreen: every key that works where the user is, gathered from the live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown


def _escape(text: str) -> str:
    """Keep Markdown table syntax out of a cell."""
    return text.replace("|", "\\|")


def help_markdown(sections: list[str], bindings: list[tuple[str, str, str]]) -> str:
    """The help page: widget and screen help, then a table of keys."""
    rows = "\n".join(
        f"| `{_escape(keys)}` | {_escape(description)} | {_escape(tooltip)} |"
        for keys, description, tooltip in bindings
    )
    table = "## Keys\n\n| Key | Action | What it does |\n|---|---|---|\n" + rows
    return "\n\n".join([*sections, table])


class HelpScreen(ModalScreen[None]):
    """A page of help: what the focused pane does and every key that works now."""

    BINDINGS = [
        Binding(
            "escape,q,f1,question_mark", "close", "Close", id="help.close", tooltip="Close the help"
        ),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90%;
            max-width: 100;
            height: 90%;
            background: $panel;
            border: thick $primary;
            border-title-align: center;
            padding: 0 1;
        }
    }
    """

    def __init__(self, markdown: str) -> None:
        """Show `markdown`."""
        super().__init__()
        self.markdown = markdown
        """The help page."""

    def compose(self) -> ComposeResult:
        """The help page in a scrolling box."""
        with VerticalScroll() as box:
            box.border_title = "filmjournal help"
            yield Markdown(self.markdown)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
