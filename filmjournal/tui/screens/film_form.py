"""FilmForm: add a film or edit its details, with a message beside each invalid field."""

from __future__ import annotations

from dataclasses import Field
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from filmjournal.core.fields import as_typed, editable, kind, shown_name
from filmjournal.core.models import Film, FilmInput
from filmjournal.core.text import printable
from filmjournal.core.validation import validate_film
from filmjournal.tui.keys import bindings
from filmjournal.tui.screens.dialog import Dialog
from filmjournal.tui.widgets.plain_text import PlainText
from filmjournal.tui.widgets.plain_text_area import PlainTextArea

LINES = [item for item in editable(FilmInput) if not item.metadata["long"]]
"""The one-line fields, in the order the film declares them."""
TEXTS = [item for item in editable(FilmInput) if item.metadata["long"]]
"""The fields of running text (the synopsis), below the others."""


class FilmForm(Dialog[FilmInput | None]):
    """A form for a film's details; dismisses with them, or None when cancelled."""

    BINDINGS = bindings("film-form")

    DEFAULT_CSS = """
    FilmForm {
        & > .frame { width: 90%; max-width: 100; height: 90%; }
        & .row Label { width: 20; }
        & .row Input { width: 1fr; }
        & .row .error { width: auto; max-width: 30; padding: 1 0 0 1; }
        & #synopsis { height: 6; }
    }
    """

    def __init__(self, film: Film | None = None) -> None:
        """Edit `film`, or add a new one when None."""
        super().__init__()
        self.film = film
        """The film edited, or None."""

    def _initial(self, item: Field[Any]) -> str:
        """A field's starting text."""
        return "" if self.film is None else as_typed(getattr(self.film, item.name), kind(item))

    def compose(self) -> ComposeResult:
        """A labelled row per field, the synopsis, and Save/Cancel."""
        with VerticalScroll(id="form", classes="frame") as form:
            if self.film is None:
                form.border_title = "Add a film"
            else:
                form.border_title = Content(f"Edit {printable(self.film.label)}")
            for item in LINES:
                name = shown_name(item)
                with Horizontal(classes="row"):
                    yield Label(item.metadata["label"])
                    yield Input(self._initial(item), id=name, placeholder=item.metadata["hint"])
                    yield PlainText("", id=f"{name}-error", classes="error")
            for item in TEXTS:
                yield Label(item.metadata["label"])
                yield PlainTextArea(self._initial(item), id=shown_name(item), soft_wrap=True)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Start in the title."""
        self.query_one("#title", Input).focus()

    def values(self) -> dict[str, str]:
        """The fields as typed."""
        typed = {shown_name(f): self.query_one(f"#{shown_name(f)}", Input).value for f in LINES}
        for item in TEXTS:
            typed[shown_name(item)] = self.query_one(f"#{shown_name(item)}", TextArea).text
        return typed

    def action_save(self) -> None:
        """Validate; flag each wrong field in place, or dismiss with the film."""
        film, errors = validate_film(**self.values())
        for item in LINES:
            name = shown_name(item)
            message = errors.get(name, "")
            self.query_one(f"#{name}-error", Static).update(message)
            self.query_one(f"#{name}", Input).set_class(bool(message), "-invalid")
        if film is None:
            first = next(shown_name(f) for f in LINES if shown_name(f) in errors)
            self.query_one(f"#{first}", Input).focus()
            return
        self.dismiss(film)
