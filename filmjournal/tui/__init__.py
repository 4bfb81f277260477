"""The Textual app. Imported only when the app opens, so scripts never load Textual."""

from __future__ import annotations

from filmjournal.config import Config
from filmjournal.storage import FilmStore


def run_app(store: FilmStore, config: Config, *, journal_name: str, demo: bool = False) -> None:
    """Open the app on `store` and return when the user quits."""
    from filmjournal.tui.app import FilmJournalApp

    FilmJournalApp(store, config, journal_name=journal_name, save_settings=not demo).run()
