"""The errors the journal raises; every one carries a message fit to show a person."""

from __future__ import annotations


class FilmJournalError(Exception):
    """Base class for every error filmjournal reports to the user."""


class InvalidInput(FilmJournalError):
    """A value given by the user was rejected; `field` names which one."""

    def __init__(self, field: str, message: str) -> None:
        """`field` was wrong; `message` says how, e.g. "must be a whole number"."""
        super().__init__(f"{field}: {message}")
        self.field = field
        """The name of the field that was wrong, e.g. "rating"."""
        self.reason = message
        """What was wrong with it, without the field name."""


class FilmNotFound(FilmJournalError):
    """No film matched what the user asked for."""


class AmbiguousFilm(FilmJournalError):
    """Several films matched what the user asked for."""

    def __init__(self, reference: str, candidates: list[str]) -> None:
        """`reference` named every film in `candidates`."""
        listed = "; ".join(candidates)
        super().__init__(f"{reference!r} matches {len(candidates)} films: {listed}")
        self.candidates = candidates
        """A line per matching film, such as "12: Heat (1995)"."""


class ReviewNotFound(FilmJournalError):
    """No review matched what the user asked for."""


class JournalUnavailable(FilmJournalError):
    """The journal file cannot be opened as a journal (not SQLite, damaged, too new)."""


class ExportError(FilmJournalError):
    """An export could not be written (the target exists, or cannot be created)."""


class FormatError(FilmJournalError):
    """A file could not be imported: it names the file, the line and what was wrong."""
