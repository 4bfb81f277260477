"""Commands on the highlighted film: rate, add, edit, delete, watchlist."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from filmjournal.tui.handlers import Undo, current_film, keep, remember
from filmjournal.tui.messages import JournalChanged
from filmjournal.tui.screens.confirm import Confirm

if TYPE_CHECKING:
    from filmjournal.tui.screens.main import MainScreen


async def rate(screen: MainScreen, rating: int) -> None:
    """Rate the highlighted film on the user's latest review."""
    film = current_film(screen, "rate")
    if film is None:
        return
    author = screen.config.reviewer
    await remember(screen, film.id, f"rating of {film.label}")
    rated = await asyncio.to_thread(screen.store.rate, film.id, rating, author=author)
    notice = (
        f"Rated {rated.label} {rating}/10 · overall {rated.rating_text} "
        f"{rated.stars} {rated.verdict}"
    )
    screen.post_message(JournalChanged(film.id, notice))


async def add(screen: MainScreen) -> None:
    """Add a film through the form."""
    from filmjournal.tui.screens.film_form import FilmForm

    result = await screen.app.push_screen_wait(FilmForm(sources=screen.open_sources))
    if result is None:
        return
    film = await asyncio.to_thread(screen.store.add_film, result.details, result.found)
    keep(
        screen, Undo(f"adding of {film.label}", None, partial(screen.store.restore, film.id, None))
    )
    screen.go_to_film(film.id)  # Clears the search and filters, which might hide it.
    screen.post_message(JournalChanged(film.id, f"Added {film.label}"))


async def edit(screen: MainScreen) -> None:
    """Edit the highlighted film's details."""
    film = current_film(screen, "edit")
    if film is None:
        return
    from filmjournal.tui.screens.film_form import FilmForm

    result = await screen.app.push_screen_wait(FilmForm(film, screen.open_sources))
    if result is None:
        return
    await remember(screen, film.id, f"edit of {film.label}")
    saved = await asyncio.to_thread(screen.store.update_film, film.id, result.details)
    if result.found is not None:  # Keep the ids of the film it was looked up as.
        await asyncio.to_thread(screen.store.fill_in, film.id, result.found)
    screen.post_message(JournalChanged(saved.id, f"Saved {saved.label}"))


async def delete(screen: MainScreen) -> None:
    """Delete the selected review, or the highlighted film, after asking."""
    film = current_film(screen, "delete")
    if film is None:
        return
    review = screen.detail.focused_review
    if review is not None:
        question = f"Delete {review.author}'s review of {film.label}?"
    else:
        count = film.review_count
        extra = f" and its {count} review{'s' if count != 1 else ''}" if count else ""
        question = f"Delete {film.label}{extra}?"
    if not await screen.app.push_screen_wait(Confirm(question, yes="Delete")):
        return
    await remember(screen, film.id, "deletion of " + ("a review" if review else film.label))
    if review is not None:
        await asyncio.to_thread(screen.store.delete_review, review.id)
    else:
        await asyncio.to_thread(screen.store.delete_film, film.id)
    screen.film_list.focus()
    what = "Review deleted" if review is not None else f"Deleted {film.label}"
    screen.post_message(JournalChanged(film.id if review is not None else None, what))


async def toggle_watchlist(screen: MainScreen) -> None:
    """Put the highlighted film on the watchlist, or take it off."""
    film = current_film(screen, "put on the watchlist")
    if film is None:
        return
    await remember(screen, film.id, f"watchlist change of {film.label}")
    changed = await asyncio.to_thread(screen.store.set_watchlist, film.id, not film.watchlist)
    where = "on your watchlist (v shows it)" if changed.watchlist else "off your watchlist"
    screen.post_message(JournalChanged(film.id, f"{changed.label} is {where}"))


async def add_to_list(screen: MainScreen) -> None:
    """Put the highlighted film in a list, named or new."""
    film = current_film(screen, "put in a list")
    if film is None:
        return
    from filmjournal.tui.screens.ask import Ask

    names = [summary.name for summary in await asyncio.to_thread(screen.store.lists)]
    question = "Which list? (→ completes a name; a new name makes a new list)"
    name = await screen.app.push_screen_wait(Ask(f"Add {film.label} to a list", question, names))
    if name is None:
        return
    await remember(screen, film.id, f"listing of {film.label}")
    size = await asyncio.to_thread(screen.store.add_to_list, film.id, name)
    screen.post_message(JournalChanged(film.id, f"{film.label} is in {name} ({size} films)"))


async def move_in_list(screen: MainScreen, step: int) -> None:
    """Move the highlighted film up or down the list shown."""
    name = screen.film_query.in_list
    film = current_film(screen, "move")
    if film is None:
        return
    if name is None:
        screen.notify("Show a list first (V, or f and a list) to reorder it", severity="warning")
        return
    place = await asyncio.to_thread(screen.store.move_in_list, name, film.id, step)
    if place is None:
        screen.notify(f"{film.label} is already at the {'top' if step < 0 else 'end'}")
        return
    back = partial(screen.store.move_in_list, name, film.id, -step)
    keep(screen, Undo(f"move of {film.label} in {name}", film.id, back))
    screen.post_message(JournalChanged(film.id, f"{film.label} is #{place} in {name}"))
