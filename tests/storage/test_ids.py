"""Ids two machines can each make: random 63-bit ids, lists named alike share one, and the
short form people type still names one film."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner

from filmjournal import formats
from filmjournal.cli import cli
from filmjournal.core.errors import AmbiguousFilm, FilmNotFound
from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.demo import seed_demo
from filmjournal.storage import FilmStore, open_database
from filmjournal.storage.database import memory_database
from filmjournal.storage.ids import SHORTEST

FIXTURES = Path(__file__).parents[1] / "formats" / "fixtures"
TABLES = ("films", "reviews", "lists")


def ids_look_random(store: FilmStore) -> None:
    """No id SQLite would pick itself: a fresh journal's max(id)+1 is 1, 2, 3... and after
    one random id it is that id + 1, so small ids or consecutive ones mean one slipped in."""
    for table in TABLES:
        ids = sorted(row[0] for row in store.db.execute(f"SELECT id FROM {table}"))
        assert ids, table
        assert ids[0] >= 2**32, (table, ids[:3])
        following = {b for a, b in zip(ids, ids[1:], strict=False) if b == a + 1}
        assert not following, (table, sorted(following)[:3])


def test_every_way_in_gives_its_own_random_id(tmp_path: Path) -> None:
    store = FilmStore(memory_database())
    heat = store.add_film(FilmInput(title="Heat", year=1995))
    store.add_review(heat.id, ReviewInput(author="sam", rating=8, text="Tense."))
    alien = store.add_film(FilmInput(title="Alien"))
    store.rate(alien.id, 9, author="sam")  # A rating given alone is a review row too.
    store.apply_import(formats.read(FIXTURES / "letterboxd"), author="sam")
    store.apply_import(formats.read(FIXTURES / "imdb" / "ratings.csv"), author="sam")
    seed_demo(store)
    ids_look_random(store)


def test_a_list_made_on_two_machines_is_one_list() -> None:
    ids = []
    for _ in range(2):
        store = FilmStore(memory_database())
        store.apply_import(formats.read(FIXTURES / "letterboxd"), author="sam")
        ids.append(store.db.execute("SELECT id FROM lists WHERE name = 'Favourites'").fetchone())
    assert ids[0] == ids[1] and ids[0] is not None


def test_existing_rows_keep_their_ids() -> None:
    store = FilmStore(memory_database())
    store.db.execute(
        "INSERT INTO films (id, title, match_key, created_at, updated_at)"
        " VALUES (7, 'Old', 'old', '2020-01-01', '2020-01-01')"
    )
    store.add_film(FilmInput(title="New"))
    store.update_film(7, FilmInput(title="Older"))
    assert store.film(7).title == "Older"


def test_an_import_never_gives_a_new_row_an_id_a_row_has(tmp_path: Path) -> None:
    """Random ids are checked against the journal a few hundred at a time: a draw that
    names an existing film or review (or one given already) is passed over."""
    draws = itertools.chain([7, 8, 7, 8, 9, 9], itertools.count(100))
    store = FilmStore(memory_database(), ids=lambda: next(draws))
    for table, row in (("films", 7), ("films", 8)):
        store.db.execute(
            f"INSERT INTO {table} (id, title, match_key, created_at, updated_at)"
            f" VALUES ({row}, 'Old {row}', 'old {row}', '2020-01-01', '2020-01-01')"
        )
    diary = tmp_path / "diary.csv"
    diary.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2024-01-01,Heat,1995,https://boxd.it/a,4,,,2024-01-01\n"
        "2024-01-02,Alien,1979,https://boxd.it/b,5,,,2024-01-02\n",
        encoding="utf-8",
    )
    store.apply_import(formats.read(diary), author="sam")
    films = dict(store.db.execute("SELECT title, id FROM films").fetchall())
    assert films["Old 7"] == 7 and films["Old 8"] == 8
    assert len(set(films.values())) == 4 and not {films["Heat"], films["Alien"]} & {7, 8}
    reviews = [row[0] for row in store.db.execute("SELECT id FROM reviews")]
    assert len(set(reviews) | set(films.values())) == 6  # no id given twice, in either table


def test_json_export_and_import_keep_film_and_review_ids(tmp_path: Path) -> None:
    source = FilmStore(memory_database())
    seed_demo(source)
    path = tmp_path / "journal.json"
    formats.export(source.everything(), "json", path)
    copy = FilmStore(memory_database())
    copy.apply_import(formats.read(path), author="someone else")

    def ids(store: FilmStore, table: str) -> set[int]:
        return {row[0] for row in store.db.execute(f"SELECT id FROM {table}")}

    assert ids(copy, "films") == ids(source, "films")
    assert ids(copy, "reviews") == ids(source, "reviews")


def test_a_short_id_names_one_film_and_grows_when_two_share_digits() -> None:
    store = FilmStore(memory_database())
    for film_id, title in ((1234567001, "One"), (1234567002, "Two"), (987654321, "Three")):
        store.db.execute(
            "INSERT INTO films (id, title, match_key, created_at, updated_at)"
            " VALUES (?, ?, ?, '2020-01-01', '2020-01-01')",
            [film_id, title, title.lower()],
        )
    short = store.short_ids("films", [1234567001, 1234567002, 987654321])
    assert short == {1234567001: "1234567001", 1234567002: "1234567002", 987654321: "987654"}
    assert store.resolve("987654").title == "Three"
    with pytest.raises(AmbiguousFilm):
        store.resolve("123456")
    with pytest.raises(FilmNotFound):
        store.resolve("12345")  # Fewer digits than a short id has.
    with pytest.raises(FilmNotFound):
        store.resolve("9" * 40)  # Longer than any id: not a crash.


def test_the_cli_prints_short_ids_that_work(tmp_path: Path) -> None:
    journal = tmp_path / "journal.db"
    runner = CliRunner()
    short = runner.invoke(cli, ["--db", str(journal), "add", "Heat"]).output.strip()
    assert SHORTEST <= len(short) < 19 and short.isdigit()
    shown = runner.invoke(cli, ["--db", str(journal), "show", short, "--json"]).output
    assert '"title": "Heat"' in shown
    listed = runner.invoke(cli, ["--db", str(journal), "list"]).output
    assert short in listed
    store = FilmStore(open_database(journal))
    assert str(store.resolve("Heat").id).startswith(short)
