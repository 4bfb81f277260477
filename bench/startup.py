"""One timed start: the real `filmjournal` on a journal, or an empty Textual app.

Run by bench/run.py as a fresh process each time. Either app quits as soon as its first full
frame is drawn (for filmjournal: once the film list holds rows), then this prints the peak
resident memory in kilobytes.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import resource
import sys
from collections.abc import Callable
from typing import Any


def peak_kb() -> int:
    """Peak resident memory of this process in KB.

    On Linux VmHWM belongs to this program alone; ru_maxrss would carry over the peak of
    the process that started it (the benchmark, after building a large journal).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:  # Not Linux: the portable figure is the best there is.
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def quit_on_frame(app: Any, ready: Callable[[Any], bool]) -> None:
    """Make `app` quit right after the first frame it draws once `ready(screen)` holds."""
    display = app._display

    def drawn(screen: Any, update: Any) -> None:
        display(screen, update)
        if ready(screen):
            app.exit()

    app._display = drawn


def baseline() -> None:
    """An empty app with a header and a footer, quitting after its first frame."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header

    class Empty(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Footer()

    app = Empty()
    quit_on_frame(app, lambda screen: True)
    app.run(headless=True)


def filmjournal(db: str) -> None:
    """The real entry point on `db`, quitting after the first frame that shows films.

    Nothing of filmjournal's is imported before `main` runs, as from the installed command:
    the app's class is patched as its module loads.
    """
    sys.meta_path.insert(0, _PatchApp())
    sys.argv = ["filmjournal", "--db", db]
    from filmjournal.cli import main

    with contextlib.suppress(SystemExit):  # click ends every command with one.
        main()


class _PatchApp(importlib.abc.MetaPathFinder):
    """Runs FilmJournalApp headless, quitting once its film list shows rows."""

    MODULE = "filmjournal.tui.app"

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != self.MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.loader is not None
        loader = spec.loader
        load = loader.exec_module

        def patched(module: Any) -> None:
            load(module)
            from filmjournal.tui.widgets.film_list import FilmList

            app_class = module.FilmJournalApp
            run = app_class.run

            def has_rows(screen: Any) -> bool:
                lists = screen.query(FilmList)
                return bool(lists) and lists.first().is_loaded and lists.first().count > 0

            def headless(self: Any, **kwargs: object) -> None:
                quit_on_frame(self, has_rows)
                run(self, headless=True)

            app_class.run = headless

        loader.exec_module = patched  # type: ignore[method-assign]
        return spec


if __name__ == "__main__":
    if sys.argv[1] == "baseline":
        baseline()
    else:
        filmjournal(sys.argv[2])
    print(peak_kb(), file=sys.__stdout__)
