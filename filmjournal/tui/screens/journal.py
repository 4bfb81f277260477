"""JournalScreen: a screen over the journal that writes to it, from the keyboard.

It holds the actions (rate, review, add, edit, delete, export, import, drafts); MainScreen
adds the list, the detail pane and how they are laid out and searched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import ProgressBar

from filmjournal.config import Config
from filmjournal.core.errors import FilmJournalError, FilmNotFound
from filmjournal.core.models import Film, Review
from filmjournal.storage import FilmStore
from filmjournal.tui.editor_state import EditorState
from filmjournal.tui.messages import JournalChanged
from filmjournal.tui.screens.confirm import Confirm

if TYPE_CHECKING:
    from filmjournal.tui.screens.transfer import ExportRequest, ImportRequest
from filmjournal.tui.widgets.film_detail import FilmDetail
from filmjournal.tui.widgets.film_list import FilmList


class JournalScreen(Screen[None]):
    """The actions that change the journal, shared by the screens that show it."""

    highlighted: var[Film | None] = var(None)
    """The film the actions apply to (the one under the list's cursor)."""

    def __init__(
        self, store: FilmStore, *, config: Config, today: Callable[[], date] = date.today
    ) -> None:
        """Act on `store` for the user in `config`; `today` dates new reviews."""
        super().__init__()
        self.store = store
        """The journal."""
        self.config = config
        """The user's settings (the author of new reviews, the saved sort)."""
        self.today = today
        """Today's date, for new reviews and ratings."""

    @property
    def film_list(self) -> FilmList:
        """The film list."""
        return self.query_one(FilmList)

    @property
    def detail(self) -> FilmDetail:
        """The detail pane."""
        return self.query_one(FilmDetail)

    def go_to_film(self, film_id: int) -> None:
        """Show a film and put the cursor on it (the screen that shows films decides how)."""
        raise NotImplementedError

    # Writing -----------------------------------------------------------------------------

    def _current_film(self, doing: str) -> Film | None:
        """The highlighted film, or a warning that there is none."""
        film = self.highlighted
        if film is None:
            self.notify(f"No film to {doing}: add one with a", severity="warning")
        return film

    def action_rate(self, rating: int) -> None:
        """Rate the highlighted film on the user's latest review."""
        film = self._current_film("rate")
        if film is not None:
            self._rate(film, rating)

    @work(thread=True, group="writes")
    def _rate(self, film: Film, rating: int) -> None:
        """Write a rating off the UI thread."""
        try:
            rated = self.store.rate(film.id, rating, author=self.config.reviewer)
        except FilmJournalError as error:
            self.app.notify(str(error), severity="error")
            return
        notice = (
            f"Rated {rated.label} {rating}/10 · overall {rated.rating_text} "
            f"{rated.stars} {rated.verdict}"
        )
        self.post_message(JournalChanged(film.id, notice))

    @work(exclusive=True, group="dialog")
    async def action_add_film(self) -> None:
        """Add a film through the form."""
        from filmjournal.tui.screens.film_form import FilmForm

        details = await self.app.push_screen_wait(FilmForm())
        if details is None:
            return
        try:
            film = await asyncio.to_thread(self.store.add_film, details)
        except FilmJournalError as error:
            self.notify(str(error), severity="error")
            return
        self.go_to_film(film.id)
        self.notify(f"Added {film.label}")

    @work(exclusive=True, group="dialog")
    async def action_edit_film(self) -> None:
        """Edit the highlighted film's details."""
        film = self._current_film("edit")
        if film is None:
            return
        from filmjournal.tui.screens.film_form import FilmForm

        details = await self.app.push_screen_wait(FilmForm(film))
        if details is None:
            return
        try:
            saved = await asyncio.to_thread(self.store.update_film, film.id, details)
        except FilmJournalError as error:
            self.notify(str(error), severity="error")
            return
        self.post_message(JournalChanged(saved.id, f"Saved {saved.label}"))

    @work(exclusive=True, group="dialog")
    async def action_edit_review(self) -> None:
        """Edit the focused review, else the user's latest, else start one."""
        film = self._current_film("review")
        if film is None:
            return
        review = self.detail.focused_review or await asyncio.to_thread(
            self.store.latest_review, film.id, self.config.reviewer
        )
        if review is None:
            state = EditorState.new(film, self.config.reviewer, self.today())
        else:
            state = EditorState.for_review(film, review)
        await self.edit_review(state)

    @work(exclusive=True, group="dialog")
    async def action_new_review(self) -> None:
        """Write a new review of the highlighted film."""
        film = self._current_film("review")
        if film is not None:
            await self.edit_review(EditorState.new(film, self.config.reviewer, self.today()))

    async def edit_review(self, state: EditorState) -> None:
        """Open the editor until the review is saved or discarded.

        When saving fails (a full disk, a locked journal) the editor opens again with the text,
        so nothing typed is lost.
        """
        while True:
            from filmjournal.tui.screens.review_editor import ReviewEditor

            content = await self.app.push_screen_wait(ReviewEditor(state))
            if content is None:
                return
            try:
                if state.review_id is None:
                    await asyncio.to_thread(self.store.add_review, state.film.id, content)
                else:
                    await asyncio.to_thread(self.store.update_review, state.review_id, content)
            except FilmJournalError as error:
                self.notify(f"Review not saved: {error}", severity="error")
                state = state.not_saved(content)
                continue
            self.post_message(JournalChanged(state.film.id, "Review saved"))
            try:
                await asyncio.to_thread(self.store.drop_draft, state.draft_key)
            except FilmJournalError as error:
                self.notify(f"The saved review's draft is still kept: {error}", severity="warning")
            return

    @work(exclusive=True, group="dialog")
    async def action_delete(self) -> None:
        """Delete the focused review, or the highlighted film, after asking."""
        film = self._current_film("delete")
        if film is None:
            return
        review = self.detail.focused_review
        if review is not None:
            question = f"Delete {review.author}'s review of {film.label}?"
        else:
            count = film.review_count
            extra = f" and its {count} review{'s' if count != 1 else ''}" if count else ""
            question = f"Delete {film.label}{extra}?"
        if not await self.app.push_screen_wait(Confirm(question, yes="Delete")):
            return
        try:
            if review is not None:
                await asyncio.to_thread(self.store.delete_review, review.id)
            else:
                await asyncio.to_thread(self.store.delete_film, film.id)
        except FilmJournalError as error:
            self.notify(str(error), severity="error")
            return
        self.film_list.focus()
        what = "Review deleted" if review is not None else f"Deleted {film.label}"
        self.post_message(JournalChanged(film.id if review is not None else None, what))

    def action_export(self) -> None:
        """Export the focused review, else the latest, to Markdown in the current folder."""
        film = self._current_film("export")
        if film is not None:
            self._export(film, self.detail.focused_review, Path.cwd())

    @work(thread=True, group="writes")
    def _export(self, film: Film, review: Review | None, folder: Path) -> None:
        """Write the Markdown file off the UI thread, never over an existing file."""
        from filmjournal.formats import markdown
        from filmjournal.formats.files import unused_path, write_text

        try:
            film = self.store.film(film.id)
            review = review or self.store.latest_review(film.id)
            if review is None:
                self.app.notify(f"{film.label} has no review to export", severity="warning")
                return
            stem = markdown.file_name(film).removesuffix(".md")
            path = write_text(unused_path(folder, stem, ".md"), markdown.review_page(film, review))
        except FilmJournalError as error:
            self.app.notify(str(error), severity="error")
            return
        self.app.notify(f"Exported to {path}")

    def action_toggle_watchlist(self) -> None:
        """Put the highlighted film on the watchlist, or take it off."""
        film = self._current_film("put on the watchlist")
        if film is not None:
            self._toggle_watchlist(film)

    @work(thread=True, group="writes")
    def _toggle_watchlist(self, film: Film) -> None:
        """Write the watchlist flag off the UI thread."""
        try:
            changed = self.store.set_watchlist(film.id, not film.watchlist)
        except FilmJournalError as error:
            self.app.notify(str(error), severity="error")
            return
        where = "on your watchlist" if changed.watchlist else "off your watchlist"
        self.post_message(JournalChanged(film.id, f"{changed.label} is {where}"))

    # Import and export -------------------------------------------------------------------

    @work(exclusive=True, group="dialog")
    async def action_import(self) -> None:
        """Ask for an export and import it, with progress and a summary."""
        from filmjournal.tui.screens.transfer import ImportScreen

        request = await self.app.push_screen_wait(ImportScreen())
        if request is not None:
            self._import(request)

    @work(thread=True, exclusive=True, group="transfer")
    def _import(self, request: ImportRequest) -> None:
        """Read and apply an import off the UI thread; the journal changes all or not at all."""
        from filmjournal import formats

        self.app.call_from_thread(self._show_progress, 0, 0)
        try:
            batch = formats.read(request.path, request.format_name)
            summary = self.store.apply_import(
                batch,
                author=self.config.reviewer,
                dry_run=request.dry_run,
                on_progress=self._progress_from_thread,
            )
        except FilmJournalError as error:
            self.app.call_from_thread(self._show_progress, None, None)
            self.app.notify(f"Import stopped: {error}", severity="error", timeout=15)
            return
        self.app.call_from_thread(self._show_progress, None, None)
        title = f"{batch.source} import" + (" (dry run)" if request.dry_run else "")
        self.app.notify("\n".join(summary.lines()), title=title, timeout=15)
        self.post_message(JournalChanged(self.highlighted.id if self.highlighted else None))

    def _progress_from_thread(self, done: int, total: int) -> None:
        """Report import progress from the worker, a few dozen times at most."""
        if done == total or done % max(1, total // 50) == 0:
            self.app.call_from_thread(self._show_progress, done, total)

    def _show_progress(self, done: int | None, total: int | None) -> None:
        """Show the progress bar, mounting it on first use (None removes it)."""
        bars = self.query("#progress")
        if done is None:
            bars.remove()
            return
        if bars:
            bar = bars.first(ProgressBar)
        else:
            bar = ProgressBar(id="progress", show_eta=False)
            self.mount(bar, before=self.query_one("Footer"))
        bar.update(total=total or None, progress=done)

    @work(exclusive=True, group="dialog")
    async def action_export_all(self) -> None:
        """Ask for a format and a path, and export the whole journal."""
        from filmjournal.tui.screens.transfer import ExportScreen

        request = await self.app.push_screen_wait(ExportScreen(Path.cwd()))
        if request is not None:
            self._export_all(request)

    @work(thread=True, exclusive=True, group="transfer")
    def _export_all(self, request: ExportRequest) -> None:
        """Write the export off the UI thread, never over existing files unless asked."""
        from filmjournal import formats

        try:
            message = formats.export(
                self.store.everything(), request.format_name, request.path, force=request.force
            )
        except FilmJournalError as error:
            self.app.notify(f"Export stopped: {error}", severity="error")
            return
        self.app.notify(message)

    # Drafts ------------------------------------------------------------------------------

    @work(exclusive=True, group="drafts")
    async def _offer_drafts(self) -> None:
        """Offer to restore review drafts that were never saved (the app was closed or died)."""
        drafts = await asyncio.to_thread(self.store.drafts)
        for draft in drafts:
            try:
                film = await asyncio.to_thread(self.store.film, draft.film_id)
            except FilmNotFound:
                continue
            when = (
                draft.updated_at.astimezone().strftime("%Y-%m-%d %H:%M") if draft.updated_at else ""
            )
            # "Later" (and Escape) keeps the draft: it is only ever dropped from the editor.
            restore = await self.app.push_screen_wait(
                Confirm(
                    f"An unsaved review of {film.label} from {when} was kept. Restore it?",
                    yes="Restore",
                    no="Later",
                )
            )
            if restore:
                self.go_to_film(film.id)
                await self.edit_review(EditorState.from_draft(film, draft, self.config.reviewer))
