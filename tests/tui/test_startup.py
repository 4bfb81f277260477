"""What opening the app loads: only what its first frame needs."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from filmjournal.core.models import FilmInput
from filmjournal.storage import FilmStore, open_database
from filmjournal.tui.app import YOUNG_OBJECTS
from tests.tui.conftest import SIZE, make_app

PROBE = """
import sys
from filmjournal.tui.app import FilmJournalApp
from filmjournal.tui.widgets.film_list import FilmList

run = FilmJournalApp.run

def headless(self, **options):
    display = self._display

    def drawn(screen, update):
        display(screen, update)
        lists = screen.query(FilmList)
        if lists and lists.first().is_loaded and lists.first().count > 0:
            self.exit()

    self._display = drawn
    run(self, headless=True)

FilmJournalApp.run = headless
sys.argv = ["filmjournal", "--db", sys.argv[1]]
from filmjournal.cli import main
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)))
"""


def test_opening_the_app_loads_no_writer_no_network_and_no_command(tmp_path: Path) -> None:
    """sqlite-utils (for writes), httpx (for TMDB) and the CLI's commands cost tens of
    milliseconds each to import; the first frame of a journal needs none of them."""
    path = tmp_path / "journal.db"
    db = open_database(path)
    FilmStore(db, path=path).add_film(FilmInput(title="Heat", year=1995))
    db.close()
    opened = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=120
    )
    assert opened.returncode == 0, opened.stderr
    loaded = set(opened.stdout.split())
    assert "filmjournal.tui.screens.main" in loaded  # the app did open
    unwanted = {"sqlite_utils", "httpx", "filmjournal.cli.films", "filmjournal.cli.transfer"}
    assert not unwanted & loaded, unwanted & loaded


async def test_start_up_objects_are_left_out_of_full_collections_while_running(
    demo_store: FilmStore,
) -> None:
    app = make_app(demo_store)
    assert gc.get_freeze_count() == 0
    before = gc.get_threshold()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNG_OBJECTS > before[0]  # fewer passes
    assert gc.get_freeze_count() == 0  # handed back on the way out
    assert gc.get_threshold() == before
