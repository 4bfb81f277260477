"""Commands that move a whole journal: import an export, export everything.

A journal error stops them with "Import stopped: ..." or "Export stopped: ..." (see
MainScreen.action_import); the journal is then as it was."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.widgets import ProgressBar

if TYPE_CHECKING:
    from filmjournal.tui.screens.main import MainScreen
    from filmjournal.tui.screens.transfer import ImportRequest

from filmjournal.tui.handlers import Undo, keep
from filmjournal.tui.messages import JournalChanged


async def import_file(screen: MainScreen) -> None:
    """Ask for an export and import it, with progress and a summary; the journal changes
    all or not at all."""
    from filmjournal.tui.screens.transfer import ImportScreen

    request = await screen.app.push_screen_wait(ImportScreen(screen.last_import))
    if request is None:
        return
    screen.last_import = str(request.path)
    store = screen.store
    checkpoint = None if request.dry_run else await asyncio.to_thread(store.checkpoint)
    before = await asyncio.to_thread(store.fingerprint)
    show_progress(screen, 0, 0)
    try:
        title, lines = await asyncio.to_thread(_apply, screen, request)
        after = await asyncio.to_thread(store.fingerprint)
    except BaseException:
        if checkpoint is not None:
            store.forget(checkpoint)
        raise
    finally:
        show_progress(screen, None, None)
    if title.startswith("letterboxd") and not request.dry_run:
        lines.append("Letterboxd gives titles and years only: press D to fill in details")
    if checkpoint is not None and after == before:
        store.forget(checkpoint)
    elif checkpoint is not None:
        done = replace(checkpoint, after=after)
        what = f"import of {request.path.name}"
        keep(screen, Undo(what, None, partial(store.return_to, done), partial(store.forget, done)))
        lines.append("Press u to undo the whole import")
    film = screen.highlighted
    screen.post_message(JournalChanged(film.id if film else None))
    from filmjournal.tui.screens.summary import Summary

    await screen.app.push_screen_wait(Summary(title, lines))


def _apply(screen: MainScreen, request: ImportRequest) -> tuple[str, list[str]]:
    """Read and apply the import (in a thread); the summary's title and lines."""
    from filmjournal import formats

    def progress(done: int, total: int) -> None:
        """Report progress a few dozen times at most."""
        if done == total or done % max(1, total // 50) == 0:
            screen.app.call_from_thread(show_progress, screen, done, total)

    batch = formats.read(request.path, request.format_name)
    summary = screen.store.apply_import(
        batch, author=screen.config.reviewer, dry_run=request.dry_run, on_progress=progress
    )
    title = f"{batch.source} import" + (" (dry run)" if request.dry_run else "")
    return title, summary.lines()


def show_progress(screen: MainScreen, done: int | None, total: int | None) -> None:
    """Show the progress bar, mounting it on first use (None removes it)."""
    bars = screen.query("#progress")
    if done is None:
        bars.remove()
        return
    if bars:
        bar = bars.first(ProgressBar)
    else:
        bar = ProgressBar(id="progress", show_eta=False)
        screen.mount(bar, before=screen.query_one("Footer"))
    bar.update(total=total or None, progress=done)


async def export_all(screen: MainScreen) -> None:
    """Ask for a format and a path, and export the whole journal, never over existing files
    unless asked."""
    from filmjournal import formats
    from filmjournal.tui.screens.transfer import ExportScreen

    request = await screen.app.push_screen_wait(ExportScreen(Path.cwd()))
    if request is None:
        return
    message = await asyncio.to_thread(
        formats.export,
        screen.store.everything(),
        request.format_name,
        request.path,
        force=request.force,
    )
    screen.notify(message)


async def enrich_all(screen: MainScreen) -> None:
    """Fill every film's blank details from the catalogue or TMDB, with progress; each
    batch is one transaction, and nothing typed or imported is replaced."""
    from filmjournal.core.library import FilmQuery
    from filmjournal.metadata.lookup import enrich

    sources = await asyncio.to_thread(screen.open_sources)
    show_progress(screen, 0, 0)
    try:
        everything = FilmQuery()
        total = await asyncio.to_thread(screen.store.count, everything)

        def progress(done: int, of: int) -> None:
            screen.app.call_from_thread(show_progress, screen, done, of)

        summary = await asyncio.to_thread(
            enrich,
            screen.store.films(everything),
            sources,
            screen.store.fill_in_all,
            total=total,
            progress=progress,
        )
    finally:
        show_progress(screen, None, None)
        sources.close()
    screen.notify("\n".join(summary.lines()), title="Film details", timeout=15)
    film = screen.highlighted
    screen.post_message(JournalChanged(film.id if film else None))


async def sync_now(screen: MainScreen) -> None:
    """Run `filmjournal sync` in a process of its own (APSW's SQLite must not share this
    process with the app's), then show its report and what it brought."""
    from filmjournal.config import load_config
    from filmjournal.core.errors import FilmJournalError
    from filmjournal.tui.screens.summary import Summary

    journal = screen.store.path
    if journal is None:
        screen.notify("This journal is not a file (the demo), so it cannot be synced")
        return
    if not screen.config.sync_dir:
        screen.notify(
            "No sync folder yet: run `filmjournal sync FOLDER` once in a shell, naming a"
            " folder Syncthing or Dropbox keeps the same on your machines",
            severity="warning",
            timeout=15,
        )
        return
    screen.notify("Syncing…", timeout=3)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "filmjournal",
        "sync",
        screen.config.sync_dir,
        "--db",
        str(journal),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        said = err.decode("utf-8", "replace").strip().splitlines() or ["it ended without a word"]
        raise FilmJournalError(said[-1].removeprefix("Error: "))
    saved = load_config()  # the sync may have made this machine's id; keep it
    screen.config.device, screen.config.sync_dir = saved.device, saved.sync_dir
    screen.last_synced = await asyncio.to_thread(screen.store.last_synced)
    film = screen.highlighted
    screen.post_message(JournalChanged(film.id if film else None))
    lines = out.decode("utf-8", "replace").splitlines()
    await screen.app.push_screen_wait(Summary("Sync", lines))
