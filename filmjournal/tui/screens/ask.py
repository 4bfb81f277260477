"""Ask: one line of text, with suggestions, such as the list to put a film in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input

from filmjournal.core.text import field_text, printable
from filmjournal.tui.keys import bindings
from filmjournal.tui.screens.dialog import Dialog, closing
from filmjournal.tui.widgets.plain_text import PlainText


class Ask(Dialog[str | None]):
    """A question answered in one line; dismisses with the text, or None."""

    GO = "answer"

    BINDINGS = bindings("ask")

    DEFAULT_CSS = """
    Ask {
        & > .frame { width: 64; }
    }
    """

    def __init__(self, title: str, question: str, suggestions: list[str]) -> None:
        """Ask `question`; → takes the first of `suggestions` that starts as typed."""
        super().__init__()
        self.title_text = title
        self.question = question
        self.suggestions = suggestions

    def compose(self) -> ComposeResult:
        """The question, the line, and the buttons."""
        with Vertical(classes="frame") as box:
            box.border_title = Content(printable(self.title_text, keep_newlines=False))
            yield PlainText(self.question)
            yield Input(
                id="answer",
                suggester=SuggestFromList(self.suggestions, case_sensitive=False),
            )
            yield from closing("OK", "answer")
        yield Footer()

    def action_answer(self) -> None:
        """Dismiss with the text typed, unless it is blank."""
        text = field_text(self.query_one("#answer", Input).value).strip()
        if not text:
            self.query_one("#error", PlainText).update("Type a name")
            return
        self.dismiss(text)
