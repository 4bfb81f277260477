"""The offline catalogue: IMDb's non-commercial datasets, loaded into catalog.db beside the
journal (see `catalog_load`) and searched by prefix over every word of every title."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.metadata import Candidate
from filmjournal.core.models import FilmInput
from filmjournal.core.text import strip_controls

RANK = "kind = 'movie' DESC, votes DESC, id"
"""The order of titles found by a search, after the exact title: films before shorts, TV
films and videos, then the best known."""


DIRECTORS = (
    "(SELECT json_group_array(names.name) FROM crew,"
    """ json_each('["' || replace(crew.director_ids, ',', '","') || '"]') AS director"""
    " JOIN names ON names.nconst = director.value WHERE crew.id = titles.id)"
)
"""A title's directors' names as a JSON list, in the crew file's order (the ids hold only
letters, digits and commas, so quoting them makes a JSON list)."""


def catalog_path(journal: Path) -> Path:
    """Where the catalogue of a journal lives: catalog.db beside it."""
    return journal.with_name("catalog.db")


def imdb_number(code: str, prefix: str = "tt") -> int | None:
    """The number in an IMDb id ("tt0111161" is 111161), None when `code` is not one."""
    digits = code[2:]
    if code[:2] != prefix or not (digits.isdigit() and digits.isascii()) or len(digits) > 9:
        return None
    return int(digits)


@dataclass(frozen=True)
class Loaded:
    """One dataset file in the catalogue."""

    file: str
    modified: str
    rows: int


class Catalog:
    """The offline catalogue, opened read-only."""

    def __init__(self, path: Path) -> None:
        """Open `path`; an error names it when there is none or it is not a catalogue."""
        if not path.is_file():
            raise FilmJournalError(
                f"no catalogue at {path}; load IMDb's datasets with: filmjournal catalog load PATH"
            )
        self.path = path
        try:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self.db.execute("SELECT count(*) FROM loaded").fetchone()
        except sqlite3.DatabaseError as error:
            raise FilmJournalError(f"{path} is not a filmjournal catalogue ({error})") from None
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master")}
        # Catalogues loaded by older versions are searched as before: those without ranks
        # sort their matches; those without a crew table keep each title's directors in it
        # and find a title by its IMDb id along an index of those ids.
        self.ranked = "ranks" in tables
        self.columns = f"titles.*, {DIRECTORS} AS directors" if "crew" in tables else "titles.*"
        self.keyed = "crew" in tables

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    def files(self) -> list[Loaded]:
        """The dataset files loaded, with their dates and row counts."""
        return [Loaded(*row) for row in self.db.execute("SELECT * FROM loaded ORDER BY file")]

    def size(self) -> int:
        """How many titles the catalogue holds."""
        return int(self.db.execute("SELECT count(*) FROM titles").fetchone()[0])

    def search(self, words: str, year: int | None = None, limit: int = 10) -> list[Candidate]:
        """Titles whose names start with each word typed, the exact title first, then by
        votes; only those of `year` when one is given."""
        terms = strip_controls(words).split()
        if not terms:
            return []
        match = " ".join('"' + term.replace('"', '""') + '"*' for term in terms)
        in_year = [year] if year else []
        if not self.ranked:
            params: list[object] = [match, *in_year, words.strip(), limit]
            return [
                self._candidate(row)
                for row in self._rows(self.search_sql(year, ranked=False), params)
            ]
        exact = self._rows(self.exact_sql(year), [words.strip(), *in_year, limit])
        found = self._rows(self.search_sql(year, ranked=True), [match, *in_year, limit])
        first = {row["id"] for row in exact}
        rows = [*exact, *(row for row in found if row["id"] not in first)]
        return [self._candidate(row) for row in rows[:limit]]

    def exact_sql(self, year: int | None) -> str:
        """The titles called exactly what was typed, best first: read along the title
        index in rank order (a catalogue loaded before that index was ranked sorts them:
        the same answer, slower)."""
        in_year = " AND year = ?" if year else ""
        return (
            f"SELECT {self.columns} FROM titles WHERE title = ? COLLATE NOCASE{in_year}"
            f" ORDER BY {RANK} LIMIT ?"
        )

    def search_sql(self, year: int | None, *, ranked: bool) -> str:
        """The search: in a catalogue with ranks, matches read in rank order and stopping
        at the limit; in an older one, every match read, then sorted (the exact title
        first: its parameter comes before the limit)."""
        if ranked:
            found = (
                "titles_fts JOIN ranks ON ranks.rank = titles_fts.rowid"
                " JOIN titles ON titles.id = ranks.title_id"
            )
            order = "titles_fts.rowid"
        else:
            found = "titles_fts JOIN titles ON titles.id = titles_fts.rowid"
            order = (
                "(titles.title = ? COLLATE NOCASE) DESC, (titles.kind = 'movie') DESC,"
                " titles.votes DESC"
            )
        in_year = " AND titles.year = ?" if year else ""
        return f"SELECT {self.columns} FROM {found} WHERE titles_fts MATCH ?{in_year}" + (
            f" ORDER BY {order} LIMIT ?"
        )

    def exact(self, title: str, year: int) -> list[Candidate]:
        """The titles called exactly `title` (case aside) from `year`: along the title
        index, without the word index's thousands of prefix matches."""
        sql = (
            f"SELECT {self.columns} FROM titles WHERE title = ? COLLATE NOCASE AND year = ? LIMIT 3"
        )
        return [self._candidate(row) for row in self._rows(sql, [title.strip(), year])]

    def by_imdb(self, imdb_id: str) -> Candidate | None:
        """The title with this IMDb id, if the catalogue holds it."""
        code = imdb_id.strip()
        if self.keyed:  # a title's id is its IMDb number
            found = self._rows(
                f"SELECT {self.columns} FROM titles WHERE id = ? AND tconst = ?",
                [imdb_number(code), code],
            )
        else:
            found = self._rows(f"SELECT {self.columns} FROM titles WHERE tconst = ?", [code])
        return self._candidate(found[0]) if found else None

    def _rows(self, sql: str, params: list[object]) -> list[sqlite3.Row]:
        """Rows of a query, naming columns."""
        self.db.row_factory = sqlite3.Row
        try:
            return list(self.db.execute(sql, params))
        except sqlite3.DatabaseError as error:
            raise FilmJournalError(f"the catalogue {self.path} cannot be read ({error})") from None

    @staticmethod
    def _candidate(row: sqlite3.Row) -> Candidate:
        """A catalogue row as a candidate."""
        details = FilmInput(
            title=row["title"],
            year=row["year"],
            runtime_minutes=row["runtime"],
            genres=tuple(json.loads(row["genres"])),
            directors=tuple(json.loads(row["directors"])),
        )
        return Candidate(
            details, "catalog", imdb_id=row["tconst"], kind=row["kind"], votes=row["votes"]
        )
