"""IMDb exports: both layouts, the watchlist, Latin-1 files and odd dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from filmjournal import formats
from filmjournal.core.errors import FormatError

FIXTURES = Path(__file__).parent / "fixtures" / "imdb"


def test_ratings_export_imports_films_and_counts_the_rest() -> None:
    path = FIXTURES / "ratings.csv"
    assert formats.detect(path) == "imdb"
    batch = formats.read(path)
    films = {film.details.title: film for film in batch.films}
    assert set(films) == {"Heat", "Alien", "Some TV Film", "A Short One"}  # shorts are films
    heat = films["Heat"]
    assert heat.imdb_id == "tt0113277"
    assert (heat.details.year, heat.details.runtime_minutes) == (1995, 170)
    assert heat.details.genres == ("Action", "Crime", "Drama")
    assert heat.details.directors == ("Michael Mann",)
    (rating,) = heat.reviews
    assert (rating.rating, rating.watched_on) == (9, date(2020, 5, 1))
    assert films["Alien"].reviews[0].watched_on == date(2019, 3, 3)  # M/D/YYYY
    assert batch.skipped == {
        "tvSeries rows (not films)": 1,
        "tvEpisode rows (not films)": 1,
        "musicVideo rows (not films)": 1,
    }


def test_newer_layout_with_original_title() -> None:
    batch = formats.read(FIXTURES / "ratings-new.csv")
    assert [f.details.title for f in batch.films] == ["Spirited Away"]
    assert batch.skipped == {"TV Series rows (not films)": 1}


def test_watchlist_layout() -> None:
    batch = formats.read(FIXTURES / "watchlist.csv")
    assert [(f.details.title, f.watchlist) for f in batch.films] == [
        ("Parasite", True),
        ("Heat", True),
    ]
    assert batch.films[0].reviews == ()
    assert batch.films[1].reviews[0].rating == 9


def test_latin1_file(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    text = (FIXTURES / "ratings.csv").read_text().replace("Some TV Film", "Amélie à Paris")
    path.write_bytes(text.encode("latin-1"))
    titles = [f.details.title for f in formats.read(path).films]
    assert "Amélie à Paris" in titles


def test_empty_date_rated(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    text = (FIXTURES / "ratings.csv").read_text().replace("9,2020-05-01,Heat", "9,,Heat")
    path.write_text(text)
    heat = formats.read(path).films[0]
    assert heat.reviews[0].rating == 9 and heat.reviews[0].watched_on is None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("tt0113277,9,", "tt0113277,11,", "ratings.csv:2: Your Rating '11'"),
        ("2020-05-01,Heat", "2020-31-31,Heat", "ratings.csv:2: Date Rated"),
        ("tt0113277,", "nm0000001,", "ratings.csv:2: Const"),
    ],
)
def test_bad_rows_name_the_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text((FIXTURES / "ratings.csv").read_text().replace(old, new, 1))
    with pytest.raises(FormatError, match=message):
        formats.read(path)


def test_unknown_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(FormatError, match="not a format filmjournal knows"):
        formats.read(path)
