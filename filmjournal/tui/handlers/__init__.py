"""What the main screen's commands do: one async function per command, given the screen.

The screen routes each key or palette command here through `MainScreen.run_command`, which
runs the handler as a worker and reports any journal error it raises in one place. Blocking
store calls go to a thread with `asyncio.to_thread`, so the interface never waits on disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from filmjournal.core.models import Film, FilmRecord
from filmjournal.tui.messages import JournalChanged

if TYPE_CHECKING:
    from filmjournal.tui.screens.main import MainScreen


@dataclass(frozen=True)
class Undo:
    """How to take back one change."""

    what: str
    """The change, in words: "rating of Heat (1995)"."""
    film_id: int | None
    """The film to show afterwards (None: it is gone)."""
    take_back: Callable[[], object]
    """Puts the journal back as it was (in a thread)."""
    let_go: Callable[[], object] | None = None
    """Frees what `take_back` would have needed, once it never will (a checkpoint's copy)."""


UNDO_DEPTH = 50
"""Changes remembered for undo in one session."""


async def remember(screen: MainScreen, film_id: int, what: str) -> None:
    """Keep the film as it is now, so the change about to be made can be undone."""
    before: FilmRecord = await asyncio.to_thread(screen.store.record, film_id)
    keep(screen, Undo(what, film_id, partial(screen.store.restore, film_id, before)))


def keep(screen: MainScreen, undo: Undo) -> None:
    """Remember how to take back a change, forgetting the oldest past UNDO_DEPTH."""
    screen.undo_stack.append(undo)
    forget(screen.undo_stack[:-UNDO_DEPTH])
    del screen.undo_stack[:-UNDO_DEPTH]


def forget(undos: list[Undo]) -> None:
    """Let go of changes that will not be undone now (dropped from the stack, or the app is
    ending)."""
    for undo in undos:
        if undo.let_go is not None:
            undo.let_go()


async def undo(screen: MainScreen) -> None:
    """Take back the last change remembered."""
    if not screen.undo_stack:
        screen.notify("Nothing to undo", severity="warning")
        return
    last = screen.undo_stack.pop()
    try:
        await asyncio.to_thread(last.take_back)
    finally:
        forget([last])
    screen.post_message(JournalChanged(last.film_id, f"Undid the {last.what}"))


def current_film(screen: MainScreen, doing: str) -> Film | None:
    """The highlighted film, or a warning that there is none."""
    film = screen.highlighted
    if film is None:
        screen.notify(f"No film to {doing} yet. Press a to add one.", severity="warning")
    return film
