"""The journal's health: what `filmjournal check` finds, and what `check --repair` mends.

Rows may be edited by hand (the README invites sqlite3 and Datasette), so besides SQLite's
own checks this looks for values the app could not have written: lists that are not JSON
lists, dates that are not dates, NUL characters in titles, and triggers that were dropped.
"""

from __future__ import annotations

import sqlite3
from functools import cache

from filmjournal.storage.database import Journal
from filmjournal.storage.rows import INDEX_FILMS, REFRESH_SUMMARIES

_NOT_A_LIST = "(NOT json_valid({column}) OR json_type({column}) != 'array')"
_NOT_A_DAY = "({column} IS NOT NULL AND date({column}) IS NOT {column})"

ROW_RULES = [
    ("films", "genres", _NOT_A_LIST, "genres is not a list"),
    ("films", "directors", _NOT_A_LIST, "directors is not a list"),
    ("films", "title", "instr({column}, char(0)) > 0", "the title holds a NUL character"),
    ("reviews", "tags", _NOT_A_LIST, "tags is not a list"),
    ("reviews", "watched_on", _NOT_A_DAY, "the watched date is not a YYYY-MM-DD date"),
    (
        "reviews",
        "rating",
        "({column} IS NOT NULL AND"
        " (typeof({column}) != 'integer' OR {column} NOT BETWEEN 1 AND 10))",
        "the rating is not a whole number from 1 to 10",
    ),
]
"""(table, column, SQL that is true of a bad value, what is wrong), for rows edited by hand."""
SHOWN = 5
"""Rows named per rule; the rest are counted."""


@cache
def expected_triggers() -> dict[str, str]:
    """Every trigger a journal at the current schema has, with its SQL."""
    from filmjournal.storage.migrations import migrate

    fresh = Journal(sqlite3.connect(":memory:"), memory=True)
    migrate(fresh)
    return {
        str(name): str(sql)
        for name, sql in fresh.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
    }


def problems(db: Journal) -> list[str]:
    """Problems SQLite and the journal's own rules find; an empty list means healthy."""
    try:
        found = [row[0] for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
    except sqlite3.DatabaseError as error:
        return [f"the file is damaged ({error}); restore a backup (filmjournal backup makes them)"]
    try:
        found += _rule_problems(db)
        found += [
            f"review {row[1]} points at a film that does not exist"
            for row in db.execute("PRAGMA foreign_key_check")
        ]
        found += [f"the trigger {name} is missing" for name in _missing_triggers(db)]
        try:
            db.execute("INSERT INTO films_fts (films_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as error:
            found.append(f"the search index is damaged ({error})")
        stale = db.execute(
            "SELECT count(*) FROM films WHERE review_count !="
            " (SELECT count(*) FROM reviews WHERE film_id = films.id)"
        ).fetchone()[0]
        if stale:
            found.append(f"{stale} films have a review count out of step with their reviews")
        unindexed = db.execute(
            "SELECT count(*) FROM films WHERE id NOT IN (SELECT rowid FROM films_fts)"
        ).fetchone()[0]
        if unindexed:
            found.append(f"{unindexed} films are missing from the search index")
    except sqlite3.DatabaseError as error:
        found.append(f"the file is damaged ({error}); restore a backup")
    return found


def _rule_problems(db: Journal) -> list[str]:
    """Rows holding values the app could not have written."""
    found = []
    for table, column, rule, what in ROW_RULES:
        bad = rule.format(column=column)
        ids = [
            row[0] for row in db.execute(f"SELECT id FROM {table} WHERE {bad} LIMIT {SHOWN + 1}")
        ]
        if not ids:
            continue
        count = db.execute(f"SELECT count(*) FROM {table} WHERE {bad}").fetchone()[0]
        kind = table[:-1]
        named = ", ".join(str(i) for i in ids[:SHOWN]) + (
            f" and {count - SHOWN} more" if count > SHOWN else ""
        )
        found.append(f"{kind} {named}: {what} (fix it by hand, or edit it in the app)")
    return found


def _missing_triggers(db: Journal) -> list[str]:
    """The triggers a journal should have and this one lacks (dropped by hand)."""
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    present = {row[0] for row in rows}
    return [name for name in sorted(expected_triggers()) if name not in present]


def repair(db: Journal) -> list[str]:
    """Mend what can be mended (dropped triggers, ratings, counts, the search index); say
    what was done. Rows with bad values are left for a person: `problems` names them."""
    restored = _missing_triggers(db)
    for name in restored:
        db.execute(expected_triggers()[name])
    db.execute(REFRESH_SUMMARIES.format(where="1"))
    db.execute("DELETE FROM films_fts")
    db.execute(INDEX_FILMS.format(where="1"))
    done = ["Rebuilt ratings, counts and the search index."]
    if restored:
        done.append(f"Restored the trigger{'s' * (len(restored) > 1)} {', '.join(restored)}.")
    return done
