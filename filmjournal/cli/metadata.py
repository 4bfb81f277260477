"""Commands for film details: the offline catalogue, lookups, and enriching the journal."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from filmjournal.cli import group
from filmjournal.core.errors import FilmJournalError
from filmjournal.core.fields import plain
from filmjournal.core.library import FilmQuery
from filmjournal.core.text import json_text, printable
from filmjournal.metadata.catalog import Catalog, catalog_path
from filmjournal.metadata.catalog_load import load
from filmjournal.metadata.lookup import SOURCE_NAMES, Sources, describe, enrich


@group.cli.group(invoke_without_command=True)
@group.db_option
@click.pass_context
def catalog(ctx: click.Context) -> None:
    """The offline catalogue built from IMDb's datasets: what is loaded."""
    if ctx.invoked_subcommand is not None:
        return
    path = catalog_path(group.journal_path(ctx))
    if not path.exists():
        click.echo(f"No catalogue at {path}. Download IMDb's datasets and run:")
        click.echo(
            "  filmjournal catalog load title.basics.tsv.gz title.crew.tsv.gz name.basics.tsv.gz"
        )
        return
    opened = Catalog(path)
    try:
        click.echo(f"{path}: {opened.size():,} titles")
        for loaded in opened.files():
            click.echo(f"  {loaded.file}  {loaded.modified}  {loaded.rows:,} rows kept")
    finally:
        opened.close()


@catalog.command(name="load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@group.db_option
@click.pass_context
def catalog_load(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Build the catalogue from IMDb's dataset files (or a folder holding them)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    target = catalog_path(group.journal_path(ctx))
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} rows"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    started = time.monotonic()
    finished: dict[str, int] = {}  # Rows read of each file, for the speed over all of them.
    with Progress(*columns, console=group.plain_console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading", total=None, rate="")

        def progress(name: str, rows: int) -> None:
            """Show the file being read, its rows so far and the rows read a second."""
            finished[name] = rows
            rate = sum(finished.values()) / max(0.001, time.monotonic() - started)
            shown = f"{rate:,.0f} rows/s"
            bar.update(task, description=f"reading {name}", completed=rows, rate=shown)

        counts = load(list(paths), target, progress)
    for name, kept in counts.items():
        click.echo(f"{name}: {kept:,} rows kept")
    click.echo(f"Catalogue written to {target}")


@group.cli.command()
@click.argument("query")
@click.option("--source", type=click.Choice(SOURCE_NAMES), default="all", help="Where to look.")
@group.json_option
@group.db_option
@click.pass_context
def lookup(ctx: click.Context, query: str, source: str, as_json: bool) -> None:
    """List the films the catalogue (and TMDB, with a key) find for QUERY ("her 2013")."""
    sources = Sources.open(group.journal_path(ctx), group.user_config(), source)
    try:
        found = sources.search(query)
        posters = {
            c.poster_path: sources.tmdb.poster_url(c.poster_path)
            for c in found
            if c.poster_path and sources.tmdb is not None
        }
    finally:
        sources.close()
    if as_json:
        shown = [
            {
                **plain(c.details),
                "source": c.source,
                "imdb_id": c.imdb_id,
                "tmdb_id": c.tmdb_id,
                "poster_url": posters.get(c.poster_path or ""),
            }
            for c in found
        ]
        click.echo(json_text(json.dumps(shown, ensure_ascii=False, indent=2)))
        return
    if not found:
        raise FilmJournalError(f"nothing matches {query!r}")
    for candidate in found:
        click.echo(printable(describe(candidate), keep_newlines=False))


@group.cli.command(name="enrich")
@click.argument("film_refs", metavar="[FILM]...", nargs=-1)
@click.option("--source", type=click.Choice(SOURCE_NAMES), default="all", help="Where to look.")
@click.option("--dry-run", is_flag=True, help="Show what would be filled; write nothing.")
@group.db_option
@click.pass_context
def enrich_films(
    ctx: click.Context, film_refs: tuple[str, ...], source: str, dry_run: bool
) -> None:
    """Fill the blank details of every film (or the FILMs named) from the catalogue or
    TMDB; nothing you typed or imported is replaced."""
    store = group.journal_store(ctx)
    films = [store.resolve(ref) for ref in film_refs] or store.films(FilmQuery())
    sources = Sources.open(group.journal_path(ctx), group.user_config(), source)
    try:
        summary = enrich(films, sources, store.fill_in_all, dry_run=dry_run)
    finally:
        sources.close()
    for line in summary.lines():
        click.echo(printable(line, keep_newlines=False))
