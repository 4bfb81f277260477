"""What a sync does when two machines changed the same row: pure decisions over plain values.

SQLite's session extension finds the conflicts; these functions decide them. Every decision
is symmetric: machine A meeting B's change decides what B decides meeting A's, so the two
journals end equal whichever syncs first.

- films: column by column; where both sides changed a column, the later `updated_at` wins
  (ties go to the greater value, so both sides pick the same). A delete wins over an edit.
  Derived columns (rating, count, last watched) are never taken: they are recomputed.
- reviews: different reviews are all kept; for one review, the later edit wins per column,
  and an edit wins over a delete.
- lists and list entries: a list's id comes from its name, so the same list made on two
  machines is one list; entries are a union, a clash decided by the greater value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TABLES = ("films", "reviews", "lists", "list_films")
"""The tables a sync carries, in the order changes apply (films before their reviews)."""
DERIVED = {"films": frozenset({"overall_rating", "review_count", "last_watched"})}
"""Columns computed from other rows: never taken from a changeset, recomputed after."""
STAMP = "updated_at"
"""The column saying when a row was last edited."""
EDIT_BEATS_DELETE = frozenset({"reviews"})
"""Tables where a row edited on one side survives its deletion on the other."""


class Unchanged:
    """A column a changeset does not carry (it did not change)."""

    def __repr__(self) -> str:
        return "unchanged"


UNCHANGED = Unchanged()
"""The one value standing for a column a changeset does not carry."""


@dataclass(frozen=True)
class Overridden:
    """A value one side had that the sync did not keep: for the report."""

    row: str
    """The row, in words: "Heat (1995)", "review 12345 of Heat (1995)"."""
    column: str
    kept: Any
    dropped: Any
    why: str


def _rank(value: Any) -> tuple[int, Any]:
    """An order over SQLite values: NULL, then numbers, then text."""
    if value is None:
        return (0, 0)
    if isinstance(value, int | float):
        return (1, value)
    return (2, str(value))


def _wins(stamp: Any, value: Any, other_stamp: Any, other_value: Any) -> bool:
    """Whether (stamp, value) beats (other_stamp, other_value): later stamp, then greater
    value, so both sides of a sync choose alike."""
    return (_rank(stamp), _rank(value)) > (_rank(other_stamp), _rank(other_value))


def merge(
    table: str,
    columns: Sequence[str],
    label: str,
    old: Sequence[Any] | None,
    new: Sequence[Any],
    current: Sequence[Any],
    base: Sequence[Any] | None = None,
) -> tuple[dict[str, Any], list[Overridden]]:
    """A change from another machine meets a row this one changed too (or holds already).

    `old` is what the change expected (None for an insert), `new` what it brings
    (UNCHANGED where it brings nothing), `current` the row here, `base` the row as this
    machine last synced it (None if it never has). A column only they changed takes theirs;
    one both changed goes to the later edit. Returns the columns to write here and the
    values dropped along the way.
    """
    position = {name: i for i, name in enumerate(columns)}
    derived = DERIVED.get(table, frozenset())
    stamp_at = position.get(STAMP)
    theirs = new[stamp_at] if stamp_at is not None else None
    ours = current[stamp_at] if stamp_at is not None else None
    if theirs is UNCHANGED and old is not None and stamp_at is not None:
        theirs = old[stamp_at]
    if theirs is UNCHANGED:
        theirs = base[stamp_at] if base is not None and stamp_at is not None else None
    writes: dict[str, Any] = {}
    dropped: list[Overridden] = []
    for name, i in position.items():
        value = new[i]
        if value is UNCHANGED or name in derived or name == STAMP or value == current[i]:
            continue
        # Only they changed it: here it is still what they changed it from, and what this
        # machine last synced (else it changed here too, if only to the same value).
        unchanged_here = (
            old is not None
            and old[i] is not UNCHANGED
            and current[i] == old[i]
            and (base is None or current[i] == base[i])
        )
        if unchanged_here:
            writes[name] = value
        elif _wins(theirs, value, ours, current[i]):
            writes[name] = value
            dropped.append(Overridden(label, name, value, current[i], "theirs was later"))
        else:
            dropped.append(Overridden(label, name, current[i], value, "ours was later"))
    if stamp_at is not None and theirs is not UNCHANGED and _rank(theirs) > _rank(ours):
        writes[STAMP] = theirs  # the row was last edited when the later side edited it
    return writes, dropped


IDENTITIES = {
    "films": ("letterboxd_uri", "imdb_id", "tmdb_id"),
    "reviews": ("source_id",),
}
"""Columns naming a row outside the journal: two rows sharing one are one row, added on
two machines (a film added by hand on both, an export imported on both)."""


def combine(
    table: str, columns: Sequence[str], one: Sequence[Any], other: Sequence[Any]
) -> list[Any]:
    """Two rows that are one (twins): each column from the later-edited side where they
    differ, the same whichever side is `one`; the id is the smaller, so both machines keep
    the same."""
    position = {name: i for i, name in enumerate(columns)}
    stamp_at = position.get(STAMP)
    first = one[stamp_at] if stamp_at is not None else None
    second = other[stamp_at] if stamp_at is not None else None
    merged = []
    for name, i in position.items():
        a, b = one[i], other[i]
        if name == "id" or name == STAMP:
            merged.append(min(a, b, key=_rank) if name == "id" else max(a, b, key=_rank))
        elif a == b or b is None:
            merged.append(a)
        elif a is None:
            merged.append(b)
        else:
            merged.append(a if _wins(first, a, second, b) else b)
    return merged
