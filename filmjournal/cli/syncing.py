"""`filmjournal sync`: one journal on several machines, through a folder they share."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path

import click

from filmjournal.cli import group
from filmjournal.config import save_config
from filmjournal.core.text import printable

BACKUPS_KEPT = 10
"""How many copies made before syncs are kept; older ones are removed."""


@group.cli.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@group.db_option
@click.pass_context
def sync(ctx: click.Context, folder: Path | None) -> None:
    """Send this machine's changes to FOLDER and apply the other machines' from it.

    FOLDER is any folder another tool keeps the same on every machine (Syncthing, Dropbox,
    a USB stick); it is remembered, so later just `filmjournal sync`. The journal is backed
    up first, and never itself goes in FOLDER.
    """
    from filmjournal.sync.engine import sync as run_sync

    config = group.user_config()
    if folder is None and not config.sync_dir:
        raise click.UsageError("name the shared folder once: filmjournal sync ~/Sync/filmjournal")
    chosen = (folder or Path(str(config.sync_dir))).expanduser().absolute()
    if config.device is None or folder is not None:
        config.device = config.device or secrets.token_hex(6)
        config.sync_dir = str(chosen)
        save_config(config)
    journal = group.journal_path(ctx)
    # Bring an older journal's schema up to date with the app's own SQLite first, and close
    # it: the sync's SQLite (APSW) opens the file only after.
    group.journal_store(ctx).db.close()
    backups = journal.parent / "sync-backups"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    report = run_sync(
        journal,
        chosen,
        config.device,
        backup=backups / f"{journal.stem}-{stamp}.db",
        progress=lambda step: click.echo(printable(step), err=True),
    )
    for old in sorted(backups.glob(f"{journal.stem}-*.db"))[:-BACKUPS_KEPT]:
        old.unlink()
    for line in report.lines():
        click.echo(printable(line, keep_newlines=False))
