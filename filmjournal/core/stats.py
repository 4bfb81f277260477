"""The journal at a glance: what the store's statistics queries return, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from filmjournal.core.models import verdict

BLOCKS = " ▏▎▍▌▋▊▉█"
"""Eighths of a cell, for bars drawn in text."""


@dataclass(frozen=True)
class Streak:
    """A run of consecutive days (or weeks) with at least one film."""

    length: int
    """How many days or weeks in a row."""
    start: date
    """The first day of the run."""
    end: date
    """The last day of the run."""


@dataclass(frozen=True)
class GenreStat:
    """How much of a genre was watched, and how it was rated."""

    name: str
    logs: int
    mean_rating: float | None


@dataclass(frozen=True)
class RankedFilm:
    """A film with the rating it got in the period."""

    film_id: int
    label: str
    rating: float


@dataclass(frozen=True)
class Stats:
    """Statistics for the whole journal (year None) or for one year."""

    year: int | None
    """The year covered, or None for the whole journal."""
    years: tuple[int, ...]
    """Every year with a dated entry, for choosing another."""
    films: int
    """Different films watched or rated in the period."""
    watched: int
    """Different films watched (logged, reviewed: more than rated) in the period."""
    runtime_known: int
    """How many of the films watched have a known runtime (hours count only those)."""
    genres_known: int
    """How many of the films watched have known genres."""
    directors_known: int
    """How many of the films watched have known directors."""
    logs: int
    """Diary entries (reviews with a watched date) in the period."""
    per_period: tuple[tuple[str, int], ...]
    """Entries per month ("2024-03") for a year, or per year ("2019") for the journal."""
    ratings: tuple[tuple[int, int], ...]
    """How many ratings of each value 1-10 were given."""
    mean_rating: float | None
    """The mean of those ratings."""
    genres: tuple[GenreStat, ...]
    """Genres by entries, most watched first."""
    directors: tuple[tuple[str, int], ...]
    """Directors by entries, most watched first."""
    minutes: int
    """Running time of every entry, in minutes."""
    rewatches: int
    """Entries marked as rewatches."""
    day_streak: Streak | None
    """The longest run of consecutive days with a film."""
    week_streak: Streak | None
    """The longest run of consecutive weeks with a film."""
    best: tuple[RankedFilm, ...] = field(default=())
    """The highest-rated films."""
    worst: tuple[RankedFilm, ...] = field(default=())
    """The lowest-rated films."""

    @property
    def hours(self) -> float:
        """Hours watched."""
        return self.minutes / 60

    def known(self, count: int, what: str) -> str:
        """ "" when every film watched has `what`; else "(what known for 1 of 913 films)"."""
        if count >= self.watched:
            return ""
        return f"({what} known for {count:,} of {self.watched:,} film{'s' * (self.watched != 1)})"

    @property
    def mean_verdict(self) -> str:
        """The verdict word for the mean rating."""
        return verdict(self.mean_rating)

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing to show for the period."""
        return self.logs == 0 and not any(count for _, count in self.ratings)


def bar(value: float, maximum: float, width: int) -> str:
    """A horizontal bar `width` cells long at most, in eighths of a cell."""
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / maximum * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (BLOCKS[part] if part else "")


def to_json(stats: Stats) -> str:
    """Stats as JSON text, for keeping them between changes to the journal."""
    import json
    from dataclasses import asdict

    def default(value: object) -> str:
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    return json.dumps(asdict(stats), default=default)


def from_json(text: str) -> Stats:
    """Stats from to_json's text."""
    import json

    data = json.loads(text)

    def streak(value: dict[str, object] | None) -> Streak | None:
        if value is None:
            return None
        return Streak(
            int(str(value["length"])),
            date.fromisoformat(str(value["start"])),
            date.fromisoformat(str(value["end"])),
        )

    return Stats(
        year=data["year"],
        years=tuple(data["years"]),
        films=data["films"],
        watched=data["watched"],
        runtime_known=data["runtime_known"],
        genres_known=data["genres_known"],
        directors_known=data["directors_known"],
        logs=data["logs"],
        per_period=tuple((p, n) for p, n in data["per_period"]),
        ratings=tuple((v, n) for v, n in data["ratings"]),
        mean_rating=data["mean_rating"],
        genres=tuple(GenreStat(**g) for g in data["genres"]),
        directors=tuple((d, n) for d, n in data["directors"]),
        minutes=data["minutes"],
        rewatches=data["rewatches"],
        day_streak=streak(data["day_streak"]),
        week_streak=streak(data["week_streak"]),
        best=tuple(RankedFilm(**f) for f in data["best"]),
        worst=tuple(RankedFilm(**f) for f in data["worst"]),
    )
