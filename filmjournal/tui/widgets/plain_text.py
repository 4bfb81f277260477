"""PlainText: a Static for text the app did not write itself (titles, messages, errors)."""

from __future__ import annotations

from typing import Any

from textual.visual import VisualType
from textual.widgets import Static

from filmjournal.core.text import printable


class PlainText(Static):
    """Text shown exactly: never read as markup, control characters made visible. Every
    Static that shows journal text or messages is one of these, so that rule is kept in
    one place."""

    def __init__(self, text: str = "", **options: Any) -> None:
        """Show `text`; `options` are Static's (id, classes...)."""
        super().__init__(printable(text), markup=False, **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show new text (a string is made printable first)."""
        super().update(printable(content) if isinstance(content, str) else content, layout=layout)
