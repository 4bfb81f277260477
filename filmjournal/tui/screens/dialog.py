"""Dialog: a form in a frame over the screen it was opened from.

Enter in a field, or the button whose id names an action, runs that action; Escape or
Cancel closes it with None. Each dialog sizes its frame; the frame, rows, errors and
buttons look alike in all of them.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button

from filmjournal.tui.widgets.plain_text import PlainText

R = TypeVar("R")


class Dialog(ModalScreen[R]):
    """A modal form: its frame has the class "frame", its buttons ids naming actions."""

    GO: ClassVar[str] = "save"
    """The action Enter in a field runs."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        & > .frame {
            height: auto;
            background: $panel;
            border: thick $primary;
            border-title-align: center;
            padding: 0 1;
        }
        & .row { height: auto; }
        & .row Label { padding-top: 1; color: $text-muted; }
        & .error { color: $error; height: auto; }
        & Input.-invalid { border: tall $error; }
        & #buttons { height: auto; align-horizontal: right; margin-top: 1; }
        & #buttons Button { margin-left: 1; }
    }
    """

    def action_cancel(self) -> None:
        """Close, changing nothing."""
        self.dismiss(None)

    async def on_input_submitted(self) -> None:
        """Enter in a field goes ahead."""
        await self.run_action(self.GO)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button runs the action its id names."""
        await self.run_action(event.button.id or "cancel")


def closing(go: str, go_id: str) -> ComposeResult:
    """A dialog's last lines: where an error shows, then Cancel and the button that goes
    ahead (its id names the action)."""
    yield PlainText("", id="error", classes="error")
    with Horizontal(id="buttons"):
        yield Button("Cancel", id="cancel")
        yield Button(go, id=go_id, variant="primary")
