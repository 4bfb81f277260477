"""A review exported to Markdown carries every field, in the body and in the front matter."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from filmjournal.core.errors import ExportError
from filmjournal.formats import markdown
from filmjournal.formats.files import slug, unused_path, write_text
from filmjournal.storage import FilmStore


def split_page(page: str) -> tuple[dict[str, object], str]:
    assert page.startswith("---\n")
    head, body = page[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def test_review_page_field_by_field(store: FilmStore) -> None:
    heat = store.resolve("Heat")
    review = store.reviews(heat.id)[1]
    fields, body = split_page(markdown.review_page(heat, review))
    assert fields == {
        "title": "Heat",
        "year": 1995,
        "certification": "R",
        "runtime_minutes": 170,
        "genres": ["Crime", "Thriller"],
        "directors": ["Michael Mann"],
        "id": heat.id,
        "overall_rating": 8.5,
        "last_watched": heat.last_watched.isoformat() if heat.last_watched else None,
        "letterboxd_uri": None,
        "imdb_id": None,
        "watchlist": False,
        "liked": False,
        "tmdb_id": None,
        "poster_path": None,
        "details_from": "typed",
        "verdict": "Excellent",
        "author": "ann",
        "rating": 9,
        "stars": "★★★★½",
        "watched_on": "2020-05-01",
        "rewatch": False,
        "tags": ["crime", "la"],
        "created_at": review.created_at.isoformat(timespec="seconds")
        if review.created_at
        else None,
        "updated_at": review.updated_at.isoformat(timespec="seconds")
        if review.updated_at
        else None,
        "source_id": None,
        "review_id": review.id,
    }
    lines = body.strip().split("\n\n")
    assert lines[0] == "# Heat (1995)"
    assert lines[1] == "R · 170 min · Crime, Thriller"
    assert lines[2] == "Directed by Michael Mann"
    assert lines[3] == heat.synopsis
    assert lines[4] == "**Overall:** 8.5/10 ★★★★½ — Excellent"
    assert lines[5] == "## Review by ann"
    assert lines[6] == "**Rating:** 9/10 ★★★★½ · **Watched:** 2020-05-01 · **Tags:** crime, la"
    assert lines[7] == review.text
    assert body.endswith(review.text + "\n")


def test_film_page_holds_every_review(store: FilmStore) -> None:
    heat = store.resolve("Heat")
    reviews = store.reviews(heat.id)
    page = markdown.film_page(heat, reviews)
    fields, body = split_page(page)
    assert fields["reviews"] == 2
    assert body.count("## Review by ann") == 2
    assert "Rewatch" in body


def test_markup_in_titles_is_escaped_in_the_body_but_exact_in_front_matter(
    store: FilmStore,
) -> None:
    from filmjournal.core.models import FilmInput, ReviewInput

    film = store.add_film(FilmInput(title="[bold]Loud[/bold] #1 *star*"))
    review = store.add_review(film.id, ReviewInput(author="ann", text="**mine**"))
    fields, body = split_page(markdown.review_page(store.film(film.id), review))
    assert fields["title"] == "[bold]Loud[/bold] #1 *star*"
    assert body.startswith("\n# \\[bold\\]Loud\\[/bold\\] \\#1 \\*star\\*\n")
    assert body.endswith("**mine**\n")


tricky = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)


@given(tricky)
def test_front_matter_survives_any_text(text: str) -> None:
    fields, _ = split_page(markdown.front_matter({"title": text, "tags": [text, "x"]}) + "\n")
    assert fields == {"title": text, "tags": [text, "x"]}


@given(tricky)
def test_slug_is_a_safe_file_name(text: str) -> None:
    name = slug(text, fallback="film-1")
    assert name and "/" not in name and "\\" not in name and not name.startswith(".")
    assert name not in {".", ".."} and len(name) <= 80


def test_slugs() -> None:
    assert slug("Heat (1995)", "x") == "heat-1995"
    assert slug("../../etc/passwd", "x") == "etc-passwd"
    assert slug("東京物語 (1953)", "x") == "東京物語-1953"
    assert slug("!!!", "film-7") == "film-7"


def test_write_text_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    write_text(target, "first")
    with pytest.raises(ExportError, match="already exists"):
        write_text(target, "second")
    assert target.read_text() == "first"
    write_text(target, "second", force=True)
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_write_text_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_text(tmp_path / "nope" / "page.md", "x")


def test_unused_path_counts_up(tmp_path: Path) -> None:
    (tmp_path / "heat-1995.md").write_text("")
    (tmp_path / "heat-1995-2.md").write_text("")
    assert unused_path(tmp_path, "heat-1995", ".md").name == "heat-1995-3.md"
