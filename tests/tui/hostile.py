"""A journal written by an attacker: escapes, C1 controls, bidi overrides and Rich markup in
every field a person can see. Every screen is visited over it (tests/tui/test_hostile_screens.py).
"""

from __future__ import annotations

import re
from datetime import date

from textual.app import App

from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore
from tests.tui.conftest import screen_lines

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
"""Sets the clipboard to `rm -rf ~` in terminals that allow it."""
TITLE = "[bold]Loud[/bold] Heat" + OSC52 + "\u202eevil [/]"
"""A title with markup, an OSC 52 escape, a right-to-left override and a bare `[/]`."""
MARKUP = "[bold]Loud[/bold]"
"""The part of the title that must show literally, brackets and all."""

RAW_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Bytes a terminal acts on, and the bidi controls that reorder what it shows."""


def seed_hostile(store: FilmStore) -> int:
    """A film and a review whose every visible field is hostile; returns the film's id."""
    film = store.add_film(
        FilmInput(
            title=TITLE,
            year=1995,
            certification="[i]X[/i]\x1b[5m",
            runtime_minutes=170,
            genres=("Cr[/]ime\x1b[31m", "[b]Thriller[/b]"),
            directors=("Mi\x9b2Jchael [b]M[/b]",),
            synopsis="Clears the screen\x1b[2J\x1b[H and rings\x07 [red]red[/red]",
        )
    )
    store.add_review(
        film.id,
        ReviewInput(
            author="ann\x1b[31m[/]",
            rating=8,
            text="# Head\x1b]0;pwned\x07\n\n[bold]not bold[/bold] \x9b2J \x1b[31mred\u202e",
            watched_on=date(2024, 3, 1),
            tags=("t\x07ag", "[b]x[/b]"),
        ),
    )
    store.db.execute("INSERT INTO lists (name) VALUES (?)", ["Best\x1b[5m [/] of"])
    store.db.execute(
        "INSERT INTO list_films (list_id, film_id, position) VALUES (last_insert_rowid(), ?, 1)",
        [film.id],
    )
    store.add_film(FilmInput(title="Plain", year=2000))
    return film.id


def raw_controls(app: App[None]) -> list[str]:
    """Every line on screen that holds a raw control character, bidi control, or escape."""
    return [line for line in screen_lines(app) if RAW_CONTROL.search(line)]


def on_screen(app: App[None]) -> str:
    """Everything on screen as one string."""
    return "\n".join(screen_lines(app))
