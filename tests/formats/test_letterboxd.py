"""Letterboxd account exports come in whole: ZIP, folder or one CSV, awkward cases included."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from filmjournal import formats
from filmjournal.core.errors import FormatError
from filmjournal.core.importing import ImportedFilm
from filmjournal.formats.letterboxd_csv import half_stars, review_html, review_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "letterboxd"


def by_title(films: list[ImportedFilm]) -> dict[str, ImportedFilm]:
    return {film.details.title: film for film in films}


def zipped(tmp_path: Path, top: str = "") -> Path:
    archive = tmp_path / "letterboxd-someone-2026.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for file in FIXTURES.rglob("*.csv"):
            out.write(file, top + file.relative_to(FIXTURES).as_posix())
    return archive


def test_the_fixture_keeps_its_crlf_line_endings() -> None:
    assert b"\r\n" in (FIXTURES / "reviews.csv").read_bytes()


@pytest.mark.parametrize("shape", ["folder", "zip", "zip with a top folder"])
def test_account_export_in_every_shape(tmp_path: Path, shape: str) -> None:
    path = {
        "folder": lambda: FIXTURES,
        "zip": lambda: zipped(tmp_path),
        "zip with a top folder": lambda: zipped(tmp_path, "letterboxd-someone/"),
    }[shape]()
    assert formats.detect(path) == "letterboxd"
    films = by_title(formats.read(path).films)
    assert set(films) == {"Heat", "Her", "Untitled Project", "Tokyo Story", "Alien", "Paddington 2"}
    heat = films["Heat"]
    assert heat.details.year == 1995 and heat.letterboxd_uri == "https://boxd.it/film-heat"
    first, second = heat.reviews
    assert (first.rating, first.watched_on, first.rewatch, first.tags) == (
        9,
        date(2020, 5, 1),
        False,
        ("crime", "la"),
    )
    assert first.text == (
        "The **bank** job is still the best shoot-out on film.\n\n"
        "Second paragraph, with *feeling* & an ampersand."
    )
    assert (second.rating, second.rewatch, second.source_id) == (10, True, "https://boxd.it/aaa2")
    assert films["Her"].reviews[0].text == "Warm and sad.\nA plain second line."
    assert films["Her"].reviews[0].rating == 7  # 3.5 stars
    assert films["Untitled Project"].details.year is None
    alien = films["Alien"]
    assert alien.liked and [r.rating for r in alien.reviews] == [8]  # from ratings.csv only
    assert films["Paddington 2"].watchlist and not films["Paddington 2"].reviews
    assert [(e.name, e.position) for e in heat.lists] == [("Favourites", 1)]
    assert heat.lists[0].note == "The diner scene."
    assert films["Tokyo Story"].lists[0].description == "The ones I return to."


def test_deleted_and_orphaned_entries_are_not_imported(tmp_path: Path) -> None:
    titles = {film.details.title for film in formats.read(zipped(tmp_path)).films}
    assert "Deleted Film" not in titles and "Orphan Film" not in titles


def test_one_csv_of_the_export(tmp_path: Path) -> None:
    batch = formats.read(FIXTURES / "watchlist.csv")
    assert [(f.details.title, f.watchlist) for f in batch.films] == [("Paddington 2", True)]
    listed = formats.read(FIXTURES / "lists" / "favourites.csv")
    assert [f.details.title for f in listed.films] == ["Heat", "Tokyo Story"]


def test_a_list_without_the_version_line(tmp_path: Path) -> None:
    old = tmp_path / "old-list.csv"
    data = (FIXTURES / "lists" / "favourites.csv").read_bytes()
    old.write_bytes(data.split(b"\r\n", 1)[1])
    assert [f.details.title for f in formats.read(old).films] == ["Heat", "Tokyo Story"]


@pytest.mark.parametrize(
    ("stars", "ours"), [("0.5", 1), ("3.5", 7), ("4", 8), ("5", 10), ("", None)]
)
def test_half_stars_become_ratings_out_of_ten(stars: str, ours: int | None) -> None:
    assert half_stars(stars, "x") == ours


@pytest.mark.parametrize("bad", ["7.3", "0", "5.5", "abc", "3.25"])
def test_impossible_star_ratings_are_errors(bad: str) -> None:
    with pytest.raises(FormatError, match="half stars"):
        half_stars(bad, "diary.csv:3")


def copy_fixtures(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    shutil.copytree(FIXTURES, folder)
    return folder


@pytest.mark.parametrize(
    ("file", "row", "message"),
    [
        (
            "diary.csv",
            "2020-01-01,Bad,2000,https://boxd.it/x,7.3,,,2020-01-01",
            "diary.csv:6: Rating '7.3'",
        ),
        (
            "diary.csv",
            "2020-01-01,Bad,abcd,https://boxd.it/x,3,,,2020-01-01",
            "diary.csv:6: Year 'abcd'",
        ),
        (
            "diary.csv",
            "2020-01-01,Bad,2000,https://boxd.it/x,3,,,2020-13-45",
            "diary.csv:6: Watched Date",
        ),
        ("diary.csv", '2020-01-01,"Bad,2000', "diary.csv:6: malformed CSV"),
        ("watched.csv", "2020-01-01,,2000,https://boxd.it/x", "watched.csv:5: Name is blank"),
    ],
)
def test_a_bad_row_names_its_file_and_line(
    tmp_path: Path, file: str, row: str, message: str
) -> None:
    folder = copy_fixtures(tmp_path)
    with (folder / file).open("a", newline="") as out:
        out.write(row + "\r\n")
    with pytest.raises(FormatError, match=message.replace("(", "\\(").replace(".", "\\.")):
        formats.read(folder)


def test_a_missing_column_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "diary.csv"
    broken.write_text("Date,Name,Year\n2020-01-01,Heat,1995\n")
    with pytest.raises(FormatError, match="missing column"):
        formats.read(broken, "letterboxd")


def test_html_reviews_become_markdown() -> None:
    assert review_markdown("<p>One</p><p>Two <a href='https://x.y'>link</a></p>") == (
        "One\n\nTwo [link](https://x.y)"
    )
    assert review_markdown("5 < 6 &amp; *stars*") == "5 < 6 & *stars*"
    assert review_markdown("line\r\nbreak") == "line\nbreak"


def test_a_zip_without_an_export_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("notes.txt", "hello")
    with pytest.raises(FormatError, match="no Letterboxd export files"):
        formats.read(archive)


def test_a_renamed_csv_is_known_by_its_columns(tmp_path: Path) -> None:
    renamed = tmp_path / "my-diary-2024.csv"
    shutil.copy(FIXTURES / "diary.csv", renamed)
    films = by_title(formats.read(renamed).films)
    assert films["Heat"].reviews[1].rewatch
    wanted = tmp_path / "watchlist (1).csv"
    shutil.copy(FIXTURES / "watchlist.csv", wanted)
    assert formats.read(wanted).films[0].watchlist


QUIRKY_REVIEWS = {
    # Closing tags written without their slash, as some exports write them.
    "Watch <i>Heat<i> on the big screen.": "Watch *Heat* on the big screen.",
    "<blockquote>All I am is what I'm going after.<blockquote>Still true.": (
        "> All I am is what I'm going after.\n\nStill true."
    ),
    # A space inside the emphasis must not leave a stray star.
    "<i>About Time </i>la la": "*About Time* la la",
    "<b> Bold start</b> here": "**Bold start** here",
    'Two<br />lines, <a href="https://letterboxd.com/film/heat/">a link</a>': (
        "Two  \nlines, [a link](https://letterboxd.com/film/heat/)"
    ),
}


@pytest.mark.parametrize(("html_text", "markdown"), list(QUIRKY_REVIEWS.items()))
def test_letterboxd_html_as_real_exports_write_it_reads_as_clean_markdown(
    html_text: str, markdown: str
) -> None:
    assert review_markdown(html_text) == markdown


@pytest.mark.parametrize("html_text", list(QUIRKY_REVIEWS))
def test_import_export_import_keeps_a_reviews_text(html_text: str) -> None:
    first = review_markdown(html_text)
    assert review_markdown(review_html(first)) == first


def test_the_letterboxd_export_carries_html_letterboxd_shows() -> None:
    assert review_html("The *bank* job.\n\nStill **the best**, [see](https://x.y).") == (
        '<p>The <i>bank</i> job.</p>\n<p>Still <b>the best</b>, <a href="https://x.y">see</a>.</p>'
    )
    assert (
        review_html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
