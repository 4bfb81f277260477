"""Textual bindings made from the command table, one list per place."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from filmjournal.tui.actions import commands_for


def bindings(place: str) -> list[BindingType]:
    """The bindings of the commands that work in `place`, for a screen's BINDINGS."""
    return [
        Binding(
            command.keys,
            command.action,
            command.description,
            show=command.footer,
            id=command.id,
            tooltip=command.tooltip,
            priority=command.priority,
        )
        for command in commands_for(place)
    ]
