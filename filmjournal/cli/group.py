"""The `filmjournal` command group, and what its commands share: the journal, the config,
a console that never reads markup, and the options every command takes."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console

from filmjournal import __version__, paths
from filmjournal.config import Config, load_config
from filmjournal.core.errors import FilmJournalError
from filmjournal.core.text import printable

if TYPE_CHECKING:
    from filmjournal.formats.registry import Format
    from filmjournal.storage import FilmStore

F = TypeVar("F", bound=Callable[..., Any])

_DB_KEY = "filmjournal.db"
SHOWN_CHARACTERS = 20_000
"""The most of one review `show` renders (the app's detail pane shows as much)."""
PROGRESS_FROM = 500
"""Imports of at least this many films show a progress bar."""


COMMAND_MODULES = ("films", "journal", "metadata", "syncing", "transfer")
"""The modules of this package whose commands join `cli` when imported."""


class JournalGroup(click.Group):
    """A click group that reports journal errors as one line and exit code 1, and imports
    its commands only when one is named or listed (opening the app needs none of them)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command named, its module imported first."""
        _import_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, for help."""
        _import_commands()
        return super().list_commands(ctx)

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


def _import_commands() -> None:
    """Import the command modules (once: Python keeps them)."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"filmjournal.cli.{name}")


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


def plain_console(*, stderr: bool = False) -> Console:
    """A console for people: no markup or highlighting is read into journal text."""
    return Console(markup=False, highlight=False, emoji=False, stderr=stderr)


def user_config() -> Config:
    """The user's settings."""
    return load_config()


def journal_path(ctx: click.Context) -> Path:
    """The journal file this invocation names."""
    return paths.db_path(ctx.meta.get(_DB_KEY))


def journal_store(ctx: click.Context, *, create: bool = False) -> FilmStore:
    """Open the journal this invocation names, closed again when the command ends.

    Only commands that write (`create`) make a journal where there is none: a mistyped
    --db given to `list` or `export` is an error, not a new empty journal.
    """
    from filmjournal.storage import FilmStore, open_database

    path = paths.db_path(ctx.meta.get(_DB_KEY))
    db = open_database(path, create=create)
    ctx.call_on_close(db.close)
    return FilmStore(db, path=path)


class FormatName(click.ParamType):  # type: ignore[type-arg]
    """A format's name, checked against the formats the package declares when it is used,
    so listing them costs nothing until then."""

    name = "format"

    def __init__(self, formats: Callable[[], list[Format]]) -> None:
        self.formats = formats

    def names(self) -> list[str]:
        """The names accepted."""
        return [kind.name for kind in self.formats()]

    def get_metavar(self, *_: Any, **__: Any) -> str:
        """Usage shows the choices, like click.Choice."""
        return "[" + "|".join(self.names()) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The name, if it is one."""
        if value in self.names():
            return str(value)
        self.fail(f"{value!r} is not one of {', '.join(self.names())}", param, ctx)


@click.group(cls=JournalGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="filmjournal")
@db_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """A film journal for the terminal. With no command, opens the app."""
    if ctx.invoked_subcommand is not None:
        gc.enable()  # off while starting (see main); the app turns it on after its first frame
    else:
        from filmjournal.tui import run_app  # Textual loads only when the app opens.

        path = paths.db_path(ctx.meta.get(_DB_KEY))
        if not path.exists() and path != paths.default_db_path():
            click.confirm(f"There is no journal at {path}. Start a new one there?", abort=True)
        run_app(journal_store(ctx, create=True), user_config(), journal_name=str(path))
        gc.freeze()  # the process ends here: its last collections need not walk the app
