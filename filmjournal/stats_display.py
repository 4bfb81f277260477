"""Statistics drawn with Rich for the terminal: `filmjournal stats` and the app's Stats screen."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import StyleType
from rich.table import Table
from rich.text import Text

from filmjournal.core.models import VERDICTS, format_rating, verdict
from filmjournal.core.stats import Stats, Streak, bar
from filmjournal.core.text import printable

BAR_WIDTH = 30
"""The longest bar, in cells."""
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _bars(rows: list[tuple[str, float, str]], style: StyleType, *, left: bool = False) -> Table:
    """Labelled horizontal bars: (label, value, text after the bar)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="left" if left else "right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, style="dim")
    peak = max((value for _, value, _ in rows), default=0)
    for label, value, after in rows:
        table.add_row(
            Text(printable(label, keep_newlines=False)),
            Text(bar(value, peak, BAR_WIDTH), style=style),
            Text(after),
        )
    return table


def _count(n: int, one: str, many: str | None = None) -> str:
    """ "1 film", "2 films"."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def _heading(text: str, style: StyleType) -> Text:
    """A section heading."""
    return Text(f"\n{text}", style=style)


def _titled(title: str, note: str) -> str:
    """A heading with a note after it, if any."""
    return f"{title} {note}" if note else title


def _period_label(period: str) -> str:
    """ "2024-03" as "Mar", a year as itself."""
    return MONTHS[int(period[5:]) - 1] if len(period) == 7 else period


def summary_lines(stats: Stats) -> list[str]:
    """The headline numbers, one per line."""
    lines = [
        f"{_count(stats.films, 'film')} · {_count(stats.logs, 'diary entry', 'diary entries')}"
        f" · {_count(stats.rewatches, 'rewatch', 'rewatches')}",
        _titled(f"{stats.hours:,.1f} hours watched", stats.known(stats.runtime_known, "runtime")),
        f"average rating {format_rating(stats.mean_rating)} ({stats.mean_verdict})",
    ]
    if stats.day_streak:
        streak = stats.day_streak
        lines.append(
            f"longest streak: {streak.length} day{'s' if streak.length != 1 else ''}"
            f" ({streak.start.isoformat()} to {streak.end.isoformat()})"
        )
    if stats.week_streak:
        streak = stats.week_streak
        lines.append(
            f"longest run of weeks: {streak.length} week"
            f"{'s' if streak.length != 1 else ''} (from {streak.start.isoformat()})"
        )
    return lines


def render(
    stats: Stats, *, accent: StyleType = "bold magenta", bars: StyleType = "cyan"
) -> RenderableType:
    """The whole report: headline numbers, then a chart per section."""
    title = "Your whole journal" if stats.year is None else f"Your {stats.year}"
    parts: list[RenderableType] = [Text(title, style=accent)]
    if stats.is_empty:
        parts.append(
            Text(
                "Nothing logged yet"
                + ("" if stats.year is None else " this year")
                + ": rate a film or write a review, and it shows up here."
            )
        )
        return Group(*parts)
    parts.extend(Text(line) for line in summary_lines(stats))
    per = "month" if stats.year is not None else "year"
    parts.append(_heading(f"Films logged per {per}", accent))
    parts.append(_bars([(_period_label(p), n, str(n)) for p, n in stats.per_period], bars))
    parts.append(_heading("Ratings", accent))
    parts.append(
        _bars(
            [(f"{value:>2} {VERDICTS[value]}", n, str(n)) for value, n in reversed(stats.ratings)],
            bars,
            left=True,
        )
    )
    if stats.genres or stats.watched:
        genres = stats.known(stats.genres_known, "genres")
        parts.append(_heading(_titled("Genres", genres), accent))
        parts.append(
            _bars(
                [
                    (g.name, g.logs, f"{g.logs} · avg {format_rating(g.mean_rating)}")
                    for g in stats.genres
                ],
                bars,
            )
        )
    if stats.directors or stats.watched:
        directors = stats.known(stats.directors_known, "directors")
        parts.append(_heading(_titled("Directors", directors), accent))
        parts.append(_bars([(name, n, str(n)) for name, n in stats.directors], bars))
    for heading, films in (("Highest rated", stats.best), ("Lowest rated", stats.worst)):
        if films:
            parts.append(_heading(heading, accent))
            for film in films:
                parts.append(
                    Text(f"  {format_rating(film.rating):>7}  ")
                    + Text(printable(film.label, keep_newlines=False))
                    + Text(f"  {verdict(film.rating)}", style="dim")
                )
    return Group(*parts)


def as_json(stats: Stats) -> dict[str, object]:
    """The statistics as JSON for scripts."""

    def streak(value: Streak | None) -> dict[str, object] | None:
        if value is None:
            return None
        return {
            "length": value.length,
            "start": value.start.isoformat(),
            "end": value.end.isoformat(),
        }

    return {
        "year": stats.year,
        "years": list(stats.years),
        "films": stats.films,
        "films_watched": stats.watched,
        "films_with_runtime": stats.runtime_known,
        "films_with_genres": stats.genres_known,
        "films_with_directors": stats.directors_known,
        "diary_entries": stats.logs,
        "per_period": [{"period": p, "films": n} for p, n in stats.per_period],
        "ratings": {str(value): n for value, n in stats.ratings},
        "mean_rating": stats.mean_rating,
        "mean_verdict": stats.mean_verdict,
        "genres": [
            {"genre": g.name, "films": g.logs, "mean_rating": g.mean_rating} for g in stats.genres
        ],
        "directors": [{"director": name, "films": n} for name, n in stats.directors],
        "hours_watched": round(stats.hours, 2),
        "minutes_watched": stats.minutes,
        "rewatches": stats.rewatches,
        "longest_day_streak": streak(stats.day_streak),
        "longest_week_streak": streak(stats.week_streak),
        "highest_rated": [
            {"id": f.film_id, "film": f.label, "rating": f.rating} for f in stats.best
        ],
        "lowest_rated": [
            {"id": f.film_id, "film": f.label, "rating": f.rating} for f in stats.worst
        ],
    }
