"""Queries over the film list, and search text made safe for FTS5."""

from __future__ import annotations

from filmjournal.core.library import FilmQuery, Rated, Sort, fts_match
from filmjournal.core.text import normalise_title, printable


def test_sort_cycles_through_every_order() -> None:
    seen = [Sort.TITLE]
    for _ in range(len(Sort)):
        seen.append(seen[-1].next())
    assert seen == [Sort.TITLE, Sort.YEAR, Sort.RATING, Sort.WATCHED, Sort.TITLE]


def test_query_changes_make_new_queries() -> None:
    query = FilmQuery()
    searching = query.searching("heat")
    assert query.search == "" and searching.search == "heat"
    filtered = searching.filtered(genre="Crime", year_from=1990, year_to=None, rated=Rated.RATED)
    assert filtered.search == "heat" and filtered.is_filtered
    assert filtered.describe_filters() == "Crime · 1990–… · rated"
    assert not FilmQuery(search="x").is_filtered


def test_fts_match_quotes_words_and_prefixes_the_last() -> None:
    assert fts_match("her") == '"her"*'
    assert fts_match('her"') == '"her"""*'
    assert fts_match("spike jon") == '"spike" "jon"*'
    assert fts_match("NEAR(a b)") == '"NEAR(a" "b)"*'
    assert fts_match("  ") is None


def test_printable_replaces_control_characters() -> None:
    assert printable("a\x1b[31mb") == "a\u241b[31mb"
    assert printable("line\nnext\tcol") == "line\nnext\tcol"
    assert printable("line\nnext", keep_newlines=False) == "line\u240anext"
    assert printable("\x9b") == "\ufffd"


def test_normalise_title() -> None:
    assert normalise_title("  Amélie!! ") == normalise_title("amélie")
    assert normalise_title("Ｈｅａｔ") == "heat"


def test_a_new_sort_or_direction_reorders_the_same_films() -> None:
    query = FilmQuery(search="heat", genre="Crime")
    assert query.sorted_by(Sort.YEAR).reorders(query)
    assert query.reversed().reorders(query) and query.reversed().reorders(
        query.sorted_by(Sort.YEAR)
    )
    assert not query.reorders(query)  # nothing changed: not a reordering
    assert not query.searching("heath").reorders(query)
    assert not query.sorted_by(Sort.YEAR).reorders(FilmQuery(search="heat"))  # a filter went
    assert not FilmQuery(year_from=1990).reorders(FilmQuery())
