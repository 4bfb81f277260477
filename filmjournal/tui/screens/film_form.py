"""FilmForm: add a film or edit its details, with a message beside each invalid field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import Field, dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from filmjournal.core.fields import as_typed, editable, kind, shown_name
from filmjournal.core.metadata import Candidate
from filmjournal.core.models import Film, FilmInput
from filmjournal.core.text import printable
from filmjournal.core.validation import validate_film
from filmjournal.metadata.lookup import Sources
from filmjournal.tui.keys import bindings
from filmjournal.tui.screens.confirm import Confirm
from filmjournal.tui.screens.dialog import Dialog
from filmjournal.tui.widgets.film_lookup import FilmLookup
from filmjournal.tui.widgets.plain_text import PlainText
from filmjournal.tui.widgets.plain_text_area import PlainTextArea

LINES = [item for item in editable(FilmInput) if not item.metadata["long"]]
"""The one-line fields, in the order the film declares them."""
TEXTS = [item for item in editable(FilmInput) if item.metadata["long"]]
"""The fields of running text (the synopsis), below the others."""


@dataclass(frozen=True)
class FilmFormResult:
    """What the form gives back: the details, and the lookup they came from, if any."""

    details: FilmInput
    found: Candidate | None = None


class FilmForm(Dialog[FilmFormResult | None]):
    """A form for a film's details, with a lookup above it that fills them; dismisses with
    them, or None when cancelled."""

    HELP = """
## Film form

Type a title and year in the lookup box (`her 2013`): the offline catalogue answers as you
type, TMDB (with your key) once you pause. Enter fills the form's blanks from the highlighted
film; it asks before replacing anything you typed. `ctrl+s` saves; Escape cancels,
asking first when anything was typed.

The catalogue is built from IMDb's non-commercial datasets (`filmjournal catalog load`).
This product uses the TMDB API but is not endorsed or certified by TMDB.
"""

    BINDINGS = bindings("film-form")

    DEFAULT_CSS = """
    FilmForm {
        & > .frame { width: 90%; max-width: 100; height: 90%; }
        & .row Label { width: 20; }
        & .row Input { width: 1fr; }
        & .row .error { width: auto; max-width: 30; padding: 1 0 0 1; }
        & #synopsis { height: 6; }
        & FilmLookup { margin-bottom: 1; }
    }
    """

    def __init__(
        self, film: Film | None = None, sources: Callable[[], Sources] | None = None
    ) -> None:
        """Edit `film`, or add a new one when None; `sources` opens the catalogue and TMDB
        for the lookup (None: no lookup)."""
        super().__init__()
        self.film = film
        """The film edited, or None."""
        self.sources = sources
        self.found: Candidate | None = None
        """The film picked in the lookup, whose ids are kept with the details."""
        self.started: dict[str, str] = {}
        """The fields as the form opened, to tell whether anything was typed since."""

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
            if self.sources is not None:
                query = f"{self.film.title} {self.film.year or ''}".strip() if self.film else ""
                yield FilmLookup(self.sources, query)
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
        """Start in the lookup when adding, else in the title."""
        self.started = self.values()
        lookups = self.query("#lookup")
        if self.film is None and lookups and not lookups.first(Input).disabled:
            lookups.first(Input).focus()
        else:
            self.query_one("#title", Input).focus()

    @work(exclusive=True, group="fill")
    @on(FilmLookup.Picked)
    async def _fill(self, message: FilmLookup.Picked) -> None:
        """Fill the form from the film picked: its blanks at once; what the user typed
        only after showing what would change, and asking."""
        found = message.candidate
        typed = self.values()
        offered = {
            shown_name(f): as_typed(getattr(found.details, f.name), kind(f))
            for f in [*LINES, *TEXTS]
        }
        clashes = [
            name
            for name, value in offered.items()
            if value and typed[name].strip() and typed[name].strip() != value
        ]
        for name, value in offered.items():
            if value and not typed[name].strip():
                self._set(name, value)
        if clashes:
            changes = "; ".join(f"{name}: {typed[name]!r} → {offered[name]!r}" for name in clashes)
            question = f"Replace what is typed with {found.source}'s? {changes}"
            if await self.app.push_screen_wait(Confirm(question, yes="Replace", no="Keep mine")):
                for name in clashes:
                    self._set(name, offered[name])
        self.found = found
        self.notify(f"Filled from {found.source}: {found.label}")

    def _set(self, name: str, value: str) -> None:
        """Put text in the field called `name`."""
        widget = self.query_one(f"#{name}")
        if isinstance(widget, TextArea):
            widget.load_text(value)
        elif isinstance(widget, Input):
            widget.value = value

    def values(self) -> dict[str, str]:
        """The fields as typed."""
        typed = {shown_name(f): self.query_one(f"#{shown_name(f)}", Input).value for f in LINES}
        for item in TEXTS:
            typed[shown_name(item)] = self.query_one(f"#{shown_name(item)}", TextArea).text
        return typed

    def action_cancel(self) -> None:
        """Close without saving; when anything was typed or filled in, only after asking."""
        if self.values() == self.started:
            self.dismiss(None)
        else:
            self._discard_if_sure()

    @work(exclusive=True, group="cancel")
    async def _discard_if_sure(self) -> None:
        """Ask whether to drop what was typed; close if so."""
        question = (
            f"Discard your changes to {printable(self.film.label)}?"
            if self.film is not None
            else "Discard this new film?"
        )
        if await self.app.push_screen_wait(Confirm(question, yes="Discard", no="Keep editing")):
            self.dismiss(None)

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
        self.dismiss(FilmFormResult(film, self.found))
