"""FilmStore: the journal's films and reviews, read and written through sqlite-utils.

It brings together the store's parts (filing films, reviewing, searching, over StoreBase)
and keeps the journal whole: backups, checks, drafts, statistics and imports."""

from __future__ import annotations

import contextlib
import re
import secrets
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filmjournal.core.errors import (
    FilmJournalError,
)
from filmjournal.core.importing import (
    ImportBatch,
    ImportSummary,
    as_imported,
)
from filmjournal.core.models import (
    Draft,
    FilmRecord,
)
from filmjournal.core.stats import Stats
from filmjournal.storage import health
from filmjournal.storage.base import RollBack, explain, locked
from filmjournal.storage.busy import import_note
from filmjournal.storage.database import open_database
from filmjournal.storage.filing import Filing
from filmjournal.storage.importer import Importer
from filmjournal.storage.reviewing import Reviewing
from filmjournal.storage.rows import (
    draft_from_row,
)
from filmjournal.storage.search import Searching
from filmjournal.storage.stats import cached as cached_stats
from filmjournal.storage.stats import kept as kept_stats

LEGACY_DRAFT = re.compile(r"legacy(?P<film>[0-9]+)x(?P<review>[0-9]+)")
"""The key of a draft kept in the journal's drafts table by an older version."""


def _draft_age(draft: Draft) -> datetime:
    """When a draft was last kept, for ordering (unknown counts as oldest)."""
    return draft.updated_at or datetime.min.replace(tzinfo=UTC)


FINGERPRINT = """
    SELECT (SELECT changes FROM journal_changes),
        (SELECT count(*) || ' ' || total(length(name) + length(description)) FROM lists),
        (SELECT count(*) || ' ' || total(position * (film_id % 1000003) + length(note))
            FROM list_films)
"""
"""What moves with every write a person can make: films and reviews count their changes (by
trigger, for the statistics); lists are small enough to sum (each place weighed by its film,
so that two films swapping places changes the sum)."""


@dataclass(frozen=True)
class Checkpoint:
    """The journal as it was before a large change, copied aside so that the change can be
    taken back whole, as long as nothing else has changed since."""

    copy: Path
    """The copy (SQLite's backup), beside the journal."""
    after: tuple[object, ...] = ()
    """The journal's fingerprint once the change was made."""


class FilmStore(Filing, Reviewing, Searching):
    """Films and reviews in one SQLite journal. Takes and returns core objects, never rows."""

    @locked
    def check(self) -> list[str]:
        """Problems SQLite and the journal's own rules find; an empty list means healthy."""
        return health.problems(self.db)

    @locked
    def repair(self) -> list[str]:
        """Restore dropped triggers; rebuild every film's rating, count, last-watched date and
        search row. Returns what was done, in words."""
        with self._write():
            return health.repair(self.db)

    @locked
    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the journal."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    @locked
    def last_synced(self) -> datetime | None:
        """When `filmjournal sync` last ran on this journal (None: never)."""
        try:
            row = self.db.execute("SELECT value FROM sync_state WHERE key = 'last_sync'").fetchone()
            return datetime.fromisoformat(row[0]) if row else None
        except (sqlite3.OperationalError, ValueError, TypeError):  # never synced, or edited
            return None

    def save_draft(self, draft: Draft) -> Draft:
        """Keep unsaved review text; only this draft's own earlier state is replaced."""
        return self.draft_box.keep(draft)

    def drafts(self) -> list[Draft]:
        """Every unsaved draft, newest first, including any an older version kept in the
        journal itself."""
        kept = self.draft_box.drafts()
        with self._lock:
            try:
                legacy = self._fetch("SELECT * FROM drafts", [], draft_from_row)
            except sqlite3.Error:
                legacy = []
        return sorted(kept + legacy, key=_draft_age)[::-1]

    def drop_draft(self, key: str) -> None:
        """Forget a draft (it was saved or discarded); no other draft is touched."""
        legacy = LEGACY_DRAFT.fullmatch(key)
        if legacy is None:
            self.draft_box.drop(key)
            return
        with self._lock, self._write():
            self.db.execute(
                "DELETE FROM drafts WHERE film_id = ? AND review_id = ?",
                [int(legacy["film"]), int(legacy["review"])],
            )

    @locked
    def stats(self, year: int | None = None) -> Stats:
        """Statistics for the whole journal, or for one year, computed in SQL."""
        return cached_stats(self.db, year)

    @locked
    def stats_kept(self, year: int | None = None) -> tuple[Stats, bool] | None:
        """The statistics last computed for the period, and whether they are still current
        (None when none were kept)."""
        return kept_stats(self.db, year)

    def stats_apart(self, year: int | None = None) -> Stats:
        """The statistics, computed (when not kept) on a connection of their own.

        A large journal takes seconds to count; on the shared connection that would hold up
        every other read and write. One count runs at a time: a second caller waits for it
        and finds the figures kept. stop_stats() interrupts it. A journal without a file (in
        memory) is counted on the shared connection.
        """
        if self.path is None:
            return self.stats(year)
        with self._counting:
            db = open_database(self.path, create=False)
            self._counter = db.conn
            try:
                return cached_stats(db, year)
            except sqlite3.OperationalError as error:
                raise explain(error, self.path) from error
            finally:
                self._counter = None
                db.close()

    def stop_stats(self) -> None:
        """Interrupt a count running on its own connection (the app is closing)."""
        counter = self._counter
        if counter is not None:
            counter.interrupt()

    @locked
    def restore(self, film_id: int, record: FilmRecord | None) -> None:
        """Put a film back as `record` holds it (None: the film did not exist), ids and
        all, in one transaction: what undo does."""
        with self._write():
            self.db.execute("DELETE FROM films WHERE id = ?", [film_id])
            if record is not None:
                summary = ImportSummary()
                importer = Importer(self.db, self._now(), "", summary, self.ids)
                importer.restoring = True
                importer.run([as_imported(record)], None)

    @locked
    def checkpoint(self) -> Checkpoint:
        """Copy the journal aside before a change too large to remember film by film."""
        folder = self.path.parent if self.path else Path(tempfile.gettempdir())
        stem = self.path.name if self.path else "journal"
        return Checkpoint(self.backup(folder / f".{stem}.undo-{secrets.token_hex(6)}"))

    @locked
    def fingerprint(self) -> tuple[object, ...]:
        """What the journal holds, in brief: it moves with every write, this program's or
        another's."""
        return tuple(self.db.execute(FINGERPRINT).fetchone())

    @locked
    def return_to(self, checkpoint: Checkpoint) -> None:
        """Put the journal back as `checkpoint` copied it, if it holds what it held just
        after the change; otherwise say so and change nothing (later words are never lost
        to an undo)."""
        if self.fingerprint() != checkpoint.after:
            raise FilmJournalError(
                "the journal has changed since then (here or in another program); not undone,"
                " so that nothing newer is lost"
            )
        source = sqlite3.connect(f"file:{checkpoint.copy}?mode=ro", uri=True)
        try:
            source.backup(self.db.conn)
        except sqlite3.Error as error:
            raise FilmJournalError(f"the undo failed ({error}); the journal is unchanged") from None
        finally:
            source.close()
        self._match_counts.clear()
        self.forget(checkpoint)

    @staticmethod
    def forget(checkpoint: Checkpoint) -> None:
        """Remove a checkpoint's copy, with any -wal or -shm file SQLite kept beside it."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{checkpoint.copy}{suffix}").unlink()

    def apply_import(
        self,
        batch: ImportBatch,
        *,
        author: str,
        dry_run: bool = False,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> ImportSummary:
        """Bring a batch into the journal in one transaction, matching what is already there.

        Films match by Letterboxd address, then IMDb id, then normalised title and year; a
        match only fills in what the journal lacks. Reviews match by their source id, or by
        identical content, so importing the same export twice changes nothing. With
        `dry_run` the transaction is rolled back and the summary says what would happen.
        """
        summary = ImportSummary(skipped=Counter(batch.skipped), dry_run=dry_run)

        def progress(done: int, total: int) -> None:
            note(done, total)
            if on_progress is not None:
                on_progress(done, total)

        with self._lock, import_note(self.path) as note:
            try:
                with self._write():
                    Importer(self.db, self._now(), author, summary, self.ids).run(
                        batch.films, progress
                    )
                    if dry_run:
                        raise RollBack
            except RollBack:
                pass
            except sqlite3.OperationalError as error:
                raise explain(error, self.path) from error
            except sqlite3.DatabaseError as error:
                raise FilmJournalError(
                    f"the import was stopped ({error}); nothing was written"
                ) from error
        return summary
