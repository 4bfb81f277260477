"""The journal's schema, built up by ordered migrations that never lose data.

Never edit a migration that has shipped: add a new one. PRAGMA user_version records how many
have been applied, so a journal written by a newer filmjournal is recognised and refused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from filmjournal.core.errors import JournalUnavailable
from filmjournal.core.text import normalise_title
from filmjournal.storage.database import Journal

if TYPE_CHECKING:
    from sqlite_utils import Migrations

STEPS: list[Callable[[Journal], None]] = []
"""Every schema change, in order."""


def step(change: Callable[[Journal], None]) -> Callable[[Journal], None]:
    """Register the next schema change."""
    STEPS.append(change)
    return change


@cache
def as_migrations() -> Migrations:
    """The changes as sqlite-utils' Migrations, which records what each journal has had
    (made when a journal needs changing: an up-to-date journal never imports it)."""
    from sqlite_utils import Migrations

    made = Migrations("filmjournal")
    for change in STEPS:
        # Migrations hands each change its Database, which has all a Journal has.
        made()(change)  # type: ignore[type-var]
    return made


# The text the search index keeps for one film: its own fields and every review's text.
_FTS_ROW = """
    INSERT INTO films_fts (rowid, title, directors, genres, synopsis, reviews)
    SELECT id, title, directors, genres, synopsis,
           (SELECT coalesce(group_concat(text, ' '), '') FROM reviews WHERE film_id = {ref}.id)
    FROM films WHERE id = {ref}.id;
"""

# Recompute a film's rating, review count and last-watched date from its reviews.
_SUMMARY = """
    UPDATE films SET
        overall_rating = (SELECT avg(rating) FROM reviews WHERE film_id = {ref}),
        review_count = (SELECT count(*) FROM reviews WHERE film_id = {ref}),
        last_watched = (SELECT max(watched_on) FROM reviews WHERE film_id = {ref})
    WHERE id = {ref};
"""


@step
def m001_initial(db: Journal) -> None:
    """Films, reviews, drafts, the search index and the triggers that keep them in step."""
    db.executescript(
        """
        CREATE TABLE films (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL CHECK (trim(title) <> ''),
            year INTEGER,
            certification TEXT NOT NULL DEFAULT '',
            runtime_minutes INTEGER CHECK (runtime_minutes IS NULL OR runtime_minutes > 0),
            genres TEXT NOT NULL DEFAULT '[]',
            directors TEXT NOT NULL DEFAULT '[]',
            synopsis TEXT NOT NULL DEFAULT '',
            overall_rating REAL,
            review_count INTEGER NOT NULL DEFAULT 0,
            last_watched TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
            author TEXT NOT NULL,
            rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 10),
            text TEXT NOT NULL DEFAULT '',
            watched_on TEXT,
            rewatch INTEGER NOT NULL DEFAULT 0,
            tags TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE drafts (
            film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
            review_id INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL,
            rating TEXT NOT NULL DEFAULT '',
            watched_on TEXT NOT NULL DEFAULT '',
            rewatch INTEGER NOT NULL DEFAULT 0,
            tags TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (film_id, review_id)
        );
        CREATE INDEX reviews_by_film ON reviews (film_id, watched_on);
        CREATE INDEX films_by_title ON films (title COLLATE NOCASE, id);
        CREATE INDEX films_by_year ON films (year DESC, title COLLATE NOCASE, id);
        CREATE INDEX films_by_rating ON films (overall_rating DESC, title COLLATE NOCASE, id);
        CREATE INDEX films_by_watched ON films (last_watched DESC, title COLLATE NOCASE, id);
        CREATE VIRTUAL TABLE films_fts USING fts5 (
            title, directors, genres, synopsis, reviews,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        """
        + f"""
        CREATE TRIGGER films_ai AFTER INSERT ON films BEGIN
            {_FTS_ROW.format(ref="new")}
        END;
        CREATE TRIGGER films_au AFTER UPDATE ON films BEGIN
            DELETE FROM films_fts WHERE rowid = old.id;
            {_FTS_ROW.format(ref="new")}
        END;
        CREATE TRIGGER films_ad AFTER DELETE ON films BEGIN
            DELETE FROM films_fts WHERE rowid = old.id;
        END;
        CREATE TRIGGER reviews_ai AFTER INSERT ON reviews BEGIN
            {_SUMMARY.format(ref="new.film_id")}
        END;
        CREATE TRIGGER reviews_au AFTER UPDATE ON reviews BEGIN
            {_SUMMARY.format(ref="old.film_id")}
            {_SUMMARY.format(ref="new.film_id")}
        END;
        CREATE TRIGGER reviews_ad AFTER DELETE ON reviews BEGIN
            {_SUMMARY.format(ref="old.film_id")}
        END;
        """
    )


@step
def m002_sources_watchlist_lists(db: Journal) -> None:
    """Where films and reviews came from (for matching on import), the watchlist, likes, lists."""
    db.executescript(
        """
        ALTER TABLE films ADD COLUMN match_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE films ADD COLUMN letterboxd_uri TEXT;
        ALTER TABLE films ADD COLUMN imdb_id TEXT;
        ALTER TABLE films ADD COLUMN watchlist INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE films ADD COLUMN liked INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE reviews ADD COLUMN source_id TEXT;
        CREATE INDEX films_by_match_key ON films (match_key, year);
        CREATE UNIQUE INDEX films_by_letterboxd_uri ON films (letterboxd_uri)
            WHERE letterboxd_uri IS NOT NULL;
        CREATE UNIQUE INDEX films_by_imdb_id ON films (imdb_id) WHERE imdb_id IS NOT NULL;
        CREATE UNIQUE INDEX reviews_by_source_id ON reviews (source_id)
            WHERE source_id IS NOT NULL;
        CREATE TABLE lists (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            description TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE list_films (
            list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
            film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
            position INTEGER,
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (list_id, film_id)
        );
        CREATE INDEX list_films_by_film ON list_films (film_id);
        """
    )
    # Existing films get their match key from Python's normalisation, which SQL cannot do.
    rows = db.execute("SELECT id, title FROM films").fetchall()
    for film_id, title in rows:
        db.execute("UPDATE films SET match_key = ? WHERE id = ?", [normalise_title(title), film_id])


_COUNTED = "\n".join(
    f"CREATE TRIGGER {table}_changed_{short} AFTER {event} ON {table} BEGIN"
    " UPDATE journal_changes SET changes = changes + 1; END;"
    for table in ("films", "reviews")
    for short, event in (("ai", "INSERT"), ("au", "UPDATE"), ("ad", "DELETE"))
)
"""Every change to films or reviews counts, so kept statistics know they are stale."""


@step
def m003_statistics(db: Journal) -> None:
    """Index diary dates, and count changes so statistics can be kept until the next one."""
    db.executescript(
        f"""
        CREATE INDEX reviews_by_watched ON reviews (watched_on, film_id, rating);
        CREATE TABLE journal_changes (changes INTEGER NOT NULL);
        INSERT INTO journal_changes (changes) VALUES (0);
        CREATE TABLE stats_cache (
            period TEXT PRIMARY KEY,
            changes INTEGER NOT NULL,
            figures TEXT NOT NULL
        );
        {_COUNTED}
        """
    )


@step
def m004_search_prefixes(db: Journal) -> None:
    """Index one- to three-letter prefixes, so the first letters typed in a search are fast.

    Without them, "w*" in a journal of 100,000 films merges the posting lists of every word
    starting with w (hundreds of milliseconds); with them it reads one list.
    """
    db.executescript(
        """
        DROP TABLE films_fts;
        CREATE VIRTUAL TABLE films_fts USING fts5 (
            title, directors, genres, synopsis, reviews,
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '1 2 3'
        );
        INSERT INTO films_fts (rowid, title, directors, genres, synopsis, reviews)
        SELECT id, title, directors, genres, synopsis,
               (SELECT coalesce(group_concat(text, ' '), '') FROM reviews
                WHERE film_id = films.id)
        FROM films;
        """
    )


_BAD_FILM = """
    NOT json_valid(NEW.genres) OR json_type(NEW.genres) != 'array'
    OR NOT json_valid(NEW.directors) OR json_type(NEW.directors) != 'array'
    OR (NEW.year IS NOT NULL
        AND (typeof(NEW.year) != 'integer' OR NEW.year NOT BETWEEN 1870 AND 2200))
    OR (NEW.runtime_minutes IS NOT NULL
        AND (typeof(NEW.runtime_minutes) != 'integer' OR NEW.runtime_minutes > 100000))
    OR instr(NEW.title, char(0)) > 0
"""
_BAD_REVIEW = """
    NOT json_valid(NEW.tags) OR json_type(NEW.tags) != 'array'
    OR (NEW.watched_on IS NOT NULL
        AND (date(NEW.watched_on) IS NOT NEW.watched_on OR NEW.watched_on < '1870-01-01'))
"""


@step
def m005_guards(db: Journal) -> None:
    """Refuse, at write time, what the app could never write (a hand edit in sqlite3 or
    Datasette): lists that are not JSON lists, dates that are not dates, years and runtimes
    out of range, NUL in titles. SQLite cannot add CHECK constraints to a table in place,
    so triggers do the checking; rows already there are left for `check` to name."""
    film = "a film needs JSON lists of genres and directors, a year from 1870, a sane runtime"
    review = "a review needs a JSON list of tags and a YYYY-MM-DD watched date"
    db.executescript(
        f"""
        CREATE TRIGGER films_guard_bi BEFORE INSERT ON films WHEN {_BAD_FILM}
        BEGIN SELECT RAISE(ABORT, '{film}'); END;
        CREATE TRIGGER films_guard_bu
        BEFORE UPDATE OF title, year, runtime_minutes, genres, directors ON films
        WHEN {_BAD_FILM}
        BEGIN SELECT RAISE(ABORT, '{film}'); END;
        CREATE TRIGGER reviews_guard_bi BEFORE INSERT ON reviews WHEN {_BAD_REVIEW}
        BEGIN SELECT RAISE(ABORT, '{review}'); END;
        CREATE TRIGGER reviews_guard_bu BEFORE UPDATE OF tags, watched_on ON reviews
        WHEN {_BAD_REVIEW}
        BEGIN SELECT RAISE(ABORT, '{review}'); END;
        """
    )


@step
def m006_metadata_sources(db: Journal) -> None:
    """Where a film's details came from, and its TMDB id and poster, for looking it up."""
    db.executescript(
        """
        ALTER TABLE films ADD COLUMN tmdb_id INTEGER;
        ALTER TABLE films ADD COLUMN poster_path TEXT;
        ALTER TABLE films ADD COLUMN details_from TEXT NOT NULL DEFAULT '';
        CREATE INDEX films_by_tmdb ON films (tmdb_id) WHERE tmdb_id IS NOT NULL;
        """
    )


@step
def m007_watchlist_only(db: Journal) -> None:
    """The films only on the watchlist, which the journal view leaves out: few, so the
    journal's count, and a film's place in it, are all films less these, and no count has
    to read every row."""
    db.execute(
        "CREATE INDEX films_watchlist_only ON films (id) WHERE watchlist = 1 AND review_count = 0"
    )


@step
def m008_sort_indexes_know_the_view(db: Journal) -> None:
    """Each sort's index also holds whether a film is only on the watchlist, so paging the
    journal view deep into a sort skips films along the index without reading their rows."""
    db.executescript(
        """
        DROP INDEX films_by_title;
        DROP INDEX films_by_year;
        DROP INDEX films_by_rating;
        DROP INDEX films_by_watched;
        CREATE INDEX films_by_title ON films
            (title COLLATE NOCASE, id, watchlist, review_count);
        CREATE INDEX films_by_year ON films
            (year DESC, title COLLATE NOCASE, id, watchlist, review_count);
        CREATE INDEX films_by_rating ON films
            (overall_rating DESC, title COLLATE NOCASE, id, watchlist, review_count);
        CREATE INDEX films_by_watched ON films
            (last_watched DESC, title COLLATE NOCASE, id, watchlist, review_count);
        """
    )


SCHEMA_VERSION = len(STEPS)
"""The schema version this filmjournal writes (PRAGMA user_version)."""


def schema_version(db: Journal) -> int:
    """The schema version recorded in the journal."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Journal, backup: Callable[[int], object] | None = None) -> None:
    """Bring the journal's schema up to date, refusing one written by a newer filmjournal.

    Every pending migration runs in one transaction: if any fails, the journal is left
    exactly as it was. When a journal that already holds data is about to change,
    `backup(version)` is called first, to keep a copy of it as it was.
    """
    found = schema_version(db)
    if found > SCHEMA_VERSION:
        raise JournalUnavailable(
            f"this journal was written by a newer filmjournal (schema {found}, this version "
            f"knows up to {SCHEMA_VERSION}); upgrade filmjournal to open it. It was not changed."
        )
    if found == SCHEMA_VERSION:
        return
    migrations = as_migrations()
    pending = migrations.pending(db.utils)
    if pending and found > 0 and backup is not None:
        backup(found)
    with db.atomic():
        if pending:
            migrations.apply(db.utils)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
