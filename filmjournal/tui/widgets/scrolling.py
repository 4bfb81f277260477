"""Line-drawn views: content drawn once into lines, scrolled without laying anything out."""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from filmjournal.core.text import printable


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


def draw_lines(
    console: Console, renderable: RenderableType, width: int, style: Style
) -> list[Strip]:
    """`renderable` as lines of exactly `width` cells, over `style`."""
    options = console.options.update(width=width, height=None, highlight=False)
    lines = console.render_lines(renderable, options, style=style, pad=True)
    return [Strip(line, width) for line in lines]


def _plain(renderable: RenderableType) -> RenderableType:
    """A string as plain text; anything else as it is."""
    return Text(printable(renderable)) if isinstance(renderable, str) else renderable


class Drawn(ScrollView):
    """A renderable drawn into lines at the view's width, and scrolled: showing another
    changes its lines and its scrollbar, never the screen's layout."""

    DEFAULT_CSS = """
    Drawn {
        overflow-y: scroll;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, renderable: RenderableType = "", *, id: str | None = None) -> None:  # noqa: A002
        """Show `renderable` (a string is shown as it is: no markup, controls made visible)."""
        super().__init__(id=id)
        self._renderable = _plain(renderable)
        self._lines: list[Strip] = []
        self._drawn: tuple[int, Style] | None = None
        """The width and colours the lines were drawn at."""

    def show(self, renderable: RenderableType) -> None:
        """Show another renderable."""
        self._renderable = _plain(renderable)
        self._drawn = None
        self._draw()

    def _draw(self) -> None:
        """Draw the lines, unless they are drawn at this width in these colours."""
        if not self.is_mounted:
            return
        width, style = max(1, self.scrollable_content_region.width), self.rich_style
        if self._drawn == (width, style):
            return
        self._lines = draw_lines(self.app.console, self._renderable, width, style)
        self._drawn = (width, style)
        set_length(self, Size(width, len(self._lines)))

    def on_mount(self) -> None:
        """Draw what was given."""
        self._draw()

    def on_resize(self) -> None:
        """Draw again at the new width."""
        self._draw()

    def notify_style_update(self) -> None:
        """Draw again in a new theme's colours."""
        super().notify_style_update()
        self._draw()

    def render_line(self, y: int) -> Strip:
        """One drawn line, or blank below the last."""
        index = self.scroll_offset.y + y
        if index < len(self._lines):
            return self._lines[index]
        return Strip.blank(max(1, self.scrollable_content_region.width), self.rich_style)

    @property
    def text(self) -> str:
        """What is shown, as plain text."""
        return "\n".join(line.text.rstrip() for line in self._lines)
