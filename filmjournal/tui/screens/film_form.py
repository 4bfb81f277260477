"""FilmForm: add a film or edit its details, with a message beside each invalid field."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from filmjournal.core.models import Film, FilmInput
from filmjournal.core.text import printable
from filmjournal.core.validation import validate_film
from filmjournal.tui.keys import bindings
from filmjournal.tui.widgets.plain_text_area import PlainTextArea

FIELDS = [
    ("title", "Title", "required"),
    ("year", "Year", "e.g. 1995"),
    ("certification", "Certification", "e.g. R, PG-13, 12A"),
    ("runtime", "Runtime (minutes)", "e.g. 170"),
    ("genres", "Genres", "comma-separated, e.g. Crime, Thriller"),
    ("directors", "Directors", "comma-separated"),
]
"""The one-line fields: id, label, placeholder."""


class FilmForm(ModalScreen[FilmInput | None]):
    """A form for a film's details; dismisses with them, or None when cancelled."""

    BINDINGS = bindings("film-form")

    DEFAULT_CSS = """
    FilmForm {
        align: center middle;
        & > #form {
            width: 90%;
            max-width: 100;
            height: 90%;
            background: $panel;
            border: thick $primary;
            padding: 0 1;
        }
        & .row { height: auto; }
        & .row Label { width: 20; padding-top: 1; color: $text-muted; }
        & .row Input { width: 1fr; }
        & .row .error { width: auto; max-width: 30; padding: 1 0 0 1; color: $error; }
        & Input.-invalid { border: tall $error; }
        & #synopsis { height: 6; }
        & #buttons { height: auto; align-horizontal: right; margin-top: 1; }
        & #buttons Button { margin-left: 2; }
    }
    """

    def __init__(self, film: Film | None = None) -> None:
        """Edit `film`, or add a new one when None."""
        super().__init__()
        self.film = film
        """The film edited, or None."""

    def _initial(self) -> dict[str, str]:
        """The fields' starting values."""
        film = self.film
        if film is None:
            return {}
        return {
            "title": film.title,
            "year": str(film.year or ""),
            "certification": film.certification,
            "runtime": str(film.runtime_minutes or ""),
            "genres": ", ".join(film.genres),
            "directors": ", ".join(film.directors),
        }

    def compose(self) -> ComposeResult:
        """A labelled row per field, the synopsis, and Save/Cancel."""
        initial = self._initial()
        with VerticalScroll(id="form") as form:
            if self.film is None:
                form.border_title = "Add a film"
            else:
                form.border_title = Content(f"Edit {printable(self.film.label)}")
            for name, label, placeholder in FIELDS:
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield Input(initial.get(name, ""), id=name, placeholder=placeholder)
                    yield Static("", id=f"{name}-error", classes="error", markup=False)
            yield Label("Synopsis")
            yield PlainTextArea(
                self.film.synopsis if self.film else "", id="synopsis", soft_wrap=True
            )
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Start in the title."""
        self.query_one("#title", Input).focus()

    def values(self) -> dict[str, str]:
        """The fields as typed."""
        return {name: self.query_one(f"#{name}", Input).value for name, _, _ in FIELDS}

    def action_save(self) -> None:
        """Validate; flag each wrong field in place, or dismiss with the film."""
        raw = self.values()
        film, errors = validate_film(
            title=raw["title"],
            year=raw["year"],
            certification=raw["certification"],
            runtime=raw["runtime"],
            genres=raw["genres"],
            directors=raw["directors"],
            synopsis=self.query_one("#synopsis", TextArea).text,
        )
        for name, _, _ in FIELDS:
            message = errors.get(name, "")
            self.query_one(f"#{name}-error", Static).update(message)
            self.query_one(f"#{name}", Input).set_class(bool(message), "-invalid")
        if film is None:
            first = next(name for name, _, _ in FIELDS if name in errors)
            self.query_one(f"#{first}", Input).focus()
            return
        self.dismiss(film)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    def on_input_submitted(self) -> None:
        """Enter in any field saves."""
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
