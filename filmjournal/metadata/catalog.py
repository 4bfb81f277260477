"""The offline catalogue: IMDb's non-commercial datasets, loaded into catalog.db beside the
journal and searched by prefix over every word of every title.

Loading streams each file (gzipped or not) a line at a time, keeps only the title types a
film journal needs and only the names those titles need, builds the catalogue in a
temporary file and renames it into place: an interrupted or failed load leaves the previous
catalogue, and the journal is never touched.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TypeVar

from filmjournal.core.errors import FilmJournalError, FormatError
from filmjournal.core.metadata import Candidate, genre_name
from filmjournal.core.models import FilmInput
from filmjournal.core.text import field_text, strip_controls

KEPT_TYPES = frozenset({"movie", "tvMovie", "short", "video", "tvSpecial", "tvShort"})
"""IMDb title types a film journal keeps; series, episodes and games are skipped."""
FILES = {
    "basics": ("title.basics.tsv", ["tconst", "titleType", "primaryTitle", "originalTitle"]),
    "crew": ("title.crew.tsv", ["tconst", "directors"]),
    "names": ("name.basics.tsv", ["nconst", "primaryName"]),
    "ratings": ("title.ratings.tsv", ["tconst", "averageRating", "numVotes"]),
    "akas": ("title.akas.tsv", ["titleId", "ordering", "title"]),
}
"""Each dataset file by role: its name (with or without .gz) and the columns read."""
REQUIRED = ("basics", "crew", "names")
"""The files a load cannot do without."""
BATCH = 5000
"""Rows written at a time."""

T = TypeVar("T")

Progress = Callable[[str, int], None]
"""Told the file being read and how many of its rows have been read so far."""

SCHEMA = """
CREATE TABLE titles (
    id INTEGER PRIMARY KEY,
    tconst TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    original TEXT NOT NULL,
    year INTEGER,
    runtime INTEGER,
    genres TEXT NOT NULL DEFAULT '[]',
    director_ids TEXT NOT NULL DEFAULT '[]',
    directors TEXT NOT NULL DEFAULT '[]',
    votes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (nconst TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE akas (title_id INTEGER NOT NULL, title TEXT NOT NULL);
CREATE TABLE loaded (file TEXT PRIMARY KEY, modified TEXT, rows INTEGER) WITHOUT ROWID;
"""


def catalog_path(journal: Path) -> Path:
    """Where the catalogue of a journal lives: catalog.db beside it."""
    return journal.with_name("catalog.db")


def _none(value: str) -> str | None:
    """A dataset value; IMDb writes \\N for null."""
    return None if value == "\\N" else value


def _number(value: str) -> int | None:
    """A whole number, or None for \\N or anything else."""
    return int(value) if value.isdigit() and len(value) < 10 else None


def find_files(paths: list[Path]) -> dict[str, Path]:
    """The dataset files among `paths` (files, or folders holding them), by role."""
    found: dict[str, Path] = {}
    candidates: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates.extend(sorted(path.iterdir()))
        elif path.is_file():
            candidates.append(path)
        elif path.exists():
            raise FormatError(f"{path}: not a regular file (a device or a pipe)")
        else:
            raise FormatError(f"{path}: no such file or folder")
    for candidate in candidates:
        for role, (name, _) in FILES.items():
            if candidate.name in (name, f"{name}.gz"):
                found.setdefault(role, candidate)
    missing = [FILES[role][0] + ".gz" for role in REQUIRED if role not in found]
    if missing:
        raise FormatError(
            f"missing {', '.join(missing)}; download them from IMDb's datasets page"
            " (https://datasets.imdbws.com/)"
        )
    return found


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[IO[str]]:
    """A dataset file as text, gunzipped when it is gzipped (by its first bytes)."""
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    if gzipped:
        with gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="\n") as text:
            yield text
    else:
        with path.open("r", encoding="utf-8", errors="replace", newline="\n") as text:
            yield text


def rows(path: Path, columns: list[str], progress: Progress | None) -> Iterator[list[str]]:
    """The chosen columns of each row of a dataset file, streamed; no quoting at all."""
    try:
        with _opened(path) as handle:
            lines = _bounded_lines(handle, path.name)
            header = next(lines, "").rstrip("\n").split("\t")
            missing = [column for column in columns if column not in header]
            if missing:
                raise FormatError(f"{path.name}:1: not an IMDb dataset (no {', '.join(missing)})")
            picks = [header.index(column) for column in columns]
            width = len(header)
            for number, line in enumerate(lines, start=2):
                values = line.rstrip("\n").split("\t")
                if len(values) != width:
                    raise FormatError(
                        f"{path.name}:{number}: {len(values)} fields where the header has {width}"
                    )
                yield [values[i] for i in picks]
                if progress is not None and number % 100_000 == 0:
                    progress(path.name, number - 1)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise FormatError(f"{path.name}: cannot be read ({error})") from None


LONGEST_LINE = 1 << 20
"""No dataset line is near this long (a megabyte); a longer one is not a dataset, and is
never read whole (a gzip bomb of one endless line would fill memory)."""


def _bounded_lines(handle: IO[str], name: str) -> Iterator[str]:
    """The lines of a text file, refusing one longer than LONGEST_LINE."""
    number = 0
    while line := handle.readline(LONGEST_LINE):
        number += 1
        if len(line) == LONGEST_LINE and not line.endswith("\n"):
            raise FormatError(f"{name}:{number}: a line over a megabyte long: not an IMDb dataset")
        yield line


def _batched(items: Iterable[T]) -> Iterator[list[T]]:
    """Rows in lists of BATCH."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


RANK = "kind = 'movie' DESC, votes DESC, id"
"""The order of titles found by a search, after the exact title: films before shorts, TV
films and videos, then the best known."""


def _write(db: sqlite3.Connection, sql: str, values: Iterable[Sequence[object]]) -> int:
    """Run `sql` for every row of `values`, a batch at a time; how many there were."""
    count = 0
    for batch in _batched(values):
        db.executemany(sql, batch)
        count += len(batch)
    return count


def _titles(path: Path, progress: Progress | None) -> Iterator[list[object]]:
    """title.basics rows of the kinds kept, ready for the titles table."""
    columns = [*FILES["basics"][1], "startYear", "runtimeMinutes", "genres"]
    for tconst, kind, title, original, year, runtime, genres in rows(path, columns, progress):
        if kind not in KEPT_TYPES:
            continue
        title, original = field_text(title).strip() or tconst, field_text(original).strip()
        yield [tconst, kind, title, original, _number(year), _number(runtime), _genres(genres)]


def _ids(listed: str) -> str:
    """IMDb ids as the crew file lists them ("nm0000229,nm0000233"), anything but letters
    and digits left out, so that quoting them makes a JSON list."""
    if listed.replace(",", "").isalnum() and listed.isascii():
        return listed
    return ",".join(i for i in listed.split(",") if i.isalnum() and i.isascii())


@functools.lru_cache(maxsize=4096)
def _genres(listed: str) -> str:
    """A title's genres ("Crime,Sci-Fi") as the journal keeps them (a JSON list in its own
    vocabulary); worked out once per combination, of which there are a few hundred."""
    names = [genre_name(field_text(g)) for g in (_none(listed) or "").split(",") if g]
    return json.dumps(names)


def load(paths: list[Path], target: Path, progress: Progress | None = None) -> dict[str, int]:
    """Build the catalogue from the dataset files in `paths` into `target`, replacing it
    only when the whole load has succeeded. Returns rows read per file."""
    files = find_files(paths)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".catalog-", suffix=".db")
    os.close(handle)
    counts: dict[str, int] = {}
    try:
        db = sqlite3.connect(temporary)
        try:
            db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
            counts = _fill(db, files, progress)
            db.commit()
        finally:
            db.close()
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return counts


def _fill(
    db: sqlite3.Connection, files: dict[str, Path], progress: Progress | None
) -> dict[str, int]:
    """Read every file into the empty catalogue `db`."""
    counts: dict[str, int] = {}

    def done(role: str, count: int) -> None:
        path = files[role]
        counts[path.name] = count
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
        db.execute("INSERT INTO loaded VALUES (?, ?, ?)", [path.name, modified, count])

    insert = "INSERT OR IGNORE INTO titles (tconst, kind, title, original, year, runtime, genres)"
    titles = _titles(files["basics"], progress)
    done("basics", _write(db, insert + " VALUES (?, ?, ?, ?, ?, ?, ?)", titles))
    # Directors: their ids aside first (not written into every title row, then rewritten),
    # then only the names some kept title needs, then each title's names in one statement.
    # The ids are kept as IMDb lists them ("nm1,nm2"), made a JSON list in SQL: a million
    # json.dumps calls would take longer than the rest of the crew file together.
    db.execute(
        "CREATE TEMP TABLE crew (tconst TEXT PRIMARY KEY, director_ids TEXT NOT NULL) WITHOUT ROWID"
    )
    crew = (
        [tconst, _ids(directors)]
        for tconst, directors in rows(files["crew"], FILES["crew"][1], progress)
        if _none(directors)
    )
    done("crew", _write(db, "INSERT OR IGNORE INTO temp.crew VALUES (?, ?)", crew))
    ids = """json_each('["' || replace(crew.director_ids, ',', '","') || '"]')"""
    needed = {
        row[0]
        for row in db.execute(
            f"SELECT DISTINCT value FROM titles JOIN temp.crew USING (tconst), {ids}"
        )
    }
    wanted = (
        [nconst, field_text(name).strip()]
        for nconst, name in rows(files["names"], FILES["names"][1], progress)
        if nconst in needed
    )
    done("names", _write(db, "INSERT OR IGNORE INTO names VALUES (?, ?)", wanted))
    del needed
    db.execute(
        "UPDATE titles SET directors = (SELECT json_group_array(names.name)"
        f" FROM temp.crew, {ids} JOIN names ON names.nconst = json_each.value"
        " WHERE crew.tconst = titles.tconst) WHERE tconst IN (SELECT tconst FROM temp.crew)"
    )
    db.execute("DROP TABLE temp.crew")
    if "ratings" in files:
        votes = (
            [_number(v) or 0, tconst]
            for tconst, _, v in rows(files["ratings"], FILES["ratings"][1], progress)
        )
        done("ratings", _write(db, "UPDATE titles SET votes = ? WHERE tconst = ?", votes))
    if "akas" in files:
        count = _load_akas(db, files["akas"], progress)
        done("akas", count)
    _index(db)
    return counts


def _load_akas(db: sqlite3.Connection, path: Path, progress: Progress | None) -> int:
    """Alternative titles of kept films, so "Le Samouraï" finds its film."""
    ids = dict(db.execute("SELECT tconst, id FROM titles"))
    akas = (
        [ids[tconst], field_text(title)]
        for tconst, _, title in rows(path, FILES["akas"][1], progress)
        if tconst in ids
    )
    return _write(db, "INSERT INTO akas VALUES (?, ?)", akas)


def _index(db: sqlite3.Connection) -> None:
    """The search index over titles and alternative titles, and the lookup indexes.

    The search index is keyed by rank (films before the rest, then by votes): its matches
    come in the order they are shown, so a search reads ten of them, not every title that
    starts with "n". The title index is ranked too, for the titles called exactly what was
    typed (thousands of films are called "Night").
    """
    db.executescript(
        f"""
        CREATE VIRTUAL TABLE titles_fts USING fts5(
            names, content='', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
        );
        CREATE INDEX akas_by_title ON akas (title_id);
        CREATE TABLE ranks (rank INTEGER PRIMARY KEY, title_id INTEGER NOT NULL);
        INSERT INTO ranks (title_id) SELECT id FROM titles ORDER BY {RANK};
        INSERT INTO titles_fts (rowid, names)
            SELECT ranks.rank, title || ' ' || original || ' ' || coalesce((
                SELECT group_concat(akas.title, ' ') FROM akas WHERE akas.title_id = titles.id
            ), '')
            FROM ranks JOIN titles ON titles.id = ranks.title_id;
        DROP TABLE names;
        CREATE INDEX titles_by_title ON titles (title COLLATE NOCASE, {RANK});
        """
    )


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
        # Catalogues loaded by older versions have no ranks; they are searched as before.
        self.ranked = bool(
            self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'ranks'").fetchone()
        )

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

    @staticmethod
    def exact_sql(year: int | None) -> str:
        """The titles called exactly what was typed, best first: read along the title
        index in rank order (a catalogue loaded before that index was ranked sorts them:
        the same answer, slower)."""
        in_year = " AND year = ?" if year else ""
        return (
            f"SELECT * FROM titles WHERE title = ? COLLATE NOCASE{in_year} ORDER BY {RANK} LIMIT ?"
        )

    @staticmethod
    def search_sql(year: int | None, *, ranked: bool) -> str:
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
        return f"SELECT titles.* FROM {found} WHERE titles_fts MATCH ?{in_year}" + (
            f" ORDER BY {order} LIMIT ?"
        )

    def exact(self, title: str, year: int) -> list[Candidate]:
        """The titles called exactly `title` (case aside) from `year`: along the title
        index, without the word index's thousands of prefix matches."""
        sql = "SELECT * FROM titles WHERE title = ? COLLATE NOCASE AND year = ? LIMIT 3"
        return [self._candidate(row) for row in self._rows(sql, [title.strip(), year])]

    def by_imdb(self, imdb_id: str) -> Candidate | None:
        """The title with this IMDb id, if the catalogue holds it."""
        found = self._rows("SELECT * FROM titles WHERE tconst = ?", [imdb_id.strip()])
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
