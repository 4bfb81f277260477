"""Films and reviews round-trip through the store; search, sort and filters answer in SQL."""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from filmjournal.core.errors import AmbiguousFilm, FilmJournalError, FilmNotFound, ReviewNotFound
from filmjournal.core.library import FilmQuery, Rated, Sort, View
from filmjournal.core.models import Draft, FilmInput, ReviewInput
from filmjournal.storage import FilmStore
from filmjournal.storage.database import memory_database, open_database
from filmjournal.storage.search import WIDE_MATCH
from tests.conftest import FIXED_NOW


def titles(store: FilmStore, query: FilmQuery) -> list[str]:
    return [film.title for film in store.rows(query, 0, 100)]


def test_film_round_trips(store: FilmStore) -> None:
    details = FilmInput(
        title="[bold]Loud[/bold] 東京 🎬",
        year=1999,
        certification="12A",
        runtime_minutes=95,
        genres=("Drama", "Comédie"),
        directors=("A. Person", "B. Person"),
        synopsis="Line one.\nLine two with \x1b escape kept as data.",
    )
    film = store.add_film(details)
    assert store.film(film.id).details() == details


def test_overall_rating_is_the_mean_of_reviews(store: FilmStore) -> None:
    heat = store.resolve("Heat")
    assert heat.overall_rating == 8.5
    assert heat.rating_text == "8.5/10"
    assert heat.verdict == "Excellent"
    assert heat.review_count == 2
    assert heat.last_watched == date(2024, 1, 12)


def test_reviews_are_newest_first_and_round_trip(store: FilmStore) -> None:
    heat = store.resolve("Heat")
    reviews = store.reviews(heat.id)
    assert [r.watched_on for r in reviews] == [date(2024, 1, 12), date(2020, 5, 1)]
    assert reviews[0].rewatch and not reviews[1].rewatch
    assert reviews[1].tags == ("crime", "la")
    assert reviews[1].created_at == FIXED_NOW


def test_deleting_a_review_updates_the_film(store: FilmStore) -> None:
    heat = store.resolve("Heat")
    latest = store.latest_review(heat.id)
    assert latest is not None
    store.delete_review(latest.id)
    assert store.film(heat.id).overall_rating == 9
    with pytest.raises(ReviewNotFound):
        store.review(latest.id)


def test_deleting_a_film_deletes_its_reviews(store: FilmStore) -> None:
    heat = store.resolve("Heat")
    store.delete_film(heat.id)
    assert store.reviews(heat.id) == []
    with pytest.raises(FilmNotFound):
        store.film(heat.id)
    assert store.count(FilmQuery(search="shoot")) == 0


def test_update_film_keeps_reviews(store: FilmStore) -> None:
    heat = store.resolve("Heat")
    updated = store.update_film(heat.id, FilmInput(title="Heat", year=1995, synopsis="New."))
    assert updated.synopsis == "New."
    assert updated.review_count == 2
    assert store.count(FilmQuery(search="new")) == 1


def test_rate_updates_my_latest_review(store: FilmStore) -> None:
    heat = store.resolve("Heat")
    film = store.rate(heat.id, 10, author="ann")
    assert [r.rating for r in store.reviews(heat.id)] == [10, 9]
    assert film.overall_rating == 9.5


def test_a_rating_alone_is_not_a_viewing(store: FilmStore) -> None:
    her = store.resolve("Her")
    film = store.rate(her.id, 9, author="ann")
    mine = store.latest_review(her.id, "ann")
    assert mine is not None and mine.rating == 9 and mine.watched_on is None
    assert film.overall_rating == 8 and film.review_count == 2
    assert film.last_watched == her.last_watched  # the Watched column does not move


def test_a_logged_rating_replaces_the_rating_given_alone(store: FilmStore) -> None:
    amelie = store.resolve("Amélie")
    store.rate(amelie.id, 6, author="ann")
    store.add_review(
        amelie.id, ReviewInput(author="ann", rating=8, text="Lovely.", watched_on=date(2024, 5, 1))
    )
    (review,) = store.reviews(amelie.id)
    assert (review.rating, review.text) == (8, "Lovely.")
    store.rate(amelie.id, 5, author="cy")
    store.add_review(amelie.id, ReviewInput(author="cy", watched_on=date(2024, 6, 1)))
    store.rate(amelie.id, 7, author="cy")  # now on cy's viewing: the rating alone goes
    assert sorted((r.author, r.rating) for r in store.reviews(amelie.id)) == [
        ("ann", 8),
        ("cy", 7),
    ]
    # Another author's rating, and a review of mine without a rating, leave it alone.
    store.rate(amelie.id, 5, author="bob")
    store.add_review(amelie.id, ReviewInput(author="ann", text="Again.", rewatch=True))
    assert sorted(r.author for r in store.reviews(amelie.id)) == ["ann", "ann", "bob", "cy"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("heat", ["Heat"]),
        ("mann", ["Heat"]),
        ("romance", ["Amélie", "Her"]),
        ("amelie", ["Amélie"]),
        ("shoot", ["Heat"]),
        ("operat", ["Her"]),
        ("", ["Amélie", "Heat", "Her"]),
    ],
)
def test_search_covers_titles_people_genres_synopses_and_reviews(
    store: FilmStore, search: str, expected: list[str]
) -> None:
    query = FilmQuery(search=search)
    assert titles(store, query) == expected
    assert store.count(query) == len(expected)


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ('her"', ["Her"]),
        ("her AND", ["Her"]),
        ("AND", ["Heat", "Her"]),  # "and" is a word: "a detective and…", "warm and sad"
        ("OR", []),
        ("NOT", []),
        ("-", []),
        ("(", []),
        ("*", []),
        ("it's", []),
        (":", []),
        ("foo:her", []),
        ("NEAR(", []),
        ('"', []),
        ("title:her", []),  # no column filter: the words "title" and "her" together
        ("^", []),
    ],
)
def test_fts_syntax_in_a_search_is_just_text(
    store: FilmStore, hostile: str, expected: list[str]
) -> None:
    query = FilmQuery(search=hostile)
    assert titles(store, query) == expected
    assert store.count(query) == len(expected)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort.TITLE, ["Amélie", "Heat", "Her"]),
        (Sort.YEAR, ["Her", "Amélie", "Heat"]),
        (Sort.RATING, ["Heat", "Her", "Amélie"]),
        (Sort.WATCHED, ["Heat", "Her", "Amélie"]),
    ],
)
def test_sorts(store: FilmStore, sort: Sort, expected: list[str]) -> None:
    assert titles(store, FilmQuery(sort=sort)) == expected
    for index, title in enumerate(expected):
        assert store.position(FilmQuery(sort=sort), store.resolve(title).id) == index


def test_filters(store: FilmStore) -> None:
    assert titles(store, FilmQuery(genre="romance")) == ["Amélie", "Her"]
    assert titles(store, FilmQuery(year_from=2000)) == ["Amélie", "Her"]
    assert titles(store, FilmQuery(year_to=2000)) == ["Heat"]
    assert titles(store, FilmQuery(rated=Rated.UNRATED)) == ["Amélie"]
    assert titles(store, FilmQuery(rated=Rated.RATED, genre="Romance")) == ["Her"]
    assert store.genres() == ["Comedy", "Crime", "Drama", "Romance", "Sci-Fi", "Thriller"]


def test_paging_windows(store: FilmStore) -> None:
    query = FilmQuery()
    assert [f.title for f in store.rows(query, 1, 1)] == ["Heat"]
    assert store.rows(query, 10, 5) == []
    assert [f.title for f in store.films(query, page=1)] == ["Amélie", "Heat", "Her"]


def test_resolve_by_id_title_or_title_and_year(store: FilmStore) -> None:
    heat = store.resolve("Heat")
    assert store.resolve(str(heat.id)) == heat
    assert store.resolve("heat") == heat
    assert store.resolve("Heat (1995)") == heat
    with pytest.raises(FilmNotFound, match="Heat \\(1995\\)"):
        store.resolve("Heat (1996)")


def test_resolve_names_every_candidate_when_ambiguous(store: FilmStore) -> None:
    store.add_film(FilmInput(title="Heat", year=1986))
    with pytest.raises(AmbiguousFilm) as raised:
        store.resolve("Heat")
    assert len(raised.value.candidates) == 2
    assert "Heat (1986)" in str(raised.value) and "Heat (1995)" in str(raised.value)
    assert store.resolve("Heat (1986)").year == 1986


def test_each_draft_is_its_own_until_it_is_dropped(store: FilmStore) -> None:
    her = store.resolve("Her")
    first = store.save_draft(Draft(film_id=her.id, review_id=None, text="half a th", rating="8"))
    store.save_draft(replace(first, text="half a thought"))
    other = store.save_draft(Draft(film_id=her.id, review_id=None, text="another editor"))
    assert sorted(d.text for d in store.drafts()) == ["another editor", "half a thought"]
    store.add_review(her.id, ReviewInput(author="ann", text="half a thought"))
    assert len(store.drafts()) == 2  # saving a review never touches a draft
    store.drop_draft(first.key)
    assert [d.text for d in store.drafts()] == ["another editor"]
    store.save_draft(replace(first, text="too late"))  # a timer firing after the save
    assert [d.key for d in store.drafts()] == [other.key]


def test_drafts_live_beside_the_journal_and_never_wait_for_it(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    store = FilmStore(open_database(path), path=path)
    film = store.add_film(FilmInput(title="Heat"))
    with sqlite3.connect(path) as other:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock (an import)
        other.execute("DELETE FROM films")
        # Were the draft a journal write, this would wait for the lock, then fail as busy.
        kept = store.save_draft(Draft(film_id=film.id, review_id=None, text="mine"))
        other.rollback()
    folder = tmp_path / "journal.db.drafts"
    (file,) = folder.iterdir()
    assert file.stat().st_mode & 0o777 == 0o600 and folder.stat().st_mode & 0o777 == 0o700
    again = FilmStore(open_database(path), path=path)
    assert [(d.key, d.text) for d in again.drafts()] == [(kept.key, "mine")]


def test_failed_write_leaves_the_journal_as_it_was(store: FilmStore) -> None:
    before = store.total()
    with pytest.raises(FilmNotFound):
        store.add_review(9999, ReviewInput(author="ann", rating=5))
    assert store.total() == before
    assert store.db["reviews"].count == 3


def test_a_write_that_fails_partway_is_undone_whole(store: FilmStore) -> None:
    her = store.resolve("Her")
    store.rate(her.id, 6, author="ann")
    # A rated review is written, then replaces ann's bare rating: make the second step fail.
    store.db.execute(
        "CREATE TEMP TRIGGER no_deletes BEFORE DELETE ON reviews"
        " BEGIN SELECT RAISE(ABORT, 'reviews are locked'); END"
    )
    with pytest.raises(FilmJournalError, match="reviews are locked"):
        store.add_review(her.id, ReviewInput(author="ann", rating=5, text="whole"))
    assert sorted(r.text for r in store.reviews(her.id)) == ["", "Warm and sad."]
    assert store.resolve("Her").review_count == 2


words = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=words, review=words)
def test_search_finds_what_was_written(title: str, review: str) -> None:
    store = FilmStore(memory_database())
    film = store.add_film(FilmInput(title=title.strip() or "x"))
    store.add_review(film.id, ReviewInput(author="ann", text=review))
    for text in (film.title, review):
        query = FilmQuery(search=text)
        found = [f.id for f in store.rows(query, 0, 10)]
        if any(ch.isalnum() for ch in text):
            assert film.id in found, (text, store.db.execute("select * from films_fts").fetchall())
        assert store.count(query) == len(found)


@pytest.mark.parametrize("wide", [1, 10**9])
def test_both_ways_of_paging_a_search_agree(wide: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from filmjournal.storage import search as store_module

    store = FilmStore(memory_database())
    for number in range(60):
        film = store.add_film(FilmInput(title=f"Winter {number:02d}" if number % 3 else "Other"))
        store.add_review(film.id, ReviewInput(author="me", text="snow" if number % 2 else "rain"))
    expected = {}
    for search in ("w", "winter", "snow", "rain", "wint sno", "nothing"):
        for sort in Sort:
            query = FilmQuery(search=search, sort=sort)
            where, params = store_module._where(query)
            expected[query] = [
                row[0]
                for row in store.db.execute(
                    f"SELECT id FROM films WHERE {where} ORDER BY {store_module._ORDER[sort]}",
                    params,
                )
            ]
    monkeypatch.setattr(store_module, "WIDE_MATCH", wide)
    for query, ids in expected.items():
        assert [f.id for f in store.rows(query, 0, 1000)] == ids
        assert store.count(query) == len(ids)
        assert [f.id for f in store.rows(query, 5, 7)] == ids[5:12]


def test_counts_see_another_programs_writes(tmp_path: Path) -> None:
    import sqlite3

    from filmjournal.storage import open_database

    store = FilmStore(open_database(tmp_path / "journal.db"))
    store.add_film(FilmInput(title="Heat"))
    assert store.count(FilmQuery(search="heat")) == 1
    with sqlite3.connect(tmp_path / "journal.db") as other:
        other.execute(
            "INSERT INTO films (title, created_at, updated_at) VALUES ('Heat 2', 'x', 'x')"
        )
    assert store.count(FilmQuery(search="heat")) == 2


def test_position_agrees_with_the_order_for_every_sort() -> None:
    store = FilmStore(memory_database())
    import random

    rng = random.Random(3)
    for number in range(80):
        film = store.add_film(
            FilmInput(
                title=rng.choice(["Heat", "heat", "Alien", "Zed", "Her"]) + f" {number % 7}",
                year=rng.choice([None, 1990, 2001]),
            )
        )
        if rng.random() < 0.6:
            store.add_review(
                film.id,
                ReviewInput(
                    author="me",
                    rating=rng.choice([None, 3, 8]),
                    watched_on=rng.choice([None, date(2020, 1, 1), date(2021, 5, 5)]),
                ),
            )
        if rng.random() < 0.3:
            store.set_watchlist(film.id, True)  # only on the watchlist unless reviewed too
    for sort, view, reverse in itertools.product(Sort, (View.ALL, View.JOURNAL), (False, True)):
        query = FilmQuery(sort=sort, view=view, reverse=reverse)
        order = [f.id for f in store.films(query)]
        assert store.count(query) == len(order)
        assert [store.position(query, i) for i in order] == list(range(len(order)))
    journal = FilmQuery(view=View.JOURNAL)
    left_out = [f.id for f in store.films(FilmQuery(view=View.WATCHLIST)) if f.review_count == 0]
    assert left_out and all(store.position(journal, i) is None for i in left_out)
    assert store.count(journal) == 80 - len(left_out)


@pytest.mark.parametrize("sort", list(Sort))
def test_a_reversed_sort_is_the_same_films_the_other_way_and_positions_agree(
    store: FilmStore, sort: Sort
) -> None:
    for number in range(12):
        film = store.add_film(FilmInput(title=f"Film {number % 5}", year=2000 + number % 4))
        if number % 3:
            store.rate(film.id, 1 + number % 10, author="me")
    forward = FilmQuery(sort=sort)
    backward = forward.reversed()
    ahead = [f.id for f in store.rows(forward, 0, 100)]
    behind = [f.id for f in store.rows(backward, 0, 100)]
    assert behind == ahead[::-1]
    assert [store.position(backward, film_id) for film_id in behind] == list(range(len(behind)))
    assert backward.order_label != forward.order_label


def test_filter_years_given_backwards_are_swapped() -> None:
    query = FilmQuery().filtered(genre=None, year_from=2020, year_to=1990, rated=Rated.ANY)
    assert (query.year_from, query.year_to) == (1990, 2020)


def test_a_search_comes_best_match_first_unless_a_sort_is_chosen() -> None:
    store = FilmStore(memory_database())
    for title, directors, synopsis in [
        ("Another Her Story", (), ""),
        ("Aaa", ("Werner Herzog",), ""),
        ("Abc", (), "Her voice on the phone."),
        ("Hero", (), ""),
        ("Her", (), ""),
    ]:
        store.add_film(FilmInput(title=title, directors=directors, synopsis=synopsis))
    found = [f.title for f in store.rows(FilmQuery(search="her"), 0, 10)]
    assert found == ["Her", "Hero", "Another Her Story", "Aaa", "Abc"]
    by_title = [f.title for f in store.rows(FilmQuery(search="her").sorted_by(Sort.TITLE), 0, 10)]
    assert by_title == ["Aaa", "Abc", "Another Her Story", "Her", "Hero"]
    ranked = FilmQuery(search="her")
    assert [store.position(ranked, f.id) for f in store.rows(ranked, 0, 10)] == [0, 1, 2, 3, 4]


def test_within_a_kind_of_match_the_stronger_match_comes_first() -> None:
    store = FilmStore(memory_database())
    alien = store.add_film(FilmInput(title="Alien", synopsis="A crew in deep space."))
    store.add_review(
        alien.id,
        ReviewInput(author="me", text="Not a crime film, " + "but a long haunted-house one. " * 40),
    )
    store.add_film(FilmInput(title="Zodiac", genres=("Crime", "Mystery")))
    ranked = FilmQuery(search="crime")
    # Neither title nor people hold the word: a genre says more than a passing mention.
    assert [f.title for f in store.rows(ranked, 0, 10)] == ["Zodiac", "Alien"]
    assert [store.position(ranked, f.id) for f in store.rows(ranked, 0, 10)] == [0, 1]
    by_title = ranked.sorted_by(Sort.TITLE)
    assert [f.title for f in store.rows(by_title, 0, 10)] == ["Alien", "Zodiac"]


def test_a_search_too_wide_to_rank_still_puts_its_title_first() -> None:
    store = FilmStore(memory_database())
    rows = [
        {"title": f"Film {n:04}", "synopsis": "One night in the city."} for n in range(WIDE_MATCH)
    ]
    rows += [{"title": t, "synopsis": ""} for t in ("Nightcrawler", "Night", "night moves")]
    for row in rows:
        store.add_film(FilmInput(title=row["title"], synopsis=row["synopsis"]))
    ranked = FilmQuery(search="night")
    assert store.count(ranked) == WIDE_MATCH + 3
    first = [f.title for f in store.rows(ranked, 0, 5)]
    assert first == ["Night", "night moves", "Nightcrawler", "Film 0000", "Film 0001"]
    # Pages meet where the titles that start with it end, and positions agree with them.
    paged = [f.title for offset in range(0, 8, 2) for f in store.rows(ranked, offset, 2)]
    assert paged == [f.title for f in store.rows(ranked, 0, 8)]
    for place, film in enumerate(store.rows(ranked, 0, 6)):
        assert store.position(ranked, film.id) == place
    assert store.position(ranked, store.resolve("Film 1999").id) == 3 + 1999
    assert store.rows(ranked, WIDE_MATCH + 2, 5)[0].title == "Film 1999"
    store.update_film(store.resolve("Nightcrawler").id, FilmInput(title="Nightcrawler", year=2014))
    recent = ranked.filtered(genre=None, year_from=2000, year_to=2020, rated=Rated.ANY)
    assert [f.title for f in store.rows(recent, 0, 5)] == ["Nightcrawler"]
    assert [f.title for f in store.rows(recent, 1, 5)] == []


def test_a_search_of_the_journal_leaves_out_only_the_films_only_on_the_watchlist() -> None:
    store = FilmStore(memory_database())
    for title, watchlist, reviewed in [
        ("Night Moves", False, True),
        ("Night on Earth", True, False),  # only on the watchlist: left out
        ("Nightcrawler", True, True),  # on the watchlist but seen: in
        ("The Night of the Hunter", False, False),
        ("Heat", True, False),
    ]:
        film = store.add_film(FilmInput(title=title))
        if reviewed:
            store.add_review(film.id, ReviewInput(author="me", rating=7))
        store.set_watchlist(film.id, watchlist)
    night = FilmQuery(search="night", view=View.JOURNAL)
    found = [f.title for f in store.films(night)]
    assert sorted(found) == ["Night Moves", "Nightcrawler", "The Night of the Hunter"]
    assert store.count(night) == 3
    assert store.count(FilmQuery(view=View.JOURNAL)) == 3
