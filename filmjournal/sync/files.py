"""Changeset files in the sync folder: `DIR/<device>/<seq>.changeset`, each written once
(to a temporary name, then renamed) by the one machine whose folder it is in.

A file is a header line naming the format, then a JSON line (schema version, device,
sequence number, sizes and a SHA-256 of what follows), then the supplement (JSON: the whole
rows a changeset's updates need to be put back where the other side deleted them), then the
changeset as SQLite's session extension wrote it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filmjournal.core.errors import FilmJournalError
from filmjournal.formats.files import publish

MAGIC = b"filmjournal changeset 1\n"
"""The first line of every changeset file."""
DEVICE = re.compile(r"[0-9a-f]{12}")
"""What a device id looks like (and so which folders hold changesets)."""
NAME = re.compile(r"(?P<seq>[0-9]{1,12})\.changeset")
"""What a changeset file is called."""


@dataclass(frozen=True)
class ChangesetFile:
    """One machine's changes since its previous sync."""

    device: str
    """The machine that wrote it."""
    seq: int
    """Its place in that machine's sequence, from 1."""
    schema: int
    """The journal schema version it was written with."""
    changeset: bytes
    """The changes, as the session extension writes them."""
    supplement: dict[str, Any]
    """Whole rows beside the changes: {"reviews": {id: row}, "films": {id: row}}."""
    created: str = ""
    """When it was written (UTC, ISO 8601)."""
    after: dict[str, int] = field(default_factory=dict)
    """How far its machine had applied each other machine's changesets when writing it:
    they are applied first wherever it is applied."""


def encode(file: ChangesetFile) -> bytes:
    """The bytes of a changeset file."""
    supplement = json.dumps(file.supplement, ensure_ascii=False).encode("utf-8")
    body = supplement + file.changeset
    header = {
        "format": 1,
        "schema": file.schema,
        "device": file.device,
        "seq": file.seq,
        "created": file.created,
        "after": file.after,
        "supplement": len(supplement),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    return MAGIC + json.dumps(header).encode("ascii") + b"\n" + body


def decode(data: bytes, where: str) -> ChangesetFile:
    """Read a changeset file's bytes; a damaged or foreign file is a one-line error."""
    if not data.startswith(MAGIC):
        raise FilmJournalError(f"{where}: not a filmjournal changeset")
    line, _, body = data[len(MAGIC) :].partition(b"\n")
    try:
        header = json.loads(line)
        size, digest = int(header["supplement"]), str(header["sha256"])
        device, seq, schema = str(header["device"]), int(header["seq"]), int(header["schema"])
    except (ValueError, KeyError, TypeError):
        raise FilmJournalError(f"{where}: the header is damaged") from None
    if hashlib.sha256(body).hexdigest() != digest:
        raise FilmJournalError(f"{where}: damaged or still being copied (checksum differs)")
    try:
        supplement = json.loads(body[:size])
    except ValueError:
        raise FilmJournalError(f"{where}: the supplement is damaged") from None
    after = header.get("after", {})
    if not isinstance(after, dict) or not all(
        isinstance(d, str) and isinstance(n, int) for d, n in after.items()
    ):
        raise FilmJournalError(f"{where}: the header is damaged")
    created = str(header.get("created"))
    return ChangesetFile(device, seq, schema, body[size:], supplement, created, after)


def path_of(folder: Path, device: str, seq: int) -> Path:
    """Where a machine's changeset of a given number lives."""
    return folder / device / f"{seq}.changeset"


def write(folder: Path, file: ChangesetFile) -> Path:
    """Write a changeset file once, never over another (temporary name, then a link)."""
    target = path_of(folder, file.device, file.seq)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(encode(file))
            stream.flush()
            os.fsync(stream.fileno())
        publish(temporary, target)  # fails, rather than replaces, if the name is taken
    except FileExistsError:
        raise FilmJournalError(f"{target} already exists; it was not replaced") from None
    except OSError as error:
        raise FilmJournalError(f"cannot write {target}: {error.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return target


def last_written(folder: Path, device: str) -> int:
    """The highest sequence number in a machine's folder (0 when it has none)."""
    mine = folder / device
    numbers = [int(m["seq"]) for p in _names(mine) if (m := NAME.fullmatch(p))]
    return max(numbers, default=0)


def devices(folder: Path) -> list[str]:
    """The machines that have written to the folder."""
    return sorted(name for name in _names(folder) if DEVICE.fullmatch(name))


def _names(folder: Path) -> list[str]:
    """The names in a folder (none when it does not exist)."""
    try:
        return os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
