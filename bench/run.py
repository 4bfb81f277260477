"""The benchmark: filmjournal at N films against the floors it cannot beat, in one run.

    python bench/run.py                  # 100,000 films (the journal is built once, then kept)
    python bench/run.py --films 2000 --json bench.json

Every figure is a ratio to a baseline measured in the same run, or a latency the user feels
(per keystroke, per step), so the table means the same on a busy machine as on an idle one.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import csv
import json
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from catalog import catalog_ratio, catalogue_for, enrich_ratio  # noqa: E402
from journal import build, diary_csv  # noqa: E402

TARGETS = {
    "start_ratio": 1.3,
    "search_p95_ms": 16,
    "cursor_p95_ms": 16,
    "select_p95_ms": 33,
    "sort_ms": 50,
    "rss_extra_mb": 60,
    "import_ratio": 2,
    "stats_ms": 100,
    "stats_kept_ms": 100,
    "catalog_ratio": 3,
    "lookup_p95_ms": 16,
    "enrich_ratio": 3,
}
"""The most each measure may be, at 100,000 films on the development machine."""


def p95(samples: list[float]) -> float:
    """The 95th percentile."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed_start(args: list[str]) -> tuple[float, int]:
    """Seconds from launching a process to its exit, and its peak memory in KB."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / "startup.py"), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, int(done.stdout.strip().splitlines()[-1])


def start_and_memory(db: Path, runs: int) -> dict[str, float]:
    """start_ratio and rss_extra_mb: filmjournal against an empty Textual app, interleaved.

    The package is byte-compiled first, as installing it does (Textual was, by pip): where
    PYTHONDONTWRITEBYTECODE is set, an editable checkout would otherwise compile every
    module of ours on every start, and no installed copy does.
    """
    compileall.compile_dir(HERE.parent / "filmjournal", quiet=1)
    app_times, base_times, app_rss, base_rss = [], [], [], []
    timed_start(["baseline"])  # Warm the disk cache for both.
    timed_start(["app", str(db)])
    for _ in range(runs):
        seconds, rss = timed_start(["baseline"])
        base_times.append(seconds)
        base_rss.append(rss)
        seconds, rss = timed_start(["app", str(db)])
        app_times.append(seconds)
        app_rss.append(rss)
    return {
        "start_ratio": statistics.median(app_times) / statistics.median(base_times),
        "start_ms": statistics.median(app_times) * 1000,
        "baseline_start_ms": statistics.median(base_times) * 1000,
        "rss_extra_mb": (statistics.median(app_rss) - statistics.median(base_rss)) / 1024,
    }


class FrameClock:
    """Times a keystroke in the running app: from the key event to the last frame it caused.

    Pilot's own waits cost tens of milliseconds per key, so keys are sent straight to the
    driver and every frame the app draws is timestamped; once the app is idle again, the
    keystroke's latency is the time of its last frame.
    """

    SETTLE = 0.06
    """Seconds of quiet that mean the app is done with a key."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.frames: list[float] = []
        display = app._display

        def timestamped(screen: Any, update: Any) -> None:
            self.frames.append(time.perf_counter())
            if self.watch is not None and self.watch():
                self.showing.append(self.frames[-1])
            display(screen, update)

        self.watch: Callable[[], bool] | None = None
        self.showing: list[float] = []
        self.settled = float("nan")
        """Milliseconds to the last frame a `shown_frame` key caused."""

        app._display = timestamped

    def busy(self) -> bool:
        """Whether a worker is still running."""
        return any(not worker.is_finished for worker in self.app.workers)

    async def key(
        self,
        key: str,
        ready: Callable[[], bool] = lambda: True,
        busy: Callable[[], bool] | None = None,
    ) -> float:
        """Milliseconds from sending `key` until the last frame it caused."""
        first, last = await self.frames_after(key, ready, busy)
        return last

    async def shown_frame(self, key: str, shown: Callable[[], bool]) -> float:
        """Milliseconds from sending `key` until the first frame drawn once `shown()` holds
        (what the key was for is on screen; the footer may still be redrawn after)."""
        self.watch, self.showing = shown, []
        try:
            _, self.settled = await self.frames_after(key, shown)
        finally:
            self.watch = None
        return (self.showing[0] - self.sent) * 1000 if self.showing else float("nan")

    async def first_frame(self, key: str) -> float:
        """Milliseconds from sending `key` until the first frame that shows it."""
        first, last = await self.frames_after(key, lambda: True)
        return first

    async def frames_after(
        self, key: str, ready: Callable[[], bool], busy: Callable[[], bool] | None = None
    ) -> tuple[float, float]:
        """Milliseconds from sending `key` to the first and to the last frame it caused
        (`busy`: which workers to wait for; by default, all)."""
        busy = busy or self.busy
        from textual import events

        started = self.sent = time.perf_counter()
        self.frames.clear()
        character = key if len(key) == 1 else None
        self.app._driver.send_message(events.Key(key, character))
        quiet_since = None
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            if busy() or not ready():
                quiet_since = None
                continue
            last = self.frames[-1] if self.frames else started
            quiet_since = quiet_since or now
            if now - max(last, quiet_since) >= self.SETTLE:
                first = self.frames[0] if self.frames else started
                return (first - started) * 1000, (last - started) * 1000


async def interactive(db: Path, steps: int) -> dict[str, float]:
    """Keystroke latencies in the real app on the journal, headless."""
    from textual.widgets import Input

    from filmjournal.config import Config
    from filmjournal.metadata.catalog import catalog_path
    from filmjournal.storage import FilmStore, open_database
    from filmjournal.tui.app import FilmJournalApp
    from filmjournal.tui.screens.main import MainScreen
    from filmjournal.tui.screens.stats import StatsScreen

    # In the page cache, as the files of a journal in daily use are: the machine's disk
    # is not what is measured (the first letter of a lookup read a cold catalogue).
    warm([db, catalog_path(db)])
    store = FilmStore(open_database(db), path=db)
    # As after any change to the journal: no statistics are kept that count it all.
    store.db.execute("DELETE FROM stats_cache")
    app = FilmJournalApp(store, Config(author="bench"), save_settings=False)
    results: dict[str, float] = {}
    counted = asyncio.ensure_future(_counted_ahead(store))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        # The app counts the statistics in the background soon after start-up; timed here
        # (stats_count_ms), and waited for so that it does not slow the keys timed below.
        results["stats_count_ms"] = await counted
        main = app.screen
        assert isinstance(main, MainScreen)
        main.query_one("#search", Input).cursor_blink = False
        clock = FrameClock(app)

        def detail_shown() -> bool:
            film, record = main.highlighted, main.record
            return film is not None and record is not None and record.film.id == film.id

        # The cursor moves in the first frame; the detail pane follows (select_p95_ms).
        cursor = [await clock.first_frame("down") for _ in range(steps)]
        cursor += [await clock.first_frame("pagedown") for _ in range(max(5, steps // 10))]
        results["cursor_p95_ms"] = p95(cursor)
        select = [await clock.key("down", detail_shown) for _ in range(max(20, steps // 5))]
        results["select_p95_ms"] = p95(select)
        films = main.film_list

        async def rows_frame(key: str) -> float:
            """To the first frame whose list shows the rows of the query `key` made."""
            before = films.film_query
            return await clock.shown_frame(
                key, lambda: films.film_query != before and films.is_current
            )

        results["sort_ms"] = max([await rows_frame("s") for _ in range(4)])
        await clock.key("slash")
        search = [await rows_frame(letter) for letter in "winter"]
        results["search_p95_ms"] = p95(search)
        await clock.key("escape")

        def stats_shown() -> bool:
            screen = app.screen
            return isinstance(screen, StatsScreen) and screen.stats is not None and screen.current

        # The first opening (counted in the background after start-up), then again.
        results["stats_ms"] = await clock.shown_frame("S", stats_shown)
        results["stats_settled_ms"] = clock.settled  # the footer redrawn for the screen
        await clock.key("escape")
        results["stats_kept_ms"] = await clock.shown_frame("S", stats_shown)
        await clock.key("escape")
        # Adding a film: each letter typed into the lookup, to the frame with its results
        # from the catalogue beside the journal (lookup_p95_ms).
        from filmjournal.tui.screens.film_form import FilmForm

        def looking() -> bool:  # the add command's own worker waits for the form to close
            return any(
                not worker.is_finished
                for worker in app.workers
                if str(worker.group).startswith("lookup")
            )

        await clock.key("a", lambda: isinstance(app.screen, FilmForm), looking)
        await pilot.pause(0.5)  # the form drawn and its catalogue open before any letter
        lookup = [await clock.key(letter, busy=looking) for letter in "night riv"]
        results["lookup_p95_ms"] = p95(lookup)
    store.db.close()
    return results


def warm(paths: list[Path]) -> None:
    """Read each file through once."""
    for path in paths:
        with path.open("rb") as handle:
            while handle.read(1 << 24):
                pass


async def _counted_ahead(store: Any) -> float:
    """Milliseconds the app's background count of the statistics took (it calls
    `store.stats_apart` once, soon after start-up)."""
    took: list[float] = []
    count = store.stats_apart

    def timed(year: int | None = None) -> Any:
        started = time.perf_counter()
        try:
            return count(year)
        finally:
            took.append((time.perf_counter() - started) * 1000)

    store.stats_apart = timed
    deadline = time.perf_counter() + 120
    while not took:
        if time.perf_counter() > deadline:
            raise RuntimeError("the app never counted its statistics")
        await asyncio.sleep(0.005)
    return took[0]


async def floors(steps: int, reviews: list[list[str]]) -> dict[str, float]:
    """What Textual itself takes from a key to its frame, in the same run and terminal size:
    an app whose key changes one line (floor_line_ms), one whose key replaces a screenful
    of rows (floor_page_ms, what a sort redraws), and one where each letter typed into a
    search box replaces them (floor_search_ms, to the frame showing the new rows), and one
    whose key replaces a pane of three Markdown reviews beside the rows (floor_detail_ms,
    what selecting a film redraws; `reviews` holds each film's review texts)."""
    from rich.console import Group
    from rich.markdown import Markdown
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, VerticalScroll
    from textual.widgets import Footer, Header, Input, Static

    class Floor(App[None]):
        BINDINGS = [("n", "next", "Next")]

        def __init__(self, lines: int) -> None:
            super().__init__()
            self.lines = lines
            self.shown = 0

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(self.text(), id="text")
            yield Footer()

        def text(self) -> str:
            return "\n".join(
                f"{self.shown:>6} {line:>4}  A film title of some length ({1950 + line})  8/10"
                for line in range(self.lines)
            )

        def action_next(self) -> None:
            self.shown += 1
            self.query_one("#text", Static).update(self.text())

    class Typed(Floor):
        """A search box above the rows: each letter typed replaces them."""

        def compose(self) -> ComposeResult:
            yield Header()
            yield Input()
            yield Static(self.text(), id="text")
            yield Footer()

        def on_input_changed(self) -> None:
            self.action_next()

    class Detail(Floor):
        """A list beside a pane of three reviews as Markdown, the next film's on each key
        (the reviews of the benchmark's own journal)."""

        CSS = """
        Horizontal > * { width: 1fr; }
        VerticalScroll { overflow-y: scroll; }
        """

        def compose(self) -> ComposeResult:
            yield Header()
            with Horizontal():
                yield Static(self.text(), id="text")
                with VerticalScroll():
                    yield Static(id="film")
                    for card in range(3):
                        yield Static(id=f"card{card}")
            yield Footer()

        def action_next(self) -> None:
            super().action_next()
            texts = reviews[self.shown % len(reviews)]
            self.query_one("#film", Static).update(f"Film {self.shown}\n\nA synopsis.")
            for card, text in enumerate(texts):
                body = Group(
                    Text(f"bench  {card + 5}/10  watched 2020-01-0{card + 1}"), Markdown(text)
                )
                self.query_one(f"#card{card}", Static).update(body)

    results: dict[str, float] = {}
    app = Detail(32)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.2)
        clock = FrameClock(app)
        results["floor_detail_ms"] = p95([await clock.key("n") for _ in range(max(20, steps // 5))])
    for name, lines in (("floor_line_ms", 1), ("floor_page_ms", 32)):
        app = Floor(lines)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause(0.2)
            clock = FrameClock(app)
            results[name] = p95([await clock.key("n") for _ in range(max(20, steps // 4))])
    app = Typed(32)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.2)
        app.query_one(Input).cursor_blink = False
        clock = FrameClock(app)
        typed = []
        for key in "winter" * 4:
            before = app.shown
            typed.append(await clock.shown_frame(key, lambda before=before: app.shown > before))
        results["floor_search_ms"] = p95(typed)
    return results


def review_texts(db: Path, films: int = 40) -> list[list[str]]:
    """The review texts of the journal's first films that have three reviews."""
    connection = sqlite3.connect(db)
    try:
        ids = [
            row[0]
            for row in connection.execute(
                "SELECT film_id FROM reviews GROUP BY film_id HAVING count(*) = 3 LIMIT ?",
                [films],
            )
        ]
        return [
            [
                str(row[0])
                for row in connection.execute(
                    "SELECT text FROM reviews WHERE film_id = ? ORDER BY id", [film]
                )
            ]
            for film in ids
        ] or [["A review."] * 3]
    finally:
        connection.close()


def import_ratio(rows: int, runs: int) -> dict[str, float]:
    """Importing a Letterboxd diary against raw sqlite-utils insert_all of the same rows."""
    from sqlite_utils import Database

    from filmjournal import formats
    from filmjournal.storage import FilmStore, open_database

    ours, raw, alone = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        diary = diary_csv(Path(folder) / "diary.csv", rows)
        for run in range(runs):
            target = Path(folder) / f"raw{run}.db"
            started = time.perf_counter()
            with diary.open(newline="", encoding="utf-8") as handle:
                plain = Database(target)
                plain.enable_wal()
                plain["diary"].insert_all(csv.DictReader(handle), batch_size=1000)
            raw.append(time.perf_counter() - started)
            plain.close()
            store = FilmStore(open_database(Path(folder) / f"ours{run}.db"))
            started = time.perf_counter()
            store.apply_import(formats.read(diary), author="bench")
            ours.append(time.perf_counter() - started)
            store.db.close()
            alone.append(written_alone(Path(folder) / f"ours{run}.db", Path(folder) / f"w{run}.db"))
    return {
        "import_ratio": statistics.median(ours) / statistics.median(raw),
        "import_ms": statistics.median(ours) * 1000,
        "baseline_import_ms": statistics.median(raw) * 1000,
        "floor_import_ms": statistics.median(alone) * 1000,
    }


def written_alone(source: Path, target: Path) -> float:
    """Seconds SQLite alone takes to write what an import wrote into `source` (its films,
    reviews and search rows, read out beforehand) into a new journal `target`, the way the
    import writes them: in one transaction, with the same triggers paused and the same
    indexes built after the rows. The import's floor: nothing parsed, matched or worked out."""
    from filmjournal.storage import FilmStore, open_database
    from filmjournal.storage.importer import DEFERRED_INDEXES, PAUSED_TRIGGERS

    read = sqlite3.connect(source)
    rows = {
        table: read.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        for table in ("films", "reviews")
    }
    search = read.execute(
        "SELECT rowid, title, directors, genres, synopsis, reviews FROM films_fts ORDER BY rowid"
    ).fetchall()
    read.close()
    db = FilmStore(open_database(target)).db.conn
    names = [*PAUSED_TRIGGERS, *DEFERRED_INDEXES]
    marks = ", ".join("?" * len(names))
    made = db.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE name IN ({marks})", names
    ).fetchall()
    started = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    for kind, name, _ in made:
        db.execute(f"DROP {kind} {name}")
    for table, values in rows.items():
        if values:
            marks = ", ".join("?" * len(values[0]))
            db.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    db.executemany(
        "INSERT INTO films_fts (rowid, title, directors, genres, synopsis, reviews)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        search,
    )
    for _, _, sql in made:
        db.execute(sql)
    db.execute("COMMIT")
    took = time.perf_counter() - started
    db.close()
    return took


def sync_round(db: Path, edits: int) -> dict[str, float]:
    """One machine edits `edits` films and syncs; a second, a copy of the first as of their
    last sync, syncs and applies them. Against the floor of a sync with nothing to do.

    The sync uses APSW's SQLite; the stdlib's connections to these copies are closed first
    (two SQLites must never hold one file at once)."""
    import shutil

    from filmjournal.sync.engine import sync

    with tempfile.TemporaryDirectory() as folder:
        here, there, shared = Path(folder) / "a.db", Path(folder) / "b.db", Path(folder) / "Sync"
        shutil.copy(db, here)
        sync(here, shared, "0000000000a1")  # the first sync sends the whole journal
        shutil.copy(here, there)
        plain = sqlite3.connect(there)
        plain.execute("INSERT INTO sync_devices (device, last_seq) VALUES ('0000000000a1', 1)")
        plain.commit()
        plain.close()
        started = time.perf_counter()
        sync(here, shared, "0000000000a1")
        empty = time.perf_counter() - started
        plain = sqlite3.connect(here)
        edits = min(edits, plain.execute("SELECT count(*) FROM films").fetchone()[0])
        with plain:
            plain.execute(
                "UPDATE films SET synopsis = synopsis || ' (seen again)',"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00') WHERE id IN"
                " (SELECT id FROM films ORDER BY id LIMIT ?)",
                [edits],
            )
        plain.close()
        started = time.perf_counter()
        sent = sync(here, shared, "0000000000a1")
        send = time.perf_counter() - started
        started = time.perf_counter()
        received = sync(there, shared, "0000000000b2")
        receive = time.perf_counter() - started
        assert (sent.sent, received.received) == (edits, edits)
    return {
        "sync_ms": (send + receive) * 1000,
        "sync_send_ms": send * 1000,
        "sync_receive_ms": receive * 1000,
        "baseline_sync_ms": empty * 1000,
    }


def alone(part: str, options: argparse.Namespace) -> dict[str, float]:
    """One part of the benchmark run in a process of its own."""
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            f"--alone={part}",
            f"--films={options.films}",
            f"--steps={options.steps}",
            f"--cache={options.cache}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def versions() -> dict[str, str]:
    """The versions the figures were measured with."""
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        **{name: version(name) for name in ("textual", "rich", "sqlite-utils", "filmjournal")},
    }


def main() -> None:
    """Build (or reuse) the journal, measure, print the table, write JSON if asked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument(
        "--runs", type=int, default=5, help="starts and imports to take the median of"
    )
    parser.add_argument("--steps", type=int, default=200, help="cursor steps to time")
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--sync-edits", type=int, default=1_000)
    parser.add_argument("--catalog-titles", type=int, default=1_000_000)
    parser.add_argument("--enrich-films", type=int, default=10_000)
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    parser.add_argument("--json", type=Path, dest="json_path")
    parser.add_argument("--alone", choices=["floors", "keys"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.alone:  # one part, in a process of its own: its figures as JSON
        db = options.cache / f"journal-{options.films}.db"
        part = (
            floors(options.steps, review_texts(db))
            if options.alone == "floors"
            else interactive(db, options.steps)
        )
        print(json.dumps(asyncio.run(part)))
        return

    options.cache.mkdir(exist_ok=True)
    started = time.perf_counter()
    db = build(options.cache / f"journal-{options.films}.db", options.films)
    built = time.perf_counter() - started
    figures: dict[str, Any] = {"films": options.films}
    catalogue_for(options.cache, options.catalog_titles, db)
    figures |= start_and_memory(db, options.runs)
    # The floors and the app's keys each in a fresh process: after another app in the same
    # one, its heap (the objects it froze and handed back) is not what either would meet.
    figures |= alone("floors", options)
    figures |= alone("keys", options)
    figures |= import_ratio(options.import_rows, options.runs)
    figures |= sync_round(db, options.sync_edits)
    figures |= catalog_ratio(options.cache, options.catalog_titles, options.runs)
    figures |= enrich_ratio(options.cache, options.catalog_titles, options.enrich_films)

    print(f"filmjournal benchmark: {options.films:,} films (journal ready in {built:.1f} s)")
    print(f"{'measure':<16}{'value':>10}{'target':>10}")
    for name, target in TARGETS.items():
        value = figures[name]
        mark = "ok" if value <= target else "MISSED"
        print(f"{name:<16}{value:>10.2f}{'<= ' + str(target):>10}  {mark}")
    print(
        f"(start {figures['start_ms']:.0f} ms vs {figures['baseline_start_ms']:.0f} ms for an "
        f"empty app; import {figures['import_ms']:.0f} ms vs {figures['baseline_import_ms']:.0f}"
        f" ms for insert_all, and {figures['floor_import_ms']:.0f} ms for SQLite to write the"
        " same import's rows alone)"
    )
    print(
        f"catalogue of {options.catalog_titles:,} titles: {figures['catalog_ms']:.0f} ms vs"
        f" {figures['baseline_catalog_ms']:.0f} ms to split its files, and"
        f" {figures['floor_catalog_ms']:.0f} ms for SQLite to write and index its rows alone;"
        " enrich of"
        f" {options.enrich_films:,} films: {figures['enrich_ms']:.0f} ms vs"
        f" {figures['baseline_enrich_ms']:.0f} ms for UPDATE ... FROM"
    )
    print(
        f"sync of {options.sync_edits:,} edits: {figures['sync_ms']:.0f} ms (sent in"
        f" {figures['sync_send_ms']:.0f}, applied in {figures['sync_receive_ms']:.0f}; a sync"
        f" with nothing to do takes {figures['baseline_sync_ms']:.0f} ms)"
    )
    if options.json_path:
        figures["versions"] = versions()
        figures["machine"] = f"{platform.machine()}, {platform.system()}"
        options.json_path.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
