"""Commands about the journal itself: where, stats, backup, check, demo, bindings."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click
from rich.table import Table

from filmjournal import paths
from filmjournal.cli import group
from filmjournal.core.errors import FilmJournalError
from filmjournal.core.text import json_text
from filmjournal.storage import FilmStore


@group.cli.command()
@group.db_option
@click.pass_context
def where(ctx: click.Context) -> None:
    """Show the journal file and config file in use."""
    click.echo(f"journal: {group.journal_path(ctx)}")
    click.echo(f"config:  {paths.config_path()}")


@group.cli.command()
@click.option("--year", type=click.IntRange(1870, 2200), help="One year instead of everything.")
@group.json_option
@group.db_option
@click.pass_context
def stats(ctx: click.Context, year: int | None, as_json: bool) -> None:
    """Statistics: films per month or year, ratings, genres, directors, hours, streaks."""
    from filmjournal import stats_display

    figures = group.journal_store(ctx).stats(year)
    if as_json:
        click.echo(
            json_text(json.dumps(stats_display.as_json(figures), ensure_ascii=False, indent=2))
        )
        return
    group.plain_console().print(stats_display.render(figures))


@group.cli.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@group.db_option
@click.pass_context
def backup(ctx: click.Context, path: Path | None) -> None:
    """Write a consistent copy of the journal (safe while the app is open)."""
    store = group.journal_store(ctx)
    journal = store.path or paths.db_path(None)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path or _unused(journal.with_name(f"{journal.stem}-backup-{stamp}.db"))
    click.echo(f"Backed up to {store.backup(target)}")


def _unused(path: Path) -> Path:
    """`path`, or the same name with -2, -3... when it is taken (two backups in a second)."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


@group.cli.command()
@click.option("--repair", is_flag=True, help="Rebuild ratings and the search index.")
@group.db_option
@click.pass_context
def check(ctx: click.Context, repair: bool) -> None:
    """Check the journal's integrity; exit 1 when something is wrong."""
    store = group.journal_store(ctx)
    if repair:
        for done in store.repair():
            click.echo(done)
    problems = store.check()
    if not problems:
        total = store.total()
        click.echo(f"{store.path}: ok ({total:,} film{'' if total == 1 else 's'})")
        return
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    raise FilmJournalError(
        f"{store.path} has {len(problems)} problem(s); try filmjournal check --repair, "
        "or restore a backup"
    )


@group.cli.command()
def demo() -> None:
    """Open the app on a throwaway journal of sample films (your journal is not touched)."""
    from filmjournal.demo import seed_demo
    from filmjournal.storage.database import memory_database
    from filmjournal.tui import run_app

    store = FilmStore(memory_database())
    seed_demo(store)
    run_app(store, group.user_config(), journal_name="demo journal (not saved)", demo=True)


@group.cli.command()
def bindings() -> None:
    """List the app's keys by id, with your keymap applied, for the "keymap" setting."""
    from filmjournal.tui.actions import COMMANDS, key_display, keys_of

    keymap = group.user_config().keymap
    table = Table(box=None, pad_edge=False)
    for name in ("id", "keys", "what it does"):
        table.add_column(name)
    for command in COMMANDS:
        keys = key_display(keys_of(command, keymap))
        table.add_row(
            command.id, keys + (" (yours)" if command.id in keymap else ""), command.tooltip
        )
    group.plain_console().print(table)
