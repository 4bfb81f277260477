"""Line-drawn views whose length changes without laying the screen out again."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def set_length(view: ScrollView, size: Size) -> None:
    """Give `view` a new scrollable size, redrawing its scrollbars and lines.

    A ScrollView's own size never follows its content, but setting `virtual_size` asks for
    the whole screen to be laid out again, which costs a frame or two after the one that
    shows the change (every other ScrollView's scrollbars are redrawn in a frame of their
    own). Only this view's scrollbars need to know.
    """
    if size != view.virtual_size:
        view.set_reactive(ScrollView.virtual_size, size)
        view._scroll_update(size)  # the scrollbars' lengths, and the scroll kept in range
    view.refresh()
