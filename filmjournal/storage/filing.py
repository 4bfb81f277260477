"""Filing: adding, changing and deleting films."""

from __future__ import annotations

from filmjournal.core.errors import FilmJournalError, FilmNotFound
from filmjournal.core.fields import kind, to_column
from filmjournal.core.importing import FILM_FIELDS
from filmjournal.core.metadata import Candidate, enrichment
from filmjournal.core.models import Film, FilmInput
from filmjournal.storage import ids
from filmjournal.storage.base import StoreBase, locked
from filmjournal.storage.rows import film_columns, film_from_row, insert_film


class Filing(StoreBase):
    """Adding, changing and deleting films, and the watchlist."""

    @locked
    def add_film(self, details: FilmInput, found: Candidate | None = None) -> Film:
        """Add a film and return it with its new id; `found` is the lookup its details
        came from, whose ids are kept with it."""
        with self._write():
            film_id = self._new_id("films")
            extras: dict[str, object] = {"details_from": "typed"}
            if found is not None:
                self._not_yet_in(found)
                extras = {
                    "details_from": found.source,
                    "imdb_id": found.imdb_id,
                    "tmdb_id": found.tmdb_id,
                    "poster_path": found.poster_path,
                }
            insert_film(self.db, film_id, details, self._now(), **extras)
        return self.film(film_id)

    def _not_yet_in(self, found: Candidate) -> None:
        """Refuse a film the journal already has (by its IMDb or TMDB id)."""
        for column, value in (("imdb_id", found.imdb_id), ("tmdb_id", found.tmdb_id)):
            if value is None:
                continue
            for film in self._fetch(
                f"SELECT * FROM films WHERE {column} = ?", [value], film_from_row
            ):
                raise FilmJournalError(f"{film.label} is already in the journal")

    @locked
    def fill_in(self, film_id: int, found: Candidate) -> list[str]:
        """Fill a film's blank details from a lookup (see `core.metadata.enrichment`);
        returns the fields it filled."""
        with self._write():
            changes = enrichment(self.film(film_id), found)
            if changes:
                columns = {
                    name: to_column(value, kind(FILM_FIELDS[name]))
                    for name, value in changes.items()
                }
                self.db.table("films").update(film_id, {**columns, "updated_at": self._now()})
        return [name for name in changes if name != "details_from"]

    @locked
    def fill_in_all(self, found: list[tuple[int, Candidate]]) -> list[list[str]]:
        """`fill_in` for each (film id, lookup) pair, all in one transaction."""
        with self._write():
            return [self.fill_in(film_id, candidate) for film_id, candidate in found]

    @locked
    def update_film(self, film_id: int, details: FilmInput) -> Film:
        """Replace a film's details; its reviews stay."""
        with self._write():
            self.film(film_id)
            changes = {**film_columns(details), "details_from": "typed", "updated_at": self._now()}
            self.db.table("films").update(film_id, changes)
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

    @locked
    def add_to_list(self, film_id: int, name: str) -> int:
        """Put a film at the end of the list called `name`, making the list if need be (its
        id comes from its name). Returns how many films the list then holds."""
        with self._write():
            self.film(film_id)
            list_id = ids.list_id(name)
            self.db.execute(
                "INSERT INTO lists (id, name, description) VALUES (?, ?, '')"
                " ON CONFLICT DO NOTHING",
                [list_id, name],
            )
            (list_id,) = self.db.execute("SELECT id FROM lists WHERE name = ?", [name]).fetchone()
            self.db.execute(
                "INSERT OR IGNORE INTO list_films (list_id, film_id, position, note)"
                " SELECT ?, ?, coalesce(max(position), 0) + 1, ''"
                " FROM list_films WHERE list_id = ?",
                [list_id, film_id, list_id],
            )
            (size,) = self.db.execute(
                "SELECT count(*) FROM list_films WHERE list_id = ?", [list_id]
            ).fetchone()
        return int(size)

    @locked
    def move_in_list(self, name: str, film_id: int, step: int) -> int | None:
        """Move a film `step` places up (negative) or down its list, swapping with the film
        there. Returns its new position, or None when it cannot move further."""
        with self._write():
            rows = self.db.execute(
                "SELECT list_films.film_id, list_films.position FROM list_films"
                " JOIN lists ON lists.id = list_films.list_id WHERE lists.name = ?"
                " ORDER BY list_films.position, list_films.film_id",
                [name],
            ).fetchall()
            order = [row[0] for row in rows]
            if film_id not in order:
                raise FilmJournalError(f"the film is not in {name!r}")
            at = order.index(film_id)
            to = at + step
            if not 0 <= to < len(order):
                return None
            order[at], order[to] = order[to], order[at]
            list_id = ids.list_id(name)
            (list_id,) = self.db.execute("SELECT id FROM lists WHERE name = ?", [name]).fetchone()
            self.db.conn.executemany(
                "UPDATE list_films SET position = ? WHERE list_id = ? AND film_id = ?",
                [(place, list_id, film) for place, film in enumerate(order, start=1)],
            )
        return to + 1
