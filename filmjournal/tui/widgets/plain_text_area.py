"""PlainTextArea: a TextArea that keeps text exactly and never sends its control characters
to the terminal."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import TextArea

from filmjournal.core.text import has_control_characters, printable


class PlainTextArea(TextArea):
    """A TextArea whose document is the text exactly as written (escapes included), drawn
    with every control character shown as a visible stand-in, as the rest of the app does."""

    def render_line(self, y: int) -> Strip:
        """Draw a line, making control characters visible."""
        strip = super().render_line(y)
        if not any(has_control_characters(segment.text) for segment in strip):
            return strip
        shown = [
            Segment(printable(text, keep_newlines=False), style, control)
            for text, style, control in strip
        ]
        # A control character has no width; its picture has one. Keep the line's width.
        return Strip(shown).crop(0, strip.cell_length)
