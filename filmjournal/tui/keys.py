"""Every key binding the app defines, for `filmjournal bindings` and the keymap setting."""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode


def all_bindings() -> list[tuple[str, str, str]]:
    """(id, keys, description) for every binding with an id, from every screen and widget."""
    from filmjournal.tui.app import FilmJournalApp
    from filmjournal.tui.screens.confirm import Confirm
    from filmjournal.tui.screens.film_form import FilmForm
    from filmjournal.tui.screens.filters import FilterScreen
    from filmjournal.tui.screens.help import HelpScreen
    from filmjournal.tui.screens.main import MainScreen
    from filmjournal.tui.screens.review_editor import ReviewEditor
    from filmjournal.tui.screens.stats import StatsScreen
    from filmjournal.tui.screens.transfer import ExportScreen, ImportScreen
    from filmjournal.tui.widgets.film_list import FilmList

    owners: list[type[DOMNode]] = [
        FilmJournalApp,
        MainScreen,
        FilmList,
        ReviewEditor,
        FilmForm,
        FilterScreen,
        Confirm,
        HelpScreen,
        ImportScreen,
        ExportScreen,
        StatsScreen,
    ]
    found: dict[str, tuple[list[str], str]] = {}
    for owner in owners:
        for binding in Binding.make_bindings(owner.BINDINGS):
            if binding.id:
                keys, _ = found.setdefault(binding.id, ([], binding.description))
                if binding.key not in keys:
                    keys.append(binding.key)
    return [(name, ",".join(keys), description) for name, (keys, description) in found.items()]
