"""Adding by lookup and enriching the journal, from the command line, with the catalogue and
with the TMDB stand-in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from filmjournal.cli import cli
from filmjournal.core.metadata import Candidate, enrichment, genre_name
from filmjournal.core.models import Film, FilmInput
from tests.metadata.test_catalog import datasets


@pytest.fixture
def journal(tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A journal with a catalogue beside it (and no TMDB key)."""
    monkeypatch.delenv("TMDB_API_TOKEN", raising=False)
    path = tmp_path / "journal.db"
    loaded = run(path, "catalog", "load", str(datasets(tmp_path / "imdb")))
    assert loaded.exit_code == 0, loaded.output
    return path


def run(journal: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(journal), *args])


def out(journal: Path, *args: str) -> str:
    result = run(journal, *args)
    assert result.exit_code == 0, result.output
    return str(result.output)


def fails(journal: Path, *args: str) -> str:
    result = run(journal, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return str(result.output)


def shown(journal: Path, film: str) -> dict[str, object]:
    return dict(json.loads(out(journal, "show", film, "--json")))


def test_catalog_says_what_is_loaded(journal: Path) -> None:
    status = out(journal, "catalog")
    assert "11 titles" in status and "title.basics.tsv" in status and "name.basics.tsv" in status


def test_lookup_lists_candidates(journal: Path) -> None:
    listed = out(journal, "lookup", "her 2013")
    assert listed.splitlines() == [
        "Her (2013), 126 min, Spike Jonze [catalog tt1798709]",
        "Her (2013), 9 min, Someone Short [catalog tt3089388]",
    ]
    assert json.loads(out(journal, "lookup", "chihiro", "--json"))[0]["title"] == "Spirited Away"


def test_add_by_lookup_from_the_catalogue(journal: Path) -> None:
    out(journal, "add", "her 2013", "--lookup")
    her = shown(journal, "Her")
    assert (her["year"], her["runtime_minutes"], her["imdb_id"]) == (2013, 126, "tt1798709")
    assert her["genres"] == ["Drama", "Romance", "Science Fiction"]
    assert her["directors"] == ["Spike Jonze"] and her["details_from"] == "catalog"
    assert (her["certification"], her["synopsis"]) == ("", "")  # the catalogue has neither


def test_an_ambiguous_or_unknown_lookup_lists_and_writes_nothing(journal: Path) -> None:
    message = fails(journal, "add", "Crash", "--lookup")  # 1996 or 2004, both well known
    assert "Crash (1996), 100 min, David Cronenberg" in message and "Crash (2004)" in message
    out(journal, "add", "Heat", "--lookup")  # 750,000 votes against 2,100: Heat (1995)
    assert "matches nothing" in fails(journal, "add", "No Such Film", "--lookup")
    titles = [film["title"] for film in json.loads(out(journal, "list", "--json"))]
    assert titles == ["Heat"]


def test_typed_options_win_over_the_lookup(journal: Path) -> None:
    out(journal, "add", "Heat", "--imdb", "tt0113277", "--runtime", "171")
    heat = shown(journal, "Heat")
    assert (heat["year"], heat["runtime_minutes"]) == (1995, 171)
    assert "already in the journal" in fails(journal, "add", "Heat", "--imdb", "tt0113277")


def test_enrich_fills_blanks_only_and_lists_what_it_could_not(journal: Path) -> None:
    out(journal, "add", "Spirited Away", "--director", "Someone Else")
    out(journal, "add", "Her")  # two films called Her in 2013: the feature wins by kind
    out(journal, "add", "Nobody Made This")
    dry = out(journal, "enrich", "--dry-run")
    assert (
        "2 films would be filled" in dry
        and shown(journal, "Spirited Away")["runtime_minutes"] is None
    )
    report = out(journal, "enrich")
    assert "2 films filled" in report and "1 not found: Nobody Made This" in report
    away = shown(journal, "Spirited Away")
    assert away["runtime_minutes"] == 125 and away["directors"] == ["Someone Else"]
    assert "0 films filled" in out(journal, "enrich")  # run again: nothing left to do


def test_with_tmdb_her_is_complete(journal: Path, tmdb: str) -> None:
    out(journal, "add", "her 2013", "--lookup")
    her = shown(journal, "Her")
    assert (her["certification"], her["runtime_minutes"], her["tmdb_id"]) == ("R", 126, 152601)
    assert her["genres"] == ["Romance", "Science Fiction", "Drama"]
    assert str(her["synopsis"]).startswith("In the not so distant future, Theodore")
    assert her["details_from"] == "tmdb"


def test_tmdb_replaces_what_the_catalogue_filled_but_never_what_was_typed(
    journal: Path, monkeypatch: pytest.MonkeyPatch, tmdb: str
) -> None:
    monkeypatch.delenv("TMDB_API_TOKEN")
    out(journal, "add", "her 2013", "--lookup")
    monkeypatch.setenv("TMDB_API_TOKEN", "eyJhbGciOiJIUzI1NiJ9.test-read-access-token")
    out(journal, "enrich", "--source", "tmdb")
    her = shown(journal, "Her")
    assert her["genres"] == ["Romance", "Science Fiction", "Drama"]  # TMDB's, over IMDb's
    assert her["certification"] == "R" and her["details_from"] == "tmdb"


def test_a_bad_key_is_one_line_and_nothing_is_written(
    journal: Path, tmdb: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMDB_API_TOKEN", "not-the-key")
    assert "TMDB refused the key (401)" in fails(journal, "add", "her 2013", "--lookup")
    assert not journal.exists()  # not even an empty journal


names = st.lists(st.sampled_from(["Drama", "Crime", "A", "B"]), max_size=3, unique=True).map(tuple)
details = st.builds(
    FilmInput,
    title=st.just("X"),
    year=st.none() | st.integers(1900, 2020),
    certification=st.sampled_from(["", "R", "PG"]),
    runtime_minutes=st.none() | st.integers(1, 300),
    genres=names,
    directors=names,
    synopsis=st.sampled_from(["", "typed", "found"]),
)


@given(
    mine=details,
    found=details,
    source=st.sampled_from(["catalog", "tmdb"]),
    was=st.sampled_from(["typed", "import", ""]),
)
def test_enrich_never_overwrites_what_a_film_has(
    mine: FilmInput, found: FilmInput, source: str, was: str
) -> None:
    film = Film(**{**mine.__dict__, "details_from": was})
    changes = enrichment(film, Candidate(found, source))
    for name, value in mine.__dict__.items():
        if value not in (None, "", ()):
            assert name not in changes, name  # what it had stays
        elif getattr(found, name) not in (None, "", ()):
            assert changes[name] == getattr(found, name)  # each blank is filled


def test_imdb_genres_join_the_journals_vocabulary() -> None:
    assert [genre_name(g) for g in ("Sci-Fi", "Film-Noir", "Drama")] == [
        "Science Fiction",
        "Film Noir",
        "Drama",
    ]


def test_lookup_json_gives_tmdbs_poster_address(journal: Path, tmdb: str) -> None:
    found = json.loads(out(journal, "lookup", "her 2013", "--json"))
    posters = [c["poster_url"] for c in found if c["source"] == "tmdb"]
    assert posters[0] == "https://image.tmdb.org/t/p/w342/eCOtqtfvn7mxGl6nfmq4b1exJRc.jpg"


def test_enrich_asks_tmdb_once_per_film(journal: Path, tmdb: str) -> None:
    from tests.tmdb_stand_in import Handler

    out(journal, "add", "Her", "--year", "2013")
    Handler.requests = []
    out(journal, "enrich", "--source", "tmdb")
    searches = [r for r in Handler.requests if "/search/movie" in r]
    assert len(searches) == 1, searches
