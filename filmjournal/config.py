"""The user's settings, kept as JSON beside the journal."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from filmjournal import paths
from filmjournal.core.errors import FilmJournalError


@dataclass
class Config:
    """Settings that outlive a session."""

    author: str | None = None
    """The name reviews are written under; None means the login name."""
    theme: str = "textual-dark"
    """The app's colour theme."""
    sort: str = "title"
    """The film list's sort order."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Key overrides: binding id to keys, e.g. {"film.rate-menu": "r"}."""
    tmdb_token: str | None = None
    """The user's TMDB key (TMDB_API_TOKEN wins over it); None means no TMDB."""
    rewatch_rating: int = 8
    """Rewatches due: the lowest overall rating of a film worth seeing again."""
    rewatch_years: int = 3
    """Rewatches due: how many years unseen make a film due."""
    region: str | None = None
    """Whose certifications to show, as a country code (GB, US); None: the locale's."""
    device: str | None = None
    """This machine's name in a sync folder (12 hex digits), made on its first sync. It lives
    here, never in the journal, so a copied journal does not copy its machine."""
    sync_dir: str | None = None
    """The folder `filmjournal sync` shares with the journal's other machines."""
    others: dict[str, Any] = field(default_factory=dict, repr=False)
    """Keys of config.json this version does not know (a newer one wrote them): kept, so
    saving a setting never drops them."""

    @property
    def reviewer(self) -> str:
        """The name to write reviews under."""
        if self.author and self.author.strip():
            return self.author.strip()
        try:
            return getpass.getuser()
        except (OSError, KeyError):
            return "me"


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file gives the defaults, a broken one an error."""
    path = path or paths.config_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, ValueError) as error:
        raise FilmJournalError(f"cannot read the config file {path}: {error}") from None
    if not isinstance(raw, dict):
        raise FilmJournalError(f"the config file {path} does not hold a JSON object")
    known = {f.name for f in fields(Config)} - {"others"}
    for key, value in raw.items():
        if key in known and not _valid(key, value):
            shown = json.dumps(value, ensure_ascii=True)
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            raise FilmJournalError(f"{path}: {key!r} {_RULES[key][1]}, not {shown}")
    return Config(
        **{key: value for key, value in raw.items() if key in known},
        others={key: value for key, value in raw.items() if key not in known},
    )


_RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "author": (lambda v: v is None or isinstance(v, str), "must be text (or null)"),
    "theme": (lambda v: isinstance(v, str), "must be text, the name of a theme"),
    "sort": (lambda v: isinstance(v, str), "must be text: title, year, rating or watched"),
    "rewatch_rating": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 10,
        "must be a whole number from 1 to 10",
    ),
    "rewatch_years": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 100,
        "must be a whole number of years from 0 to 100",
    ),
    "tmdb_token": (lambda v: v is None or isinstance(v, str), "must be text: a TMDB key"),
    "region": (
        lambda v: v is None or (isinstance(v, str) and len(v) == 2 and v.isalpha()),
        "must be a two-letter country code such as GB or US",
    ),
    "device": (
        lambda v: v is None or (isinstance(v, str) and re.fullmatch("[0-9a-f]{12}", v) is not None),
        "must be 12 hexadecimal digits (delete it and the next sync makes one)",
    ),
    "sync_dir": (lambda v: v is None or isinstance(v, str), "must be text: a folder"),
    "keymap": (
        lambda v: (
            isinstance(v, dict)
            and all(isinstance(k, str) and isinstance(keys, str) for k, keys in v.items())
        ),
        'must map binding ids to keys as text, e.g. {"film.add": "A"}',
    ),
}
"""What each setting must be, and how to say so."""


def _valid(key: str, value: Any) -> bool:
    """Whether a setting's value is of the kind it must be."""
    check, _ = _RULES[key]
    return check(value)


def save_config(config: Config, path: Path | None = None) -> None:
    """Write the config file atomically, so a crash never leaves half a file."""
    path = path or paths.config_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    settings = asdict(config)
    others = settings.pop("others")
    text = json.dumps(others | settings, indent=2, ensure_ascii=False) + "\n"
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
