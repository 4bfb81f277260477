"""Loading the offline catalogue from IMDb's datasets.

Loading streams each file (gzipped or not) a line at a time, keeps only the title types a
film journal needs and only the names those titles need, builds the catalogue in a
temporary file and renames it into place: an interrupted or failed load leaves the previous
catalogue, and the journal is never touched.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import itertools
import json
import operator
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from filmjournal.core.errors import FilmJournalError, FormatError
from filmjournal.core.metadata import genre_name
from filmjournal.core.text import field_text
from filmjournal.metadata.catalog import RANK, imdb_number

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
BLOCK = 1 << 20
"""Characters of a dataset read at a time."""
FTS_HASH = 16 << 20
"""Bytes of new search-index entries held in memory before they are written out as a
segment (SQLite's default is a megabyte): fewer, larger segments leave less merging to do,
which made building the index of a million titles a quarter faster."""

Progress = Callable[[str, int], None]
"""Told the file being read and how many of its rows have been read so far."""

PEOPLE = """
CREATE TABLE crew (id INTEGER PRIMARY KEY, director_ids TEXT NOT NULL);
CREATE TABLE names (nconst TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
"""
"""The catalogue's tables of directors, filled beside it while its indexes are built."""


SCHEMA = (
    """
CREATE TABLE titles (
    id INTEGER PRIMARY KEY,
    tconst TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    original TEXT NOT NULL,
    year INTEGER,
    runtime INTEGER,
    genres TEXT NOT NULL DEFAULT '[]',
    votes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE akas (title_id INTEGER NOT NULL, title TEXT NOT NULL);
CREATE TABLE loaded (file TEXT PRIMARY KEY, modified TEXT, rows INTEGER) WITHOUT ROWID;
"""
    + PEOPLE
)
"""A title's id is IMDb's number for it (tt0111161 is 111161): rows are appended in the
files' own order, and no second index is kept to find a title by its IMDb id. Its directors
stay as the crew file lists them ("nm0000229,nm0000233"), their names looked up as a title
is read (a few a search) rather than written into a million rows at load."""


def _none(value: str) -> str | None:
    """A dataset value; IMDb writes \\N for null."""
    return None if value == "\\N" else value


@functools.lru_cache(maxsize=4096)
def _number(value: str) -> int | None:
    """A whole number, or None for \\N or anything else (years and runtimes: a few
    thousand values, each worked out once)."""
    return int(value) if value.isdigit() and value.isascii() and len(value) < 10 else None


class Numbers:
    """A set of IMDb numbers held as bits: the million titles a load keeps in a couple of
    megabytes, where a set of them would take fifty."""

    DENSE = 1 << 28
    """Numbers below this are bits (32 MB at most); the rare larger one goes in a set."""

    def __init__(self) -> None:
        self.bits = bytearray()
        self.sparse: set[int] = set()

    def add(self, number: int) -> None:
        """Hold `number`."""
        if number >= self.DENSE:
            self.sparse.add(number)
            return
        at = number >> 3
        if at >= len(self.bits):
            self.bits.extend(bytes(max(at + 1 - len(self.bits), len(self.bits))))
        self.bits[at] |= 1 << (number & 7)

    def __contains__(self, number: object) -> bool:
        if not isinstance(number, int):
            return False
        at = number >> 3
        if 0 <= at < len(self.bits):
            return bool(self.bits[at] >> (number & 7) & 1)
        return number in self.sparse


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


def rows(path: Path, columns: list[str], progress: Progress | None) -> Iterator[tuple[str, ...]]:
    """The chosen columns of each row of a dataset file, streamed; no quoting at all."""
    try:
        with _opened(path) as handle:
            blocks = _line_blocks(handle, path.name)
            first = next(blocks, [""])
            header = first[0].split("\t")
            missing = [column for column in columns if column not in header]
            if missing:
                raise FormatError(f"{path.name}:1: not an IMDb dataset (no {', '.join(missing)})")
            pick = operator.itemgetter(*(header.index(column) for column in columns))
            width = len(header)
            number = 1
            for block in itertools.chain([first[1:]], blocks):
                for line in block:
                    values = line.split("\t")
                    if len(values) != width:
                        at = number + block.index(line) + 1
                        raise FormatError(
                            f"{path.name}:{at}: {len(values)} fields where the header has {width}"
                        )
                    yield pick(values)
                number += len(block)
                if progress is not None:
                    progress(path.name, number - 1)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise FormatError(f"{path.name}: cannot be read ({error})") from None


LONGEST_LINE = 1 << 20
"""No dataset line is near this long (a megabyte); a longer one is not a dataset, and is
never read whole (a gzip bomb of one endless line would fill memory)."""


def _line_blocks(handle: IO[str], name: str) -> Iterator[list[str]]:
    """The lines of a text file (without their newlines) a block at a time, refusing a
    line longer than LONGEST_LINE. Only \n ends a line: a title may hold other breaks."""
    rest, lines = "", 0
    while chunk := handle.read(BLOCK):
        text = rest + chunk
        end = text.rfind("\n")
        if end < 0:
            if len(text) > LONGEST_LINE:
                raise FormatError(
                    f"{name}:{lines + 1}: a line over a megabyte long: not an IMDb dataset"
                )
            rest = text
            continue
        block = text[:end].split("\n")
        rest = text[end + 1 :]
        lines += len(block)
        yield block
    if rest:
        yield [rest]


def _write(db: sqlite3.Connection, sql: str, values: Iterable[Sequence[object]]) -> int:
    """Run `sql` for every row of `values`; how many rows it wrote."""
    before = db.total_changes
    db.executemany(sql, values)
    return db.total_changes - before


def _titles(path: Path, kept: Numbers, progress: Progress | None) -> Iterator[Sequence[object]]:
    """title.basics rows of the kinds kept, ready for the titles table; `kept` gathers
    their numbers."""
    columns = [*FILES["basics"][1], "startYear", "runtimeMinutes", "genres"]
    keep = kept.add
    for tconst, kind, title, original, year, runtime, genres in rows(path, columns, progress):
        if kind not in KEPT_TYPES or (number := imdb_number(tconst)) is None:
            continue
        if not (title.isascii() and title.isprintable()):
            title = field_text(title)
        if not (original.isascii() and original.isprintable()):
            original = field_text(original)
        keep(number)
        yield (
            number,
            tconst,
            kind,
            title.strip() or tconst,
            original.strip(),
            _number(year),
            _number(runtime),
            _genres(genres),
        )


def _crew(
    path: Path, kept: Numbers, wanted: set[str], progress: Progress | None
) -> Iterator[tuple[int, str]]:
    """The directors of kept titles, as the crew file lists them; `wanted` gathers their
    ids (a set of a few hundred thousand: name.basics, the longest file, is then sifted
    at the speed of a set's lookup)."""
    for tconst, directors in rows(path, FILES["crew"][1], progress):
        number = imdb_number(tconst)
        if number is None or number not in kept or directors == "\\N":
            continue
        ids = _ids(directors)
        if ids:
            wanted.update(ids.split(","))
            yield number, ids


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
    only when the whole load has succeeded. Returns rows kept per file."""
    files = find_files(paths)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _temporary(target.parent) as catalogue, _temporary(target.parent) as people:
        try:
            counts = _fill(catalogue, people, files, progress)
        except sqlite3.Error as error:  # a full disk, most likely
            raise FilmJournalError(
                f"the catalogue cannot be written in {target.parent} ({error})"
            ) from None
        os.replace(catalogue, target)
    return counts


@contextlib.contextmanager
def _temporary(folder: Path) -> Iterator[Path]:
    """A new empty file in `folder` for the load to write, gone afterwards unless it was
    moved into place."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=".catalog-", suffix=".db")
    os.close(handle)
    try:
        yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _connect(path: Path) -> sqlite3.Connection:
    """A connection for the load: a file being built needs no journal, nor waits for disk."""
    db = sqlite3.connect(path, check_same_thread=False)
    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
    return db


def _fill(
    catalogue: Path, people: Path, files: dict[str, Path], progress: Progress | None
) -> dict[str, int]:
    """Read every file into the empty catalogue: the titles kept, with their votes and
    alternative titles if given; then, while another thread builds the search indexes over
    those, their directors and only the names those need, into `people` (a file of their
    own, as the catalogue has one writer at a time), copied in at the end."""
    counts: dict[str, int] = {}

    def done(role: str, count: int) -> None:
        counts[role] = count

    kept, wanted = Numbers(), set[str]()
    db = _connect(catalogue)
    try:
        db.executescript(SCHEMA)
        insert = "INSERT OR IGNORE INTO titles VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)"
        done("basics", _write(db, insert, _titles(files["basics"], kept, progress)))
        if "ratings" in files:
            votes = (
                (_number(v) or 0, imdb_number(tconst))
                for tconst, _, v in rows(files["ratings"], FILES["ratings"][1], progress)
            )
            done("ratings", _write(db, "UPDATE titles SET votes = ? WHERE id = ?", votes))
        if "akas" in files:
            akas = (
                (number, field_text(title))
                for tconst, _, title in rows(files["akas"], FILES["akas"][1], progress)
                if (number := imdb_number(tconst)) in kept
            )
            done("akas", _write(db, "INSERT INTO akas VALUES (?, ?)", akas))
        db.commit()
        with _indexing(catalogue):
            side = _connect(people)
            try:
                side.executescript(PEOPLE)
                crew = _crew(files["crew"], kept, wanted, progress)
                done("crew", _write(side, "INSERT OR IGNORE INTO crew VALUES (?, ?)", crew))
                names = (
                    (nconst, field_text(name).strip())
                    for nconst, name in rows(files["names"], FILES["names"][1], progress)
                    if nconst in wanted
                )
                done("names", _write(side, "INSERT OR IGNORE INTO names VALUES (?, ?)", names))
                side.commit()
            finally:
                side.close()
        db.execute("ATTACH ? AS people", [str(people)])
        db.execute("INSERT INTO crew SELECT * FROM people.crew")
        db.execute("INSERT INTO names SELECT * FROM people.names")
        for role, count in counts.items():
            path = files[role]
            modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
            db.execute("INSERT INTO loaded VALUES (?, ?, ?)", [path.name, modified, count])
        db.commit()
        db.execute("DETACH people")
    finally:
        db.close()
    return {files[role].name: count for role, count in counts.items()}


@contextlib.contextmanager
def _indexing(catalogue: Path) -> Iterator[None]:
    """Build the catalogue's indexes in another thread while the block runs (SQLite works
    without Python's lock, so the two share the machine's cores); afterwards wait for them,
    raising what failed there. When the block fails, the indexing is stopped."""
    db = _connect(catalogue)
    failed: list[BaseException] = []

    def build() -> None:
        try:
            _index(db)
        except BaseException as error:  # noqa: BLE001 - raised again in the loading thread
            failed.append(error)

    worker = threading.Thread(target=build, name="catalogue indexes", daemon=True)
    worker.start()
    try:
        yield
    except BaseException:
        db.interrupt()
        raise
    finally:
        worker.join()
        db.close()
    if failed:
        raise failed[0]


def _index(db: sqlite3.Connection) -> None:
    """The search index over titles and alternative titles, and the lookup indexes.

    The search index is keyed by rank (films before the rest, then by votes): its matches
    come in the order they are shown, so a search reads ten of them, not every title that
    starts with "n". Nothing scores its matches, so it keeps no title lengths (columnsize=0:
    a third of its building time). The title index is ranked too, for the titles called
    exactly what was typed (thousands of films are called "Night").
    """
    db.execute(
        "CREATE VIRTUAL TABLE titles_fts USING fts5(names, content='', columnsize=0,"
        " tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
    )
    with contextlib.suppress(sqlite3.OperationalError):  # an SQLite without the setting
        db.execute("INSERT INTO titles_fts (titles_fts, rank) VALUES ('hashsize', ?)", [FTS_HASH])
    db.executescript(
        f"""
        CREATE INDEX akas_by_title ON akas (title_id);
        CREATE TABLE ranks (rank INTEGER PRIMARY KEY, title_id INTEGER NOT NULL);
        INSERT INTO ranks (title_id) SELECT id FROM titles ORDER BY {RANK};
        INSERT INTO titles_fts (rowid, names)
            SELECT ranks.rank, title
                || CASE WHEN original = title THEN '' ELSE ' ' || original END
                || coalesce(' ' || (
                    SELECT group_concat(akas.title, ' ') FROM akas WHERE akas.title_id = titles.id
                ), '')
            FROM ranks JOIN titles ON titles.id = ranks.title_id;
        CREATE INDEX titles_by_title ON titles (title COLLATE NOCASE, {RANK});
        """
    )
