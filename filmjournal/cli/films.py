"""Commands on films and reviews: add, edit, list, show, rate, review."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from filmjournal.cli import group
from filmjournal.core.errors import FilmJournalError, InvalidInput
from filmjournal.core.fields import editable, kind, plain
from filmjournal.core.library import FilmQuery, Sort, View, years_before
from filmjournal.core.models import Film, FilmInput, Review
from filmjournal.core.text import json_text, printable
from filmjournal.core.validation import film_input, parse_rating, review_input
from filmjournal.external_editor import edit_in_editor


def detail_options(command: group.F) -> group.F:
    """Add an option for each film detail but the title: --year, --genre (repeatable)..."""
    for item in reversed(editable(FilmInput)):
        if item.name == "title":
            continue
        many = kind(item) == "names"
        option = "--" + str(item.metadata["option"] or item.name).replace("_", "-")
        about = str(item.metadata["about"])
        command = click.option(option, item.name, multiple=many, help=about)(command)
    return command


@group.cli.command()
@click.argument("title")
@detail_options
@click.option("--lookup", is_flag=True, help='Look TITLE up ("Her (2013)") and add its details.')
@click.option("--imdb", "imdb_id", help="The film's IMDb id (tt…): its details from there.")
@click.option("--tmdb", "tmdb_id", type=int, help="The film's TMDB id: its details from there.")
@group.db_option
@click.pass_context
def add(
    ctx: click.Context,
    /,
    title: str,
    lookup: bool,
    imdb_id: str | None,
    tmdb_id: int | None,
    **details: Any,
) -> None:
    """Add a film and print its id. With --lookup, --imdb or --tmdb its details come from
    the catalogue or TMDB; options you give win over them."""
    typed = film_input(title=title, **details)
    found = None
    if lookup or imdb_id or tmdb_id:
        from filmjournal.core.metadata import blanks_filled
        from filmjournal.metadata.lookup import Sources

        sources = Sources.open(group.journal_path(ctx), group.user_config())
        try:
            if imdb_id:
                found = sources.by_imdb(imdb_id.strip())
            elif tmdb_id:
                found = sources.by_tmdb(tmdb_id)
            else:
                found = sources.pick(title)
        finally:
            sources.close()
        if found is None:
            raise FilmJournalError(f"no source knows {imdb_id or tmdb_id}")
        # What was typed wins; a looked-up title replaces the query ("her 2013").
        typed = blanks_filled(
            replace(typed, title=found.details.title) if lookup else typed, found.details
        )
    store = group.journal_store(ctx, create=True)
    film = store.add_film(typed, found)
    click.echo(store.short_ids("films", [film.id])[film.id])


@group.cli.command()
@click.argument("film_ref", metavar="FILM")
@click.option("--title", help="The film's title.")
@detail_options
@group.db_option
@click.pass_context
def edit(ctx: click.Context, /, film_ref: str, **given: Any) -> None:
    """Change FILM's details: each option given replaces that detail (--genre and --director
    replace the whole list; --genre "" empties it); the rest stay."""
    store = group.journal_store(ctx)
    film = store.resolve(film_ref)
    details = {key: getattr(film, key) for key in given}
    for key, value in given.items():
        if value is None or value == ():
            continue
        details[key] = tuple(v for v in value if v.strip()) if isinstance(value, tuple) else value
    updated = store.update_film(film.id, film_input(**details))
    click.echo(f"Updated {printable(updated.label, keep_newlines=False)}")


@group.cli.command(name="list")
@click.option("--search", default="", help="Words to find in titles, people, synopses, reviews.")
@click.option(
    "--sort",
    type=click.Choice([sort.value for sort in Sort]),
    help="The order (default: title; a search comes best match first).",
)
@click.option("--reverse", is_flag=True, help="Turn the sort round (oldest first...).")
@click.option("--genre", help="Only films of this genre.")
@click.option("--list", "in_list", metavar="NAME", help="Only the films of one of your lists.")
@click.option("--watchlist", "view", flag_value=View.WATCHLIST.value, help="The watchlist instead.")
@click.option("--all", "view", flag_value=View.ALL.value, help="Every film, watchlist too.")
@group.json_option
@group.db_option
@click.pass_context
def list_films(
    ctx: click.Context,
    search: str,
    sort: str | None,
    reverse: bool,
    genre: str | None,
    in_list: str | None,
    view: str | None,
    as_json: bool,
) -> None:
    """List the films of your journal (watched, rated or added by you), or of the
    watchlist."""
    # A list holds films seen or not: all of them, unless a view is asked for.
    chosen = View(view) if view else (View.ALL if in_list else View.JOURNAL)
    query = FilmQuery(search=search, reverse=reverse, genre=genre, in_list=in_list, view=chosen)
    if sort is not None:  # A sort chosen wins over best-match-first.
        query = replace(query, sort=Sort(sort), by_relevance=False)
    store = group.journal_store(ctx)
    films = list(store.films(query))
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
    short = store.short_ids("films", [film.id for film in films])
    for film in films:
        table.add_row(
            short[film.id],
            Text(printable(film.title, keep_newlines=False)),
            str(film.year or ""),
            film.rating_text,
            film.stars,
            film.verdict,
            film.last_watched.isoformat() if film.last_watched else "",
        )
    group.plain_console().print(table)


@group.cli.command()
@click.argument("film_ref", metavar="FILM")
@group.json_option
@group.db_option
@click.pass_context
def show(ctx: click.Context, film_ref: str, as_json: bool) -> None:
    """Show a film with its reviews. FILM is an id, a title, or "Title (Year)"."""
    store = group.journal_store(ctx)
    film = store.resolve(film_ref)
    reviews = store.reviews(film.id)
    if as_json:
        data = film_json(film) | {"reviews": [review_json(review) for review in reviews]}
        click.echo(json_text(json.dumps(data, ensure_ascii=False, indent=2)))
        return
    from rich.markdown import Markdown

    console = group.plain_console()
    console.print(Text(printable(film.label), style="bold"))
    for line in film_summary(film):
        console.print(Text(printable(line)))
    short = store.short_ids("reviews", [review.id for review in reviews])
    for review in reviews:
        console.print()
        console.print(Text(printable(review_heading(review, short[review.id])), style="bold"))
        if review.text:
            # As in the app: a huge review (a 1 MB Markdown table) is shown in part, since
            # rendering all of it takes minutes and gigabytes; --json and export give it all.
            shown = review.text[: group.SHOWN_CHARACTERS]
            console.print(Markdown(printable(shown)))
            if len(review.text) > group.SHOWN_CHARACTERS:
                rest = len(review.text) - group.SHOWN_CHARACTERS
                console.print(
                    Text(f"… {rest:,} more characters: show --json or export has them all")
                )


@group.cli.command()
@click.argument("film_ref", metavar="FILM")
@click.argument("rating", metavar="N")
@click.option("--author", help="Whose review to rate (default: you).")
@group.db_option
@click.pass_context
def rate(ctx: click.Context, film_ref: str, rating: str, author: str | None) -> None:
    """Rate FILM N out of 10 on your latest review (starting one if you have none)."""
    try:
        value = parse_rating(rating)
    except InvalidInput as error:
        raise click.BadParameter(error.reason, param_hint="N") from None
    if value is None:
        raise click.BadParameter("must be a whole number from 1 to 10", param_hint="N")
    store = group.journal_store(ctx, create=True)
    film = store.resolve(film_ref)
    film = store.rate(film.id, value, author=author or group.user_config().reviewer)
    click.echo(
        f"Rated {printable(film.label)} {value}/10; overall {film.rating_text} "
        f"{film.stars} {film.verdict}"
    )


@group.cli.command()
@click.argument("film_ref", metavar="FILM")
@click.option("--rating", help="Rating from 1 to 10.")
@click.option("--watched", help="When you watched it (YYYY-MM-DD).")
@click.option("--rewatch", is_flag=True, help="This was a rewatch.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for more).")
@click.option("--author", help="Who wrote it (default: you).")
@click.option("--text", help="The review; else read from standard input or $EDITOR.")
@group.db_option
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
    store = group.journal_store(ctx, create=True)
    film = store.resolve(film_ref)
    # Check the fields before anyone spends time writing the text.
    content = review_input(
        author=author or group.user_config().reviewer,
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
    click.echo(store.short_ids("reviews", [saved.id])[saved.id])


def film_json(film: Film) -> dict[str, Any]:
    """A film as JSON for scripts: every field, and its verdict."""
    return {**plain(film), "verdict": film.verdict}


def review_json(review: Review) -> dict[str, Any]:
    """A review as JSON for scripts."""
    return plain(review)


def film_summary(film: Film) -> list[str]:
    """The lines under a film's title: facts, directors, synopsis, overall rating."""
    lines = [" · ".join(film.facts)] if film.facts else []
    if film.directors:
        lines.append("Directed by " + ", ".join(film.directors))
    if film.synopsis:
        lines.append(film.synopsis)
    lines.append(f"Overall: {film.rating_text} {film.stars} {film.verdict}")
    return lines


def review_heading(review: Review, short_id: str) -> str:
    """One line naming a review (by its short id), its author, rating and date."""
    facts = [f"{label}: {value}" if value else label for label, value in review.facts()]
    return " · ".join([f"#{short_id} {review.author}", *facts])


@group.cli.command()
@click.option("--rating", type=click.IntRange(1, 10), help="Lowest rating (default: config, 8).")
@click.option("--years", type=click.IntRange(0, 100), help="Years unseen (default: config, 3).")
@group.json_option
@group.db_option
@click.pass_context
def rewatch(ctx: click.Context, rating: int | None, years: int | None, as_json: bool) -> None:
    """Films you rated highly and have not seen for years, the longest unseen first."""
    config = group.user_config()
    rating = rating or config.rewatch_rating
    years = config.rewatch_years if years is None else years
    today = date.today()
    query = FilmQuery().rewatches(rating, years_before(today, years))
    films = list(group.journal_store(ctx).films(query))
    if as_json:
        click.echo(
            json_text(json.dumps([film_json(f) for f in films], ensure_ascii=False, indent=2))
        )
        return
    if not films:
        click.echo(f"No film rated {rating} or more has gone {years} years unseen.")
        return
    for film in films:
        assert film.last_watched is not None
        unseen = (today - film.last_watched).days / 365.25
        seen = f"last seen {film.last_watched} ({unseen:.0f} years ago)"
        line = f"{film.label} · {film.rating_text} · {seen}"
        click.echo(printable(line, keep_newlines=False))


@group.cli.command(name="lists")
@group.json_option
@group.db_option
@click.pass_context
def show_lists(ctx: click.Context, as_json: bool) -> None:
    """Your lists, each with its size and how many of its films you have seen."""
    found = group.journal_store(ctx).lists()
    if as_json:
        shown = [plain(summary) for summary in found]
        click.echo(json_text(json.dumps(shown, ensure_ascii=False, indent=2)))
        return
    if not found:
        click.echo("No lists yet: they come in with a Letterboxd export (filmjournal import).")
    for summary in found:
        line = f"{summary.name}: {summary.seen} of {summary.size} seen"
        click.echo(printable(line, keep_newlines=False))
