"""FilmDetail: everything the journal knows about one film, and its reviews."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive, var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from filmjournal.core.models import Film, FilmRecord, Review, format_rating, stars
from filmjournal.core.text import counted, printable
from filmjournal.tui.actions import BY_ID, key_display, keys_of
from filmjournal.tui.keys import bindings
from filmjournal.tui.widgets.scrolling import draw_lines, set_length


def plain(text: str) -> Text:
    """Journal text as Rich Text: never markup, control characters made visible."""
    return Text(printable(text))


def film_header(film: Film, lists: tuple[str, ...] = ()) -> RenderableType:
    """Title and year, facts, directors, marks, the overall rating and the synopsis."""
    parts: list[RenderableType] = [
        Text.assemble(
            (printable(film.title, keep_newlines=False), "bold"),
            (f" ({film.year})" if film.year else "", "bold dim"),
        )
    ]
    if film.facts:
        parts.append(Text(printable(" · ".join(film.facts), keep_newlines=False), style="dim"))
    if film.directors:
        parts.append(Text("Directed by ") + plain(", ".join(film.directors)))
    marks = [
        text
        for on, text in ((film.watchlist, "◷ on your watchlist"), (film.liked, "♥ liked"))
        if on
    ]
    if lists:
        marks.append("in " + ", ".join(lists))
    if marks:
        parts.append(Text(printable("  ·  ".join(marks), keep_newlines=False), style="italic"))
    parts.append(
        Text.assemble(
            "\n",
            (format_rating(film.overall_rating), "bold"),
            "  ",
            (film.stars, "bold"),
            "  ",
            (film.verdict, "italic"),
            (f"  ·  {counted(film.review_count, 'review')}", "dim"),
        )
    )
    if film.synopsis:
        parts.append(Text("\n") + plain(film.synopsis))
    return Group(*parts)


def review_header(review: Review) -> Text:
    """A review's author, rating, date, rewatch flag and tags on one line."""
    text = Text.assemble((printable(review.author, keep_newlines=False), "bold"))
    if review.rating is not None:
        text.append(f"  {format_rating(review.rating)} {stars(review.rating)}")
    if review.watched_on:
        text.append(f"  watched {review.watched_on.isoformat()}", style="dim")
    if review.rewatch:
        text.append("  ↻ rewatch", style="dim")
    if review.tags:
        text.append("  ")
        text.append(printable("  ".join(f"#{tag}" for tag in review.tags)), style="italic")
    return text


SHOWN_CHARACTERS = 20_000
"""The most of one review the pane renders; the editor (e) always has all of it."""
NO_REVIEWS = "No reviews yet: press <review.edit> to write one, or a digit to rate it."
NO_DETAILS = (
    "No details yet: <film.edit> types them in or looks the film up; <journal.enrich> fills"
    " every film's from IMDb's datasets (filmjournal catalog load) or TMDB."
)
"""Shown for a film that has nothing but its title and year (what most imports bring)."""


def hint(text: str, keymap: Mapping[str, str]) -> str:
    """`text` with each <command id> replaced by that command's keys, the keymap applied."""
    return re.sub(r"<([\w.-]+)>", lambda m: key_display(keys_of(BY_ID[m[1]], keymap)), text)


def bare(film: Film) -> bool:
    """Whether a film has no details beyond its title and year."""
    return not (film.facts or film.directors or film.synopsis)


CARD_EDGE = "▌"
"""The bar down the left of each review, in the focused review's colour when selected."""
CARD_INDENT = 3
"""Cells a review's text gives up: the bar and a space either side."""
SCREENS_AHEAD = 2
"""Screenfuls of reviews drawn before the pane is first shown; the rest follow at once."""


def review_body(review: Review) -> RenderableType:
    """A review's header line and its text rendered as Markdown (the start of a huge one)."""
    body: list[RenderableType] = [review_header(review)]
    if review.text.strip():
        from rich.markdown import Markdown  # Not needed for the first frame.

        text = review.text
        if len(text) > SHOWN_CHARACTERS:
            body.append(Markdown(printable(text[:SHOWN_CHARACTERS])))
            rest = len(text) - SHOWN_CHARACTERS
            body.append(Text(f"… {rest:,} more characters: press e to read it all", "italic"))
        else:
            body.append(Markdown(printable(text)))
    return Group(*body)


@dataclass(frozen=True)
class Line:
    """One line of the pane: drawn text, and the review it belongs to (None for the film)."""

    strip: Strip
    review: int | None = None
    row: int = 0
    """The line's place in its review."""


class FilmDetail(ScrollView, can_focus=True):
    """The detail pane: a film's metadata, synopsis, overall rating and every review.

    One widget draws it all, line by line, so showing another film changes no layout but
    this pane's height: the film's lines are drawn at once, each review's lines are kept
    for the next time it is shown, and reviews beyond the first screenfuls are drawn just
    after the first frame. Tab selects each review in turn for `e`, `x` and `d`.
    """

    HELP = """
## Detail pane

Tab moves between reviews; `e` edits the selected review, `x` exports it to Markdown and
`d` deletes it. The arrow keys and PgUp/PgDn scroll.
"""

    BINDINGS = bindings("detail")

    COMPONENT_CLASSES = {"film-detail--edge", "film-detail--selected", "film-detail--muted"}

    DEFAULT_CSS = """
    FilmDetail {
        padding: 0 1;
        scrollbar-size-vertical: 1;
        /* The scrollbar always shows, so moving between films never changes the width
           the reviews are drawn at. */
        overflow-y: scroll;
        overflow-x: hidden;
        background: $surface;
        & > .film-detail--edge { color: $panel; }
        &:focus > .film-detail--selected { color: $accent; background: $boost; }
        & > .film-detail--muted { color: $text-muted; }
    }
    """

    record: var[FilmRecord | None] = var(None, init=False)
    """The film shown, with its reviews and lists (bound to the screen's loaded record)."""
    selected: reactive[int | None] = reactive(None, init=False)
    """The index of the selected review, which `e`, `x` and `d` act on while focused."""

    def __init__(
        self,
        *,
        keymap: Mapping[str, str] | None = None,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.keymap = keymap or {}
        """The user's keys, for the hints the pane gives."""
        self._lines: list[Line] = []
        self._drawn = 0
        """How many of the record's reviews `_lines` holds."""
        self._drawn_width = 0
        """The width `_lines` were drawn at (until a resize draws them again)."""
        self._drawn_style = Style()
        """The colours `_lines` were drawn in (until a new theme draws them again)."""
        self._reviews: LRUCache[tuple[Review, int, Style], list[Strip]] = LRUCache(200)

    # Content -----------------------------------------------------------------------------

    @property
    def _width(self) -> int:
        """The width lines are drawn at."""
        return max(CARD_INDENT + 1, self.scrollable_content_region.width)

    def _draw(self, renderable: RenderableType, width: int, style: Style) -> list[Strip]:
        """`renderable` as lines of exactly `width` cells."""
        return draw_lines(self.app.console, renderable, width, style)

    def _review_lines(self, review: Review, width: int, style: Style) -> list[Strip]:
        """A review's lines (without its edge), kept for the next time it is shown."""
        key = (review, width, style)
        lines = self._reviews.get(key)
        if lines is None:
            lines = self._draw(review_body(review), width - CARD_INDENT, style)
            self._reviews[key] = lines
        return lines

    def _layout(self) -> None:
        """Draw the record's film, and as many reviews as fill the first screenfuls."""
        record = self.record
        width, base = self._width, self.rich_style
        blank = Line(Strip.blank(width, base))
        lines = [blank]
        if record is None:
            lines += [Line(strip) for strip in self._draw(Text("No film selected."), width, base)]
        else:
            header = film_header(record.film, record.list_names)
            lines += [Line(strip) for strip in self._draw(header, width, base)]
            hints = []
            if bare(record.film):
                hints.append(NO_DETAILS)
            if not record.reviews:
                hints.append(NO_REVIEWS)
            for text in hints:
                muted = base + self.get_component_rich_style("film-detail--muted")
                lines.append(blank)
                shown = Text(printable(hint(text, self.keymap)))
                lines += [Line(strip) for strip in self._draw(shown, width, muted)]
        self._lines, self._drawn, self._drawn_width, self._drawn_style = lines, 0, width, base
        self._draw_reviews(self.size.height * SCREENS_AHEAD)
        if self._drawn < len(record.reviews if record else ()):
            self.call_after_refresh(self._draw_reviews, None, record)

    def _draw_reviews(self, lines: int | None, record: FilmRecord | None = None) -> None:
        """Add reviews' lines until the pane holds `lines` (None: every review)."""
        if record is not None and record is not self.record:
            return  # Another film is shown by now.
        reviews = self.record.reviews if self.record else ()
        width, base = self._drawn_width, self.rich_style
        blank = Line(Strip.blank(width, base))
        while self._drawn < len(reviews) and (lines is None or len(self._lines) < lines):
            index = self._drawn
            self._lines.append(blank)
            for row, strip in enumerate(self._review_lines(reviews[index], width, base)):
                self._lines.append(Line(strip, index, row))
            self._drawn += 1
        set_length(self, Size(width, len(self._lines)))

    def watch_record(self, old: FilmRecord | None, record: FilmRecord | None) -> None:
        """Show another film, keeping the same review selected when it is still there."""
        selected = self.focused_review_of(old)
        ids = [review.id for review in record.reviews] if record else []
        self.set_reactive(
            FilmDetail.selected, ids.index(selected.id) if selected and selected.id in ids else None
        )
        if self.is_mounted:
            self._layout()
            if self.scroll_y:
                self.scroll_to(y=0, animate=False, immediate=True)

    def on_mount(self) -> None:
        """Show whatever was bound before mounting."""
        self._layout()

    def on_resize(self) -> None:
        """Draw the lines again for the new width."""
        self._layout()

    def notify_style_update(self) -> None:
        """Draw the lines again in a new theme's colours."""
        super().notify_style_update()
        if self.is_mounted and self.rich_style != self._drawn_style:
            self._layout()

    # Drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """One line: the film's, a review's (with its edge), or blank."""
        index = self.scroll_offset.y + y
        width, base = self._width, self.rich_style
        if index >= len(self._lines) or self.record is None:
            return Strip.blank(width, base)
        line = self._lines[index]
        if line.review is None:
            return line.strip.crop_extend(0, width, base)
        edge = base + self.get_component_rich_style("film-detail--edge")
        body = line.strip
        if line.review == self.selected and self.has_focus:
            selected = self.get_component_rich_style("film-detail--selected")
            edge += selected
            # Drawn again over the selected background, the review's own colours kept.
            review = self.record.reviews[line.review]
            over = base + Style(bgcolor=selected.bgcolor)
            body = self._review_lines(review, self._drawn_width, over)[line.row]
        pad = Segment(" ", Style(bgcolor=edge.bgcolor))
        strip = Strip.join([Strip([Segment(CARD_EDGE, edge), pad]), body, Strip([pad])])
        return strip.crop_extend(0, width, base)

    def _review_span(self, review: int) -> tuple[int, int]:
        """The indexes of a review's first and last lines."""
        rows = [n for n, line in enumerate(self._lines) if line.review == review]
        return rows[0], rows[-1]

    def on_focus(self) -> None:
        """Show the selected review in its focused colours."""
        self.refresh()

    def on_blur(self) -> None:
        """Show the selected review as any other."""
        self.refresh()

    # Selecting reviews -------------------------------------------------------------------

    def watch_selected(self, selected: int | None) -> None:
        """Redraw, with the selected review in view."""
        if selected is not None:
            self._draw_reviews(None)
            top, bottom = self._review_span(selected)
            height = self.scrollable_content_region.height
            if top < self.scroll_y or bottom >= self.scroll_y + height:
                self.scroll_to(y=min(top - 1, max(0, bottom - height + 1)), animate=False)
        self.refresh()

    def select_first(self) -> None:
        """Focus the pane with its first review selected (the pane alone when it has none),
        the film's details kept in view above it."""
        self.set_reactive(FilmDetail.selected, 0 if self.record and self.record.reviews else None)
        self.focus(scroll_visible=False)
        self.refresh()

    def action_next_review(self) -> None:
        """Select the next review; past the last, move on to the next widget."""
        count = len(self.record.reviews) if self.record else 0
        if self.selected is None and count:
            self.selected = 0
        elif self.selected is not None and self.selected + 1 < count:
            self.selected += 1
        else:
            self.selected = None
            self.screen.focus_next()

    def action_previous_review(self) -> None:
        """Select the review before; before the first, the pane; then the widget before."""
        if self.selected is None:
            self.screen.focus_previous()
        else:
            self.selected = self.selected - 1 if self.selected else None

    def on_click(self, event: events.Click) -> None:
        """Clicking a review selects it."""
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self._lines):
            self.selected = self._lines[index].review

    def focused_review_of(self, record: FilmRecord | None) -> Review | None:
        """The selected review of `record`, if the pane has focus."""
        focused = self.is_mounted and self.screen.focused is self
        selected = self.selected
        if focused and record is not None and selected is not None:
            return record.reviews[selected] if selected < len(record.reviews) else None
        return None

    @property
    def focused_review(self) -> Review | None:
        """The review the user has selected in this pane, if the pane has focus."""
        return self.focused_review_of(self.record)
