"""The journal's SQLite storage, through sqlite-utils."""

from filmjournal.storage.database import open_database
from filmjournal.storage.store import FilmStore

__all__ = ["FilmStore", "open_database"]
