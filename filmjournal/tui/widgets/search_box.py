"""SearchBox: an Input whose owner answers each change within the keystroke itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.geometry import Size
from textual.widgets import Input

from filmjournal.tui.widgets.scrolling import set_length


class SearchBox(Input):
    """A search box whose owner answers every change in the frame that shows it.

    Input.Changed reaches the owner a few message hops after the key, and a frame often
    comes between: the letter alone, then the results a frame or two later. Called from
    the value's watcher, the owner's answer is drawn with the letter. And the text's new
    width reaches the box's scrolling without the screen being laid out again (an Input
    sets its scrollable size on every change, which lays out the whole screen: the box is
    one line whatever it holds). The box still posts Input.Changed as any Input does.
    """

    def __init__(self, value: str = "", *, typed: Callable[[str], None], **options: Any) -> None:
        """`typed` is called with the new text on each change once the box is mounted
        (typed, pasted or set; the owner knows the text it starts with)."""
        self._typed = typed
        super().__init__(value, **options)

    def _watch_value(self, value: str) -> None:
        """Input's own watcher, finding its scrollable size already set; then the owner."""
        set_length(self, Size(self.content_width, 1))
        super()._watch_value(value)
        if self.is_mounted:
            self._typed(value)
