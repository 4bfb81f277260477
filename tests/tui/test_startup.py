"""What opening the app loads: only what its first frame needs."""

from __future__ import annotations

import contextlib
import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from filmjournal.cli import main
from filmjournal.core.models import FilmInput
from filmjournal.storage import FilmStore, open_database
from filmjournal.tui.app import YOUNG_OBJECTS
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.widgets.film_list import FilmList
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


COLLECTIONS = """
import gc, sys
from textual.app import App

display = App._display
seen = {}

def drawn(self, screen, update):
    display(self, screen, update)
    if "frame" not in seen:
        seen["frame"] = sum(generation["collections"] for generation in gc.get_stats())

        def running():  # once the app has settled after its first frame
            seen["collecting"] = gc.isenabled()
            self.exit()

        self.call_after_refresh(self.call_after_refresh, running)

App._display = drawn
sys.argv = ["filmjournal", "--db", sys.argv[1]]
from filmjournal.cli import main
started = sum(generation["collections"] for generation in gc.get_stats())
try:
    main()
except SystemExit:
    pass
print(seen["frame"] - started, seen["collecting"], gc.get_freeze_count() > 0)
"""


def test_the_command_collects_no_garbage_before_the_first_frame_nor_at_its_end(
    tmp_path: Path,
) -> None:
    """What start-up makes lives as long as the process: collecting it before the first
    frame, or walking it all once more as the process ends, is time the user waits for."""
    path = tmp_path / "journal.db"
    db = open_database(path)
    FilmStore(db, path=path).add_film(FilmInput(title="Heat", year=1995))
    db.close()
    ran = subprocess.run(
        [sys.executable, "-c", COLLECTIONS, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert ran.returncode == 0, ran.stderr
    collections, collecting_after_first_frame, frozen_at_exit = ran.stdout.split()
    assert collections == "0"
    assert collecting_after_first_frame == "True"  # the running app collects as ever
    assert frozen_at_exit == "True"


def test_a_command_other_than_the_app_collects_garbage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the app's start-up goes without: an import of a large file must not keep every
    cycle it makes until it ends."""
    monkeypatch.setattr(sys, "argv", ["filmjournal", "--db", str(tmp_path / "j.db"), "stats"])
    seen: list[bool] = []
    try:
        with contextlib.suppress(SystemExit):
            main()
        seen.append(gc.isenabled())
    finally:
        gc.enable()
    assert seen == [True]


async def test_the_app_hands_the_collector_back_as_it_found_it(demo_store: FilmStore) -> None:
    gc.disable()
    try:
        async with make_app(demo_store).run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()  # on while the app runs
        assert not gc.isenabled()
    finally:
        gc.enable()
    async with make_app(demo_store).run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert gc.isenabled()


async def test_the_first_frame_reads_the_journal_once(
    demo_store: FilmStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages: list[int] = []
    rows = FilmStore.rows

    def counted(store: FilmStore, query: Any, offset: int, limit: int) -> Any:
        pages.append(offset)
        return rows(store, query, offset, limit)

    monkeypatch.setattr(FilmStore, "rows", counted)
    async with make_app(demo_store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert pilot.app.screen.query_one(FilmList).count > 0
    assert pages == [0]


async def test_a_narrow_terminal_has_its_stacked_panes_from_the_first_frame(
    demo_store: FilmStore,
) -> None:
    app = make_app(demo_store)
    first: list[bool] = []
    display = app._display

    def drawn(screen: Any, update: Any) -> None:
        display(screen, update)
        if not first and isinstance(screen, MainScreen):
            first.append(screen.has_class("-narrow"))

    app._display = drawn  # type: ignore[method-assign, assignment]
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert pilot.app.screen.has_class("-narrow")
    assert first == [True]


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
