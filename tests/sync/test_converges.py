"""Whatever each machine does, and in whatever order they sync, they end with one journal."""

from __future__ import annotations

import contextlib
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore
from tests.sync.conftest import Machine

words = st.sampled_from(["Heat", "Alien", "Her", "Thief", "Ran", "Up"])
step = st.one_of(
    st.tuples(st.just("add film"), words),
    st.tuples(st.just("add known film"), words),
    st.tuples(st.just("edit film"), st.integers(0, 9), words),
    st.tuples(st.just("delete film"), st.integers(0, 9)),
    st.tuples(st.just("add review"), st.integers(0, 9), words, st.integers(1, 10)),
    st.tuples(st.just("edit review"), st.integers(0, 9), words, st.integers(1, 10)),
    st.tuples(st.just("delete review"), st.integers(0, 9)),
    st.tuples(st.just("list"), st.integers(0, 9), st.sampled_from(["Faves", "Later"])),
    st.tuples(st.just("move"), st.integers(0, 9), st.sampled_from(["Faves", "Later"])),
    st.tuples(
        st.just("sync"),
    ),
)
plans = st.integers(2, 3).flatmap(
    lambda n: st.tuples(
        st.just(n), st.lists(st.tuples(st.integers(0, n - 1), step), min_size=1, max_size=14)
    )
)


def act(store: FilmStore, what: tuple[Any, ...]) -> None:
    """Do one thing to a journal, as a person would."""
    films = [f.id for f in store.films(FilmQuery())]
    reviews = [r.id for film in films for r in store.reviews(film)]
    kind = what[0]
    if kind == "add film":
        store.add_film(FilmInput(title=what[1], year=1990))
    elif kind == "add known film":  # the same IMDb id wherever it is added: twins
        film = store.add_film(FilmInput(title=what[1], year=1990))
        imdb = f"tt{sum(map(ord, what[1])):07}"
        if not store.db.execute("SELECT 1 FROM films WHERE imdb_id = ?", [imdb]).fetchone():
            store.db.execute("UPDATE films SET imdb_id = ? WHERE id = ?", [imdb, film.id])
    elif kind == "add review" and films:
        store.add_review(films[what[1] % len(films)], ReviewInput("me", what[3], what[2]))
    elif kind == "edit film" and films:
        film = store.film(films[what[1] % len(films)])
        store.update_film(film.id, FilmInput(title=film.title, year=1990, synopsis=what[2]))
    elif kind == "delete film" and films:
        store.delete_film(films[what[1] % len(films)])
    elif kind == "edit review" and reviews:
        store.update_review(reviews[what[1] % len(reviews)], ReviewInput("me", what[3], what[2]))
    elif kind == "delete review" and reviews:
        store.delete_review(reviews[what[1] % len(reviews)])
    elif kind == "list" and films:
        store.add_to_list(films[what[1] % len(films)], what[2])
    elif kind == "move" and films:
        with contextlib.suppress(FilmJournalError):  # not in that list: the app says so
            store.move_in_list(what[2], films[what[1] % len(films)], -1)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plans)
def test_any_edits_and_any_sync_order_end_in_one_journal(plan: tuple[int, list[Any]]) -> None:
    count, steps = plan
    with TemporaryDirectory() as folder:
        home = Path(folder)
        machines = [Machine(home, f"m{n}", home / "Sync", 0xA0 + n) for n in range(count)]
        with machines[0].store() as store:  # one film all share, to quarrel over
            store.add_review(store.add_film(FilmInput("Heat", 1995)).id, ReviewInput("me", 8))
        for machine in machines:
            machine.sync()
        for who, what in steps:
            machine = machines[who]
            if what[0] == "sync":
                machine.sync()
                continue
            with machine.store() as store:
                act(store, what)
        for _ in range(3):
            for machine in machines:
                machine.sync()
        first = machines[0].dump()
        for machine in machines[1:]:
            assert machine.dump() == first
        for machine in machines:
            with machine.store() as store:
                assert store.check() == []
