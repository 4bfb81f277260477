"""The app under faults: another writer, a full disk while a review is being saved."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from textual.message import Message
from textual.widgets import TextArea

from filmjournal.core.models import FilmInput
from filmjournal.storage import FilmStore, open_database
from filmjournal.tui.screens.journal_view import OUTSIDE_CHECK_SECONDS
from filmjournal.tui.screens.main import MainScreen
from filmjournal.tui.screens.review_editor import ReviewEditor
from tests.tui.conftest import make_app, notices, press_to, region_text, settle, started


async def test_the_app_shows_what_another_program_wrote(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    store = FilmStore(open_database(db))
    store.add_film(FilmInput(title="Heat", year=1995))
    app = make_app(store)
    async with started(app) as pilot:
        # Let the app's own timer take its first look at the journal.
        await pilot.pause(OUTSIDE_CHECK_SECONDS + 0.5)
        with sqlite3.connect(db) as other:  # The CLI, a script, a second app...
            other.execute(
                "INSERT INTO films (title, year, created_at, updated_at)"
                " VALUES ('Alien', 1979, 'x', 'x')"
            )
        # Nothing is pressed: the app notices by itself (within two seconds, as promised;
        # the bound here is generous because test machines are shared).
        for _ in range(100):
            await pilot.pause(0.1)
            if "Alien" in region_text(app, "#films") and app.sub_title == "Journal · 2 films":
                break
        assert "Alien" in region_text(app, "#films")
        assert app.sub_title == "Journal · 2 films"


async def test_the_look_at_the_journal_is_taken_on_the_spot_and_never_waits(
    tmp_path: Path,
) -> None:
    """The two-second look for other programs' writes reads one number in the timer's own
    call (a worker for it redrew the screen each time), and skips a turn rather than wait
    while another thread (an import) holds the journal."""
    db = tmp_path / "journal.db"
    store = FilmStore(open_database(db))
    store.add_film(FilmInput(title="Heat", year=1995))
    app = make_app(store)
    async with started(app) as pilot:
        main = app.screen
        assert isinstance(main, MainScreen)
        main.check_outside_changes()
        assert main._seen_version == store.data_version()
        assert not [worker for worker in app.workers if worker.group == "outside"]
        seen = main._seen_version
        held, done = threading.Event(), threading.Event()

        def hold() -> None:
            with store._lock:
                held.set()
                done.wait(10)

        holder = threading.Thread(target=hold)
        holder.start()
        held.wait(10)
        try:
            with sqlite3.connect(db) as other:
                other.execute("UPDATE films SET year = 1996")
            main.check_outside_changes()  # held by the other thread: a turn skipped
            assert main._seen_version == seen
        finally:
            done.set()
            holder.join()
        main.check_outside_changes()
        assert main._seen_version != seen
        await pilot.pause()


async def test_a_full_disk_keeps_the_review_in_the_editor(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    store = FilmStore(open_database(db))
    store.add_film(FilmInput(title="Heat", year=1995))
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    app = make_app(store)
    seen: list[Message] = []
    async with started(app, message_hook=seen.append) as pilot:
        editor = await press_to(pilot, "n", ReviewEditor)
        long_text = "Every word of this must survive. " * 3000
        editor.query_one("#text", TextArea).load_text(long_text)
        store.db.execute(f"PRAGMA max_page_count = {pages}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("disk is full" in notice for notice in notices(seen))
        assert isinstance(app.screen, ReviewEditor)
        editor = app.screen
        assert editor.query_one("#text", TextArea).text == long_text
    assert store.reviews(store.resolve("Heat").id) == []
