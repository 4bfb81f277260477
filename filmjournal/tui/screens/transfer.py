"""ImportScreen and ExportScreen: ask where to read or write, and in what format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Footer, Input, Label, Select, Static

from filmjournal.formats.registry import exporters, importers
from filmjournal.tui.keys import bindings
from filmjournal.tui.screens.dialog import Dialog, closing
from filmjournal.tui.widgets.path_suggester import PathSuggester
from filmjournal.tui.widgets.plain_text import PlainText

EXPORT_NAMES = {
    "json": "filmjournal.json",
    "letterboxd": "letterboxd-import.csv",
    "letterboxd-lists": "letterboxd-lists",
    "markdown": "filmjournal-markdown",
    "csv": "filmjournal.csv",
}
"""The path an export suggests, per format, in the current folder."""


@dataclass(frozen=True)
class ImportRequest:
    """What to import, and how."""

    path: Path
    format_name: str | None
    dry_run: bool


@dataclass(frozen=True)
class ExportRequest:
    """What to export, and where."""

    path: Path
    format_name: str
    force: bool


R = TypeVar("R")

_CSS = """
    {name} {{
        & > .frame {{ width: 80; }}
        & .row Label {{ width: 10; }}
        & .row Input, & .row Select {{ width: 1fr; }}
    }}
"""


class _PathDialog(Dialog[R]):
    """A dialog asking for a path: Enter or Go goes ahead, Escape or Cancel gives None."""

    GO = "go"

    def action_go(self) -> None:
        """Check the fields and dismiss with the request."""
        raise NotImplementedError


class ImportScreen(_PathDialog[ImportRequest | None]):
    """Ask for an export to import; dismisses with the request, or None."""

    BINDINGS = bindings("import")
    DEFAULT_CSS = _CSS.format(name="ImportScreen")

    def __init__(self, start: str = "") -> None:
        """Start from the path imported last (the dry run box always starts unticked)."""
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        """Path, format, dry run."""
        with Vertical(classes="frame") as box:
            box.border_title = "Import"
            yield PlainText(
                "A Letterboxd export (ZIP, folder or CSV), an IMDb CSV, or a filmjournal JSON."
            )
            with Horizontal(classes="row"):
                yield Label("Path")
                yield Input(
                    self.start,
                    placeholder="~/Downloads/letterboxd-export.zip  (→ completes a path)",
                    id="path",
                    suggester=PathSuggester(),
                )
            with Horizontal(classes="row"):
                yield Label("Format")
                yield Select(
                    [(kind.about, kind.name) for kind in importers()], prompt="detect", id="format"
                )
            yield Checkbox("Dry run: only show what would change", id="dry-run")
            yield from closing("Import", "go")
        yield Footer()

    def action_go(self) -> None:
        """Check the path exists and dismiss with the request."""
        raw = self.query_one("#path", Input).value.strip()
        path = Path(raw).expanduser()
        if not raw or not path.exists():
            self.query_one("#error", Static).update(f"No such file or folder: {raw or '(empty)'}")
            return
        chosen = self.query_one("#format", Select).value
        self.dismiss(
            ImportRequest(
                path=path,
                format_name=chosen if isinstance(chosen, str) else None,
                dry_run=self.query_one("#dry-run", Checkbox).value,
            )
        )


class ExportScreen(_PathDialog[ExportRequest | None]):
    """Ask for a format and a path; dismisses with the request, or None."""

    BINDINGS = bindings("export")
    DEFAULT_CSS = _CSS.format(name="ExportScreen")

    def __init__(self, folder: Path) -> None:
        """Suggest paths in `folder`."""
        super().__init__()
        self.folder = folder
        """Where suggested paths point."""

    def compose(self) -> ComposeResult:
        """Format, path, overwrite."""
        with Vertical(classes="frame") as box:
            box.border_title = "Export the journal"
            with Horizontal(classes="row"):
                yield Label("Format")
                yield Select(
                    [(kind.about, kind.name) for kind in exporters()],
                    value="json",
                    allow_blank=False,
                    id="format",
                )
            with Horizontal(classes="row"):
                yield Label("Path")
                yield Input(str(self.folder / EXPORT_NAMES["json"]), id="path")
            yield Checkbox("Overwrite if it exists", id="force")
            yield from closing("Export", "go")
        yield Footer()

    def on_select_changed(self, event: Select.Changed) -> None:
        """Suggest a path that fits the chosen format."""
        if isinstance(event.value, str):
            self.query_one("#path", Input).value = str(
                self.folder / EXPORT_NAMES.get(event.value, f"filmjournal-{event.value}")
            )

    def action_go(self) -> None:
        """Dismiss with the request."""
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.query_one("#error", Static).update("Give a path to write to")
            return
        chosen = self.query_one("#format", Select).value
        self.dismiss(
            ExportRequest(
                path=Path(raw).expanduser(),
                format_name=chosen if isinstance(chosen, str) else "json",
                force=self.query_one("#force", Checkbox).value,
            )
        )
