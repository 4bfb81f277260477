"""Exports come back in: JSON is lossless, and Letterboxd keeps what Letterboxd can hold."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from filmjournal import formats
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import Film, FilmInput, Review, ReviewInput
from filmjournal.core.text import normalise_title
from filmjournal.formats.letterboxd_csv import review_html, review_markdown
from filmjournal.storage import FilmStore
from filmjournal.storage.database import memory_database

names = (
    st.from_regex(r"[A-Za-zé東 \[\]#*:'\"/.-]{1,16}", fullmatch=True)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
texts = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r"), max_size=80)
dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))

reviews = st.builds(
    ReviewInput,
    author=names,
    rating=st.none() | st.integers(1, 10),
    text=texts,
    watched_on=st.none() | dates,
    rewatch=st.booleans(),
    tags=st.lists(names, max_size=3, unique_by=str.casefold).map(tuple),
)
ids = st.tuples(
    st.none() | st.from_regex(r"https://boxd\.it/[A-Za-z0-9]{4,6}", fullmatch=True),
    st.none() | st.from_regex(r"tt[0-9]{7,8}", fullmatch=True),
)
films = st.builds(
    lambda details, reviews, watchlist, liked, ids: (details, reviews, watchlist, liked, ids),
    st.builds(
        FilmInput,
        title=names,
        year=st.none() | st.integers(1900, 2030),
        certification=st.sampled_from(["", "R", "PG-13", "12A"]),
        runtime_minutes=st.none() | st.integers(1, 300),
        genres=st.lists(names, max_size=3, unique_by=str.casefold).map(tuple),
        directors=st.lists(names, max_size=2, unique_by=str.casefold).map(tuple),
        synopsis=texts,
    ),
    st.lists(reviews, max_size=3),
    st.booleans(),
    st.booleans(),
    ids,
)
journals = st.lists(films, max_size=6)
# Two films with one address or IMDb id are one film to an importer.
journals = journals.filter(
    lambda j: all(
        len(found) == len(set(found))
        for found in (
            [f[4][0] for f in j if f[4][0]],
            [f[4][1] for f in j if f[4][1]],
        )
    )
)


def build(journal: list[Any]) -> FilmStore:
    store = FilmStore(memory_database())
    for details, film_reviews, watchlist, liked, (letterboxd_uri, imdb_id) in journal:
        film = store.add_film(details)
        store.db.execute(
            "UPDATE films SET letterboxd_uri = ?, imdb_id = ? WHERE id = ?",
            [letterboxd_uri, imdb_id, film.id],
        )
        for review in film_reviews:
            store.add_review(film.id, review)
        store.set_watchlist(film.id, watchlist)
        if liked:
            store.db.execute("UPDATE films SET liked = 1 WHERE id = ?", [film.id])
    return store


def contents(store: FilmStore, *, with_author: bool = True) -> Counter[Any]:
    found: Counter[Any] = Counter()
    for record in store.everything():
        film, film_reviews, lists = record.film, record.reviews, record.lists
        kept = Counter(
            (r.author if with_author else None, r.rating, r.text, r.watched_on, r.rewatch, r.tags)
            for r in film_reviews
        )
        found[
            (
                film.details(),
                film.letterboxd_uri,
                film.imdb_id,
                film.watchlist,
                film.liked,
                tuple(lists),
                tuple(sorted(kept.items(), key=repr)),
            )
        ] += 1
    return found


def round_trip(store: FilmStore, format_name: str, read_as: str) -> FilmStore:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "export"
        formats.export(store.everything(), format_name, path)
        again = FilmStore(memory_database())
        again.apply_import(formats.read(path, read_as), author="importer")
        return again


def test_json_keeps_each_films_letterboxd_address_and_imdb_id() -> None:
    store = build(
        [
            (FilmInput(title="Heat", year=1995), [], False, False, ("https://boxd.it/2bf0", None)),
            (FilmInput(title="Her", year=2013), [], True, False, (None, "tt1798709")),
        ]
    )
    again = round_trip(store, "json", "json")
    assert {(f.title, f.letterboxd_uri, f.imdb_id) for f in again.films(FilmQuery())} == {
        ("Heat", "https://boxd.it/2bf0", None),
        ("Her", None, "tt1798709"),
    }


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journals)
def test_json_export_then_import_gives_the_same_journal(journal: list[Any]) -> None:
    store = build(journal)
    again = round_trip(store, "json", "json")
    assert contents(again) == contents(store)
    # And importing it once more into the same journal changes nothing.
    with TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        formats.export(store.everything(), "json", path)
        summary = again.apply_import(formats.read(path), author="importer")
    assert summary.films_added == summary.reviews_added == 0


def shown(text: str) -> str:
    """A review's text as Letterboxd's HTML carries it there and back."""
    return review_markdown(review_html(text))


def letterboxd_view(
    film: Film, reviews: Sequence[Review], text: Callable[[str], str] = str
) -> tuple[Any, ...]:
    """What Letterboxd's CSV keeps of a film: title, year, and each review's substance (its
    text as `text` gives it)."""
    kept = ((r.rating, text(r.text), r.watched_on, r.rewatch, r.tags) for r in reviews)
    return (film.title, film.year, tuple(sorted(kept, key=repr)))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    journals.filter(lambda j: len({(normalise_title(f[0].title), f[0].year) for f in j}) == len(j))
)
def test_letterboxd_export_then_import_keeps_films_and_reviews(journal: list[Any]) -> None:
    store = build(journal)
    again = round_trip(store, "letterboxd", "letterboxd-csv")
    expected = Counter[Any]()
    for film, film_reviews in ((r.film, r.reviews) for r in store.everything()):
        if film.watchlist and not film_reviews:
            continue  # Letterboxd would take it as watched, so it is left out.
        # A review with no rating, date, text or tags is only "watched" to Letterboxd.
        kept = [
            r
            for r in film_reviews
            if (r.rating, shown(r.text), r.watched_on, r.rewatch, r.tags)
            != (None, "", None, False, ())
        ]
        # The text goes as the HTML Letterboxd shows, and comes back as Markdown from it.
        expected[letterboxd_view(film, kept, shown)] += 1
    found = Counter[Any]()
    for film, film_reviews in ((r.film, r.reviews) for r in again.everything()):
        found[letterboxd_view(film, film_reviews)] += 1
    assert found == expected
