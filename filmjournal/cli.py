"""The `filmjournal` command: the app with no subcommand, and subcommands for scripts."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from filmjournal import __version__, formats, paths
from filmjournal.config import Config, load_config
from filmjournal.core.errors import FilmJournalError, InvalidInput, ReviewNotFound
from filmjournal.core.library import FilmQuery, Sort
from filmjournal.core.models import Film, Review, format_rating, stars
from filmjournal.core.text import json_text, printable
from filmjournal.core.validation import film_input, parse_rating, review_input
from filmjournal.editor import edit_in_editor
from filmjournal.formats import EXPORT_FORMATS, IMPORT_FORMATS, markdown
from filmjournal.formats.files import write_text
from filmjournal.storage import FilmStore, open_database

F = TypeVar("F", bound=Callable[..., Any])

_DB_KEY = "filmjournal.db"
SHOWN_CHARACTERS = 20_000
"""The most of one review `show` renders (the app's detail pane shows as much)."""
PROGRESS_FROM = 500
"""Imports of at least this many films show a progress bar."""


class JournalGroup(click.Group):
    """A click group that reports journal errors as one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning FilmJournalError into a clean error message."""
        try:
            return super().invoke(ctx)
        except FilmJournalError as error:
            raise click.ClickException(printable(str(error), keep_newlines=False)) from None

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """End the help with the journal in use."""
        super().format_epilog(ctx, formatter)
        with formatter.section("Journal"):
            formatter.write_text(str(paths.db_path(ctx.meta.get(_DB_KEY))))


def _remember_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    """Keep a --db given at any level; the one nearest the subcommand wins."""
    if value is not None:
        ctx.meta[_DB_KEY] = value


def db_option(command: F) -> F:
    """Add --db PATH to a command."""
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        expose_value=False,
        is_eager=True,
        callback=_remember_db,
        help="The journal file (default: $FILMJOURNAL_DB, else the user data folder).",
    )(command)


def json_option(command: F) -> F:
    """Add --json to a command."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")(command)


def _console() -> Console:
    """A console for people: no markup or highlighting is read into journal text."""
    return Console(markup=False, highlight=False, emoji=False)


def _config() -> Config:
    """The user's settings."""
    return load_config()


def _store(ctx: click.Context, *, create: bool = False) -> FilmStore:
    """Open the journal this invocation names, closed again when the command ends.

    Only commands that write (`create`) make a journal where there is none: a mistyped
    --db given to `list` or `export` is an error, not a new empty journal.
    """
    path = paths.db_path(ctx.meta.get(_DB_KEY))
    db = open_database(path, create=create)
    ctx.call_on_close(db.close)
    return FilmStore(db, path=path)


def _option_error(error: InvalidInput, option: str) -> click.BadParameter:
    """Report a validation error against the option the user typed."""
    return click.BadParameter(error.reason, param_hint=option)


@click.group(cls=JournalGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="filmjournal")
@db_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """A film journal for the terminal. With no command, opens the app."""
    if ctx.invoked_subcommand is None:
        from filmjournal.tui import run_app  # Textual loads only when the app opens.

        path = paths.db_path(ctx.meta.get(_DB_KEY))
        if not path.exists() and path != paths.default_db_path():
            click.confirm(f"There is no journal at {path}. Start a new one there?", abort=True)
        run_app(_store(ctx, create=True), _config(), journal_name=str(path))


@cli.command()
@db_option
@click.pass_context
def where(ctx: click.Context) -> None:
    """Show the journal file and config file in use."""
    click.echo(f"journal: {paths.db_path(ctx.meta.get(_DB_KEY))}")
    click.echo(f"config:  {paths.config_path()}")


@cli.command()
@click.argument("title")
@click.option("--year", help="Year of release.")
@click.option("--certification", help="Age certification, e.g. R, PG-13, 12A.")
@click.option("--runtime", help="Running time in minutes.")
@click.option("--genre", "genres", multiple=True, help="A genre (repeat for more).")
@click.option("--director", "directors", multiple=True, help="A director (repeat for more).")
@click.option("--synopsis", help="A short summary of the plot.")
@db_option
@click.pass_context
def add(
    ctx: click.Context,
    title: str,
    year: str | None,
    certification: str | None,
    runtime: str | None,
    genres: tuple[str, ...],
    directors: tuple[str, ...],
    synopsis: str | None,
) -> None:
    """Add a film and print its id."""
    details = film_input(
        title=title,
        year=year,
        certification=certification,
        runtime=runtime,
        genres=genres,
        directors=directors,
        synopsis=synopsis,
    )
    film = _store(ctx, create=True).add_film(details)
    click.echo(film.id)


@cli.command(name="list")
@click.option("--search", default="", help="Words to find in titles, people, synopses, reviews.")
@click.option(
    "--sort",
    type=click.Choice([sort.value for sort in Sort]),
    default=Sort.TITLE.value,
    show_default=True,
)
@click.option("--genre", help="Only films of this genre.")
@json_option
@db_option
@click.pass_context
def list_films(
    ctx: click.Context, search: str, sort: str, genre: str | None, as_json: bool
) -> None:
    """List films."""
    query = FilmQuery(search=search, sort=Sort(sort), genre=genre)
    films = _store(ctx).films(query)
    if as_json:
        click.echo(
            json_text(json.dumps([film_json(f) for f in films], ensure_ascii=False, indent=2))
        )
        return
    table = Table(box=None, pad_edge=False)
    for name, justify in [
        ("id", "right"),
        ("title", "left"),
        ("year", "right"),
        ("rating", "right"),
        ("", "left"),
        ("verdict", "left"),
        ("watched", "left"),
    ]:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for film in films:
        table.add_row(
            str(film.id),
            Text(printable(film.title, keep_newlines=False)),
            str(film.year or ""),
            film.rating_text,
            film.stars,
            film.verdict,
            film.last_watched.isoformat() if film.last_watched else "",
        )
    _console().print(table)


@cli.command()
@click.argument("film_ref", metavar="FILM")
@json_option
@db_option
@click.pass_context
def show(ctx: click.Context, film_ref: str, as_json: bool) -> None:
    """Show a film with its reviews. FILM is an id, a title, or "Title (Year)"."""
    store = _store(ctx)
    film = store.resolve(film_ref)
    reviews = store.reviews(film.id)
    if as_json:
        data = film_json(film) | {"reviews": [review_json(review) for review in reviews]}
        click.echo(json_text(json.dumps(data, ensure_ascii=False, indent=2)))
        return
    from rich.markdown import Markdown

    console = _console()
    console.print(Text(printable(film.label), style="bold"))
    for line in film_summary(film):
        console.print(Text(printable(line)))
    for review in reviews:
        console.print()
        console.print(Text(printable(review_heading(review)), style="bold"))
        if review.text:
            # As in the app: a huge review (a 1 MB Markdown table) is shown in part, since
            # rendering all of it takes minutes and gigabytes; --json and export give it all.
            shown = review.text[:SHOWN_CHARACTERS]
            console.print(Markdown(printable(shown)))
            if len(review.text) > SHOWN_CHARACTERS:
                rest = len(review.text) - SHOWN_CHARACTERS
                console.print(
                    Text(f"… {rest:,} more characters: show --json or export has them all")
                )


@cli.command()
@click.argument("film_ref", metavar="FILM")
@click.argument("rating", metavar="N")
@click.option("--author", help="Whose review to rate (default: you).")
@db_option
@click.pass_context
def rate(ctx: click.Context, film_ref: str, rating: str, author: str | None) -> None:
    """Rate FILM N out of 10 on your latest review (starting one if you have none)."""
    try:
        value = parse_rating(rating)
    except InvalidInput as error:
        raise click.BadParameter(error.reason, param_hint="N") from None
    if value is None:
        raise click.BadParameter("must be a whole number from 1 to 10", param_hint="N")
    store = _store(ctx, create=True)
    film = store.resolve(film_ref)
    film = store.rate(film.id, value, author=author or _config().reviewer)
    click.echo(
        f"Rated {printable(film.label)} {value}/10; overall {film.rating_text} "
        f"{film.stars} {film.verdict}"
    )


@cli.command()
@click.argument("film_ref", metavar="FILM")
@click.option("--rating", help="Rating from 1 to 10.")
@click.option("--watched", help="When you watched it (YYYY-MM-DD).")
@click.option("--rewatch", is_flag=True, help="This was a rewatch.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for more).")
@click.option("--author", help="Who wrote it (default: you).")
@click.option("--text", help="The review; else read from standard input or $EDITOR.")
@db_option
@click.pass_context
def review(
    ctx: click.Context,
    film_ref: str,
    rating: str | None,
    watched: str | None,
    rewatch: bool,
    tags: tuple[str, ...],
    author: str | None,
    text: str | None,
) -> None:
    """Write a review of FILM and print its id."""
    store = _store(ctx, create=True)
    film = store.resolve(film_ref)
    # Check the fields before anyone spends time writing the text.
    content = review_input(
        author=author or _config().reviewer,
        rating=rating,
        watched=watched,
        rewatch=rewatch,
        tags=tags,
    )
    if text is None:
        text = sys.stdin.read() if not sys.stdin.isatty() else edit_in_editor("")
    if not text.strip() and content.rating is None:
        raise FilmJournalError("nothing to save: the review has no text and no rating")
    saved = store.add_review(film.id, replace(content, text=text))
    click.echo(saved.id)


@cli.command()
@click.argument("film_ref", metavar="[FILM]", required=False)
@click.option("--review", "review_id", type=int, help="Which review (default: the latest).")
@click.option("--all", "everything", is_flag=True, help="Export the whole journal.")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(EXPORT_FORMATS),
    help="With --all: json, letterboxd (CSV), markdown (a folder) or csv.",
)
@click.option(
    "-o",
    "--output",
    help="File (or folder) to write, or - for standard output (default: named after the film).",
)
@click.option("--force", is_flag=True, help="Overwrite the file or folder if it exists.")
@db_option
@click.pass_context
def export(
    ctx: click.Context,
    film_ref: str | None,
    review_id: int | None,
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
        store = _store(ctx)
        message = formats.export(store.everything(), format_name, Path(output), force=force)
        click.echo(message)
        return
    if film_ref is None:
        raise click.UsageError("name a FILM, or use --all")
    if format_name not in (None, "markdown"):
        raise click.UsageError("a single review is exported as Markdown; use --all for others")
    store = _store(ctx)
    film = store.resolve(film_ref)
    chosen = _chosen_review(store, film, review_id)
    page = markdown.review_page(film, chosen)
    if output == "-":
        click.echo(page, nl=False)
        return
    target = Path(output) if output else Path.cwd() / markdown.file_name(film)
    written = write_text(target, page, force=force)
    click.echo(f"Exported {written}")


@cli.command(name="import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=click.Choice(IMPORT_FORMATS),
    help="The export's format (default: detected from its content).",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--author", help="Whose reviews these are (default: you).")
@db_option
@click.pass_context
def import_(
    ctx: click.Context, path: Path, format_name: str | None, dry_run: bool, author: str | None
) -> None:
    """Bring in a Letterboxd export (ZIP, folder or CSV), an IMDb CSV or a filmjournal JSON.

    All or nothing: a malformed file stops with its file:line and the journal is untouched.
    Importing the same export twice changes nothing.
    """
    batch = formats.read(path, format_name)
    store = _store(ctx, create=True)
    console = Console(stderr=True, markup=False, highlight=False)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=len(batch.films) < PROGRESS_FROM,
    ) as progress:
        task = progress.add_task("import", total=len(batch.films))
        summary = store.apply_import(
            batch,
            author=author or _config().reviewer,
            dry_run=dry_run,
            on_progress=lambda done, _total: progress.update(task, completed=done),
        )
    click.echo(f"{batch.source} import of {path.name}" + (" (dry run)" if dry_run else ""))
    for line in summary.lines():
        click.echo(f"  {line}")


def _chosen_review(store: FilmStore, film: Film, review_id: int | None) -> Review:
    """The review to export: the one asked for, which must be of this film, or the latest."""
    if review_id is None:
        latest = store.latest_review(film.id)
        if latest is None:
            raise ReviewNotFound(f"{film.label} has no review to export")
        return latest
    chosen = store.review(review_id)
    if chosen.film_id != film.id:
        raise ReviewNotFound(f"review {review_id} is not about {film.label}")
    return chosen


def film_json(film: Film) -> dict[str, Any]:
    """A film as JSON for scripts."""
    return {
        "id": film.id,
        "title": film.title,
        "year": film.year,
        "certification": film.certification,
        "runtime_minutes": film.runtime_minutes,
        "genres": list(film.genres),
        "directors": list(film.directors),
        "synopsis": film.synopsis,
        "overall_rating": film.overall_rating,
        "verdict": film.verdict,
        "review_count": film.review_count,
        "last_watched": film.last_watched.isoformat() if film.last_watched else None,
        "letterboxd_uri": film.letterboxd_uri,
        "imdb_id": film.imdb_id,
        "watchlist": film.watchlist,
        "liked": film.liked,
    }


def review_json(review: Review) -> dict[str, Any]:
    """A review as JSON for scripts."""
    data = asdict(review)
    data["tags"] = list(review.tags)
    for key in ("watched_on", "created_at", "updated_at"):
        value = data[key]
        data[key] = value.isoformat() if value else None
    return data


def film_summary(film: Film) -> list[str]:
    """The lines under a film's title: facts, directors, synopsis, overall rating."""
    lines = [" · ".join(film.facts)] if film.facts else []
    if film.directors:
        lines.append("Directed by " + ", ".join(film.directors))
    if film.synopsis:
        lines.append(film.synopsis)
    lines.append(f"Overall: {film.rating_text} {film.stars} {film.verdict}")
    return lines


def review_heading(review: Review) -> str:
    """One line naming a review's author, rating and date."""
    parts = [f"#{review.id} {review.author}"]
    if review.rating is not None:
        parts.append(f"{format_rating(review.rating)} {stars(review.rating)}")
    if review.watched_on:
        parts.append(f"watched {review.watched_on.isoformat()}")
    if review.rewatch:
        parts.append("rewatch")
    if review.tags:
        parts.append("tags: " + ", ".join(review.tags))
    return " · ".join(parts)


@cli.command()
@click.option("--year", type=click.IntRange(1870, 2200), help="One year instead of everything.")
@json_option
@db_option
@click.pass_context
def stats(ctx: click.Context, year: int | None, as_json: bool) -> None:
    """Statistics: films per month or year, ratings, genres, directors, hours, streaks."""
    from filmjournal import report

    figures = _store(ctx).stats(year)
    if as_json:
        click.echo(json_text(json.dumps(report.as_json(figures), ensure_ascii=False, indent=2)))
        return
    _console().print(report.render(figures))


@cli.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.pass_context
def backup(ctx: click.Context, path: Path | None) -> None:
    """Write a consistent copy of the journal (safe while the app is open)."""
    store = _store(ctx)
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


@cli.command()
@click.option("--repair", is_flag=True, help="Rebuild ratings and the search index.")
@db_option
@click.pass_context
def check(ctx: click.Context, repair: bool) -> None:
    """Check the journal's integrity; exit 1 when something is wrong."""
    store = _store(ctx)
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


@cli.command()
def demo() -> None:
    """Open the app on a throwaway journal of sample films (your journal is not touched)."""
    from filmjournal.demo import seed_demo
    from filmjournal.storage.database import memory_database
    from filmjournal.tui import run_app

    store = FilmStore(memory_database())
    seed_demo(store)
    run_app(store, _config(), journal_name="demo journal (not saved)", demo=True)


@cli.command()
def bindings() -> None:
    """List the app's keys by id, with your keymap applied, for the "keymap" setting."""
    from filmjournal.tui.actions import COMMANDS, key_display, keys_of

    keymap = _config().keymap
    table = Table(box=None, pad_edge=False)
    for name in ("id", "keys", "what it does"):
        table.add_column(name)
    for command in COMMANDS:
        keys = key_display(keys_of(command, keymap))
        table.add_row(
            command.id, keys + (" (yours)" if command.id in keymap else ""), command.tooltip
        )
    _console().print(table)


def main() -> None:
    """Entry point of the `filmjournal` command.

    Output that cannot be written (`> /dev/full`, a closed pipe) ends the command with one
    line on standard error and status 1, never a traceback.
    """
    try:
        cli(prog_name="filmjournal", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Aborted!", err=True)
        raise SystemExit(1) from None
    except click.ClickException as error:
        error.show()
        raise SystemExit(error.exit_code) from None
    except BrokenPipeError:
        # The reader went away (| head): not an error of ours. Point stdout at nothing so
        # Python's own flush at exit stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except OSError as error:
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.stderr.write(f"Error: cannot write the output: {error.strerror or error}\n")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
