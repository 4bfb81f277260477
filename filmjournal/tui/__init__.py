"""The Textual app. Imported only when the app opens, so scripts never load Textual."""

from __future__ import annotations

import io
import os
import sys
from datetime import datetime

from filmjournal import paths
from filmjournal.config import Config
from filmjournal.storage import FilmStore


def run_app(
    store: FilmStore,
    config: Config,
    *,
    journal_name: str,
    demo: bool = False,
    headless: bool = False,
) -> None:
    """Open the app on `store` and return when the user quits.

    When the app stops on an unexpected error, the details go to a file of their own, and
    the process ends with status 1 and a line saying where that file is.
    """
    from rich.console import Console

    from filmjournal.tui.app import FilmJournalApp

    app = FilmJournalApp(store, config, journal_name=journal_name, save_settings=not demo)
    details = io.StringIO()
    app.error_console = Console(file=details, markup=False, highlight=False, width=120)
    app.run(headless=headless)
    if details.getvalue():
        sys.stderr.write(f"filmjournal stopped on an unexpected error; {_keep(details)}\n")
        raise SystemExit(1)
    if app.return_code:
        raise SystemExit(app.return_code)


def _keep(details: io.StringIO) -> str:
    """Write the error's details to a file readable by its owner only; say where."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = paths.data_dir() / f"crash-{stamp}.log"
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(details.getvalue())
    except OSError as error:
        sys.stderr.write(details.getvalue())
        return f"the details are above (they could not be written to {path}: {error.strerror})"
    return f"the details are in {path}"
