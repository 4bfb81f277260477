"""What the main screen's commands do: one async function per command, given the screen.

The screen routes each key or palette command here through `MainScreen.run_command`, which
runs the handler as a worker and reports any journal error it raises in one place. Blocking
store calls go to a thread with `asyncio.to_thread`, so the interface never waits on disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from filmjournal.core.models import Film

if TYPE_CHECKING:
    from filmjournal.tui.screens.main import MainScreen


def current_film(screen: MainScreen, doing: str) -> Film | None:
    """The highlighted film, or a warning that there is none."""
    film = screen.highlighted
    if film is None:
        screen.notify(f"No film to {doing}: add one with a", severity="warning")
    return film
