"""Commands on reviews: write, edit, export to Markdown, and drafts offered back."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from filmjournal.core.errors import FilmJournalError, FilmNotFound
from filmjournal.tui.handlers import current_film
from filmjournal.tui.messages import JournalChanged
from filmjournal.tui.review_state import EditorState
from filmjournal.tui.screens.confirm import Confirm

if TYPE_CHECKING:
    from filmjournal.tui.screens.main import MainScreen


async def edit_latest(screen: MainScreen) -> None:
    """Edit the selected review, else the user's latest, else start one."""
    film = current_film(screen, "review")
    if film is None:
        return
    review = screen.detail.focused_review or await asyncio.to_thread(
        screen.store.latest_review, film.id, screen.config.reviewer
    )
    if review is None:
        state = EditorState.new(film, screen.config.reviewer, screen.today())
    else:
        state = EditorState.for_review(film, review)
    await edit(screen, state)


async def write_new(screen: MainScreen) -> None:
    """Write a new review of the highlighted film."""
    film = current_film(screen, "review")
    if film is not None:
        await edit(screen, EditorState.new(film, screen.config.reviewer, screen.today()))


async def edit(screen: MainScreen, state: EditorState) -> None:
    """Open the editor until the review is saved or discarded.

    When saving fails (a full disk, a locked journal) the editor opens again with the text,
    so nothing typed is lost.
    """
    from filmjournal.tui.screens.review_editor import ReviewEditor

    store = screen.store
    while True:
        content = await screen.app.push_screen_wait(ReviewEditor(state))
        if content is None:
            return
        try:
            if state.review_id is None:
                await asyncio.to_thread(store.add_review, state.film.id, content)
            else:
                await asyncio.to_thread(store.update_review, state.review_id, content)
        except FilmJournalError as error:
            screen.notify(f"Review not saved: {error}", severity="error")
            state = state.not_saved(content)
            continue
        left = state.review_id is None and state.film.watchlist and content.logs_viewing
        notice = "Review saved; off your watchlist now (w puts it back)" if left else "Review saved"
        screen.post_message(JournalChanged(state.film.id, notice))
        try:
            await asyncio.to_thread(store.drop_draft, state.draft_key)
        except FilmJournalError as error:
            screen.notify(f"The saved review's draft is still kept: {error}", severity="warning")
        return


async def export(screen: MainScreen) -> None:
    """Export the selected review, else the latest, to Markdown in the current folder."""
    film = current_film(screen, "export")
    if film is None:
        return
    focused = screen.detail.focused_review
    path = await asyncio.to_thread(_write_page, screen, film.id, focused.id if focused else None)
    if path is None:
        screen.notify(f"{film.label} has no review to export", severity="warning")
    else:
        screen.notify(f"Exported to {path}")


def _write_page(screen: MainScreen, film_id: int, review_id: int | None) -> Path | None:
    """Write a review's page in the current folder, never over a file (None: no review)."""
    from filmjournal.formats import markdown
    from filmjournal.formats.files import unused_path, write_text

    film = screen.store.film(film_id)
    review = screen.store.review(review_id) if review_id else screen.store.latest_review(film_id)
    if review is None:
        return None
    stem = markdown.file_name(film).removesuffix(".md")
    return write_text(unused_path(Path.cwd(), stem, ".md"), markdown.review_page(film, review))


async def offer_drafts(screen: MainScreen) -> None:
    """Offer to restore review drafts that were never saved (the app was closed or died)."""
    store = screen.store
    for draft in await asyncio.to_thread(store.drafts):
        try:
            film = await asyncio.to_thread(store.film, draft.film_id)
        except FilmNotFound:
            continue
        when = draft.updated_at.astimezone().strftime("%Y-%m-%d %H:%M") if draft.updated_at else ""
        # "Later" (and Escape) keeps the draft: it is only ever dropped from the editor.
        question = f"An unsaved review of {film.label} from {when} was kept. Restore it?"
        if await screen.app.push_screen_wait(Confirm(question, yes="Restore", no="Later")):
            screen.go_to_film(film.id)
            await edit(screen, EditorState.from_draft(film, draft, screen.config.reviewer))
