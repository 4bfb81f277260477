"""The command line, through the real entry point, against a temporary journal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from filmjournal.cli import cli
from filmjournal.config import load_config, save_config
from filmjournal.core.errors import FilmJournalError
from filmjournal.storage import FilmStore, open_database
from tests.conftest import seed


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "journal.db"


def run(journal: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(journal), *args], input=stdin)


def ok(journal: Path, *args: str, stdin: str | None = None) -> str:
    result = run(journal, *args, stdin=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def fails(journal: Path, *args: str, stdin: str | None = None) -> str:
    result = run(journal, *args, stdin=stdin)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.output


def add_heat(journal: Path) -> int:
    """Add Heat with every detail; its full id (the command prints the short one)."""
    short = (
        ok(
            journal,
            "add",
            "Heat",
            "--year",
            "1995",
            "--certification",
            "R",
            "--runtime",
            "170",
            "--genre",
            "Crime",
            "--genre",
            "Thriller",
            "--director",
            "Michael Mann",
            "--synopsis",
            "Cops and robbers.",
        )
    ).strip()
    return int(json.loads(ok(journal, "show", short, "--json"))["id"])


def test_add_prints_the_id_and_list_json_has_every_field(journal: Path) -> None:
    film_id = add_heat(journal)
    films = json.loads(ok(journal, "list", "--json"))
    assert films == [
        {
            "id": film_id,
            "title": "Heat",
            "year": 1995,
            "certification": "R",
            "runtime_minutes": 170,
            "genres": ["Crime", "Thriller"],
            "directors": ["Michael Mann"],
            "synopsis": "Cops and robbers.",
            "overall_rating": None,
            "verdict": "Unrated",
            "review_count": 0,
            "last_watched": None,
            "letterboxd_uri": None,
            "imdb_id": None,
            "watchlist": False,
            "liked": False,
            "tmdb_id": None,
            "poster_path": None,
            "details_from": "typed",
        }
    ]


def test_rate_then_show(journal: Path) -> None:
    add_heat(journal)
    assert "overall 8/10 ★★★★☆ Good" in ok(journal, "rate", "Heat (1995)", "8")
    shown = json.loads(ok(journal, "show", "heat", "--json"))
    assert shown["overall_rating"] == 8 and shown["verdict"] == "Good"
    assert [r["rating"] for r in shown["reviews"]] == [8]
    text = ok(journal, "show", "Heat")
    assert "Heat (1995)" in text and "Directed by Michael Mann" in text and "8/10" in text


def test_review_reads_piped_text(journal: Path) -> None:
    film_id = add_heat(journal)
    review_id = ok(
        journal,
        "review",
        str(film_id),
        "--rating",
        "9",
        "--watched",
        "2024-01-12",
        "--rewatch",
        "--tag",
        "crime",
        "--author",
        "ann",
        stdin="The *bank* job.\n\nStill the best.\n",
    )
    shown = json.loads(ok(journal, "show", "Heat", "--json"))
    (review,) = shown["reviews"]
    assert str(review["id"]).startswith(review_id.strip())
    assert review["text"] == "The *bank* job.\n\nStill the best.\n"
    assert (review["rating"], review["watched_on"], review["rewatch"], review["tags"]) == (
        9,
        "2024-01-12",
        True,
        ["crime"],
    )


def test_review_text_option(journal: Path) -> None:
    add_heat(journal)
    ok(journal, "review", "Heat", "--text", "Short.")
    assert json.loads(ok(journal, "show", "Heat", "--json"))["reviews"][0]["text"] == "Short."


def test_list_search_and_sort(journal: Path) -> None:
    add_heat(journal)
    ok(journal, "add", "Her", "--year", "2013")
    ok(journal, "rate", "Her", "9")
    assert [f["title"] for f in json.loads(ok(journal, "list", "--sort", "rating", "--json"))] == [
        "Her",
        "Heat",
    ]
    assert [f["title"] for f in json.loads(ok(journal, "list", "--search", "robb", "--json"))] == [
        "Heat"
    ]
    # FTS syntax is just text: a quote is no phrase, AND is a word ("Cops and robbers"),
    # a star is the prefix search already under way, and punctuation alone matches nothing.
    for hostile, expected in (
        ('her"', ["Her"]),
        ("AND", ["Heat"]),
        ("rob*", ["Heat"]),
        ("*", []),
        ("NEAR(", []),
        ("-", []),
    ):
        found = json.loads(ok(journal, "list", "--search", hostile, "--json"))
        assert [f["title"] for f in found] == expected, hostile


def test_json_output_carries_the_ids_an_import_gave(journal: Path) -> None:
    ok(journal, "import", str(FIXTURES / "imdb" / "ratings.csv"))
    films = json.loads(ok(journal, "list", "--json"))
    assert films and all(f["imdb_id"] and f["imdb_id"].startswith("tt") for f in films)
    shown = json.loads(ok(journal, "show", str(films[0]["id"]), "--json"))
    assert shown["imdb_id"] == films[0]["imdb_id"]
    assert set(shown) >= {"letterboxd_uri", "watchlist", "liked"}


def test_markup_in_titles_is_printed_exactly(journal: Path) -> None:
    ok(journal, "add", "[bold]Loud[/bold]")
    assert "[bold]Loud[/bold]" in ok(journal, "list")
    assert "[bold]Loud[/bold]" in ok(journal, "show", "[bold]Loud[/bold]")


def test_control_characters_never_reach_the_terminal(journal: Path) -> None:
    film_id = add_heat(journal)
    ok(journal, "review", str(film_id), "--text", "red \x1b[31malert\x1b[0m")
    out = ok(journal, "show", "Heat")
    assert "\x1b" not in out and "␛[31malert" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rate", "Heat", "11"], "must be a whole number from 1 to 10, not 11"),
        (["rate", "Heat", "ten"], "must be a whole number from 1 to 10"),
        (["add", "X", "--year", "abc"], "year: must be a year"),
        (["add", "   "], "title: must not be blank"),
        (["add", "X\x1b[2J"], "title: contains control characters"),
        (["review", "Heat", "--watched", "2024-02-30", "--text", "x"], "not a real date"),
        (["review", "Heat", "--rating", "0", "--text", "x"], "rating"),
        (["show", "Nope"], "no film matches 'Nope'"),
        (["export", "Heat"], "has no review to export"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    journal: Path, args: list[str], message: str
) -> None:
    add_heat(journal)
    before = ok(journal, "show", "Heat", "--json")
    output = fails(journal, *args)
    assert message in output
    assert ok(journal, "show", "Heat", "--json") == before
    assert len(json.loads(ok(journal, "list", "--json"))) == 1


def test_ambiguous_film_lists_candidates(journal: Path) -> None:
    ok(journal, "add", "Heat", "--year", "1995")
    ok(journal, "add", "Heat", "--year", "1986")
    output = fails(journal, "rate", "Heat", "7")
    assert "Heat (1995)" in output and "Heat (1986)" in output


def test_not_a_journal(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("precious")
    assert "not an SQLite database" in fails(notes, "list")
    assert notes.read_text() == "precious"


def test_export_writes_a_safe_file_and_never_overwrites(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_heat(journal)
    ok(journal, "rate", "Heat", "8")
    monkeypatch.chdir(tmp_path)
    assert "heat-1995.md" in ok(journal, "export", "Heat")
    page = (tmp_path / "heat-1995.md").read_text()
    assert page.startswith('---\ntitle: "Heat"') and "# Heat (1995)" in page
    (tmp_path / "heat-1995.md").write_text("mine")
    assert "already exists" in fails(journal, "export", "Heat")
    assert (tmp_path / "heat-1995.md").read_text() == "mine"
    ok(journal, "export", "Heat", "--force")
    assert (tmp_path / "heat-1995.md").read_text() == page


def test_export_to_stdout_and_a_chosen_review(journal: Path) -> None:
    add_heat(journal)
    first = ok(journal, "review", "Heat", "--text", "First.", "--watched", "2020-01-01")
    ok(journal, "review", "Heat", "--text", "Second.", "--watched", "2021-01-01")
    assert ok(journal, "export", "Heat", "-o", "-").rstrip().endswith("Second.")
    assert (
        ok(journal, "export", "Heat", "--review", first.strip(), "-o", "-")
        .rstrip()
        .endswith("First.")
    )
    ok(journal, "add", "Her")
    assert "Her has no review" in fails(journal, "export", "Her", "--review", first.strip())


def test_db_flag_beats_the_environment(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.db"
    monkeypatch.setenv("FILMJOURNAL_DB", str(other))
    runner = CliRunner()
    assert runner.invoke(cli, ["where"]).output.startswith(f"journal: {other}")
    result = runner.invoke(cli, ["where", "--db", str(journal)])
    assert result.output.startswith(f"journal: {journal}")
    result = runner.invoke(cli, ["--help"])
    assert str(other) in result.output


def test_default_journal_lives_in_the_data_dir(isolated_home: Path) -> None:
    result = CliRunner().invoke(cli, ["add", "Heat"])
    assert result.exit_code == 0
    assert (isolated_home / "journal.db").exists()


def test_entry_point_version_and_no_textual_for_scripts(journal: Path) -> None:
    version = subprocess.run(
        [sys.executable, "-m", "filmjournal", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and "filmjournal" in version.stdout
    probe = (
        "import sys; from filmjournal.cli import main\n"
        "sys.argv = ['filmjournal', '--db', sys.argv[1], 'list', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(journal)], capture_output=True)
    assert result.returncode == 0, result.stderr


FIXTURES = Path(__file__).parent.parent / "formats" / "fixtures"


def test_import_twice_and_dry_run(journal: Path) -> None:
    dry = ok(journal, "import", str(FIXTURES / "letterboxd"), "--dry-run")
    assert "films: 6 added" in dry and "dry run: nothing was written" in dry
    assert json.loads(ok(journal, "list", "--json")) == []
    first = ok(journal, "import", str(FIXTURES / "letterboxd"))
    assert "letterboxd import" in first and "films: 6 added" in first
    second = ok(journal, "import", str(FIXTURES / "letterboxd"))
    assert "films: 0 added, 0 updated, 6 already in the journal" in second
    imdb = ok(journal, "import", str(FIXTURES / "imdb" / "ratings.csv"))
    assert "skipped: 1 tvSeries rows (not films)" in imdb


def test_a_malformed_import_names_file_and_line_and_writes_nothing(
    journal: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "diary.csv"
    bad.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2020-01-01,Heat,1995,https://boxd.it/a,4,,,2020-01-01\n"
        "2020-01-02,Her,2013,https://boxd.it/b,7.3,,,2020-01-02\n"
    )
    output = fails(journal, "import", str(bad))
    assert "diary.csv:3: Rating '7.3'" in output
    assert not journal.exists()  # not even an empty journal was made
    assert "no such file" in fails(journal, "import", str(tmp_path / "missing.zip"))


@pytest.mark.parametrize("format_name", ["json", "letterboxd", "csv"])
def test_export_all_to_a_file(journal: Path, tmp_path: Path, format_name: str) -> None:
    ok(journal, "import", str(FIXTURES / "letterboxd"))
    target = tmp_path / f"journal.{format_name}"
    assert "Exported the journal" in ok(
        journal, "export", "--all", "--format", format_name, "-o", str(target)
    )
    text = target.read_text()
    # Letterboxd shows its reviews as HTML; the journal's own formats keep the Markdown.
    bold = "The <b>bank</b> job" if format_name == "letterboxd" else "The **bank** job"
    assert "Heat" in text and bold in text
    assert "already exists" in fails(
        journal, "export", "--all", "--format", format_name, "-o", str(target)
    )
    ok(journal, "export", "--all", "--format", format_name, "-o", str(target), "--force")


def test_json_export_moves_a_journal(journal: Path, tmp_path: Path) -> None:
    ok(journal, "import", str(FIXTURES / "letterboxd"))
    ok(journal, "rate", "Heat", "7", "--author", "alex")
    target = tmp_path / "all.json"
    ok(journal, "export", "--all", "--format", "json", "-o", str(target))
    other = tmp_path / "other.db"
    ok(other, "import", str(target))

    def without_ids(path: Path, *args: str) -> object:
        data = json.loads(ok(path, *args))
        items = data if isinstance(data, list) else [data, *data["reviews"]]
        for item in items:
            item.pop("id", None)
            item.pop("film_id", None)
        return data

    assert without_ids(other, "list", "--json") == without_ids(journal, "list", "--json")
    moved = without_ids(other, "show", "Heat", "--json")
    assert moved == without_ids(journal, "show", "Heat", "--json")
    assert "alex" in {review["author"] for review in moved["reviews"]}  # type: ignore[index]


def test_markdown_folder_export(journal: Path, tmp_path: Path) -> None:
    ok(journal, "import", str(FIXTURES / "letterboxd"))
    ok(journal, "add", "../../escape/../attempt", "--year", "2001")
    folder = tmp_path / "pages"
    assert "Exported 7 films" in ok(
        journal, "export", "--all", "--format", "markdown", "-o", str(folder)
    )
    names = sorted(p.name for p in folder.iterdir())
    assert "index.md" in names and "heat-1995.md" in names
    assert "escape-attempt-2001.md" in names
    assert not (tmp_path / "escape").exists()
    assert all(p.parent == folder for p in folder.rglob("*"))
    index = (folder / "index.md").read_text()
    assert "[Heat (1995)](heat-1995.md)" in index
    assert "already exists" not in ok(
        journal, "export", "--all", "--format", "markdown", "-o", str(folder), "--force"
    )
    assert "not empty" in fails(
        journal, "export", "--all", "--format", "markdown", "-o", str(folder)
    )


def test_export_all_needs_a_format_and_a_path(journal: Path) -> None:
    assert "--all needs --format and -o PATH" in fails(journal, "export", "--all")
    assert "name a FILM" in fails(journal, "export")


def test_stats_json_field_by_field(journal: Path) -> None:
    add_heat(journal)
    ok(journal, "add", "Her", "--year", "2013", "--runtime", "126", "--genre", "Drama")
    ok(journal, "review", "Heat", "--rating", "9", "--watched", "2024-01-12", "--text", "a")
    ok(
        journal,
        "review",
        "Heat",
        "--rating",
        "7",
        "--watched",
        "2024-01-13",
        "--rewatch",
        "--text",
        "b",
    )
    ok(journal, "review", "Her", "--rating", "8", "--watched", "2023-06-01", "--text", "c")
    data = json.loads(ok(journal, "stats", "--json"))
    assert data["year"] is None and data["years"] == [2023, 2024]
    assert (data["films"], data["diary_entries"], data["rewatches"]) == (2, 3, 1)
    assert data["per_period"] == [{"period": "2023", "films": 1}, {"period": "2024", "films": 2}]
    assert data["ratings"]["9"] == 1 and data["ratings"]["1"] == 0
    assert data["mean_rating"] == 8 and data["mean_verdict"] == "Good"
    assert data["genres"][0] == {"genre": "Crime", "films": 2, "mean_rating": 8}
    assert data["directors"] == [{"director": "Michael Mann", "films": 2}]
    assert data["minutes_watched"] == 170 * 2 + 126 and data["hours_watched"] == 7.77
    assert data["longest_day_streak"] == {"length": 2, "start": "2024-01-12", "end": "2024-01-13"}
    assert data["highest_rated"][0]["film"] == "Heat (1995)"
    year = json.loads(ok(journal, "stats", "--year", "2023", "--json"))
    assert year["films"] == 1 and len(year["per_period"]) == 12
    text = ok(journal, "stats")
    assert "Your whole journal" in text and "Films logged per year" in text
    assert "Michael Mann" in text and "9 Excellent" in text


def test_stats_of_an_empty_journal(journal: Path) -> None:
    open_database(journal).close()
    assert "Nothing logged yet" in ok(journal, "stats")
    assert json.loads(ok(journal, "stats", "--json"))["films"] == 0
    assert "Invalid value" in fails(journal, "stats", "--year", "abc")


def test_export_picks_the_review_not_a_rating_given_alone(journal: Path) -> None:
    ok(journal, "add", "Heat", "--year", "1995")
    ok(journal, "review", "Heat", "--watched", "2024-01-12", "--text", "The bank job.")
    ok(journal, "rate", "Heat", "9")  # on the review: the latest viewing
    ok(journal, "add", "Her", "--year", "2013")
    ok(journal, "rate", "Her", "8")  # alone: no viewing logged
    ok(journal, "review", "Her", "--watched", "2021-02-14", "--text", "Warm and sad.")
    assert "The bank job." in ok(journal, "export", "Heat", "-o", "-")
    assert "Warm and sad." in ok(journal, "export", "Her", "-o", "-")
    her = json.loads(ok(journal, "show", "Her", "--json"))
    assert sorted((r["rating"] or 0, r["watched_on"] or "") for r in her["reviews"]) == [
        (0, "2021-02-14"),
        (8, ""),
    ]


def test_a_setting_of_the_wrong_kind_is_named(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    for raw, key in (({"author": 5}, "'author'"), ({"keymap": {"film.add": 5}}, "'keymap'")):
        path.write_text(json.dumps(raw))
        with pytest.raises(FilmJournalError, match=f"{key} must"):
            load_config(path)
        env = {"FILMJOURNAL_HOME": str(tmp_path)}
        film = CliRunner().invoke(cli, ["add", "Heat"], env=env).output.strip()
        done = CliRunner().invoke(cli, ["review", film, "--text", "Tense."], env=env)
        assert done.exit_code == 1 and key in done.output and "Traceback" not in done.output


def test_saving_keeps_settings_this_version_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"theme": "nord", "posters": True, "region": "GB"}))
    config = load_config(path)
    config.sort = "year"
    save_config(config, path)
    saved = json.loads(path.read_text())
    assert saved["posters"] is True and saved["region"] == "GB" and saved["sort"] == "year"
    assert "others" not in saved


def test_two_backups_in_one_second_both_happen(tmp_path: Path) -> None:
    journal = tmp_path / "journal.db"
    open_database(journal).close()
    outputs = [CliRunner().invoke(cli, ["--db", str(journal), "backup"]).output for _ in range(3)]
    assert all(output.startswith("Backed up to ") for output in outputs)
    assert len({output for output in outputs}) == 3


def test_show_renders_the_start_of_a_huge_review(journal: Path) -> None:
    ok(journal, "add", "Wide")
    table = "| a | b |\n|---|---|\n" + "| x | y |\n" * 100_000  # about 1.2 MB
    ok(journal, "review", "Wide", "--text", table)
    shown = ok(journal, "show", "Wide")
    assert "more characters: show --json or export has them all" in shown
    assert len(shown) < 200_000
    assert json.loads(ok(journal, "show", "Wide", "--json"))["reviews"][0]["text"] == table


def test_bindings_lists_the_keys_with_the_users_keymap(isolated_home: Path) -> None:
    from filmjournal import paths

    paths.config_path().parent.mkdir(parents=True, exist_ok=True)
    paths.config_path().write_text(
        json.dumps({"keymap": {"film.add": "A", "list.search": "ctrl+f"}})
    )
    shown = CliRunner().invoke(cli, ["bindings"]).output
    lines = {line.split()[0]: line for line in shown.splitlines() if line.strip()}
    assert " A (yours) " in lines["film.add"]
    assert " ctrl+f (yours) " in lines["list.search"]
    assert " e " in lines["review.edit"]  # not remapped: the default


def test_rewatch_lists_highly_rated_films_long_unseen(tmp_path: Path) -> None:
    journal = tmp_path / "journal.db"
    store = FilmStore(open_database(journal), path=journal)
    seed(store)
    due = ok(journal, "rewatch", "--years", "1")
    assert due.startswith("Heat (1995) · 8.5/10 · last seen 2024-01-12")
    assert "Her" not in due  # rated 7, under the default 8
    assert "Her (2013)" in ok(journal, "rewatch", "--years", "1", "--rating", "7")
    assert "No film rated 8 or more has gone 50 years unseen" in ok(
        journal, "rewatch", "--years", "50"
    )
    assert [f["title"] for f in json.loads(ok(journal, "rewatch", "--years", "1", "--json"))] == [
        "Heat"
    ]


def test_lists_count_what_you_have_seen_and_list_shows_one(tmp_path: Path) -> None:
    journal = tmp_path / "journal.db"
    fixtures = Path(__file__).parents[1] / "formats" / "fixtures" / "letterboxd"
    ok(journal, "import", str(fixtures))
    assert ok(journal, "lists").splitlines() == ["Favourites: 1 of 2 seen"]
    (favourites,) = json.loads(ok(journal, "lists", "--json"))
    assert favourites == {
        "name": "Favourites",
        "description": "The ones I return to.",
        "size": 2,
        "seen": 1,
    }
    listed = [f["title"] for f in json.loads(ok(journal, "list", "--list", "Favourites", "--json"))]
    assert listed == ["Heat", "Tokyo Story"]  # Tokyo Story unseen, still in the list
    assert json.loads(ok(journal, "list", "--list", "No Such List", "--json")) == []
