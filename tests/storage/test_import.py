"""Imports match what is there, change nothing twice, and are all or nothing."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from filmjournal import formats
from filmjournal.core.errors import FilmJournalError
from filmjournal.core.importing import ImportBatch, ImportedFilm, ImportedReview
from filmjournal.core.library import FilmQuery, View
from filmjournal.core.models import FilmInput
from filmjournal.storage import FilmStore
from filmjournal.storage.database import memory_database

FIXTURES = Path(__file__).parent.parent / "formats" / "fixtures"


@pytest.fixture
def empty() -> FilmStore:
    return FilmStore(memory_database())


def snapshot(store: FilmStore) -> list[tuple[object, ...]]:
    return [
        (
            film.details(),
            film.letterboxd_uri,
            film.imdb_id,
            film.watchlist,
            film.liked,
            tuple(sorted((r.content() for r in reviews), key=repr)),
            tuple(lists),
        )
        for film, reviews, lists in ((r.film, r.reviews, r.lists) for r in store.everything())
    ]


def test_letterboxd_export_imports_completely(empty: FilmStore) -> None:
    summary = empty.apply_import(formats.read(FIXTURES / "letterboxd"), author="sam")
    assert (summary.films_added, summary.reviews_added) == (6, 5)
    heat = empty.resolve("Heat")
    assert heat.overall_rating == 9.5 and heat.review_count == 2
    assert heat.letterboxd_uri == "https://boxd.it/film-heat"
    assert {r.author for r in empty.reviews(heat.id)} == {"sam"}
    assert [e.name for e in empty.lists_for(heat.id)] == ["Favourites"]
    assert empty.resolve("Alien").liked
    assert [f.title for f in empty.rows(FilmQuery(view=View.WATCHLIST), 0, 10)] == ["Paddington 2"]
    assert empty.count(FilmQuery(search="shoot")) == 1


def test_importing_twice_changes_nothing(empty: FilmStore) -> None:
    batch = formats.read(FIXTURES / "letterboxd")
    empty.apply_import(batch, author="sam")
    before = snapshot(empty)
    again = empty.apply_import(formats.read(FIXTURES / "letterboxd"), author="sam")
    assert (again.films_added, again.films_updated, again.reviews_added) == (0, 0, 0)
    assert again.films_unchanged == 6 and again.reviews_unchanged == 5
    assert snapshot(empty) == before
    assert "nothing new" in again.lines()[-1]


def test_letterboxd_and_imdb_merge_into_one_film(empty: FilmStore) -> None:
    empty.apply_import(formats.read(FIXTURES / "letterboxd"), author="sam")
    summary = empty.apply_import(formats.read(FIXTURES / "imdb" / "ratings.csv"), author="sam")
    assert summary.films_added == 2  # only the TV movie and the short are new
    assert summary.films_updated == 2  # Heat and Alien get IMDb's details
    heat = empty.resolve("Heat")
    assert heat.imdb_id == "tt0113277" and heat.letterboxd_uri == "https://boxd.it/film-heat"
    assert heat.runtime_minutes == 170 and heat.directors == ("Michael Mann",)
    assert heat.review_count == 2  # IMDb's 9 is the diary's 9, not a third review
    assert summary.skipped["tvSeries rows (not films)"] == 1


def test_a_match_never_overwrites_what_the_user_wrote(empty: FilmStore) -> None:
    film = empty.add_film(FilmInput(title="Heat", year=1995, runtime_minutes=171, genres=("Mine",)))
    empty.apply_import(formats.read(FIXTURES / "imdb" / "ratings.csv"), author="sam")
    heat = empty.film(film.id)
    assert heat.runtime_minutes == 171 and heat.genres == ("Mine",)
    assert heat.directors == ("Michael Mann",)  # it was blank, so it is filled in


def test_dry_run_reports_and_writes_nothing(empty: FilmStore) -> None:
    summary = empty.apply_import(formats.read(FIXTURES / "letterboxd"), author="sam", dry_run=True)
    assert summary.films_added == 6 and summary.dry_run
    assert empty.total() == 0
    assert summary.lines()[-1] == "dry run: nothing was written"


def test_a_failure_half_way_leaves_the_journal_untouched(empty: FilmStore) -> None:
    empty.add_film(FilmInput(title="Kept"))
    batch = ImportBatch(
        source="test",
        films=[
            ImportedFilm(details=FilmInput(title="Fine"), reviews=(ImportedReview(rating=5),)),
            ImportedFilm(details=FilmInput(title="   ")),  # the schema refuses a blank title
        ],
    )
    with pytest.raises(FilmJournalError, match="nothing was written"):
        empty.apply_import(batch, author="sam")
    assert [f.title for f in empty.films(FilmQuery())] == ["Kept"]


def test_progress_is_reported(empty: FilmStore) -> None:
    seen: list[tuple[int, int]] = []
    empty.apply_import(
        formats.read(FIXTURES / "letterboxd"),
        author="sam",
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (6, 6) and len(seen) == 6


def test_look_alike_films_in_one_export_stay_apart(empty: FilmStore) -> None:
    twins = [ImportedFilm(details=FilmInput(title="Twin")) for _ in range(2)]
    empty.apply_import(ImportBatch(source="json", films=twins), author="sam")
    assert empty.total() == 2
    empty.apply_import(ImportBatch(source="json", films=twins), author="sam")
    assert empty.total() == 2


def test_the_triggers_are_back_after_an_import_and_after_a_failed_one(empty: FilmStore) -> None:
    def triggers() -> set[str]:
        return {t.name for t in empty.db.triggers}

    before = triggers()
    empty.apply_import(formats.read(FIXTURES / "letterboxd"), author="sam")
    assert triggers() == before
    bad = ImportBatch(source="test", films=[ImportedFilm(details=FilmInput(title="  "))])
    with pytest.raises(FilmJournalError):
        empty.apply_import(bad, author="sam")
    assert triggers() == before
    # And they work: a review written afterwards updates the rating and the search index.
    her = empty.resolve("Her")
    from filmjournal.core.models import ReviewInput

    empty.add_review(her.id, ReviewInput(author="sam", rating=9, text="zeppelin"))
    assert empty.film(her.id).overall_rating == 8
    assert [f.title for f in empty.rows(FilmQuery(search="zeppelin"), 0, 5)] == ["Her"]


def test_a_first_import_builds_its_indexes_after_it_and_a_failed_one_keeps_them(
    empty: FilmStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first import (more films than the journal holds) drops the sort indexes and makes
    them again once its rows are in, in the same transaction."""
    from filmjournal.storage import importer

    monkeypatch.setattr(importer, "DEFER_FROM", 2)

    def indexes() -> dict[str, str]:
        return {
            str(name): str(sql)
            for name, sql in empty.db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }

    before = indexes()
    assert set(importer.DEFERRED_INDEXES) <= set(before)
    dropped: list[str] = []
    pause = importer.Importer._pause

    def watched(self: importer.Importer, kind: str, names: tuple[str, ...]) -> list[str]:
        made = pause(self, kind, names)
        dropped.extend(made if kind == "index" else [])
        return made

    monkeypatch.setattr(importer.Importer, "_pause", watched)
    bad = ImportBatch(
        source="test",
        films=[ImportedFilm(details=FilmInput(title="Fine")), ImportedFilm(FilmInput(title=" "))],
    )
    with pytest.raises(FilmJournalError):
        empty.apply_import(bad, author="sam")
    assert indexes() == before and len(dropped) == len(importer.DEFERRED_INDEXES)
    empty.apply_import(formats.read(FIXTURES / "letterboxd"), author="sam")
    assert indexes() == before and len(dropped) == 2 * len(importer.DEFERRED_INDEXES)
    plan = " ".join(
        str(row[-1])
        for row in empty.db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM films ORDER BY title COLLATE NOCASE, id"
        )
    )
    assert "films_by_title" in plan
    assert empty.check() == []


def test_new_films_get_the_rating_count_and_search_row_the_triggers_would_give(
    empty: FilmStore,
) -> None:
    empty.apply_import(formats.read(FIXTURES / "letterboxd"), author="sam")
    imported = {f.title: f for f in empty.films(FilmQuery())}
    # Recompute every summary with the triggers' own SQL and compare.
    for title, film in imported.items():
        mean, count, last = empty.db.execute(
            "SELECT avg(rating), count(*), max(watched_on) FROM reviews WHERE film_id = ?",
            [film.id],
        ).fetchone()
        assert (film.overall_rating, film.review_count) == (mean, count), title
        assert (film.last_watched.isoformat() if film.last_watched else None) == last
    assert empty.count(FilmQuery(search="ampersand")) == 1
    assert empty.count(FilmQuery(search="favourites")) == 0


def test_a_review_without_a_source_id_is_recognised_by_its_content(empty: FilmStore) -> None:
    def batch(*texts: str) -> ImportBatch:
        reviews = tuple(ImportedReview(rating=7, text=text) for text in texts)
        return ImportBatch(
            source="json", films=[ImportedFilm(FilmInput(title="Heat"), reviews=reviews)]
        )

    empty.apply_import(batch("Tense.", "Tense."), author="sam")  # the same words twice
    # Each review in the journal stands for one imported review: a third "Tense." is new.
    again = empty.apply_import(batch("Tense.", "Tense.", "Tense.", "Longer."), author="sam")
    assert (again.reviews_unchanged, again.reviews_added) == (2, 2)
    heat = empty.resolve("Heat")
    texts = sorted(r.text for r in empty.reviews(heat.id))
    assert texts == ["Longer.", "Tense.", "Tense.", "Tense."]


QUIRKS = FIXTURES / "letterboxd-quirks"
"""An export that spells a film two ways, re-rates a logged film, and rates one unlogged."""


def test_an_exports_files_one_at_a_time_in_any_order_give_its_folder() -> None:
    whole = FilmStore(memory_database())
    whole.apply_import(formats.read(QUIRKS), author="sam")
    expected = snapshot(whole)
    files = sorted(QUIRKS.glob("*.csv"))
    assert len(files) == 5
    for order in itertools.permutations(files):
        store = FilmStore(memory_database())
        for path in order:
            store.apply_import(formats.read(path), author="sam")
        assert snapshot(store) == expected, [path.name for path in order]


def test_the_films_own_files_spell_its_title() -> None:
    store = FilmStore(memory_database())
    store.apply_import(formats.read(QUIRKS), author="sam")
    titles = [film.title for film in store.films(FilmQuery())]
    assert "Mission: Impossible" in titles and "Mission Impossible" not in titles
    mission = store.resolve("Mission: Impossible")
    assert sorted(r.rating or 0 for r in store.reviews(mission.id)) == [7, 8]  # the diary's


def test_reviews_csv_after_diary_csv_fills_in_the_text() -> None:
    store = FilmStore(memory_database())
    store.apply_import(formats.read(QUIRKS / "diary.csv"), author="sam")
    summary = store.apply_import(formats.read(QUIRKS / "reviews.csv"), author="sam")
    assert summary.reviews_updated == 2 and summary.reviews_added == 0
    paddington = store.resolve("Paddington 2")
    (review,) = store.reviews(paddington.id)
    assert "marmalade" in review.text and review.tags == ("kids",)
    assert store.count(FilmQuery(search="marmalade")) == 1  # and the search index knows it
