"""What leaves the journal for a person to read (pages, spreadsheets, JSON on a terminal)
carries no escape sequence and no formula."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from filmjournal import formats
from filmjournal.cli import cli
from filmjournal.core.models import FilmInput, ReviewInput
from filmjournal.storage import FilmStore, open_database

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"


def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.db"
    store = FilmStore(open_database(path), path=path)
    film = store.add_film(FilmInput(title=f'=HYPERLINK("x"){OSC52}', synopsis=f"a{OSC52}b"))
    store.add_review(
        film.id,
        ReviewInput(author="@me", text=f"-2+3 {OSC52} \x9b2J", tags=("+tag",), rating=8),
    )
    return path


def _only_film(path: Path) -> int:
    """The id of the journal's one film."""
    (film_id,) = sqlite3.connect(path).execute("SELECT id FROM films").fetchone()
    return int(film_id)


def test_markdown_pages_show_escapes_as_pictures(tmp_path: Path) -> None:
    path = journal(tmp_path)
    film_id = str(_only_film(path))
    result = CliRunner().invoke(cli, ["--db", str(path), "export", film_id, "-o", "-"])
    page = result.output
    assert "\x1b" not in page and "\x07" not in page and "\x9b" not in page
    assert "␛]52;c;cm0gLXJmIH4=␇" in page
    store = FilmStore(open_database(path), path=path)
    formats.export(store.everything(), "markdown", tmp_path / "pages")
    for written in (tmp_path / "pages").iterdir():
        text = written.read_text()
        assert "\x1b" not in text and "\x07" not in text, written.name


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    store = FilmStore(open_database(journal(tmp_path)))
    out = tmp_path / "journal.csv"
    formats.export(store.everything(), "csv", out)
    (row,) = csv.DictReader(io.StringIO(out.read_text()))
    assert row["title"].startswith("'=HYPERLINK")
    assert row["author"] == "'@me" and row["tags"] == "'+tag" and row["text"].startswith("'-2+3")
    assert "\x1b" not in out.read_text()


def test_json_on_a_terminal_escapes_c1_controls(tmp_path: Path) -> None:
    path = journal(tmp_path)
    for args in (["list", "--json"], ["show", str(_only_film(path)), "--json"]):
        output = CliRunner().invoke(cli, ["--db", str(path), *args]).output
        assert "\x9b" not in output and "\x1b" not in output, args
        assert "\\u009b" in json.dumps(json.loads(output), ensure_ascii=True) or args[0] == "list"
    store = FilmStore(open_database(path), path=path)
    formats.export(store.everything(), "json", tmp_path / "all.json")
    raw = (tmp_path / "all.json").read_text()
    assert "\x9b" not in raw
    assert json.loads(raw)["films"][0]["reviews"][0]["text"].endswith("\x9b2J")  # lossless
