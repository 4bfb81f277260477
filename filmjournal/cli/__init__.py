"""The `filmjournal` command: the app with no subcommand, and subcommands for scripts.

The commands live by concern in this package's modules; `cli` imports them when a command
is named or listed, so opening the app loads none of them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from filmjournal.cli.group import cli

__all__ = ["cli", "main"]


def __getattr__(name: str) -> Any:
    """`cli`, imported when first asked for: `main` imports it once collection is off."""
    if name == "cli":
        from filmjournal.cli.group import cli

        return cli
    raise AttributeError(name)


def main() -> None:
    """Entry point of the `filmjournal` command.

    Output that cannot be written (`> /dev/full`, a closed pipe) ends the command with one
    line on standard error and status 1, never a traceback.

    The garbage collector is off while the command starts: what start-up makes (modules,
    styles, the app's widgets) lives as long as the process, and full passes over it cost
    the app's first frame tens of milliseconds. Commands turn it back on as they begin
    (`cli`), the app after its first frame.
    """
    gc.disable()
    import click

    from filmjournal.cli.group import cli

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
