"""Regenerate the README's screenshots from the real app on the demo journal.

Run `python scripts/screenshots.py` (or `make screenshots`) whenever the interface changes.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from filmjournal.config import Config
from filmjournal.demo import seed_demo
from filmjournal.metadata.catalog_load import load
from filmjournal.storage import FilmStore
from filmjournal.storage.database import open_database
from filmjournal.tui.app import FilmJournalApp

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZE = (120, 36)

SHOTS: dict[str, Sequence[str]] = {
    "main": (),
    "detail": ("j", "j", "j", "enter"),
    "search": ("slash", "r", "o", "m", "a", "n"),
    "editor": ("j", "j", "j", "e"),
    "help": ("question_mark",),
    "stats": ("S",),
    "watchlist": ("v",),
    "lists": ("V", "enter"),
    "lookup": ("a", "h", "e", "r", "space", "2", "0", "1", "3"),
}
"""Each screenshot's name and the keys pressed to reach it."""


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the app's workers, leaving those that wait on a dialog."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        threads = [w for w in app.workers if w._thread_worker and not w.is_finished]
        if threads:
            await app.workers.wait_for_complete(threads)
            continue
        if isinstance(app.screen, ModalScreen) or all(w.is_finished for w in app.workers):
            return


async def shoot(name: str, keys: Sequence[str]) -> Path:
    """Drive the demo app with `keys` and save what it shows as screenshots/NAME.svg."""
    folder = Path(tempfile.mkdtemp())
    # A catalogue beside the journal, from the tests' IMDb datasets, for the lookup.
    load(
        [Path(__file__).resolve().parent.parent / "tests/metadata/fixtures/imdb"],
        folder / "catalog.db",
    )
    seeded = random.Random(1995)  # the same ids every run, so the same screenshots
    store = FilmStore(
        open_database(folder / "journal.db"),
        path=folder / "journal.db",
        ids=lambda: seeded.getrandbits(63) or 1,
        # One moment for every write: reviews of one day keep one order (by id), however
        # fast the seeding runs.
        clock=lambda: datetime(2026, 3, 14, 12, tzinfo=UTC),
    )
    seed_demo(store)
    app = FilmJournalApp(
        store,
        Config(author="sam"),
        journal_name="demo journal",
        today=lambda: date(2026, 3, 14),
        save_settings=False,
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget in app.screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False
        await pilot.pause(0.3)
        await settle(pilot)
        shot = Path(app.save_screenshot(f"{name}.svg", path=str(OUT)))
    shutil.rmtree(folder)
    return shot


def main() -> None:
    """Write every screenshot."""
    OUT.mkdir(exist_ok=True)
    for name, keys in SHOTS.items():
        print(asyncio.run(shoot(name, keys)))


if __name__ == "__main__":
    main()
