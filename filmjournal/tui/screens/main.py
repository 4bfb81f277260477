"""MainScreen: the journal's list and detail pane (`JournalView`) with the commands that
write, each run through `run_command`; what each does is in `tui.handlers`."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

from filmjournal.config import Config
from filmjournal.core.errors import FilmJournalError
from filmjournal.storage import FilmStore
from filmjournal.tui import handlers
from filmjournal.tui.handlers import Undo, films, reviews, transfer
from filmjournal.tui.keys import bindings
from filmjournal.tui.screens.journal_view import JournalView


class MainScreen(JournalView):
    """The film list beside the detail pane, with every command: those that browse are
    `JournalView`'s; those that write run their handlers here, reporting journal errors in
    one place."""

    HELP = """
# filmjournal

The list on the left is your journal; the pane on the right shows the highlighted film and
its reviews. Type `/` to search titles, people, genres, synopses and reviews as you type;
`s` changes the sort and `f` filters. Escape steps back: it closes the search, clears
filters, and returns to the list.
"""

    BINDINGS = bindings("main")

    def __init__(
        self, store: FilmStore, *, config: Config, today: Callable[[], date] = date.today
    ) -> None:
        """Show the journal in `store` with the user's `config`; `today` dates new reviews."""
        super().__init__(store, config=config, today=today)
        self.last_import = ""
        """The path imported last, offered again by the import dialog."""
        self.undo_stack: list[Undo] = []
        """Changes that can be taken back, the latest last (this session only)."""

    def on_mount(self) -> None:
        """Offer back any draft left by a crash (in a worker: the question comes once the screen
        is up)."""
        self.run_command(reviews.offer_drafts(self), group="drafts")

    def on_unmount(self) -> None:
        """Let go of what undo kept (an import's copy of the journal): undo ends here."""
        handlers.forget(self.undo_stack)
        self.undo_stack.clear()

    def run_command(
        self, command: Coroutine[Any, Any, None], *, group: str = "dialog", failure: str = ""
    ) -> None:
        """Run a command's handler as a worker; a journal error it raises is shown, once,
        here, after `failure` ("Import stopped"). A new dialog replaces one still open (the
        group is exclusive)."""
        work = self._reported(command, failure)
        self.run_worker(work, group=group, exclusive=group == "dialog")

    async def _reported(self, command: Coroutine[Any, Any, None], failure: str) -> None:
        """Await a handler, turning a journal error into a notification."""
        try:
            await command
        except FilmJournalError as error:
            shown = f"{failure}: {error}" if failure else str(error)
            self.notify(shown, severity="error", timeout=15)

    def action_undo(self) -> None:
        """Take back the last rating, watchlist change, edit, addition or deletion."""
        self.run_command(handlers.undo(self), group="writes")

    def action_rate(self, rating: int) -> None:
        """Rate the highlighted film on the user's latest review."""
        self.run_command(films.rate(self, rating), group="writes")

    def action_add_film(self) -> None:
        """Add a film through the form."""
        self.run_command(films.add(self))

    def action_edit_film(self) -> None:
        """Edit the highlighted film's details."""
        self.run_command(films.edit(self))

    def action_delete(self) -> None:
        """Delete the selected review, or the highlighted film, after asking."""
        self.run_command(films.delete(self))

    def action_move_in_list(self, step: int) -> None:
        """Move the highlighted film up or down the list shown."""
        self.run_command(films.move_in_list(self, step), group="writes")

    def action_add_to_list(self) -> None:
        """Put the highlighted film in one of the lists."""
        self.run_command(films.add_to_list(self))

    def action_toggle_watchlist(self) -> None:
        """Put the highlighted film on the watchlist, or take it off."""
        self.run_command(films.toggle_watchlist(self), group="writes")

    def action_edit_review(self) -> None:
        """Edit the selected review, else the user's latest, else start one."""
        self.run_command(reviews.edit_latest(self))

    def action_new_review(self) -> None:
        """Write a new review of the highlighted film."""
        self.run_command(reviews.write_new(self))

    def action_export(self) -> None:
        """Export the selected review, else the latest, to Markdown in the current folder."""
        self.run_command(reviews.export(self), group="writes")

    def action_import(self) -> None:
        """Import an export, with progress and a summary."""
        self.run_command(transfer.import_file(self), group="transfer", failure="Import stopped")

    def action_enrich(self) -> None:
        """Fill every film's blank details from the catalogue or TMDB."""
        self.run_command(transfer.enrich_all(self), group="transfer", failure="Details not filled")

    def action_sync(self) -> None:
        """Sync with the other machines, in a process of its own."""
        self.run_command(transfer.sync_now(self), group="transfer", failure="Sync stopped")

    def action_export_all(self) -> None:
        """Export the whole journal."""
        self.run_command(transfer.export_all(self), group="transfer", failure="Export stopped")
