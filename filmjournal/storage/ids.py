"""Ids that two machines can each make without meeting: random 63-bit integers.

Films, reviews and lists keep `INTEGER PRIMARY KEY` ids, so foreign keys, indexes and the
search index stay as they were; but a new row's id is drawn at random rather than being
max(id)+1, so two copies of one journal that each add a film never give both the same id,
and their changesets merge. A list's id comes from its name, so two machines that each
create "Favourites" make the same list.
"""

from __future__ import annotations

import bisect
import hashlib
import secrets
from collections.abc import Callable

from filmjournal.storage.database import Journal

SHORTEST = 6
"""The fewest digits a short id has."""


def random_id() -> int:
    """A random positive 63-bit id."""
    return secrets.randbits(63) or 1


def as_id(text: str) -> int | None:
    """`text` as an id, if it is one: digits only, and small enough to be a row's id."""
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value < 2**63 else None


def is_free(db: Journal, table: str, row_id: int) -> bool:
    """Whether no row of `table` has the id `row_id`."""
    return db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [row_id]).fetchone() is None


def new_id(db: Journal, table: str, draw: Callable[[], int] = random_id) -> int:
    """A random id (from `draw`) that `table` does not hold yet."""
    while True:
        candidate = draw()
        if is_free(db, table, candidate):
            return candidate


def list_id(name: str) -> int:
    """The id of the list called `name`: the same on every machine."""
    digest = hashlib.sha256(b"filmjournal list\0" + name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 1 or 1


def short_ids(db: Journal, table: str, shown: list[int]) -> dict[int, str]:
    """Short forms of the ids in `shown`: the fewest leading digits (at least SHORTEST) that
    name only that row of `table` and that no other id equals."""
    texts = sorted(str(row[0]) for row in db.execute(f"SELECT id FROM [{table}]"))
    short: dict[int, str] = {}
    for row_id in shown:
        text = str(row_id)
        at = bisect.bisect_left(texts, text)
        common = max(
            (_shared(text, other) for other in texts[max(0, at - 1) : at] + texts[at + 1 : at + 2]),
            default=0,
        )
        short[row_id] = text[: max(SHORTEST, common + 1)]
    return short


def _shared(a: str, b: str) -> int:
    """How many leading characters `a` and `b` share."""
    same = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        same += 1
    return same


def with_prefix(db: Journal, table: str, digits: str, where: str = "1") -> list[int]:
    """The ids of `table` that start with `digits` (a short id), among rows `where` picks."""
    if len(digits) < SHORTEST or not digits.isdigit():
        return []
    sql = f"SELECT id FROM [{table}] WHERE substr(CAST(id AS TEXT), 1, ?) = ? AND {where} LIMIT 10"
    return [int(row[0]) for row in db.execute(sql, [len(digits), digits])]
