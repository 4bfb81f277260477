"""Hostile input at every entry point: nothing crashes, nothing is written on a rejected input,
and text comes back exactly. The example counts are listed in the README."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from filmjournal import formats
from filmjournal.cli import cli
from filmjournal.core.errors import FilmJournalError
from filmjournal.core.library import FilmQuery
from filmjournal.core.models import Film, FilmInput, FilmRecord, Review, ReviewInput
from filmjournal.core.text import field_text, printable
from filmjournal.core.validation import validate_film, validate_review
from filmjournal.formats import markdown
from filmjournal.storage import FilmStore, importer, open_database
from filmjournal.storage.database import memory_database

# Markup, escapes, zero-width and right-to-left marks, emoji, CJK, FTS syntax, path tricks.
NASTY = [
    "[bold]Loud[/bold]",
    "[/]",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "zero\u200bwidth",
    "\u202eevil",
    "🎬🍿",
    "東京物語",
    'her"',
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "*",
    "-",
    ":",
    "title:her",
    "../../etc/passwd",
    "a/b\\c",
    "..",
    "# heading",
    "---",
    "key: value",
    "'quoted'",
    '"double"',
    "line\nbreak",
    "\r\n",
    "\x00nul",
    "\ufeffbom",
    "",
]
nasty = st.sampled_from(NASTY)
texts = st.one_of(st.text(max_size=60), nasty, st.lists(nasty, max_size=4).map("".join))
FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def consistent(store: FilmStore) -> None:
    assert store.check() == [], store.check()


@FAST
@given(title=texts, year=texts, runtime=texts, genres=texts, directors=texts)
def test_the_add_film_form_never_raises(
    title: str, year: str, runtime: str, genres: str, directors: str
) -> None:
    film, errors = validate_film(
        title=title, year=year, runtime=runtime, genres=genres, directors=directors
    )
    assert (film is None) == bool(errors)
    if film is not None:
        assert film.title == title.strip()


@FAST
@given(rating=texts, watched=texts, tags=texts, text=texts)
def test_the_review_editor_fields_never_raise(
    rating: str, watched: str, tags: str, text: str
) -> None:
    review, errors = validate_review(
        author="me", rating=rating, watched=watched, tags=tags, text=text
    )
    assert (review is None) == bool(errors)
    if review is not None:
        assert review.text == text  # Kept exactly as written.


store_once = FilmStore(memory_database())
for _title in ("Her", "Heat", "[bold]Loud[/bold]", "東京物語"):
    store_once.add_film(FilmInput(title=_title))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_searches_never_raise(search: str) -> None:
    query = FilmQuery(search=search)
    found = store_once.rows(query, 0, 100)
    assert store_once.count(query) == len(found)
    assert {f.title for f in found} <= {"Her", "Heat", "[bold]Loud[/bold]", "東京物語"}


@pytest.mark.parametrize("garnish", NASTY)
def test_a_search_with_hostile_garnish_still_finds_the_film(garnish: str) -> None:
    # Punctuation, quotes and controls around a word never stop it matching. (Symbols such
    # as emoji are letters to SQLite's tokenizer, so they are left out here.)
    punctuation = "".join(ch for ch in garnish if ch.isascii() and not ch.isalnum())
    punctuation = punctuation.replace(" ", "").replace("\n", "")
    for title, search in (("Her", "her"), ("[bold]Loud[/bold]", "loud"), ("東京物語", "東京物語")):
        query = FilmQuery(search=f"{punctuation}{search}{punctuation}")
        assert title in [f.title for f in store_once.rows(query, 0, 100)], query


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    command=st.sampled_from(["add", "show", "rate", "review", "list", "export"]),
    first=texts,
    second=texts,
)
def test_cli_arguments_never_crash_or_corrupt(command: str, first: str, second: str) -> None:
    with TemporaryDirectory() as folder:
        db = Path(folder) / "journal.db"
        runner = CliRunner()
        runner.invoke(cli, ["--db", str(db), "add", "Heat"])
        args = {
            "add": ["add", first, "--year", second],
            "show": ["show", first],
            "rate": ["rate", "Heat", first],
            "review": ["review", "Heat", "--text", first, "--rating", second],
            "list": ["list", "--search", first, "--json"],
            "export": ["export", first, "-o", str(Path(folder) / "out.md")],
        }[command]
        result = runner.invoke(cli, ["--db", str(db), *[a.replace("\x00", "") for a in args]])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1, 2)
        store = FilmStore(open_database(db))
        consistent(store)
        if command == "add" and result.exit_code == 0:
            added = store.resolve(result.output.strip())
            assert added.title == first.replace("\x00", "").strip()


def _dump(store: FilmStore) -> list[list[tuple[object, ...]]]:
    """Every row of every table a person's journal holds."""
    tables = ("films", "reviews", "lists", "list_films", "drafts")
    rows = [store.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in tables]
    schema = store.db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    return [*rows, schema]


def _journal_with_something_in_it() -> FilmStore:
    store = FilmStore(memory_database())
    heat = store.add_film(FilmInput(title="Heat", year=1995))
    store.add_review(heat.id, ReviewInput(author="me", rating=8, text="Kept."))
    return store


class _Interrupted(FilmJournalError):
    """Stands for anything that stops an import while it writes (a full disk, a bad row)."""


def _attempt_import(path: Path, *, stop_at: int | None = None) -> None:
    """Read and apply; only a FilmJournalError may come out, and then nothing is written.

    With `stop_at`, the import is stopped while it writes, after that many films.
    """
    store = _journal_with_something_in_it()
    before = _dump(store)
    try:
        batch = formats.read(path)
    except FilmJournalError:
        return

    def progress(done: int, total: int) -> None:
        if stop_at is not None and done >= stop_at:
            raise _Interrupted(f"stopped after {done} of {total}")

    try:
        store.apply_import(batch, author="me", on_progress=progress)
    except FilmJournalError:
        assert _dump(store) == before
    consistent(store)


@settings(max_examples=120, deadline=None)
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".json", ".zip", ""]))
def test_junk_files_never_crash_an_import(data: bytes, suffix: str) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        path.write_bytes(data)
        _attempt_import(path)


FIXTURES = Path(__file__).parent.parent / "formats" / "fixtures"


@pytest.mark.parametrize(
    "fixture",
    [
        "letterboxd/diary.csv",
        "letterboxd/reviews.csv",
        "letterboxd/lists/favourites.csv",
        "imdb/ratings.csv",
        "imdb/watchlist.csv",
    ],
)
def test_every_truncation_of_a_real_file_imports_or_stops_cleanly(
    fixture: str, tmp_path: Path
) -> None:
    data = (FIXTURES / fixture).read_bytes()
    for cut in range(0, len(data), 7):
        path = tmp_path / Path(fixture).name
        path.write_bytes(data[:cut])
        _attempt_import(path)


@pytest.mark.parametrize("stop_at", [1, 2, 3, 5])
@pytest.mark.parametrize(
    "fixture", ["letterboxd", "letterboxd/diary.csv", "imdb/ratings.csv", "imdb/watchlist.csv"]
)
def test_an_import_stopped_while_it_writes_leaves_the_journal_as_it_was(
    fixture: str, stop_at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "FLUSH", 1)  # Write each film as it comes.
    _attempt_import(FIXTURES / fixture, stop_at=stop_at)


def test_an_import_stopped_while_it_writes_really_was_writing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(importer, "FLUSH", 1)
    store = _journal_with_something_in_it()
    batch = formats.read(FIXTURES / "letterboxd")
    written: list[int] = []

    def progress(done: int, total: int) -> None:
        written.append(store.total())
        if done == 3:
            raise _Interrupted("stopped")

    with pytest.raises(_Interrupted):
        store.apply_import(batch, author="me", on_progress=progress)
    assert written[-1] > 1  # films were in the journal when it stopped...
    assert store.total() == 1  # ...and none are now.


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "Name",
                    "Year",
                    "Rating",
                    "Date",
                    "Letterboxd URI",
                    "Watched Date",
                    "Rewatch",
                    "Tags",
                    "Review",
                ]
            ),
            texts,
        ),
        max_size=8,
    )
)
def test_wrong_columns_and_strange_values_never_crash(cells: list[tuple[str, str]]) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "diary.csv"
        buffer = io.StringIO()
        import csv

        writer = csv.writer(buffer)
        writer.writerow([column for column, _ in cells] or ["Name"])
        writer.writerow([value.replace("\x00", "") for _, value in cells])
        path.write_text(buffer.getvalue())
        _attempt_import(path)


def test_a_zip_bomb_of_junk_and_a_huge_field(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(
            "diary.csv",
            "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
            + "2020-01-01,"
            + "x" * 1_000_000
            + ",2000,u,3,,,2020-01-01\n",
        )
    _attempt_import(archive)


@FAST
@given(
    title=texts.filter(lambda t: t.strip() != ""),
    author=texts,
    text=texts,
    tags=st.lists(texts, max_size=3),
)
def test_markdown_export_front_matter_and_file_names_hold_any_text(
    title: str, author: str, text: str, tags: list[str]
) -> None:
    film = Film(id=7, title=title, genres=(title,), directors=(author,))
    review = Review(author=author or "x", text=text, tags=tuple(tags))
    page = markdown.review_page(film, review)
    head = page[4:].split("\n---\n", 1)[0]
    fields = yaml.safe_load(head)
    assert fields["title"] == title and fields["tags"] == tags
    assert page.endswith(printable(text) + "\n") or not text  # escapes shown as pictures
    name = markdown.file_name(film)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    with TemporaryDirectory() as folder:
        target = Path(folder) / "pages"
        formats.export([FilmRecord(film, (review,))], "markdown", target)
        assert sorted(p.parent for p in target.rglob("*")) == [target, target]


def test_a_one_megabyte_review_round_trips(tmp_path: Path) -> None:
    store = FilmStore(open_database(tmp_path / "journal.db"))
    film = store.add_film(FilmInput(title="Long"))
    words = ("word " * 200_000)[:1_000_000]
    review = store.add_review(film.id, ReviewInput(author="me", text=words))
    assert store.review(review.id).text == words
    assert store.count(FilmQuery(search="word")) == 1
    out = tmp_path / "all.json"
    formats.export(store.everything(), "json", out)
    assert json.loads(out.read_text())["films"][0]["reviews"][0]["text"] == words


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(title=texts, year=texts, search=texts)
def test_the_app_takes_any_text_in_the_form_and_the_search(
    title: str, year: str, search: str
) -> None:
    import asyncio

    from textual.widgets import Input

    from filmjournal.tui.screens.confirm import Confirm
    from tests.tui.conftest import make_app, settle, started
    from tests.tui.hostile import raw_controls

    async def drive() -> None:
        store = FilmStore(memory_database())
        # As an import would store it, exactly: escapes and all reach the list this way.
        raw = f"x{title}{search}".replace("\x00", "")  # the journal refuses NUL in titles
        imported = store.add_film(FilmInput(title=raw, year=2001))
        app = make_app(store)
        async with started(app) as pilot:
            await pilot.press("a")
            await settle(pilot)
            app.screen.query_one("#title", Input).value = title
            app.screen.query_one("#year", Input).value = year
            await pilot.press("ctrl+s")
            await settle(pilot)
            # Pasted control characters never reach a field: the app strips them.
            film, errors = validate_film(title=field_text(title), year=field_text(year))
            if film is None:
                assert store.total() == 1  # Rejected: nothing written, the form still open.
                await pilot.press("escape")
                await settle(pilot)
                if isinstance(app.screen, Confirm):  # something was typed: discard it
                    await pilot.press("y")
                    await settle(pilot)
            else:
                (saved,) = [f for f in store.films(FilmQuery()) if f.id != imported.id]
                assert saved.title == film.title
            assert raw_controls(app) == []
            app.screen.query_one("#search", Input).value = search
            await settle(pilot)
            assert raw_controls(app) == []
            assert app.is_running

    asyncio.run(drive())
