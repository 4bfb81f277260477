"""Every user action, declared once: its id, keys, words, palette group and where it works.

The bindings of each screen, the command palette, help, `filmjournal bindings` and the
README's key table are all made from `COMMANDS`. This module knows nothing of Textual, so
the command line can read it without loading the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PLACES = {
    "app": "Everywhere",
    "main": "The film list and detail pane",
    "list": "The film list",
    "detail": "The detail pane",
    "editor": "The review editor",
    "film-form": "The film form",
    "filters": "Filters",
    "import": "Import",
    "export": "Export",
    "confirm": "A question",
    "stats": "Statistics",
    "help": "Help",
    "summary": "A summary",
    "ask": "A question to answer",
    "lists": "Your lists",
}
"""Where an action can work, and how the README and help name the place."""


@dataclass(frozen=True)
class Command:
    """One thing a user can do, and the keys that do it."""

    id: str
    """A stable name, used by the keymap in config.json ("film.add")."""
    keys: str
    """Default keys, comma-separated in Textual's names ("a", "escape,q")."""
    description: str
    """A word or two for the footer ("Add")."""
    tooltip: str
    """What it does, for help and the palette."""
    action: str
    """The screen's action that does it ("add_film" runs `action_add_film`)."""
    where: str
    """Which screen or widget it works in: a key of PLACES."""
    palette: str = ""
    """Its name in the command palette, "group: action"; empty keeps it out."""
    footer: bool = False
    """Whether the footer shows it."""
    priority: bool = False
    """Whether it runs before the focused widget sees the key (Escape over a text area)."""
    row: str = ""
    """Commands sharing a row are one line in help and the README ("Rate 1-10")."""


MOVE = "Move the film up or down the list shown (its place in the list)"
"""The help line of the two keys that reorder a list."""


def _rate(digit: int) -> Command:
    """A digit rates the highlighted film; 0 is 10."""
    rating = digit or 10
    return Command(
        f"film.rate-{rating}",
        str(digit),
        f"Rate {rating}",
        f"Rate the highlighted film {rating}/10",
        f"rate({rating})",
        "main",
        palette=f"film: rate {rating}/10",
        row="Rate the highlighted film (0 is 10) on your latest review, or on its own",
    )


COMMANDS: tuple[Command, ...] = (
    # Everywhere. F1 has priority so it works in every dialog (a modal screen hides the
    # app's other bindings); "?" does not, since it is typed into text.
    Command("app.help", "f1", "Help", "Every key that works where you are", "app.help", "app",
            palette="view: help", footer=True, priority=True),
    Command("app.help-alt", "question_mark", "Help", "Every key that works where you are",
            "app.help", "app"),
    Command("app.quit", "q", "Quit", "Quit filmjournal (your drafts are kept)", "app.quit",
            "app", palette="app: quit", footer=True),
    # The film list and the detail pane. "/" has priority, so the keys typed right after it
    # land in the search box rather than in the list.
    Command("list.search", "slash", "Search",
            "Search as you type: titles, people, genres, synopses and reviews", "search",
            "main", palette="list: search", footer=True, priority=True),
    Command("film.add", "a", "Add", "Add a film", "add_film", "main", palette="film: add",
            footer=True),
    Command("review.edit", "e", "Edit review",
            "Edit your latest review of the film (or the selected review)", "edit_review",
            "main", palette="review: edit", footer=True),
    Command("review.new", "n", "New review", "Write a new review (a rewatch)", "new_review",
            "main", palette="review: new"),
    Command("film.edit", "E", "Edit film", "Edit the film's details", "edit_film", "main",
            palette="film: edit details"),
    Command("film.delete", "d", "Delete", "Delete the selected review, or the film, after asking",
            "delete", "main", palette="film: delete"),
    Command("review.export", "x", "Export review",
            "Export the review to Markdown in the current folder (never over a file)",
            "export", "main", palette="review: export to Markdown"),
    Command("list.sort", "s", "Sort", "Sort by the next column (title, year, rating, watched)",
            "cycle_sort", "main", palette="list: next sort", footer=True),
    Command("list.reverse", "r", "Reverse", "Turn the sort round (oldest first, Z to A...)",
            "reverse_sort", "main", palette="list: reverse the sort"),
    Command("list.filter", "f", "Filter", "Filter by genre, years, rated, watchlist", "filter",
            "main", palette="list: filter"),
    Command("view.next", "v", "View",
            "Next view: journal (watched, rated or added), watchlist, rewatches due",
            "cycle_view", "main", palette="view: journal / watchlist / rewatches due",
            footer=True),
    Command("view.lists", "V", "Lists", "Your lists, with how much of each you have seen",
            "lists", "main", palette="view: lists"),
    Command("list.move-up", "K", "Move up",
            "Move the film up the list shown (its place in the list)", "move_in_list(-1)",
            "main", palette="list: move the film up the list", row=MOVE),
    Command("list.move-down", "J", "Move down",
            "Move the film down the list shown (its place in the list)", "move_in_list(1)",
            "main", palette="list: move the film down the list", row=MOVE),
    Command("film.list", "L", "Add to list",
            "Put the film in one of your lists (a new name makes a new list)", "add_to_list",
            "main", palette="film: add to a list…"),
    Command("film.watchlist", "w", "Watchlist", "Put the film on your watchlist, or take it off",
            "toggle_watchlist", "main", palette="film: watchlist on/off"),
    Command("journal.import", "I", "Import", "Import a Letterboxd, IMDb or filmjournal export",
            "import", "main", palette="journal: import…"),
    Command("journal.export", "X", "Export all",
            "Export the whole journal (JSON, Letterboxd CSV, Markdown, CSV)", "export_all",
            "main", palette="journal: export…"),
    Command("journal.enrich", "D", "Fill details",
            "Fill every film's blank details from the catalogue or TMDB", "enrich", "main",
            palette="journal: fill in details (catalogue, TMDB)"),
    Command("journal.sync", "Y", "Sync",
            "Sync with your other machines through the shared folder (filmjournal sync)",
            "sync", "main", palette="journal: sync with your other machines"),
    Command("view.stats", "S", "Stats", "Statistics: films per month, ratings, genres, streaks",
            "stats", "main", palette="view: statistics"),
    Command("app.undo", "u,ctrl+z", "Undo",
            "Take back the last rating, watchlist change, edit, addition, deletion or import",
            "undo", "main", palette="film: undo the last change"),
    Command("list.refresh", "ctrl+r", "Reload",
            "Reload after another program changed the journal", "refresh", "main",
            palette="list: reload"),
    Command("app.back", "escape", "Back",
            "Step back: clear the search, clear filters, return to the list (never quits)",
            "back", "main"),
    *(_rate(digit) for digit in (1, 2, 3, 4, 5, 6, 7, 8, 9, 0)),
    # The list itself.
    Command("list.up", "up,k", "Up", "Previous film", "cursor_up", "list",
            row="Move through the list"),
    Command("list.down", "down,j", "Down", "Next film", "cursor_down", "list",
            row="Move through the list"),
    Command("list.page-up", "pageup", "Page up", "A screenful up", "page_up", "list",
            row="Move through the list"),
    Command("list.page-down", "pagedown", "Page down", "A screenful down", "page_down", "list",
            row="Move through the list"),
    Command("list.first", "home,g", "First", "First film", "first", "list",
            row="Move through the list"),
    Command("list.last", "end,G", "Last", "Last film", "last", "list",
            row="Move through the list"),
    Command("list.open", "enter,l", "Open",
            "Read the film's reviews (Tab moves between them)", "open", "list"),
    # The detail pane.
    Command("detail.next-review", "tab", "Next review",
            "Select the next review for e, x and d (after the last, leave the pane)",
            "next_review", "detail", row="Move between the film's reviews"),
    Command("detail.previous-review", "shift+tab", "Previous review",
            "Select the review before (before the first, the pane itself)",
            "previous_review", "detail", row="Move between the film's reviews"),
    # The review editor. Escape and ctrl+e have priority over the text area's own keys.
    Command("editor.save", "ctrl+s", "Save", "Save the review", "save", "editor", footer=True),
    Command("editor.cancel", "escape", "Cancel",
            "Close the editor, asking first if anything changed", "cancel", "editor",
            footer=True, priority=True),
    Command("editor.external", "ctrl+e", "$EDITOR", "Edit the text in your $EDITOR",
            "external_editor", "editor", footer=True, priority=True),
    # Dialogs.
    Command("film-form.save", "ctrl+s", "Save", "Save the film", "save", "film-form",
            footer=True),
    Command("film-form.cancel", "escape", "Cancel",
            "Close without saving, asking first if anything was typed", "cancel", "film-form",
            footer=True),
    Command("filters.apply", "ctrl+s", "Apply", "Apply the filters", "apply", "filters",
            footer=True),
    Command("filters.cancel", "escape", "Cancel", "Keep the filters as they were", "cancel",
            "filters", footer=True),
    Command("import.go", "ctrl+s", "Import", "Import the file", "go", "import", footer=True),
    Command("import.cancel", "escape", "Cancel", "Import nothing", "cancel", "import",
            footer=True),
    Command("export.go", "ctrl+s", "Export", "Export the journal", "go", "export", footer=True),
    Command("export.cancel", "escape", "Cancel", "Export nothing", "cancel", "export",
            footer=True),
    Command("confirm.yes", "y", "Yes", "Go ahead", "yes", "confirm", footer=True),
    Command("confirm.no", "escape,n", "No", "Keep things as they are", "no", "confirm",
            footer=True),
    Command("stats.previous", "left_square_bracket", "Previous year", "The year before",
            "step(-1)", "stats", footer=True),
    Command("stats.next", "right_square_bracket", "Next year", "The year after", "step(1)",
            "stats", footer=True),
    Command("stats.all", "a", "All years", "The whole journal", "everything", "stats",
            footer=True),
    Command("stats.back", "escape,q", "Back", "Back to the film list", "app.pop_screen",
            "stats", footer=True),
    Command("ask.answer", "ctrl+s", "OK", "Go ahead with the text typed", "answer", "ask",
            footer=True),
    Command("ask.cancel", "escape", "Cancel", "Close, changing nothing", "cancel", "ask",
            footer=True),
    Command("lists.show", "enter", "Show", "Show the highlighted list's films, in its order",
            "show", "lists", footer=True),
    Command("lists.close", "escape", "Back", "Back to the film list", "cancel", "lists",
            footer=True),
    Command("summary.close", "escape,enter", "Close", "Close the summary", "cancel", "summary",
            footer=True),
    Command("help.close", "escape,q,f1,question_mark", "Close", "Close the help", "close",
            "help", footer=True),
)  # fmt: skip
"""Every action, in the order help and the README list them."""

BY_ID = {command.id: command for command in COMMANDS}
"""Each command by its id."""


def commands_for(*places: str) -> list[Command]:
    """The commands that work in `places`, in table order."""
    return [command for command in COMMANDS if command.where in places]


def keys_of(command: Command, keymap: Mapping[str, str]) -> str:
    """A command's keys with the user's keymap applied."""
    return keymap.get(command.id, command.keys)


KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "Escape",
    "enter": "Enter",
    "up": "↑",
    "down": "↓",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "f1": "F1",
}
"""How people write the keys Textual names."""


def key_display(keys: str) -> str:
    """Keys as people write them: "escape,q" is "Escape, q"."""
    return ", ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def rows(commands: Iterable[Command], keymap: Mapping[str, str]) -> list[tuple[str, str]]:
    """(keys, what they do) lines, one per command or per shared row, keymap applied."""
    lines: dict[str, list[str]] = {}
    for command in commands:
        keys = lines.setdefault(command.row or command.tooltip, [])
        shown = key_display(keys_of(command, keymap))
        if shown not in keys:
            keys.append(shown)
    return [(", ".join(keys), what) for what, keys in lines.items()]


def readme_table() -> str:
    """The README's key table: every place, its keys, with the default keymap."""
    lines = ["| where | key | what it does |", "|---|---|---|"]
    for place, name in PLACES.items():
        for keys, what in rows(commands_for(place), {}):
            lines.append(f"| {name} | {keys} | {what} |")
            name = ""
    return "\n".join(lines)


README_START = "<!-- keys: made from filmjournal/tui/actions.py -->\n"
README_END = "\n<!-- /keys -->"


def update_readme(path: str) -> None:
    """Write the key table into the README between its markers."""
    from pathlib import Path

    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    before, rest = text.split(README_START, 1)
    _, after = rest.split(README_END, 1)
    readme.write_text(before + README_START + readme_table() + README_END + after, "utf-8")


if __name__ == "__main__":
    import sys

    update_readme(sys.argv[1] if len(sys.argv) > 1 else "README.md")
