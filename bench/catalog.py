"""The offline catalogue in the benchmark: IMDb-format datasets of a given size, the catalogue
built from them against splitting the same files with the csv module, and enriching a
journal from it against one SQL UPDATE ... FROM that writes the same values."""

from __future__ import annotations

import csv
import gzip
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

KINDS = ["movie"] * 7 + ["short", "tvMovie", "video", "tvSeries", "tvEpisode"]
"""Title types in roughly IMDb's mix (series and episodes are read and skipped)."""
GENRES = ["Drama", "Comedy", "Crime", "Sci-Fi", "Horror", "Romance", "Documentary", "Film-Noir"]
WORDS = [
    "night",
    "day",
    "winter",
    "summer",
    "house",
    "river",
    "city",
    "road",
    "last",
    "first",
    "black",
    "white",
    "red",
    "blue",
    "silent",
    "lost",
    "long",
    "short",
    "dark",
    "light",
    "love",
    "war",
    "story",
    "man",
    "woman",
    "child",
    "king",
    "queen",
    "ghost",
    "island",
]


def datasets(folder: Path, titles: int, seed: int = 5) -> list[Path]:
    """title.basics, title.crew and name.basics (gzipped, as IMDb serves them) with `titles`
    titles and a director each; made once per size, then kept."""
    folder.mkdir(parents=True, exist_ok=True)
    basics, crew, names = (
        folder / f"{n}.tsv.gz" for n in ("title.basics", "title.crew", "name.basics")
    )
    if names.exists():
        return [basics, crew, names]
    rng = random.Random(seed)
    people = max(10, titles // 20)
    with (
        gzip.open(basics, "wt", encoding="utf-8", newline="") as b,
        gzip.open(crew, "wt", encoding="utf-8", newline="") as c,
    ):
        b.write(
            "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear"
            "\truntimeMinutes\tgenres\n"
        )
        c.write("tconst\tdirectors\twriters\n")
        for n in range(1, titles + 1):
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).title()
            genres = ",".join(rng.sample(GENRES, rng.randint(1, 3)))
            runtime = str(rng.randint(5, 200)) if rng.random() < 0.8 else "\\N"
            b.write(
                f"tt{n:08}\t{rng.choice(KINDS)}\t{title}\t{title}\t0"
                f"\t{rng.randint(1900, 2026)}\t\\N\t{runtime}\t{genres}\n"
            )
            c.write(f"tt{n:08}\tnm{rng.randint(1, people):08}\t\\N\n")
    with gzip.open(names, "wt", encoding="utf-8", newline="") as out:
        out.write("nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n")
        for n in range(1, people + 1):
            out.write(f"nm{n:08}\tDirector {n}\t\\N\t\\N\tdirector\t\\N\n")
    return [basics, crew, names]


def catalogue_for(cache: Path, titles: int, journal: Path) -> None:
    """Give the benchmark's journal a catalogue of `titles` titles, for the add-film
    lookup (built once per size, then kept)."""
    from filmjournal.metadata.catalog import Catalog, catalog_path
    from filmjournal.metadata.catalog_load import load

    target = catalog_path(journal)
    if target.exists():
        catalogue = Catalog(target)
        try:
            # Series and episodes are not kept; one without ranks or crew is an old one.
            if catalogue.ranked and catalogue.keyed and catalogue.size() >= titles * 0.5:
                return
        finally:
            catalogue.close()
    load(datasets(cache / f"imdb-{titles}", titles), target)


def split_with_csv(files: list[Path]) -> None:
    """The floor: decompress each file and split every line with the csv module."""
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            for _ in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                pass


def catalog_ratio(cache: Path, titles: int, runs: int) -> dict[str, float]:
    """Loading the catalogue against splitting its files, medians of `runs`."""
    from filmjournal.metadata.catalog_load import load

    files = datasets(cache / f"imdb-{titles}", titles)
    ours, floor = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(max(1, runs // 2)):
            started = time.perf_counter()
            split_with_csv(files)
            floor.append(time.perf_counter() - started)
            started = time.perf_counter()
            load(files, Path(folder) / "catalog.db")
            ours.append(time.perf_counter() - started)
        alone = written_alone(Path(folder) / "catalog.db", Path(folder) / "alone.db")
    return {
        "catalog_ratio": statistics.median(ours) / statistics.median(floor),
        "catalog_ms": statistics.median(ours) * 1000,
        "baseline_catalog_ms": statistics.median(floor) * 1000,
        "floor_catalog_ms": alone * 1000,
    }


def written_alone(source: Path, target: Path) -> float:
    """Seconds SQLite alone takes to write what a load wrote into `source` (its titles,
    alternative titles, directors and names, read out beforehand) into a new catalogue
    `target`, and to build the same indexes, in one thread: a load's floor, with no line of
    the files read or parsed."""
    from filmjournal.metadata.catalog_load import SCHEMA, _connect, _index

    read = sqlite3.connect(source)
    tables = {
        table: read.execute(f"SELECT * FROM {table}").fetchall()
        for table in ("titles", "akas", "crew", "names")
    }
    read.close()
    db = _connect(target)
    db.executescript(SCHEMA)
    started = time.perf_counter()
    for table, rows in tables.items():
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    db.commit()
    _index(db)
    db.commit()
    took = time.perf_counter() - started
    db.close()
    return took


def enrich_ratio(cache: Path, titles: int, films: int) -> dict[str, float]:
    """Enriching `films` bare films (titles and years of catalogue films) against one SQL
    UPDATE ... FROM that copies the same details from the catalogue by title and year."""
    from filmjournal.config import Config
    from filmjournal.core.library import FilmQuery
    from filmjournal.core.models import FilmInput
    from filmjournal.metadata.catalog import DIRECTORS, catalog_path
    from filmjournal.metadata.catalog_load import load
    from filmjournal.metadata.lookup import Sources, enrich
    from filmjournal.storage import FilmStore, open_database

    files = datasets(cache / f"imdb-{titles}", titles)
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "journal.db"
        load(files, catalog_path(journal))
        catalog = sqlite3.connect(catalog_path(journal))
        picked = catalog.execute(
            "SELECT title, year FROM titles WHERE kind = 'movie' AND year IS NOT NULL"
            " GROUP BY title, year HAVING count(*) = 1 LIMIT ?",
            [films],
        ).fetchall()
        catalog.close()
        store = FilmStore(open_database(journal), path=journal)
        for title, year in picked:
            store.add_film(FilmInput(title=title, year=year))
        plain = Path(folder) / "plain.db"
        store.backup(plain)
        sources = Sources.open(journal, Config(), which="catalog")
        started = time.perf_counter()
        summary = enrich(store.films(FilmQuery()), sources, store.fill_in_all, total=len(picked))
        ours = time.perf_counter() - started
        sources.close()
        store.db.close()
        db = sqlite3.connect(plain)
        db.execute("ATTACH ? AS catalog", [str(catalog_path(journal))])
        started = time.perf_counter()
        with db:
            db.execute(
                "UPDATE films SET runtime_minutes = t.runtime, genres = t.genres,"
                f" directors = t.directors FROM (SELECT titles.*, {DIRECTORS} AS directors"
                " FROM catalog.titles) AS t WHERE t.title = films.title AND t.year = films.year"
            )
        floor = time.perf_counter() - started
        db.close()
    assert summary.filled, "the enrich found nothing to fill"
    return {
        "enrich_ratio": ours / floor,
        "enrich_ms": ours * 1000,
        "baseline_enrich_ms": floor * 1000,
    }
