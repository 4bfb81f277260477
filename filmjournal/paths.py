"""Where filmjournal keeps its files. Folders are created when asked for, never at import."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "filmjournal"
"""The name used for the user's data and config folders."""
DB_ENV = "FILMJOURNAL_DB"
"""Environment variable naming the journal file."""
HOME_ENV = "FILMJOURNAL_HOME"
"""Environment variable moving data and config together (the seam tests use)."""
PRIVATE = 0o700
"""The mode of every folder filmjournal creates: a journal is private writing."""


def _home() -> Path | None:
    """The folder FILMJOURNAL_HOME names, if set."""
    home = os.environ.get(HOME_ENV)
    return Path(home).expanduser() if home else None


def data_dir() -> Path:
    """The folder holding the journal, created if missing."""
    folder = _home() or platformdirs.user_data_path(APP_NAME)
    folder.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
    return folder


def config_dir() -> Path:
    """The folder holding the config file, created if missing."""
    folder = _home() or platformdirs.user_config_path(APP_NAME)
    folder.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
    return folder


def default_db_path() -> Path:
    """Where the journal lives unless told otherwise."""
    return data_dir() / "journal.db"


def db_path(override: Path | str | None = None) -> Path:
    """The journal in use: `override` (the --db flag), else FILMJOURNAL_DB, else the default."""
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()


def config_path() -> Path:
    """The config file."""
    return config_dir() / "config.json"
