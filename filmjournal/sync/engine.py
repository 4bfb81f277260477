"""One sync of a journal with a folder, through SQLite's session extension (APSW).

It runs in a process of its own (`filmjournal sync`): APSW brings its own SQLite, and two
copies of SQLite must never open one file in one process (closing one drops the other's
locks, and a commit can be lost). So nothing here touches the stdlib's sqlite3.

Under one write transaction:

1. the base (the synced tables as of the last sync, kept in the journal as `sync_base_*`)
   is diffed against the journal by the session extension: this machine's changes;
2. the other machines' unseen changesets are applied, in sequence, held back when written
   by a newer schema, with conflicts decided by `policy`;
3. orphans are mended (a review of a film deleted elsewhere brings the film back; list
   entries of a gone film go) and touched films' ratings and counts recomputed;
4. this machine's changes, less any the received ones undid, go out as
   `DIR/<device>/<seq>.changeset`;
5. the base takes every touched row as it now stands, and the transaction commits.

A sync stopped anywhere leaves the journal as it was; a changeset already written is sent
again in the next one, and applying a change twice changes nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import apsw

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.text import counted
from filmjournal.storage.database import APPLICATION_ID
from filmjournal.storage.migrations import SCHEMA_VERSION
from filmjournal.sync import files
from filmjournal.sync.policy import (
    EDIT_BEATS_DELETE,
    IDENTITIES,
    TABLES,
    UNCHANGED,
    Overridden,
    combine,
    merge,
)

COUNTED = frozenset({"films", "reviews"})
"""The synced tables whose every write bumps journal_changes (lists are few: always diffed)."""
SYNCED_AT = "changes_synced"
"""The sync_state key holding `_Sync.counted()` as the last sync left the base."""

REFRESH = """
    UPDATE main.films SET overall_rating = figures.rating, review_count = figures.count,
        last_watched = figures.watched
    FROM (SELECT films.id AS id,
            (SELECT avg(rating) FROM main.reviews WHERE film_id = films.id) AS rating,
            (SELECT count(*) FROM main.reviews WHERE film_id = films.id) AS count,
            (SELECT max(watched_on) FROM main.reviews WHERE film_id = films.id) AS watched
          FROM main.films WHERE films.id IN (SELECT value FROM json_each(?))) AS figures
    WHERE films.id = figures.id AND (films.overall_rating IS NOT figures.rating
        OR films.review_count IS NOT figures.count OR films.last_watched IS NOT figures.watched)
"""
"""Recompute the ratings, counts and last-watched dates of the films named (a JSON list of
ids) that are wrong; as the journal's own triggers compute them."""


@dataclass
class Report:
    """What a sync did, in numbers and in words."""

    sent: int = 0
    """Changes written out."""
    written: str | None = None
    """The changeset file written, if any."""
    received: int = 0
    """Changes applied from other machines."""
    applied: list[str] = field(default_factory=list)
    """The changeset files applied."""
    overridden: list[Overridden] = field(default_factory=list)
    """Values one side had that were not kept."""
    notes: list[str] = field(default_factory=list)
    """Other things worth saying: files held back, films brought back, films twice."""
    backup: Path | None = None
    """The copy of the journal made before the sync."""

    def lines(self) -> list[str]:
        """The report, a line per fact."""
        lines = [
            f"sent {counted(self.sent, 'change')}" + (f" ({self.written})" if self.written else "")
        ]
        files_in = f" from {counted(len(self.applied), 'file')}" if self.applied else ""
        lines.append(f"received {counted(self.received, 'change')}{files_in}")
        for item in self.overridden:
            lines.append(
                f"{item.row}: {item.column} kept {_short(item.kept)},"
                f" dropped {_short(item.dropped)} ({item.why})"
            )
        lines.extend(self.notes)
        if self.backup is not None:
            lines.append(f"backup before the sync: {self.backup}")
        return lines


def _short(value: Any) -> str:
    """A value for the report: quoted, on one line, at most 40 characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def now() -> str:
    """The time, as the journal writes it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def sync(
    journal: Path,
    folder: Path,
    device: str,
    *,
    backup: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Sync `journal` with the changesets in `folder`, as machine `device`."""
    if not journal.is_file():
        raise FilmJournalError(f"there is no journal at {journal}")
    if journal.resolve().is_relative_to(folder.resolve()):
        raise FilmJournalError(
            f"{journal} is inside the sync folder {folder}: a live journal must never be"
            " synced as a file; keep it elsewhere"
        )
    connection = apsw.Connection(str(journal), flags=apsw.SQLITE_OPEN_READWRITE)
    try:
        connection.set_busy_timeout(10_000)
        _check_ours(connection, journal)
        report = Report()
        if backup is not None:
            report.backup = _backup(connection, backup)
        run = _Sync(connection, folder, device, report, progress or (lambda _: None))
        # Foreign keys are checked once, after mending (PRAGMA foreign_key_check): a review
        # may arrive before the film it brings back, and no delete may cascade unseen.
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("BEGIN IMMEDIATE")
        try:
            run.everything()
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return report
    except apsw.BusyError:
        raise FilmJournalError(
            f"{journal} is busy (another program is writing); try again"
        ) from None
    except apsw.Error as error:
        raise FilmJournalError(f"the sync stopped ({error}); the journal is unchanged") from None
    finally:
        connection.close()


def _check_ours(connection: apsw.Connection, journal: Path) -> None:
    """Refuse a file that is not a journal, or one at another schema version."""
    application = connection.execute("PRAGMA application_id").get
    if application != APPLICATION_ID:
        raise FilmJournalError(f"{journal} is not a filmjournal journal; it was not changed")
    version = connection.execute("PRAGMA user_version").get
    if version != SCHEMA_VERSION:
        older = version < SCHEMA_VERSION
        raise FilmJournalError(
            f"{journal} is at schema {version}, this filmjournal at {SCHEMA_VERSION}: "
            + ("open it once (filmjournal list) to upgrade it" if older else "upgrade filmjournal")
        )


def _backup(connection: apsw.Connection, target: Path) -> Path:
    """Copy the journal to `target` with SQLite's backup API."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    copy = apsw.Connection(str(target))
    try:
        with copy.backup("main", connection, "main") as step:
            step.step()
    finally:
        copy.close()
    target.chmod(0o600)
    return target


Key = tuple[Any, ...]


class _Sync:
    """The steps of one sync, over one connection inside one transaction."""

    def __init__(
        self,
        connection: apsw.Connection,
        folder: Path,
        device: str,
        report: Report,
        progress: Callable[[str], None],
    ) -> None:
        self.db = connection
        self.folder = folder
        self.device = device
        self.report = report
        self.progress = progress
        self.columns = {table: self._columns(table) for table in TABLES}
        self.keys = {table: self._key(table) for table in TABLES}
        self.touched: dict[str, set[Key]] = defaultdict(set)
        """Rows written by this sync, by table: the base takes them as they end."""
        self.dropped: list[tuple[Any, ...]] = []
        """List entries whose film or list is gone, dropped by `mend`."""
        self.brought_back: set[Key] = set()
        """Films put back because a review outlived them: left out of the base, so that the
        next sync sends them, and a machine that deleted one gets it back too."""
        self.new_films: set[Key] = set()
        """Films this machine's changes bring as new (among them any brought back by the
        last sync)."""
        self.deleted_new_films: set[Key] = set()
        """Of those, the ones a changeset received in this sync deletes."""

    # The base ----------------------------------------------------------------------------

    def _columns(self, table: str) -> list[str]:
        return [row[1] for row in self.db.execute(f"PRAGMA main.table_info({table})")]

    def _key(self, table: str) -> list[str]:
        info = sorted((row[5], row[1]) for row in self.db.execute(f"PRAGMA table_info({table})"))
        return [name for place, name in info if place > 0]

    def _declare(self, table: str, name: str, schema: str = "main") -> None:
        """Create `schema.name` with `table`'s columns and primary key, and no rules."""
        info = self.db.execute(f"PRAGMA main.table_info({table})").get
        columns = ", ".join(f'"{row[1]}" {row[2]}' for row in info)
        key = ", ".join(f'"{k}"' for k in self.keys[table])
        self.db.execute(f'CREATE TABLE {schema}."{name}" ({columns}, PRIMARY KEY ({key}))')

    def prepare_base(self) -> None:
        """Make the base tables and bookkeeping on first sync; give the base any column a
        migration has added to the journal since."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS main.sync_devices"
            " (device TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)"
        )
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS main.sync_state (key TEXT PRIMARY KEY, value TEXT)"
        )
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS main.sync_twins"
            " (tbl TEXT, gone INTEGER, kept INTEGER NOT NULL, PRIMARY KEY (tbl, gone))"
        )
        for table in TABLES:
            base = f"sync_base_{table}"
            have = [row[1] for row in self.db.execute(f"PRAGMA main.table_info({base})")]
            if not have:
                self._declare(table, base)
                continue
            for row in self.db.execute(f"PRAGMA main.table_info({table})").fetchall():
                if row[1] not in have:
                    default = f" DEFAULT {row[4]}" if row[4] is not None else ""
                    self.db.execute(
                        f'ALTER TABLE main.{base} ADD COLUMN "{row[1]}" {row[2]}{default}'
                    )

    def changes_here(self, tables: Iterable[str] = TABLES) -> bytes:
        """This machine's changes to `tables` since the last sync, as a changeset."""
        tables = list(tables)
        for table in tables:
            self._declare(table, table, "temp")
            names = ", ".join(f'"{c}"' for c in self.columns[table])
            self.db.execute(
                f"INSERT INTO temp.{table} ({names}) SELECT {names} FROM main.sync_base_{table}"
            )
        session = apsw.Session(self.db, "main")
        try:
            for table in tables:
                session.attach(table)
                session.diff("temp", table)
            return session.changeset()
        finally:
            session.close()
            for table in tables:
                self.db.execute(f"DROP TABLE temp.{table}")

    def counted(self) -> str:
        """Where the journal's count of writes to its films and reviews stands (bumped by
        trigger on every write), with the schema it was counted under."""
        count = self.db.execute("SELECT changes FROM main.journal_changes").get
        return f"{SCHEMA_VERSION}:{count}"

    def unchanged(self) -> frozenset[str]:
        """The tables that need no diffing: films and reviews when nothing has written to
        them since the last sync left its base equal to them (diffing a large journal's
        base, a copy of every film and review, is most of a sync with nothing to send).
        Without every trigger that counts their writes (one dropped by hand), they are
        diffed each time."""
        names = [f"{table}_changed_{when}" for table in COUNTED for when in ("ai", "au", "ad")]
        marks = ", ".join("?" * len(names))
        counting = self.db.execute(
            f"SELECT count(*) FROM main.sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
            names,
        ).get
        same = counting == len(names) and self._state(SYNCED_AT) == self.counted()
        return COUNTED if same else frozenset()

    # One sync ----------------------------------------------------------------------------

    def everything(self) -> None:
        """Find this machine's changes, receive the others', mend, send ours, and bring the
        base up to date.

        Ours are found before the others' are applied (the base tells them apart), and
        written after, less any the received ones undid: a film ours would bring back that
        a received change deletes again (a machine that deleted it knowing its reviews would
        get it back, and hold it alone), or a row ours deletes that a received change put
        back (a list entry dropped with its film, the film brought back since: the others
        would drop an entry this machine keeps).
        """
        self.prepare_base()
        unchanged = self.unchanged()
        outgoing = self.changes_here(t for t in TABLES if t not in unchanged)
        for change in apsw.Changeset.iter(outgoing) if outgoing else ():
            key = self._key_of(change)
            self.touched[change.name].add(key)
            if change.name == "films" and change.op == "INSERT":
                self.new_films.add(key)
        self.receive()
        if self.touched or self.report.applied:
            self.mend()
        if outgoing:
            outgoing = self._without(outgoing, self._undone(outgoing))
        if outgoing:
            self.send(outgoing)
        self.absorb()
        self._state("last_sync", now())
        # Films brought back stay out of the base, for the next sync to send: it must diff.
        self._state(SYNCED_AT, "" if self.brought_back else self.counted())

    def _undone(self, changeset: bytes) -> set[tuple[str, Key]]:
        """This machine's changes that the changes received since undid."""
        undone = set()
        for change in apsw.Changeset.iter(changeset):
            key = self._key_of(change)
            if change.op == "INSERT" and change.name == "films":
                gone = key in self.deleted_new_films and self._row("films", key) is None
                if gone:
                    undone.add((change.name, key))
            elif change.op == "DELETE" and self._row(change.name, key) is not None:
                undone.add((change.name, key))
        return undone

    def _without(self, changeset: bytes, undone: set[tuple[str, Key]]) -> bytes:
        """`changeset` less the changes `undone`."""
        if not undone:
            return changeset
        builder = apsw.ChangesetBuilder()  # type: ignore[no-untyped-call]
        try:
            builder.schema(self.db, "main")
            for change in apsw.Changeset.iter(changeset):
                if (change.name, self._key_of(change)) not in undone:
                    builder.add_change(change)
            return builder.output()
        finally:
            builder.close()

    def send(self, changeset: bytes) -> None:
        """Write this machine's changes as its next changeset file."""
        supplement: dict[str, dict[str, Any]] = {"reviews": {}, "films": {}}
        count = 0
        for change in apsw.Changeset.iter(changeset):
            count += 1
            key = self._key_of(change)
            if change.name != "reviews" or change.op == "DELETE":
                continue
            row = self._row("reviews", key)
            if row is not None:
                supplement["reviews"][str(key[0])] = row
                film = self._row("films", (row["film_id"],))
                if film is not None:
                    supplement["films"][str(row["film_id"])] = film
        kept = int(self._state("last_seq") or 0)
        seq = max(kept, files.last_written(self.folder, self.device)) + 1
        written = files.write(
            self.folder,
            files.ChangesetFile(
                self.device, seq, SCHEMA_VERSION, changeset, supplement, now(), self.applied()
            ),
        )
        self._state("last_seq", str(seq))
        self.report.sent, self.report.written = count, str(written)

    def applied(self) -> dict[str, int]:
        """How far each other machine's changesets have been applied here."""
        rows = self.db.execute("SELECT device, last_seq FROM main.sync_devices")
        return {str(device): int(seq) for device, seq in rows}

    def receive(self) -> None:
        """Apply the other machines' changesets not yet applied here, each machine's in
        order, and each only once what its machine had applied when writing it is applied
        here too (a film's edit never arrives before the film). A gap, a damaged file or one
        written by a newer filmjournal holds back that machine's later files."""
        done = self.applied()
        waiting: dict[str, files.ChangesetFile] = {}
        held: set[str] = set()
        moved = True
        while moved:
            moved = False
            for device in files.devices(self.folder):
                if device == self.device or device in held:
                    continue
                seq = done.get(device, 0) + 1
                changes = waiting.get(device) or self._read(device, seq, held)
                if changes is None:
                    continue
                behind = {d: n for d, n in changes.after.items() if d != self.device}
                if any(done.get(d, 0) < n for d, n in behind.items()):
                    waiting[device] = changes  # it needs another machine's changes first
                    continue
                waiting.pop(device, None)
                where = f"{device}/{seq}.changeset"
                self.progress(f"applying {where}")
                _Apply(self, changes).run()
                self.report.applied.append(where)
                done[device] = seq
                self.db.execute(
                    "INSERT OR REPLACE INTO main.sync_devices (device, last_seq) VALUES (?, ?)",
                    (device, seq),
                )
                moved = True
        for device, changes in waiting.items():
            self.report.notes.append(
                f"held back {device}/{changes.seq}.changeset: it follows changes not in the"
                " folder yet; it is applied once they arrive"
            )

    def _read(self, device: str, seq: int, held: set[str]) -> files.ChangesetFile | None:
        """A machine's next changeset, or None (noting why, if it is there but unusable)."""
        path = files.path_of(self.folder, device, seq)
        if not path.is_file():
            return None
        where = f"{device}/{seq}.changeset"
        try:
            changes = files.decode(path.read_bytes(), where)
        except (FilmJournalError, OSError) as error:
            self.report.notes.append(f"held back {error}; it is tried again next time")
            held.add(device)
            return None
        if changes.schema > SCHEMA_VERSION:
            self.report.notes.append(
                f"held back {where}: written by a newer filmjournal (schema {changes.schema},"
                f" this is {SCHEMA_VERSION}); upgrade to apply it"
            )
            held.add(device)
            return None
        return changes

    def mend(self) -> None:
        """Bring back films whose reviews outlived them, drop list entries whose film or
        list is gone, and recompute the ratings and counts of every film touched."""
        names = ", ".join(f'"{c}"' for c in self.columns["list_films"])
        self.dropped = self.db.execute(
            f"DELETE FROM main.list_films WHERE film_id NOT IN (SELECT id FROM main.films)"
            f" OR list_id NOT IN (SELECT id FROM main.lists) RETURNING {names}"
        ).fetchall()
        self.touched["list_films"] |= {(row[0], row[1]) for row in self.dropped}
        films = {key[0] for key in self.touched["films"]}
        reviewed = json.dumps([key[0] for key in self.touched["reviews"]])
        films |= {
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT film_id FROM main.reviews"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (reviewed,),
            )
        }
        touched = (json.dumps(sorted(films)),)
        if films:
            # Only the films whose figures are wrong are written: a write re-indexes a film.
            self.db.execute(REFRESH, touched)
            self.touched["films"] |= {(film,) for film in films}
        twice = self.db.execute(
            "SELECT DISTINCT title || coalesce(' (' || year || ')', '') FROM main.films AS f"
            " WHERE id IN (SELECT value FROM json_each(?)) AND EXISTS (SELECT 1 FROM"
            " main.films AS g WHERE g.title = f.title COLLATE NOCASE AND g.year IS f.year"
            " AND g.id != f.id)",
            touched,
        ).fetchall()
        for (label,) in twice:
            self.report.notes.append(
                f"{label} is in the journal twice (added on two machines, with no IMDb or TMDB"
                " id to tell they are one): delete one"
            )
        orphans = self.db.execute("PRAGMA main.foreign_key_check").fetchall()
        if orphans:
            raise FilmJournalError(f"the sync left rows pointing nowhere ({orphans[:3]}); undone")

    def absorb(self) -> None:
        """Give the base every touched row as it now stands in the journal."""
        for table, keys in self.touched.items():
            names = ", ".join(f'"{c}"' for c in self.columns[table])
            key = ", ".join(f'"{k}"' for k in self.keys[table])
            picked = ", ".join(f"value ->> {i}" for i in range(len(self.keys[table])))
            chosen = f"({key}) IN (SELECT {picked} FROM json_each(?))"
            touched = (json.dumps([list(k) for k in keys]),)
            self.db.execute(f"DELETE FROM main.sync_base_{table} WHERE {chosen}", touched)
            if table == "films" and self.brought_back:
                kept = [list(k) for k in keys - self.brought_back]
                touched = (json.dumps(kept),)
            self.db.execute(
                f"INSERT INTO main.sync_base_{table} ({names})"
                f" SELECT {names} FROM main.{table} WHERE {chosen}",
                touched,
            )
        # Entries dropped with their film stay in the base, so the next sync sends their
        # deletion to a machine that brought the film back.
        names = ", ".join(f'"{c}"' for c in self.columns["list_films"])
        marks = ", ".join("?" for _ in self.columns["list_films"])
        for row in self.dropped:
            self.db.execute(
                f"INSERT OR REPLACE INTO main.sync_base_list_films ({names}) VALUES ({marks})", row
            )

    # Twins: one film added on two machines -------------------------------------------

    def twin_of(self, table: str, row: dict[str, Any]) -> dict[str, Any] | None:
        """The row here that `row` is another copy of (the same IMDb id, Letterboxd
        address, TMDB id or import source), if any."""
        for column in IDENTITIES.get(table, ()):
            if row.get(column) is None:
                continue
            found = self.db.execute(
                f"SELECT id FROM main.{table} WHERE {column} = ? AND id != ?",
                (row[column], row["id"]),
            ).fetchone()
            if found is not None:
                return self._row(table, (found[0],))
        return None

    def merge_twins(self, table: str, ours: dict[str, Any], theirs: dict[str, Any]) -> None:
        """Make two copies of one film (or review) one, under the smaller id, as the other
        machine does, moving reviews and list places to it."""
        columns = self.columns[table]
        merged = dict(
            zip(
                columns,
                combine(table, columns, [ours[c] for c in columns], [theirs[c] for c in columns]),
                strict=True,
            )
        )
        kept = merged["id"]
        gone = theirs["id"] if kept == ours["id"] else ours["id"]
        identities = IDENTITIES.get(table, ())
        if gone == ours["id"]:  # the other machine's id wins: ours steps aside
            blanks = ", ".join(f"{c} = NULL" for c in identities)
            self.db.execute(f"UPDATE main.{table} SET {blanks} WHERE id = ?", (gone,))
            self.put_back(table, merged)
        else:
            self.write(table, (kept,), {c: v for c, v in merged.items() if v != ours[c]})
        self.db.execute(
            "INSERT OR REPLACE INTO main.sync_twins (tbl, gone, kept) VALUES (?, ?, ?)",
            (table, gone, kept),
        )
        self.follow_twins()
        self.db.execute(f"DELETE FROM main.{table} WHERE id = ?", (gone,))
        self.touched[table] |= {(gone,), (kept,)}
        what = self.label(table, (kept,))
        self.report.notes.append(f"{what}: added on two machines; now one")

    def follow_twins(self) -> None:
        """Point reviews and list places at the copy of a film that was kept, and find
        films that are twins by TMDB id (which the journal does not keep unique)."""
        for table, gone, kept in self.db.execute(
            "SELECT tbl, gone, kept FROM main.sync_twins"
        ).fetchall():
            if table != "films":
                continue
            moved = self.db.execute(
                "UPDATE main.reviews SET film_id = ? WHERE film_id = ? RETURNING id", (kept, gone)
            ).fetchall()
            self.touched["reviews"] |= {(review,) for (review,) in moved}
            places = self.db.execute(
                "DELETE FROM main.list_films WHERE film_id = ? RETURNING list_id, position, note",
                (gone,),
            ).fetchall()
            for list_id, place, note in places:
                self.db.execute(
                    "INSERT OR IGNORE INTO main.list_films (list_id, film_id, position, note)"
                    " VALUES (?, ?, ?, ?)",
                    (list_id, kept, place, note),
                )
                self.touched["list_films"] |= {(list_id, gone), (list_id, kept)}
        for (film,) in [key for key in self.touched["films"] if len(key) == 1]:
            row = self._row("films", (film,))
            twin = None if row is None or row.get("tmdb_id") is None else self.twin_of("films", row)
            if row is not None and twin is not None:
                self.merge_twins("films", twin, row)

    # Helpers -----------------------------------------------------------------------------

    def _key_of(self, change: apsw.TableChange) -> Key:
        values = change.old if change.old is not None else change.new or ()
        return tuple(values[i] for i in sorted(change.pk_columns))

    def _row(self, table: str, key: Key, source: str = "") -> dict[str, Any] | None:
        match = " AND ".join(f'"{k}" = ?' for k in self.keys[table])
        names = ", ".join(f'"{c}"' for c in self.columns[table])
        found = self.db.execute(
            f"SELECT {names} FROM main.{source}{table} WHERE {match}", key
        ).fetchone()
        return None if found is None else dict(zip(self.columns[table], found, strict=True))

    def label(self, table: str, key: Key) -> str:
        """A row in words, for the report: "Heat (1995)", "a review of Heat (1995)"."""
        film_id = key[0] if table == "films" else key[-1] if table == "list_films" else None
        if table == "reviews":
            found = self.db.execute("SELECT film_id FROM main.reviews WHERE id = ?", key)
            film_id = (found.fetchone() or (None,))[0]
        title = self.db.execute(
            "SELECT title || coalesce(' (' || year || ')', '') FROM main.films WHERE id = ?",
            (film_id,),
        ).fetchone()
        named = title[0] if title else f"film {film_id}"
        if table == "films":
            return named
        if table == "reviews":
            return f"a review of {named}"
        return f"{table} {key}"

    def base_row(self, table: str, key: Key) -> dict[str, Any] | None:
        """A row as it stood at the last sync."""
        return self._row(table, key, "sync_base_")

    def _state(self, key: str, value: str | None = None) -> str | None:
        if value is not None:
            self.db.execute(
                "INSERT OR REPLACE INTO main.sync_state (key, value) VALUES (?, ?)", (key, value)
            )
            return value
        row = self.db.execute("SELECT value FROM main.sync_state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def write(self, table: str, key: Key, values: dict[str, Any]) -> None:
        """Set some columns of a row."""
        if not values:
            return
        sets = ", ".join(f'"{name}" = ?' for name in values)
        match = " AND ".join(f'"{k}" = ?' for k in self.keys[table])
        self.db.execute(f"UPDATE main.{table} SET {sets} WHERE {match}", (*values.values(), *key))
        self.touched[table].add(key)

    def put_back(self, table: str, row: dict[str, Any]) -> None:
        """Insert a whole row (a film or review brought back), unless it is there."""
        known = [c for c in self.columns[table] if c in row]
        names = ", ".join(f'"{c}"' for c in known)
        marks = ", ".join("?" for _ in known)
        self.db.execute(
            f"INSERT OR IGNORE INTO main.{table} ({names}) VALUES ({marks})",
            tuple(row[c] for c in known),
        )
        self.touched[table].add(tuple(row[k] for k in self.keys[table]))


class _Apply:
    """One changeset from another machine, applied with the conflict policy."""

    def __init__(self, sync: _Sync, changes: files.ChangesetFile) -> None:
        self.sync = sync
        self.changes = changes
        self.deleted_films: dict[Any, dict[str, Any]] = {}
        """Films this changeset deletes, as they stood here: a review written here may need
        its film back."""
        self.later: list[Callable[[], None]] = []
        """Writes decided during the apply, made once it is done."""

    def run(self) -> None:
        columns = self.sync.columns["films"]
        for change in apsw.Changeset.iter(self.changes.changeset):
            if change.name not in TABLES:
                continue
            key = self.sync._key_of(change)
            self.sync.touched[change.name].add(key)
            self.sync.report.received += 1
            if change.name == "films" and change.op == "DELETE":
                self.deleted_films[key[0]] = dict(zip(columns, change.old or (), strict=True))
                if key in self.sync.new_films:
                    self.sync.deleted_new_films.add(key)
        apsw.Changeset.apply(
            self.changes.changeset,
            self.sync.db,
            filter=lambda table: table in TABLES,  # a crafted file touches nothing else
            conflict=self.conflict,
        )
        for write in self.later:
            write()
        self.sync.follow_twins()
        self.bring_back_films()

    def conflict(self, reason: int, change: apsw.TableChange) -> int:
        """Decide one conflict (see policy); writes that need more than SQLite's choices
        are kept for after the apply."""
        if reason == apsw.SQLITE_CHANGESET_FOREIGN_KEY:
            return apsw.SQLITE_CHANGESET_OMIT  # mended after the apply
        table, key = change.name, self.sync._key_of(change)
        columns = self.sync.columns[table]
        if reason == apsw.SQLITE_CHANGESET_CONSTRAINT:
            theirs = dict(zip(columns, _values(change.new), strict=True))
            ours = self.sync.twin_of(table, theirs) if change.op == "INSERT" else None
            if ours is None:
                self.sync.report.notes.append(
                    f"{table} {key}: not applied, it clashes with a row here ({_short(change.new)})"
                )
            else:
                self.later.append(lambda: self.sync.merge_twins(table, ours, theirs))
            return apsw.SQLITE_CHANGESET_OMIT
        current = list(change.conflict) if change.conflict is not None else None
        if change.op == "DELETE":
            if reason == apsw.SQLITE_CHANGESET_NOTFOUND or current is None:
                return apsw.SQLITE_CHANGESET_OMIT
            if table in EDIT_BEATS_DELETE:
                self.sync.report.notes.append(
                    f"{self.sync.label(table, key)}: edited here, deleted there; kept"
                )
                return apsw.SQLITE_CHANGESET_OMIT
            if table == "films":
                self.deleted_films[key[0]] = dict(zip(columns, current, strict=True))
            self.sync.report.notes.append(
                f"{self.sync.label(table, key)}: edited here, deleted there; deleted"
            )
            return apsw.SQLITE_CHANGESET_REPLACE
        if reason == apsw.SQLITE_CHANGESET_NOTFOUND:
            row = self.changes.supplement.get(table, {}).get(str(key[0]))
            if table in EDIT_BEATS_DELETE and row is not None:
                self.later.append(lambda: self.sync.put_back(table, row))
                self.sync.report.notes.append(
                    f"a review deleted here, edited there: kept ({key[0]})"
                )
            return apsw.SQLITE_CHANGESET_OMIT
        if current is None:
            return apsw.SQLITE_CHANGESET_ABORT
        old = None if change.op == "INSERT" else _values(change.old)
        base = self.sync.base_row(table, key)
        kept = None if base is None else [base[c] for c in columns]
        label = self.sync.label(table, key)
        writes, dropped = merge(table, columns, label, old, _values(change.new), current, kept)
        self.sync.report.overridden.extend(dropped)
        self.later.append(lambda: self.sync.write(table, key, writes))
        return apsw.SQLITE_CHANGESET_OMIT

    def bring_back_films(self) -> None:
        """A review whose film this changeset deleted, or whose film is only in the other
        machine's supplement, brings its film back: words are never dropped."""
        orphans = self.sync.db.execute(
            "SELECT DISTINCT film_id FROM main.reviews"
            " WHERE film_id NOT IN (SELECT id FROM main.films)"
        ).fetchall()
        for (film_id,) in orphans:
            row = self.deleted_films.get(film_id) or self.changes.supplement.get("films", {}).get(
                str(film_id)
            )
            if row is None:
                raise FilmJournalError(
                    f"{self.changes.device}/{self.changes.seq}.changeset: a review of film"
                    f" {film_id} arrived without its film; not applied"
                )
            self.sync.put_back("films", row)
            self.sync.brought_back.add((film_id,))
            self.sync.report.notes.append(
                f"{_short(row.get('title'))} was deleted on one machine and reviewed on the"
                " other: kept, with the review"
            )


def _values(values: Iterable[Any] | None) -> list[Any]:
    """A changeset's row, with APSW's marker for columns it does not carry replaced."""
    return [UNCHANGED if value is apsw.no_change else value for value in values or ()]
