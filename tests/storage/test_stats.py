"""Every statistic checked against a small journal built by hand."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from sqlite_utils import Database

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.core.stats import GenreStat, Streak, bar
from filmjournal.stats_display import as_json, render, summary_lines
from filmjournal.storage import FilmStore
from filmjournal.storage.database import memory_database, open_database


@pytest.fixture
def journal() -> FilmStore:
    """Three films, six entries across 2023 and 2024, one undated rating."""
    store = FilmStore(memory_database())
    a = store.add_film(
        FilmInput(
            title="A", year=2000, runtime_minutes=100, genres=("Drama", "Crime"), directors=("Ann",)
        )
    )
    b = store.add_film(
        FilmInput(title="B", year=2001, runtime_minutes=90, genres=("Drama",), directors=("Bo",))
    )
    c = store.add_film(FilmInput(title="C", year=2002, genres=("Comedy",), directors=("Ann",)))
    for film, rating, day, rewatch in [
        (a, 8, date(2024, 3, 1), False),
        (a, 10, date(2024, 3, 2), True),
        (b, 4, date(2024, 3, 3), False),
        (b, None, date(2024, 3, 11), False),
        (c, 6, date(2023, 12, 31), False),
        (c, 7, None, False),
    ]:
        store.add_review(
            film.id, ReviewInput(author="me", rating=rating, watched_on=day, rewatch=rewatch)
        )
    return store


def test_whole_journal(journal: FilmStore) -> None:
    stats = journal.stats()
    assert stats.year is None and stats.years == (2023, 2024)
    assert (stats.films, stats.logs, stats.rewatches) == (3, 5, 1)
    assert stats.per_period == (("2023", 1), ("2024", 4))
    assert dict(stats.ratings) == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0, 6: 1, 7: 1, 8: 1, 9: 0, 10: 1}
    assert stats.mean_rating == pytest.approx(7.0)
    assert stats.mean_verdict == "Decent"
    assert stats.minutes == 100 + 100 + 90 + 90  # C has no runtime
    assert (stats.watched, stats.runtime_known, stats.genres_known) == (3, 2, 3)
    # C's 7 was a rating alone, not a viewing: it counts among ratings, not genres.
    assert stats.genres == (
        GenreStat("Drama", 4, pytest.approx(22 / 3)),  # type: ignore[arg-type]
        GenreStat("Crime", 2, 9.0),
        GenreStat("Comedy", 1, 6.0),
    )
    assert stats.directors == (("Ann", 3), ("Bo", 2))
    # 2023-12-31, 2024-03-01, 03-02, 03-03 make the longest run: three days in March.
    assert stats.day_streak == Streak(3, date(2024, 3, 1), date(2024, 3, 3))
    # The weeks with entries (from 2023-12-25, 2024-02-26, 2024-03-11) never touch.
    assert stats.week_streak == Streak(1, date(2023, 12, 25), date(2023, 12, 31))
    assert [(f.label, f.rating) for f in stats.best] == [
        ("A (2000)", 9.0),
        ("C (2002)", 6.5),
        ("B (2001)", 4.0),
    ]
    assert stats.worst == ()  # all three are already among the best


def test_one_year(journal: FilmStore) -> None:
    stats = journal.stats(2024)
    assert (stats.films, stats.logs, stats.rewatches) == (2, 4, 1)
    assert len(stats.per_period) == 12
    assert stats.per_period[2] == ("2024-03", 4) and stats.per_period[0] == ("2024-01", 0)
    assert stats.mean_rating == pytest.approx(22 / 3)
    assert stats.hours == pytest.approx((100 + 100 + 90 + 90) / 60)
    assert stats.day_streak == Streak(3, date(2024, 3, 1), date(2024, 3, 3))
    assert stats.directors == (("Ann", 2), ("Bo", 2))


def test_consecutive_weeks(journal: FilmStore) -> None:
    film = journal.resolve("B")
    journal.add_review(film.id, ReviewInput(author="me", watched_on=date(2024, 3, 5)))
    stats = journal.stats(2024)
    assert stats.week_streak == Streak(3, date(2024, 2, 26), date(2024, 3, 17))


def test_unknown_is_not_zero() -> None:
    store = FilmStore(memory_database())
    for title, runtime, genres in (("Known", 120, ("Drama",)), ("Bare", None, ())):
        film = store.add_film(FilmInput(title=title, runtime_minutes=runtime, genres=genres))
        store.add_review(film.id, ReviewInput(author="me", watched_on=date(2024, 1, 1)))
    stats = store.stats()
    assert (stats.watched, stats.runtime_known, stats.genres_known) == (2, 1, 1)
    lines = summary_lines(stats)
    assert "2.0 hours watched (runtime known for 1 of 2 films)" in lines
    assert as_json(stats)["films_with_runtime"] == 1
    drawn = Console(width=100, record=True)
    drawn.print(render(stats))
    assert "Genres (genres known for 1 of 2 films)" in drawn.export_text()


def test_a_rating_alone_is_no_viewing() -> None:
    store = FilmStore(memory_database())
    film = store.add_film(FilmInput(title="Rated", runtime_minutes=100, genres=("Drama",)))
    store.rate(film.id, 8, author="me")
    stats = store.stats()
    assert (stats.films, stats.watched, stats.minutes, stats.logs) == (1, 0, 0, 0)
    assert dict(stats.ratings)[8] == 1 and stats.genres == ()


def test_a_double_bill_is_one_day_of_a_streak() -> None:
    store = FilmStore(memory_database())
    film = store.add_film(FilmInput(title="Double"))
    for day in (1, 2, 2, 3):  # two films on the 2nd
        store.add_review(film.id, ReviewInput(author="me", watched_on=date(2024, 3, day)))
    assert store.stats().day_streak == Streak(3, date(2024, 3, 1), date(2024, 3, 3))


def test_genres_are_ranked_by_entries_then_rating(journal: FilmStore) -> None:
    c = journal.resolve("C")  # Comedy draws level with Crime, but is rated lower
    journal.add_review(c.id, ReviewInput(author="me", rating=5, watched_on=date(2022, 1, 1)))
    names = [(g.name, g.logs) for g in journal.stats().genres]
    assert names == [("Drama", 4), ("Crime", 2), ("Comedy", 2)]


def test_an_empty_journal() -> None:
    stats = FilmStore(memory_database()).stats()
    assert stats.is_empty and stats.films == 0 and stats.mean_rating is None
    assert stats.day_streak is None and stats.per_period == () and stats.best == ()
    assert stats.mean_verdict == "Unrated"


def test_a_journal_with_no_ratings() -> None:
    store = FilmStore(memory_database())
    film = store.add_film(FilmInput(title="A", runtime_minutes=60))
    store.add_review(film.id, ReviewInput(author="me", watched_on=date(2024, 1, 1)))
    stats = store.stats()
    assert not stats.is_empty and stats.mean_rating is None and stats.best == ()
    assert stats.logs == 1 and stats.minutes == 60


def test_bars() -> None:
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 16, 2) == "▏"
    assert bar(0, 10, 4) == "" and bar(3, 0, 4) == ""


def test_kept_figures_are_used_only_until_the_journal_changes(journal: FilmStore) -> None:
    from filmjournal.storage.stats import compute

    first = journal.stats()
    assert first == compute(journal.db, None)
    assert journal.db.execute("SELECT count(*) FROM stats_cache").fetchone()[0] == 1
    assert journal.stats() == first  # Served from stats_cache.
    film = journal.resolve("A")
    journal.add_review(film.id, ReviewInput(author="me", rating=1, watched_on=date(2024, 3, 4)))
    changed = journal.stats()
    assert changed.logs == first.logs + 1 and changed == compute(journal.db, None)
    journal.update_film(
        film.id,
        FilmInput(
            title="A", year=2000, runtime_minutes=200, genres=("Drama", "Crime"), directors=("Ann",)
        ),
    )
    assert journal.stats().minutes == changed.minutes + 3 * 100
    journal.delete_film(film.id)
    assert journal.stats().films == 2


def test_kept_figures_survive_a_round_trip_through_json(journal: FilmStore) -> None:
    from filmjournal.core.stats import from_json, to_json

    for year in (None, 2024, 1999):
        stats = journal.stats(year)
        assert from_json(to_json(stats)) == stats


@pytest.mark.parametrize("year", [None, 2024, 2025])
def test_the_figures_are_the_same_from_the_gathered_reviews_as_from_the_reviews(
    journal: FilmStore, year: int | None
) -> None:
    """Where no temporary table can be made, the figures come straight from the reviews;
    both ways give the same."""
    from filmjournal.storage import stats

    straight = stats._compute(journal.db, *stats._entries(year), year)
    assert stats.compute(journal.db, year) == straight
    assert journal.db.execute(f"SELECT count(*) FROM {stats.GATHERED}").fetchone()[0] == 0


def test_the_kept_figures_say_whether_the_journal_has_changed_since(journal: FilmStore) -> None:
    """What the app shows at once when statistics open: the last figures, and whether they
    still count everything."""
    assert journal.stats_kept() is None
    first = journal.stats()
    assert journal.stats_kept() == (first, True)
    film = journal.resolve("B")
    journal.add_review(film.id, ReviewInput(author="me", rating=9, watched_on=date(2024, 5, 1)))
    assert journal.stats_kept() == (first, False)
    assert journal.stats_kept(2024) is None
    assert journal.stats().logs == first.logs + 1
    assert journal.stats_kept() == (journal.stats(), True)


def _file_journal(folder: Path) -> FilmStore:
    """A journal in a file (counting apart needs a second connection to it)."""
    path = folder / "journal.db"
    store = FilmStore(open_database(path), path=path)
    film = store.add_film(FilmInput(title="Heat", year=1995, runtime_minutes=170))
    store.add_review(film.id, ReviewInput(author="me", rating=9, watched_on=date(2024, 3, 1)))
    return store


def test_statistics_counted_apart_are_kept_for_everyone(tmp_path: Path) -> None:
    from filmjournal.storage.stats import compute

    store = _file_journal(tmp_path)
    figures = store.stats_apart()
    assert figures == compute(store.db, None) and figures.minutes == 170
    assert store.stats_kept() == (figures, True)  # kept through the other connection


def test_a_count_apart_stops_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing the app interrupts a count that would otherwise run for seconds."""
    from filmjournal.storage import store as store_module

    def endless(db: Database, year: int | None) -> object:
        return db.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        ).fetchone()

    monkeypatch.setattr(store_module, "cached_stats", endless)
    store = _file_journal(tmp_path)
    failures: list[BaseException] = []

    def count() -> None:
        try:
            store.stats_apart()
        except FilmJournalError as error:
            failures.append(error)

    counting = threading.Thread(target=count, daemon=True)
    counting.start()
    while counting.is_alive() and store._counter is None:
        time.sleep(0.01)
    time.sleep(0.05)
    store.stop_stats()
    counting.join(timeout=10)
    assert not counting.is_alive()
    assert len(failures) == 1 and "interrupt" in str(failures[0])
    store.stop_stats()  # nothing counting: nothing happens
