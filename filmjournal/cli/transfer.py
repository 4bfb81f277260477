"""Commands that bring a journal in and take it out: import, export."""

from __future__ import annotations

from pathlib import Path

import click

from filmjournal import formats
from filmjournal.cli import group
from filmjournal.core.errors import ReviewNotFound
from filmjournal.core.models import Film, Review
from filmjournal.formats import markdown
from filmjournal.formats.files import write_text
from filmjournal.formats.registry import exporters, importers
from filmjournal.storage import FilmStore


@group.cli.command()
@click.argument("film_ref", metavar="[FILM]", required=False)
@click.option("--review", "review_id", help="Which review, by id (default: the latest).")
@click.option("--all", "everything", is_flag=True, help="Export the whole journal.")
@click.option(
    "--format",
    "format_name",
    type=group.FormatName(exporters),
    help="With --all: json, letterboxd (CSV), letterboxd-lists (a folder), markdown (a folder)"
    " or csv.",
)
@click.option(
    "-o",
    "--output",
    help="File (or folder) to write, or - for standard output (default: named after the film).",
)
@click.option("--force", is_flag=True, help="Overwrite the file or folder if it exists.")
@group.db_option
@click.pass_context
def export(
    ctx: click.Context,
    film_ref: str | None,
    review_id: str | None,
    everything: bool,
    format_name: str | None,
    output: str | None,
    force: bool,
) -> None:
    """Export a review of FILM as Markdown, or with --all the whole journal."""
    if everything:
        if film_ref is not None:
            raise click.UsageError("give a FILM or --all, not both")
        if format_name is None or not output or output == "-":
            raise click.UsageError("--all needs --format and -o PATH")
        store = group.journal_store(ctx)
        message = formats.export(store.everything(), format_name, Path(output), force=force)
        click.echo(message)
        return
    if film_ref is None:
        raise click.UsageError("name a FILM, or use --all")
    if format_name not in (None, "markdown"):
        raise click.UsageError("a single review is exported as Markdown; use --all for others")
    store = group.journal_store(ctx)
    film = store.resolve(film_ref)
    chosen = chosen_review(store, film, review_id)
    page = markdown.review_page(film, chosen)
    if output == "-":
        click.echo(page, nl=False)
        return
    target = Path(output) if output else Path.cwd() / markdown.file_name(film)
    written = write_text(target, page, force=force)
    click.echo(f"Exported {written}")


@group.cli.command(name="import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=group.FormatName(importers),
    help="The export's format (default: detected from its content).",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--author", help="Whose reviews these are (default: you).")
@group.db_option
@click.pass_context
def import_(
    ctx: click.Context, path: Path, format_name: str | None, dry_run: bool, author: str | None
) -> None:
    """Bring in a Letterboxd export (ZIP, folder or CSV), an IMDb CSV or a filmjournal JSON.

    All or nothing: a malformed file stops with its file:line and the journal is untouched.
    Importing the same export twice changes nothing.
    """
    batch = formats.read(path, format_name)
    store = group.journal_store(ctx, create=True)
    console = group.plain_console(stderr=True)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=len(batch.films) < group.PROGRESS_FROM,
    ) as progress:
        task = progress.add_task("import", total=len(batch.films))
        summary = store.apply_import(
            batch,
            author=author or group.user_config().reviewer,
            dry_run=dry_run,
            on_progress=lambda done, _total: progress.update(task, completed=done),
        )
    click.echo(f"{batch.source} import of {path.name}" + (" (dry run)" if dry_run else ""))
    for line in summary.lines():
        click.echo(f"  {line}")
    if batch.source.startswith("letterboxd") and summary.films_added and not dry_run:
        click.echo("Letterboxd gives titles and years only: `filmjournal enrich` fills the rest.")


def chosen_review(store: FilmStore, film: Film, review_id: str | None) -> Review:
    """The review to export: the one asked for, which must be of this film, or the latest."""
    if review_id is None:
        latest = store.latest_review(film.id)
        if latest is None:
            raise ReviewNotFound(f"{film.label} has no review to export")
        return latest
    return store.resolve_review(film, review_id)
