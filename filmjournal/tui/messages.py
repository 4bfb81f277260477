"""Messages the app's screens pass about the journal."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from filmjournal.core.models import FilmRecord


@dataclass
class RecordLoaded(Message):
    """A film with its reviews and lists arrived from the store (None: the film is gone)."""

    film_id: int
    record: FilmRecord | None


@dataclass
class JournalChanged(Message):
    """Something was written: redraw the list and detail, keeping `film_id` highlighted."""

    film_id: int | None
    """The film to keep (or put) the cursor on."""
    notice: str = ""
    """What happened, for a notification ("Review saved")."""


@dataclass
class SettingChanged(Message):
    """The user changed a setting from a screen (the sort): the app saves it."""

    name: str
    """The Config field."""
    value: object
    """Its new value."""
