"""The film list's columns, laid out for the width available."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from filmjournal.core.models import Film
from filmjournal.core.text import printable


@dataclass(frozen=True)
class Column:
    """One column of the film list."""

    name: str
    """The heading."""
    width: int
    """Width in cells."""
    right: bool = False
    """Whether values are right-aligned."""


YEAR = Column("Year", 4, right=True)
STARS = Column("Rating", 6)
VERDICT = Column("Verdict", 11)
WATCHED = Column("Watched", 10)
OPTIONAL = (WATCHED, VERDICT, STARS, YEAR)
"""Columns beside the title, dropped in this order when the list is narrow."""
MIN_TITLE = 16
"""The title column never gets narrower than this while other columns remain."""


def layout(width: int) -> list[Column]:
    """The columns that fit in `width` cells: the title takes what the others leave."""
    extras = [YEAR, STARS, VERDICT, WATCHED]
    while extras and width - sum(c.width + 1 for c in extras) < MIN_TITLE:
        extras.remove(next(c for c in OPTIONAL if c in extras))
    title = Column("Title", max(1, width - sum(c.width + 1 for c in extras)))
    return [title, *extras]


def _cell(text: Text, column: Column) -> Text:
    """Fit text to a column: cut with an ellipsis, padded to its width (wide characters too)."""
    text.truncate(column.width, overflow="ellipsis")
    padding = column.width - text.cell_len
    if column.right:
        return Text(" " * padding) + text
    text.pad_right(padding)
    return text


def header_row(columns: list[Column], sorted_by: str = "", arrow: str = "") -> Text:
    """The column headings; the one named `sorted_by` carries `arrow` (▲ or ▼)."""
    cells = [
        _cell(Text(f"{column.name}{arrow}" if column.name == sorted_by else column.name), column)
        for column in columns
    ]
    return Text(" ").join(cells)


def film_row(film: Film, columns: list[Column], words: list[str] | None = None) -> Text:
    """One film as a row of the list, the `words` searched for marked in its title. Journal
    text is plain Text: never markup."""
    title = Text(printable(film.title, keep_newlines=False))
    if words:
        title.highlight_words(words, style="underline", case_sensitive=False)
    values = {
        "Title": title,
        "Year": Text(str(film.year) if film.year else ""),
        "Rating": Text(film.stars if film.overall_rating is not None else "", style="bold"),
        "Verdict": _verdict(film),
        "Watched": Text(film.last_watched.isoformat() if film.last_watched else ""),
    }
    return Text(" ").join(_cell(values[column.name], column) for column in columns)


def _verdict(film: Film) -> Text:
    """The verdict cell; an unrated film on the watchlist says so instead."""
    if film.overall_rating is not None:
        return Text(film.verdict)
    return Text("Watchlist" if film.watchlist else film.verdict, style="dim")
