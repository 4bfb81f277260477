"""ReviewEditor: write or edit a review; the text is kept as a draft while you type."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, Label, Static, TextArea

from filmjournal.core.models import Draft, ReviewInput
from filmjournal.core.text import printable
from filmjournal.core.validation import validate_review
from filmjournal.tui.keys import bindings
from filmjournal.tui.review_state import EditorState
from filmjournal.tui.screens.confirm import Confirm
from filmjournal.tui.widgets.plain_text import PlainText
from filmjournal.tui.widgets.plain_text_area import PlainTextArea

DRAFT_INTERVAL = 1.0
"""Seconds between draft saves while the text changes (well inside the 2-second promise)."""


class ReviewEditor(ModalScreen[ReviewInput | None]):
    """A review editor: Markdown text, rating, watched date, rewatch and tags.

    Dismisses with the validated review, or None when the user discards it.
    """

    HELP = """
## Review editor

Write in Markdown. `ctrl+s` saves, Escape cancels (asking first if anything changed),
`ctrl+e` opens the text in `$EDITOR`. Your text is kept as a draft every second while you
type, so nothing is lost if the terminal closes.
"""

    BINDINGS = bindings("editor")

    DEFAULT_CSS = """
    ReviewEditor {
        align: center middle;
        & > #editor {
            width: 96%;
            max-width: 120;
            height: 94%;
            background: $panel;
            border: thick $primary;
            border-title-align: left;
            padding: 0 1;
        }
        & #fields { height: auto; }
        & .field { width: 1fr; height: auto; margin-right: 1; }
        & .field Label { color: $text-muted; }
        & .field .error { color: $error; height: auto; }
        & #rewatch-field { width: auto; padding-top: 1; }
        & Input.-invalid { border: tall $error; }
        & TextArea { height: 1fr; }
    }
    """

    @dataclass
    class DraftChanged(Message):
        """The text changed since the last draft: keep this one."""

        draft: Draft

    @dataclass
    class DraftDiscarded(Message):
        """The user threw the draft away."""

        key: str

    def __init__(self, state: EditorState) -> None:
        """Edit the review `state` describes."""
        super().__init__()
        self.state = state
        """What the editor started with."""
        self._draft_pending = False

    def compose(self) -> ComposeResult:
        """The fields in a row, the text below them, and the keys in the footer."""
        state = self.state
        with Vertical(id="editor") as box:
            what = "Review" if state.review_id is None else "Edit review"
            box.border_title = Content(f"{what} of {printable(state.film.label)}")
            with Horizontal(id="fields"):
                with Vertical(classes="field"):
                    yield Label("Rating (1-10)")
                    yield Input(state.rating, id="rating", placeholder="unrated")
                    yield PlainText("", id="rating-error", classes="error")
                with Vertical(classes="field"):
                    yield Label("Watched (YYYY-MM-DD)")
                    yield Input(state.watched_on, id="watched", placeholder="YYYY-MM-DD")
                    yield PlainText("", id="watched-error", classes="error")
                with Vertical(classes="field", id="rewatch-field"):
                    yield Checkbox("Rewatch", state.rewatch, id="rewatch")
                with Vertical(classes="field"):
                    yield Label("Tags (comma-separated)")
                    yield Input(state.tags, id="tags")
                    yield PlainText("", id="tags-error", classes="error")
            yield PlainTextArea(
                state.text,
                language="markdown",
                id="text",
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="indent",
            )
        yield Footer()

    def on_mount(self) -> None:
        """Start in the text, and keep drafts while the user types."""
        text = self.query_one("#text", TextArea)
        text.focus()
        text.move_cursor(text.document.end)
        self.set_interval(DRAFT_INTERVAL, self._keep_draft)

    # Fields ------------------------------------------------------------------------------

    def current(self) -> EditorState:
        """The fields as they are now."""
        return EditorState(
            film=self.state.film,
            review_id=self.state.review_id,
            author=self.state.author,
            text=self.query_one("#text", TextArea).text,
            rating=self.query_one("#rating", Input).value,
            watched_on=self.query_one("#watched", Input).value,
            rewatch=self.query_one("#rewatch", Checkbox).value,
            tags=self.query_one("#tags", Input).value,
            draft_key=self.state.draft_key,
            unsaved=self.state.unsaved,
        )

    @property
    def is_dirty(self) -> bool:
        """Whether the editor holds text the journal does not: a change, or unsaved text it
        started with (a restored draft)."""
        return self.state.unsaved or self.current() != self.state

    def unsaved_draft(self) -> Draft | None:
        """The editor's text as a draft to keep now, if it holds anything unsaved."""
        return self.current().to_draft() if self.is_dirty else None

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        """Note that a draft is due."""
        self._draft_pending = True

    def _keep_draft(self) -> None:
        """Send the current text to be kept as a draft, if it changed."""
        if not self._draft_pending:
            return
        self._draft_pending = False
        self.post_message(self.DraftChanged(self.current().to_draft()))

    def show_errors(self, errors: dict[str, str]) -> None:
        """Flag each invalid field in place, and clear the others."""
        for name in ("rating", "watched", "tags"):
            message = errors.get(name, "")
            self.query_one(f"#{name}-error", Static).update(message)
            self.query_one(f"#{name}", Input).set_class(bool(message), "-invalid")

    # Actions -----------------------------------------------------------------------------

    def action_save(self) -> None:
        """Validate the fields; dismiss with the review if they are right."""
        now = self.current()
        review, errors = validate_review(**now.typed())
        self.show_errors(errors)
        if review is None:
            self.notify("Fix the fields marked in red", severity="warning")
            return
        if not review.text.strip() and review.rating is None:
            self.notify(
                "Nothing to save: write something or give a rating",
                severity="warning",
            )
            return
        self.dismiss(review)

    @work(exclusive=True, group="editor-cancel")
    async def action_cancel(self) -> None:
        """Close, asking first when there are unsaved changes."""
        if self.is_dirty:
            question = (
                "Discard this unsaved review?"
                if self.current() == self.state
                else "Discard the changes to this review?"
            )
            discard = await self.app.push_screen_wait(
                Confirm(question, yes="Discard", no="Keep editing")
            )
            if not discard:
                return
        self.post_message(self.DraftDiscarded(self.state.draft_key))
        self.dismiss(None)

    def action_external_editor(self) -> None:
        """Edit the text in $EDITOR, taking it back when the editor exits."""
        from filmjournal.external_editor import EditorFailed, edit_in_editor

        area = self.query_one("#text", TextArea)
        try:
            with self.app.suspend():
                text = edit_in_editor(area.text)
        except EditorFailed as error:
            self.notify(str(error), severity="error", timeout=15)
            if error.text is not None:  # What the editor wrote is kept: take it in too.
                area.load_text(error.text)
            return
        except SuspendNotSupported:
            self.notify("Cannot open $EDITOR from this terminal", severity="error")
            return
        area.load_text(text)
        area.focus()
