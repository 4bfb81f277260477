"""FilmDetail: everything the journal knows about one film, and its reviews."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Static

from filmjournal.core.models import Film, FilmRecord, Review, format_rating, stars
from filmjournal.core.text import counted, printable


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
        super().__init__(review_body(review))
        self.review = review
        """The review shown."""

    def show(self, review: Review) -> None:
        """Show another review in this card."""
        if review != self.review:
            self.review = review
            self.update(review_body(review))
        self.display = True


class FilmDetail(VerticalScroll, can_focus=True):
    """The detail pane: a film's metadata, synopsis, overall rating and every review.

    Moving through the list only changes what its widgets show: the header and the review
    cards are updated in place, and cards are added only when a film has more reviews than
    any shown before, because mounting widgets costs far more than updating them.
    """

    HELP = """
## Detail pane

Tab moves between reviews; `e` edits the focused review, `x` exports it to Markdown and
`d` deletes it.
"""

    DEFAULT_CSS = """
    FilmDetail {
        padding: 0 1;
        scrollbar-size-vertical: 1;
        /* The scrollbar always shows, so moving between films never re-lays the pane out
           twice (once for the content, once more for a scrollbar that came or went). */
        overflow-y: scroll;
        background: $surface;
        & > #film-header { margin: 1 0 0 0; }
        & > #no-reviews { color: $text-muted; margin: 1 0 0 0; }
    }
    """

    record: var[FilmRecord | None] = var(None, init=False)
    """The film shown, with its reviews and lists (bound to the screen's loaded record)."""

    def compose(self) -> ComposeResult:
        """The header and the note for films without reviews; cards come with films."""
        yield Static("No film selected.", id="film-header")
        yield Static(
            "No reviews yet: press e to write one, or a digit to rate it.", id="no-reviews"
        )

    def on_mount(self) -> None:
        """Show whatever was bound before mounting."""
        self.watch_record(self.record)

    def watch_record(self, record: FilmRecord | None) -> None:
        """Show another film, keeping focus on the same review when it is still there."""
        if not self.is_mounted:
            return
        focused = self.screen.focused
        focused_review = focused.review.id if isinstance(focused, ReviewCard) else None
        header = self.query_one("#film-header", Static)
        reviews = record.reviews if record is not None else ()
        header.update(
            film_header(record.film, record.list_names) if record else "No film selected."
        )
        self.query_one("#no-reviews").display = record is not None and not reviews
        cards = list(self.query(ReviewCard))
        for card, review in zip(cards, reviews, strict=False):
            card.show(review)
        for card in cards[len(reviews) :]:
            card.display = False
        if len(reviews) > len(cards):
            self.mount_all([ReviewCard(review) for review in reviews[len(cards) :]])
        self.scroll_home(animate=False)
        if focused_review is not None:
            self.call_after_refresh(self._refocus, focused_review)

    def _refocus(self, review_id: int) -> None:
        """Focus the card showing `review_id`, else the pane."""
        for card in self.query(ReviewCard):
            if card.display and card.review.id == review_id:
                card.focus(scroll_visible=True)
                return
        self.focus()

    @property
    def focused_review(self) -> Review | None:
        """The review the user has focused in this pane, if any."""
        focused = self.screen.focused
        if isinstance(focused, ReviewCard) and focused.parent is self:
            return focused.review
        return None

    @property
    def cards(self) -> list[ReviewCard]:
        """The cards showing the film's reviews, in order."""
        return [card for card in self.query(ReviewCard) if card.display]
