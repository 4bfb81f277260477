"""Filing: adding, changing and deleting films."""

from __future__ import annotations

from filmjournal.core.errors import (
    FilmNotFound,
)
from filmjournal.core.models import (
    Film,
    FilmInput,
)
from filmjournal.storage.base import StoreBase, locked
from filmjournal.storage.rows import (
    film_columns,
    insert_film,
)


class Filing(StoreBase):
    """Adding, changing and deleting films, and the watchlist."""

    @locked
    def add_film(self, details: FilmInput) -> Film:
        """Add a film and return it with its new id."""
        with self._write():
            film_id = self._new_id("films")
            insert_film(self.db, film_id, details, self._now())
        return self.film(film_id)

    @locked
    def update_film(self, film_id: int, details: FilmInput) -> Film:
        """Replace a film's details; its reviews stay."""
        with self._write():
            self.film(film_id)
            self.db.table("films").update(
                film_id, {**film_columns(details), "updated_at": self._now()}
            )
        return self.film(film_id)

    @locked
    def delete_film(self, film_id: int) -> None:
        """Delete a film with its reviews and drafts."""
        with self._write():
            cursor = self.db.execute("DELETE FROM films WHERE id = ?", [film_id])
            if cursor.rowcount == 0:
                raise FilmNotFound(f"no film has id {film_id}")

    @locked
    def set_watchlist(self, film_id: int, on: bool) -> Film:
        """Put a film on the watchlist or take it off."""
        with self._write():
            cursor = self.db.execute(
                "UPDATE films SET watchlist = ?, updated_at = ? WHERE id = ?",
                [int(on), self._now(), film_id],
            )
            if cursor.rowcount == 0:
                raise FilmNotFound(f"no film has id {film_id}")
        return self.film(film_id)
