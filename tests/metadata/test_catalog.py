"""The offline catalogue: IMDb's datasets as IMDb writes them, loaded and searched."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmjournal.core.errors import FilmJournalError, FormatError
from filmjournal.core.metadata import best, split_query
from filmjournal.metadata import catalog_load
from filmjournal.metadata.catalog import DIRECTORS, RANK, Catalog
from filmjournal.metadata.catalog_load import Numbers, load

FIXTURES = Path(__file__).parent / "fixtures" / "imdb"


def datasets(folder: Path, *, gzipped: tuple[str, ...] = ("title.basics.tsv",)) -> Path:
    """The fixture files in `folder`, the named ones gzipped as IMDb ships them."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in FIXTURES.iterdir():
        if source.name in gzipped:
            with (
                source.open("rb") as plain,
                gzip.open(folder / f"{source.name}.gz", "wb") as packed,
            ):
                shutil.copyfileobj(plain, packed)
        else:
            shutil.copy(source, folder / source.name)
    return folder


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    target = tmp_path / "catalog.db"
    load([datasets(tmp_path / "imdb", gzipped=("title.basics.tsv", "title.akas.tsv"))], target)
    return Catalog(target)


def test_a_load_keeps_films_and_skips_series_episodes_and_games(catalog: Catalog) -> None:
    assert catalog.size() == 11  # 14 titles less a series, an episode and a game
    assert catalog.search("breaking bad") == []
    assert catalog.search("pilot") == []
    assert [c.label for c in catalog.search("heat game")] == []


def test_fields_come_through_as_the_journal_keeps_them(catalog: Catalog) -> None:
    her = catalog.by_imdb("tt1798709")
    assert her is not None
    assert (her.details.title, her.details.year, her.details.runtime_minutes) == ("Her", 2013, 126)
    assert her.details.genres == ("Drama", "Romance", "Science Fiction")  # not "Sci-Fi"
    assert her.details.directors == ("Spike Jonze",)
    noir = catalog.by_imdb("tt9999991")
    assert noir is not None and noir.details.genres == ("Film Noir",)
    assert noir.details.directors == ()  # Its director is missing from name.basics.
    weird = catalog.by_imdb("tt0372784")
    assert weird is not None and weird.details.title == '"Weird" Al: The Movie'
    assert (weird.details.year, weird.details.runtime_minutes, weird.details.genres) == (
        None,
        None,
        (),
    )


def test_search_is_by_prefix_over_every_word_and_alternative_titles(catalog: Catalog) -> None:
    assert [c.label for c in catalog.search("le samou")] == ["Le Samouraï (1967)"]
    assert [c.label for c in catalog.search("samourai")] == ["Le Samouraï (1967)"]
    assert [c.label for c in catalog.search("sen to chihiro")] == ["Spirited Away (2001)"]
    assert [c.label for c in catalog.search("voyage chih")] == ["Spirited Away (2001)"]
    assert [c.label for c in catalog.search('her"')] == ["Her (2013)", "Her (2013)"]


def test_a_film_is_found_by_its_original_title_without_alternative_titles(
    tmp_path: Path,
) -> None:
    folder = datasets(tmp_path / "imdb", gzipped=())
    (folder / "title.akas.tsv").unlink()
    load([folder], tmp_path / "catalog.db")
    found = Catalog(tmp_path / "catalog.db").search("chihiro kami")
    assert [c.label for c in found] == ["Spirited Away (2001)"]


def test_the_exact_title_comes_first_then_the_best_known(catalog: Catalog) -> None:
    found = catalog.search("her")
    assert [c.imdb_id for c in found[:2]] == ["tt1798709", "tt3089388"]  # the feature first
    heats = catalog.search("heat")
    assert [c.details.year for c in heats] == [1995, 1986]


def test_prefix_matches_come_films_first_then_by_votes(catalog: Catalog) -> None:
    """No exact title: the order is the rank alone (Spirited Away is Sen to Chihiro and Le
    Voyage de Chihiro too; Lost Reel is a TV film, after every film)."""
    assert [c.label for c in catalog.search("c")] == [
        "Spirited Away (2001)",
        "Crash (2004)",
        "Crash (1996)",
    ]
    assert [c.label for c in catalog.search("l")] == [
        "Spirited Away (2001)",  # Le Voyage de Chihiro
        "Le Samouraï (1967)",
        "Lost Reel (1999)",
    ]
    assert [c.label for c in catalog.search("c", limit=1)] == ["Spirited Away (2001)"]


@pytest.mark.parametrize("year", [None, 2013])
def test_a_search_reads_its_matches_in_rank_order_and_stops_at_the_limit(
    catalog: Catalog, year: int | None
) -> None:
    """Typing "n" over a million titles must not sort every title with a word starting
    with n: the search index is keyed by rank, so no sort is left for the query to do.
    Nor for the titles called exactly what was typed, which come first."""
    assert catalog.ranked
    plan = catalog.db.execute(
        "EXPLAIN QUERY PLAN " + catalog.search_sql(year, ranked=True),
        ['"h"*', *([year] if year else []), 10],
    ).fetchall()
    steps = " / ".join(str(step[-1]) for step in plan)
    assert "TEMP B-TREE" not in steps and "titles_fts" in steps, steps
    exact = catalog.db.execute(
        "EXPLAIN QUERY PLAN " + catalog.exact_sql(year), ["her", *([year] if year else []), 10]
    ).fetchall()
    steps = " / ".join(str(step[-1]) for step in exact)
    assert "TEMP B-TREE" not in steps and "titles_by_title" in steps, steps
    unranked = catalog.db.execute(
        "EXPLAIN QUERY PLAN " + catalog.search_sql(year, ranked=False),
        ['"h"*', *([year] if year else []), "h", 10],
    ).fetchall()
    assert "TEMP B-TREE" in " / ".join(str(step[-1]) for step in unranked)  # what it spares


def unranked(path: Path) -> None:
    """Make the catalogue at `path` as versions before ranks wrote it: its search index
    keyed by title id, with no ranks."""
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            DROP TABLE ranks;
            INSERT INTO titles_fts (titles_fts) VALUES ('delete-all');
            INSERT INTO titles_fts (rowid, names) SELECT id, title || ' ' || original || ' '
                || coalesce((SELECT group_concat(akas.title, ' ') FROM akas
                WHERE akas.title_id = titles.id), '') FROM titles;
            """
        )
    db.close()


def test_a_catalogue_loaded_before_ranks_is_searched_alike(
    catalog: Catalog, tmp_path: Path
) -> None:
    older = tmp_path / "older.db"
    shutil.copy(catalog.path, older)
    unranked(older)
    old = Catalog(older)
    assert not old.ranked
    for words, year in [("her", None), ("heat", None), ("her", 2013), ("le samou", None)]:
        assert old.search(words, year) == catalog.search(words, year), words


def test_her_2013_is_one_film(catalog: Catalog) -> None:
    title, year = split_query("her 2013")
    chosen = best(catalog.search(title, year), title, year)
    assert chosen is not None and chosen.imdb_id == "tt1798709"
    title, year = split_query("Heat")
    assert best(catalog.search(title, year), title, year) is not None  # 750,000 votes to 2,100


def test_a_failed_load_leaves_the_catalogue_as_it_was(catalog: Catalog, tmp_path: Path) -> None:
    before = catalog.path.read_bytes()
    broken = datasets(tmp_path / "broken")
    with (broken / "title.crew.tsv").open("a") as crew:
        crew.write("tt0113277\tnm0000520\n")  # two fields where the header has three
    with pytest.raises(FormatError, match=r"title.crew.tsv:14: 2 fields where the header has 3"):
        load([broken], catalog.path)
    assert catalog.path.read_bytes() == before
    assert [p.name for p in catalog.path.parent.iterdir() if p.name.startswith(".")] == []


def test_a_bad_row_is_named_by_its_line_wherever_the_file_is_cut_for_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are read a block at a time; the line a message names is the file's own."""
    folder = datasets(tmp_path / "broken", gzipped=())
    with (folder / "title.basics.tsv").open("a", encoding="utf-8") as basics:
        for n in range(200):
            basics.write(f"tt{7000000 + n}\tmovie\tFilm {n}\tFilm {n}\t0\t2000\t\\N\t90\tDrama\n")
        basics.write("tt7999999\tmovie\tShort row\n")
    for block in (64, 100, 1000, 1 << 20):
        monkeypatch.setattr(catalog_load, "BLOCK", block)
        with pytest.raises(FormatError, match=r"^title.basics.tsv:216: 3 fields where"):
            load([folder], tmp_path / "catalog.db")


def test_an_sqlite_that_refuses_the_index_buffer_setting_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search index is built with a larger buffer where SQLite takes the setting; an
    SQLite that refuses it (as it refuses a size of 0) builds it with its own."""
    monkeypatch.setattr(catalog_load, "FTS_HASH", 0)
    target = tmp_path / "catalog.db"
    load([datasets(tmp_path / "imdb")], target)
    assert [c.label for c in Catalog(target).search("le samou")] == ["Le Samouraï (1967)"]


def test_directors_come_in_the_crew_files_order(catalog: Catalog) -> None:
    matrix = catalog.by_imdb("tt0133093")
    assert matrix is not None
    assert matrix.details.directors == ("Lana Wachowski", "Lilly Wachowski")
    assert [c.details.directors for c in catalog.search("matrix")] == [matrix.details.directors]


def test_a_title_is_found_by_its_imdb_id_along_its_key(catalog: Catalog) -> None:
    """A title's id is its IMDb number: no index of IMDb ids is built, nor any scan made."""
    heat = catalog.by_imdb("tt0113277")
    assert heat is not None and heat.details.year == 1995
    assert catalog.by_imdb("tt113277") is None  # the same number, but not IMDb's id
    assert catalog.by_imdb("nm0000520") is None and catalog.by_imdb("tt") is None
    plan = catalog.db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM titles WHERE id = ? AND tconst = ?", [113277, "x"]
    ).fetchall()
    assert "USING INTEGER PRIMARY KEY" in str([step[-1] for step in plan])


def test_a_catalogue_loaded_before_the_crew_table_is_read_alike(
    catalog: Catalog, tmp_path: Path
) -> None:
    """Older versions wrote each title's directors into it, and indexed IMDb ids."""
    older = tmp_path / "older.db"
    shutil.copy(catalog.path, older)
    with sqlite3.connect(older) as db:
        db.executescript(
            f"""
            CREATE TABLE old AS SELECT titles.*, {DIRECTORS} AS directors FROM titles;
            DROP TABLE titles; DROP TABLE crew; DROP TABLE names;
            CREATE TABLE titles (
                id INTEGER PRIMARY KEY, tconst TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                title TEXT NOT NULL, original TEXT NOT NULL, year INTEGER, runtime INTEGER,
                genres TEXT NOT NULL DEFAULT '[]', director_ids TEXT NOT NULL DEFAULT '[]',
                directors TEXT NOT NULL DEFAULT '[]', votes INTEGER NOT NULL DEFAULT 0
            );
            INSERT INTO titles (id, tconst, kind, title, original, year, runtime, genres,
                directors, votes) SELECT id, tconst, kind, title, original, year, runtime,
                genres, directors, votes FROM old;
            DROP TABLE old;
            CREATE INDEX titles_by_title ON titles (title COLLATE NOCASE, {RANK});
            """
        )
    db.close()
    old = Catalog(older)
    assert not old.keyed
    for words in ["her", "heat", "matrix", "le samou"]:
        assert old.search(words) == catalog.search(words), words
    assert old.by_imdb("tt0133093") == catalog.by_imdb("tt0133093") is not None
    assert old.exact("heat", 1995) == catalog.exact("heat", 1995)


@given(st.lists(st.integers(min_value=0, max_value=(1 << 30))), st.integers(0, 1 << 30))
def test_numbers_hold_what_was_added_and_nothing_else(added: list[int], other: int) -> None:
    numbers = Numbers()
    for number in added:
        numbers.add(number)
    assert all(number in numbers for number in added)
    assert (other in numbers) == (other in set(added))
    assert "tt1" not in numbers and None not in numbers and -8 not in numbers


@pytest.mark.parametrize("where", ["_index", "_crew"])
def test_a_failure_in_either_thread_of_a_load_is_one_line_and_leaves_nothing(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The indexes are built in a thread of their own while the directors are read: a
    failure on either side stops both, is reported, and the catalogue stays as it was."""
    before = catalog.path.read_bytes()

    def full(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(catalog_load, where, full)
    with pytest.raises(
        FilmJournalError, match=r"^the catalogue cannot be written in .*disk is full"
    ):
        load([datasets(tmp_path / "imdb")], catalog.path)
    assert catalog.path.read_bytes() == before
    assert [p.name for p in catalog.path.parent.iterdir() if p.name.startswith(".")] == []


def test_missing_files_and_strangers_are_named(tmp_path: Path) -> None:
    folder = datasets(tmp_path / "partial")
    (folder / "name.basics.tsv").unlink()
    with pytest.raises(FormatError, match=r"missing name\.basics\.tsv\.gz"):
        load([folder], tmp_path / "catalog.db")
    (folder / "name.basics.tsv").write_text("a,b,c\n1,2,3\n")
    with pytest.raises(FormatError, match=r"name\.basics\.tsv:1: not an IMDb dataset"):
        load([folder], tmp_path / "catalog.db")
    assert not (tmp_path / "catalog.db").exists()


def test_no_catalogue_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(FilmJournalError, match="filmjournal catalog load"):
        Catalog(tmp_path / "catalog.db")


def test_escapes_in_the_datasets_never_reach_the_journal(tmp_path: Path) -> None:
    folder = datasets(tmp_path / "hostile", gzipped=())
    with (folder / "title.basics.tsv").open("a", encoding="utf-8") as basics:
        basics.write("tt6666666\tmovie\t[bold]Evil\x1b[2J\x07\tx\t0\t2000\t\\N\t90\tSci-Fi\x9b\n")
        basics.write(
            "tt6666665\tmovie\tBroken\x85Line\u2028s\rHere\x0c\tx\t0\t2000\t\\N\t90\tDrama\n"
        )
    load([folder], tmp_path / "catalog.db")
    found = Catalog(tmp_path / "catalog.db").by_imdb("tt6666666")
    assert found is not None and found.details.title == "[bold]Evil[2J"
    assert found.details.genres == ("Science Fiction",)
    broken = Catalog(tmp_path / "catalog.db").by_imdb("tt6666665")  # one row, not four
    assert broken is not None and broken.details.title == "BrokenLinesHere"


def test_quotes_in_the_crew_ids_cannot_break_the_load(tmp_path: Path) -> None:
    """The crew's ids are quoted into JSON in SQL: anything but letters and digits is left
    out first, so a crafted id neither fails the load nor smuggles in a name."""
    folder = datasets(tmp_path / "hostile", gzipped=())
    with (folder / "title.basics.tsv").open("a", encoding="utf-8") as basics:
        basics.write("tt6666667\tmovie\tCrewed\tCrewed\t0\t2001\t\\N\t90\tDrama\n")
    with (folder / "title.crew.tsv").open("a", encoding="utf-8") as crew:
        crew.write('tt6666667\tnm0000520",nm0001783\\,nm0001783\t\\N\n')
    load([folder], tmp_path / "catalog.db")
    found = Catalog(tmp_path / "catalog.db").by_imdb("tt6666667")
    heat = Catalog(tmp_path / "catalog.db").by_imdb("tt0090967")
    assert found is not None and heat is not None
    assert found.details.directors == heat.details.directors  # nm0001783 alone, once


def test_a_gzip_bomb_of_one_endless_line_is_refused_without_reading_it_whole(
    tmp_path: Path,
) -> None:
    import tracemalloc

    folder = datasets(tmp_path / "bomb", gzipped=())
    (folder / "title.basics.tsv").unlink()
    with gzip.open(folder / "title.basics.tsv.gz", "wb", compresslevel=9) as bomb:
        for _ in range(64):
            bomb.write(b"x" * (1 << 20))  # 64 MB of one line, 64 KB on disk
    tracemalloc.start()
    with pytest.raises(FormatError, match=r"title.basics.tsv.gz:1: a line over a megabyte"):
        load([folder], tmp_path / "catalog.db")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 16 << 20, peak


def test_a_device_is_named_as_one(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="/dev/null: not a regular file"):
        load([Path("/dev/null")], tmp_path / "catalog.db")


def test_an_exact_title_and_year_is_found_along_the_title_index(catalog: Catalog) -> None:
    assert [c.imdb_id for c in catalog.exact("heat", 1995)] == ["tt0113277"]
    assert sorted(str(c.imdb_id) for c in catalog.exact("Her", 2013)) == ["tt1798709", "tt3089388"]
    assert catalog.exact("Heat", 2001) == []
