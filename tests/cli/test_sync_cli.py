"""`filmjournal sync` and `filmjournal edit` from a shell, as the README tells a new user:
two machines, each with its own home, sharing one folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from filmjournal.cli import cli


def shell(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`filmjournal ARGS` on the machine whose home is `home` (a process of its own)."""
    env = {**os.environ, "FILMJOURNAL_HOME": str(home)}
    env.pop("FILMJOURNAL_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "filmjournal", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_two_machines_share_a_journal_through_a_folder(tmp_path: Path) -> None:
    laptop, desktop, folder = tmp_path / "laptop", tmp_path / "desktop", tmp_path / "Sync"
    assert shell(laptop, "add", "Heat", "--year", "1995").returncode == 0
    assert shell(laptop, "rate", "Heat", "8").returncode == 0
    first = shell(laptop, "sync", str(folder))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("sent 2 changes")
    assert shell(desktop, "add", "Alien", "--year", "1979").returncode == 0
    assert shell(desktop, "sync", str(folder)).returncode == 0
    assert shell(desktop, "edit", "Heat", "--synopsis", "From the desktop.").returncode == 0
    assert shell(desktop, "sync").returncode == 0  # the folder is remembered
    again = shell(laptop, "sync")
    assert "received 2 changes from 2 files" in again.stdout  # Alien, and Heat edited
    shown = shell(laptop, "show", "Heat", "--json")
    assert json.loads(shown.stdout)["synopsis"] == "From the desktop."
    assert "Alien" in shell(laptop, "list").stdout
    devices = {
        json.loads((home / "config.json").read_text())["device"] for home in (laptop, desktop)
    }
    assert len(devices) == 2 and {p.name for p in folder.iterdir()} == devices
    assert len(list((laptop / "sync-backups").glob("journal-*.db"))) == 2


def test_sync_with_no_folder_yet_says_how(tmp_path: Path) -> None:
    assert shell(tmp_path, "add", "Heat").returncode == 0
    result = shell(tmp_path, "sync")
    assert result.returncode == 2
    assert "name the shared folder once: filmjournal sync ~/Sync/filmjournal" in result.stderr


def test_edit_changes_only_what_it_is_given(tmp_path: Path) -> None:
    journal = tmp_path / "journal.db"
    runner = CliRunner()
    runner.invoke(cli, ["--db", str(journal), "add", "Heat", "--year", "1995", "--genre", "Crime"])
    result = runner.invoke(
        cli,
        ["--db", str(journal), "edit", "Heat", "--runtime", "170", "--director", "Michael Mann"],
    )
    assert result.output == "Updated Heat (1995)\n"
    shown = json.loads(runner.invoke(cli, ["--db", str(journal), "show", "Heat", "--json"]).output)
    assert (shown["runtime_minutes"], shown["directors"], shown["genres"]) == (
        170,
        ["Michael Mann"],
        ["Crime"],
    )
    bad = runner.invoke(cli, ["--db", str(journal), "edit", "Heat", "--year", "abc"])
    assert bad.exit_code == 1 and "year: must be a year" in bad.output


def test_sync_brings_an_older_journal_up_to_date_first(tmp_path: Path) -> None:
    from filmjournal.storage import open_database
    from filmjournal.storage.migrations import as_migrations

    journal = tmp_path / "journal.db"
    db = open_database(journal)
    as_migrations().apply(db.utils, stop_before="m007_watchlist_only")
    db.execute("PRAGMA user_version = 6")
    db.execute(
        "INSERT INTO films (id, title, year, created_at, updated_at)"
        " VALUES (4242424242424, 'Heat', 1995, 'x', 'x')"
    )
    db.close()
    result = shell(tmp_path, "--db", str(journal), "sync", str(tmp_path / "Sync"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sent 1 change (")
