"""FilmDetail: everything the journal knows about one film, and its reviews."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Static

from filmjournal.core.models import Film, Review, format_rating, stars
from filmjournal.core.text import printable


@dataclass(frozen=True)
class FilmDetails:
    """A film with its reviews, as the detail pane shows it."""

    film: Film
    """The film."""
    reviews: tuple[Review, ...]
    """Its reviews, newest first."""
    lists: tuple[str, ...] = ()
    """The names of the lists it is in."""


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
            (f"  ·  {film.review_count} review" + ("" if film.review_count == 1 else "s"), "dim"),
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


class ReviewCard(Static, can_focus=True):
    """One review: a header line and the text rendered as Markdown. Focus it to act on it."""

    DEFAULT_CSS = """
    ReviewCard {
        margin: 1 0 0 0;
        padding: 0 1;
        border-left: outer $panel;
        &:focus { border-left: outer $accent; background: $boost; }
    }
    """

    def __init__(self, review: Review) -> None:
        """Show `review`."""
        body: list[RenderableType] = [review_header(review)]
        if review.text.strip():
            body.append(Markdown(printable(review.text)))
        super().__init__(Group(*body))
        self.review = review
        """The review shown."""


class FilmDetail(VerticalScroll, can_focus=True):
    """The detail pane: a film's metadata, synopsis, overall rating and every review."""

    HELP = """
## Detail pane

Tab moves between reviews; `e` edits the focused review, `x` exports it to Markdown and
`d` deletes it.
"""

    DEFAULT_CSS = """
    FilmDetail {
        padding: 0 1;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > #film-header { margin: 1 0 0 0; }
        & > #no-reviews { color: $text-muted; margin: 1 0 0 0; }
        & > #nothing { color: $text-muted; margin: 1 0 0 0; }
    }
    """

    details: var[FilmDetails | None] = var(None, init=False)
    """The film shown (bound to the screen's loaded details)."""

    def compose(self) -> ComposeResult:
        """The film's header, then its reviews."""
        yield from self._parts(self.details)

    def _parts(self, details: FilmDetails | None) -> ComposeResult:
        """The widgets that show `details`."""
        if details is None:
            yield Static("No film selected.", id="nothing")
            return
        yield Static(film_header(details.film, details.lists), id="film-header")
        if not details.reviews:
            yield Static(
                "No reviews yet: press e to write one, or a digit to rate it.", id="no-reviews"
            )
        for review in details.reviews:
            yield ReviewCard(review)

    async def watch_details(self, details: FilmDetails | None) -> None:
        """Show another film, keeping focus on the same review when it is still there."""
        focused = self.screen.focused
        focused_review = focused.review.id if isinstance(focused, ReviewCard) else None
        async with self.batch():
            await self.remove_children()
            await self.mount_all(list(self._parts(details)))
        self.scroll_home(animate=False)
        if focused_review is not None:
            for card in self.query(ReviewCard):
                if card.review.id == focused_review:
                    card.focus(scroll_visible=True)
                    break
            else:
                self.focus()

    @property
    def focused_review(self) -> Review | None:
        """The review the user has focused in this pane, if any."""
        focused = self.screen.focused
        if isinstance(focused, ReviewCard) and focused.parent is self:
            return focused.review
        return None
