"""One timed start: the real `filmjournal` on a journal, or an empty Textual app.

Run by bench/run.py as a fresh process each time. Either app quits as soon as its first full
frame is drawn (for filmjournal: once the film list holds rows), then this prints the peak
resident memory in kilobytes.
"""

from __future__ import annotations

import contextlib
import resource
import sys


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


def baseline() -> None:
    """An empty app with a header and a footer, quitting after its first frame."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header

    class Empty(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    Empty().run(headless=True)


def filmjournal(db: str) -> None:
    """The real entry point on `db`, quitting once the list has drawn its first rows."""
    from filmjournal.cli import main
    from filmjournal.tui.app import FilmJournalApp

    run = FilmJournalApp.run

    def headless(self: FilmJournalApp, **kwargs: object) -> None:
        run(self, headless=True)

    def loaded(self: FilmJournalApp, message: object) -> None:
        self.call_after_refresh(self.exit)

    # FilmList.Loaded bubbles up to the app once the first rows are in the list.
    FilmJournalApp.run = headless  # type: ignore[method-assign, assignment]
    FilmJournalApp.on_film_list_loaded = loaded  # type: ignore[attr-defined]
    sys.argv = ["filmjournal", "--db", db]
    with contextlib.suppress(SystemExit):  # click ends every command with one.
        main()


if __name__ == "__main__":
    if sys.argv[1] == "baseline":
        baseline()
    else:
        filmjournal(sys.argv[2])
    print(peak_kb(), file=sys.__stdout__)
