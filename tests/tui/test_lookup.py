"""Adding a film by looking it up, in the app: the catalogue as you type, TMDB after a pause."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from filmjournal.config import Config
from filmjournal.core.library import FilmQuery
from filmjournal.metadata.catalog_load import load
from filmjournal.storage import FilmStore, open_database
from filmjournal.tui.screens.confirm import Confirm
from filmjournal.tui.screens.film_form import FilmForm
from filmjournal.tui.screens.main import MainScreen
from tests.metadata.test_catalog import datasets, unranked
from tests.tui.conftest import make_app, press_to, screen_lines, settle, started


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FilmStore:
    """A journal on disk with a catalogue beside it, and no TMDB key."""
    monkeypatch.delenv("TMDB_API_TOKEN", raising=False)
    load([datasets(tmp_path / "imdb")], tmp_path / "catalog.db")
    path = tmp_path / "journal.db"
    return FilmStore(open_database(path), path=path)


async def type_lookup(pilot: Pilot[None], text: str) -> None:
    """Type into the lookup box and wait for its results."""
    for key in text:
        await pilot.press("space" if key == " " else key)
    await pilot.pause(0.2)
    await settle(pilot)


async def test_her_2013_then_enter_fills_the_form(store: FilmStore) -> None:
    app = make_app(store, Config(author="sam"))
    async with started(app) as pilot:
        form = await press_to(pilot, "a", FilmForm)
        assert form.query_one("#lookup", Input).has_focus
        await type_lookup(pilot, "her 2013")
        await pilot.press("enter")
        await pilot.pause(0.2)
        await settle(pilot)
        values = form.values()
        assert (values["title"], values["year"], values["runtime"]) == ("Her", "2013", "126")
        assert values["genres"] == "Drama, Romance, Science Fiction"
        assert values["directors"] == "Spike Jonze"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    (her,) = store.films(FilmQuery())
    assert (her.imdb_id, her.details_from, her.runtime_minutes) == ("tt1798709", "catalog", 126)


async def test_with_tmdb_the_certification_and_synopsis_come_too(
    store: FilmStore, tmdb: str
) -> None:
    app = make_app(store, Config(author="sam", region="US"))
    async with started(app) as pilot:
        form = await press_to(pilot, "a", FilmForm)
        await type_lookup(pilot, "her 2013")
        for _ in range(30):  # TMDB is asked once typing pauses
            await pilot.pause(0.1)
            if any(c.source == "tmdb" for c in form.query_one("FilmLookup").candidates):  # type: ignore[attr-defined]
                break
        found = form.query_one("FilmLookup").candidates  # type: ignore[attr-defined]
        index = next(i for i, c in enumerate(found) if c.source == "tmdb")
        form.query_one("#found").highlighted = index  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause(0.3)
        await settle(pilot)
        values = form.values()
        assert (values["certification"], values["runtime"]) == ("R", "126")
        assert values["synopsis"].startswith("In the not so distant future, Theodore")


async def test_editing_asks_before_replacing_what_was_typed(store: FilmStore) -> None:
    from filmjournal.core.models import FilmInput

    store.add_film(FilmInput(title="Heat", year=1995, runtime_minutes=171))
    app = make_app(store, Config(author="sam"))
    async with started(app) as pilot:
        form = await press_to(pilot, "E", FilmForm)
        await pilot.click("#lookup")
        await pilot.pause(0.2)
        await settle(pilot)
        await pilot.press("enter")  # The lookup starts from "Heat 1995".
        await pilot.pause(0.2)
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "runtime: '171' → '170'" in app.screen.question
        await pilot.press("n")  # Keep mine.
        await settle(pilot)
        assert form.values()["runtime"] == "171"  # kept
        assert form.values()["directors"] == "Michael Mann"  # a blank, filled


async def test_d_fills_in_every_films_details(store: FilmStore) -> None:
    from filmjournal.core.models import FilmInput

    store.add_film(FilmInput(title="Spirited Away", year=2001))
    app = make_app(store, Config(author="sam"))
    async with started(app, notifications=True) as pilot:
        await pilot.press("D")
        for _ in range(30):
            await pilot.pause(0.1)
            if store.resolve("Spirited Away").runtime_minutes:
                break
        await settle(pilot)
        assert store.resolve("Spirited Away").directors == ("Hayao Miyazaki",)
        assert "125 min" in "\n".join(screen_lines(app))  # the detail pane shows it


@pytest.mark.parametrize("ranked", [True, False])
async def test_each_letter_shows_the_catalogues_answer(
    store: FilmStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ranked: bool
) -> None:
    """A catalogue with ranks answers in a millisecond or two: asked as the letter goes in,
    its results are drawn in the frame that shows the letter; an older one is asked off the UI
    thread, and its results come all the same."""
    from textual.widgets import OptionList

    if not ranked:
        unranked(tmp_path / "catalog.db")
    app = make_app(store, Config(author="sam"))
    async with started(app) as pilot:
        form = await press_to(pilot, "a", FilmForm)
        await settle(pilot)
        asked: list[object] = []  # the groups of the workers started (none is run)
        with monkeypatch.context() as patched:
            patched.setattr(app.workers, "_new_worker", lambda *a, **k: asked.append(k["group"]))
            form.query_one("#lookup", Input).insert_text_at_cursor("heat")
            found = form.query_one("#found", OptionList)
            if ranked:  # the answer came with the letters, in their own handling
                assert found.option_count == 2 and "lookup-catalog" not in asked
                return
            await pilot.pause()
        assert "lookup-catalog" in asked and found.option_count == 0  # a worker instead
        form.query_one("#lookup", Input).insert_text_at_cursor(" ")
        await pilot.pause(0.2)
        await settle(pilot)
        assert found.option_count == 2


async def test_the_form_stays_put_as_results_come_and_go(
    store: FilmStore, layouts: list[Screen[None]]
) -> None:
    """The results take the same room found or not, so the fields never jump while typing,
    and the form is never laid out again for them (the first results, fewer, more)."""
    app = make_app(store, Config(author="sam"))
    async with started(app) as pilot:
        form = await press_to(pilot, "a", FilmForm)
        await settle(pilot)
        title = form.query_one("#title", Input)
        before = title.region
        layouts.clear()
        await type_lookup(pilot, "h")
        assert form.query_one("FilmLookup").candidates  # type: ignore[attr-defined]
        await type_lookup(pilot, "eat")
        assert [screen for screen in layouts if screen is form] == []
        assert title.region == before
        await type_lookup(pilot, " zzqx")
        assert not form.query_one("FilmLookup").candidates  # type: ignore[attr-defined]
        assert title.region == before
