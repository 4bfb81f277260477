"""Command palette providers: "Go to film..." searches the whole journal."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import Film
from filmjournal.core.text import printable

if TYPE_CHECKING:
    from filmjournal.tui.screens.main import MainScreen

RESULTS = 20
"""Films offered at most."""


def _display(film: Film) -> Content:
    """A film as a palette line: plain text, never markup."""
    return Content(f"go to: {printable(film.label, keep_newlines=False)}")


class GoToFilm(Provider):
    """Find a film by anything the journal knows about it, and jump to it."""

    def _main(self) -> MainScreen | None:
        """The main screen, when the palette was opened over it."""
        from filmjournal.tui.screens.main import MainScreen

        screen = self.screen
        return screen if isinstance(screen, MainScreen) else None

    async def _films(self, search: str) -> list[Film]:
        """Films matching `search`, off the UI thread."""
        main = self._main()
        if main is None:
            return []
        try:
            return await asyncio.to_thread(main.store.rows, FilmQuery(search=search), 0, RESULTS)
        except FilmJournalError:
            return []

    async def discover(self) -> Hits:
        """Offer the command itself when the palette opens."""
        main = self._main()
        if main is not None:
            yield DiscoveryHit(
                "film: go to film…",
                partial(main.action_search),
                help="Type a title, person, genre or words from a review",
            )

    async def search(self, query: str) -> Hits:
        """Films matching what was typed."""
        main = self._main()
        if main is None or not query.strip():
            return
        for rank, film in enumerate(await self._films(query)):
            yield Hit(
                1.0 - rank / (RESULTS * 2),
                _display(film),
                partial(main.go_to_film, film.id),
                text=f"go to: {film.label}",
                # The palette reads help as markup: escape the journal's text.
                help=escape(printable(" · ".join(film.facts), keep_newlines=False)) or None,
            )
