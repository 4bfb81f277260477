"""Letterboxd's account export (ZIP, folder or one CSV) in; the journal goes out in the
import CSV of `letterboxd_csv`."""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from filmjournal.core.errors import FormatError
from filmjournal.core.importing import ImportBatch, ImportedFilm, ImportedReview
from filmjournal.core.models import FilmInput, ListEntry
from filmjournal.core.text import normalise_title, strip_controls
from filmjournal.formats.letterboxd_csv import export_csv, half_stars, review_markdown, rewatch
from filmjournal.formats.reading import member_bytes, read_bytes, regular_file
from filmjournal.formats.registry import Format, Sample
from filmjournal.formats.tabular import (
    csv_reader,
    day,
    decode,
    moment,
    names,
    one_line,
    rows,
    whole,
    year,
)

FILM_COLUMNS = ["Date", "Name", "Year", "Letterboxd URI"]
"""Columns every account-export file about films has."""
KNOWN = {
    "diary.csv",
    "reviews.csv",
    "ratings.csv",
    "watched.csv",
    "watchlist.csv",
    "likes/films.csv",
}
"""The account-export files read besides lists/*.csv."""
SKIPPED_FOLDERS = ("deleted/", "orphaned/")
"""Folders of the ZIP that hold entries that are no longer live."""
MAX_POSITION = 1_000_000
"""The largest position in a list that an import takes."""


@dataclass
class _Film:
    """A film gathered from several files of one export."""

    title: str
    year: int | None
    uri: str | None = None
    watchlist: bool = False
    liked: bool = False
    own_title: bool = False
    entries: dict[str, ImportedReview] = field(default_factory=dict)
    rating: ImportedReview | None = None
    lists: list[ListEntry] = field(default_factory=list)

    def imported(self) -> ImportedFilm:
        reviews = list(self.entries.values())
        if self.rating is not None and not any(r.rating is not None for r in reviews):
            reviews.append(self.rating)
        return ImportedFilm(
            details=FilmInput(title=self.title, year=self.year),
            title_from_film=self.own_title,
            letterboxd_uri=self.uri,
            watchlist=self.watchlist,
            liked=self.liked,
            reviews=tuple(reviews),
            lists=tuple(self.lists),
        )


class _Gatherer:
    """Collects films from the files of one export, one entry per film."""

    def __init__(self) -> None:
        self.films: dict[tuple[str, int | None], _Film] = {}

    def film(self, line: int, row: dict[str, str], name: str, *, own: bool = False) -> _Film:
        """The film a row names, created on first sight. `own` rows are records of the film
        itself (they carry its address, not a diary entry's): their spelling of the title
        wins when an export spells a film two ways."""
        where = f"{name}:{line}"
        title = one_line(row.get("Name", ""))
        if not title:
            raise FormatError(f"{where}: Name is blank")
        key = (normalise_title(title), year(row.get("Year", ""), where))
        if key not in self.films:
            self.films[key] = _Film(title=title, year=key[1])
        film = self.films[key]
        if own and not film.own_title:
            film.title, film.own_title = title, True
        return film

    def entry(self, line: int, row: dict[str, str], name: str, *, with_text: bool) -> None:
        """A diary entry or review: a review of the film."""
        where = f"{name}:{line}"
        film = self.film(line, row, name)
        source = row.get("Letterboxd URI", "").strip() or None
        review = ImportedReview(
            rating=half_stars(row.get("Rating", ""), where),
            text=review_markdown(row["Review"]) if with_text and row["Review"] else "",
            watched_on=day(row.get("Watched Date", ""), where, "Watched Date"),
            rewatch=rewatch(row.get("Rewatch", ""), where),
            tags=names(row.get("Tags", "")),
            source_id=source,
            created_at=moment(row.get("Date", ""), where, "Date"),
        )
        key = source or f"{name}:{line}"
        earlier = film.entries.get(key)
        # The diary and the reviews file both record an entry: one fills the other's blanks,
        # as importing the two files one after the other does.
        film.entries[key] = review if earlier is None else earlier.completed_by(review)

    def read(self, name: str, text: str) -> None:
        """Read one file of the export."""
        first_line = text.lstrip().split("\n", 1)[0]
        if name.startswith("lists/") or first_line.startswith(
            ("Letterboxd list export", "Date,Name,Tags,URL")
        ):
            self.read_list(name, text)
            return
        base = name if name in KNOWN else _kind(name, first_line)
        if base in ("diary.csv", "reviews.csv"):
            with_text = base == "reviews.csv"
            required = FILM_COLUMNS + ["Rating", "Rewatch", "Tags", "Watched Date"]
            if with_text:
                required.append("Review")
            for line, row in rows(text, name, required):
                self.entry(line, row, name, with_text=with_text)
        elif base == "ratings.csv":
            for line, row in rows(text, name, FILM_COLUMNS + ["Rating"]):
                film = self.film(line, row, name, own=True)
                film.uri = film.uri or row["Letterboxd URI"].strip() or None
                where = f"{name}:{line}"
                rating = half_stars(row["Rating"], where)
                if rating is not None:
                    film.rating = ImportedReview(
                        rating=rating,
                        source_id=f"{film.uri}#rating" if film.uri else None,
                        created_at=moment(row["Date"], where, "Date"),
                    )
        elif base in ("watched.csv", "watchlist.csv", "likes/films.csv"):
            for line, row in rows(text, name, FILM_COLUMNS):
                film = self.film(line, row, name, own=True)
                film.uri = film.uri or row["Letterboxd URI"].strip() or None
                if base == "watchlist.csv":
                    film.watchlist = True
                elif base == "likes/films.csv":
                    film.liked = True

    def read_list(self, name: str, text: str) -> None:
        """A list: an optional version line, the list's own row, then its films."""
        reader = csv_reader(text, strict=False)
        list_name, description = Path(name).stem, ""
        previous: list[str] = []
        header_line = 0
        for record in reader:
            if record[:2] == ["Position", "Name"]:
                header_line = reader.line_num
                break
            if previous[:2] == ["Date", "Name"]:
                meta = dict(zip(previous, record, strict=False))
                list_name = one_line(meta.get("Name", "")) or list_name
                description = strip_controls(meta.get("Description", ""))
            previous = record
        if not header_line:
            raise FormatError(f"{name}: no Position,Name header: not a Letterboxd list")
        body = "".join(text.splitlines(keepends=True)[header_line - 1 :])
        for line, row in rows(body, name, ["Position", "Name", "Year"]):
            at = line + header_line - 1
            film = self.film(at, row, name)
            film.uri = film.uri or row.get("URL", "").strip() or None
            position = whole(row["Position"], f"{name}:{at}", "Position", 1, MAX_POSITION)
            film.lists.append(
                ListEntry(
                    name=list_name,
                    position=position,
                    note=strip_controls(row.get("Description", "")),
                    description=description,
                )
            )


def _kind(name: str, header: str) -> str:
    """Which export file a CSV is, when it was renamed: by its columns, then its name."""
    columns = {column.strip().strip('"') for column in header.split(",")}
    if not set(FILM_COLUMNS) <= columns:
        raise FormatError(f"{name}:1: not a Letterboxd export file (no {', '.join(FILM_COLUMNS)})")
    if "Review" in columns:
        return "reviews.csv"
    if "Watched Date" in columns:
        return "diary.csv"
    if "Rating" in columns:
        return "ratings.csv"
    lowered = name.lower()
    if "watchlist" in lowered:
        return "watchlist.csv"
    if "like" in lowered:
        return "likes/films.csv"
    return "watched.csv"


def _export_files(path: Path, skipped: Counter[str]) -> list[tuple[str, str]]:
    """(name inside the export, text) for each file an account export holds that we read;
    files of the folders left alone are counted into `skipped`."""
    chosen: list[tuple[str, str]] = []

    def wanted(name: str) -> str | None:
        """The file's name within the export if it is one we read (none from deleted/)."""
        # A ZIP may hold everything inside one top folder: look at the path below it.
        relative = _relative(name)
        if relative.startswith(SKIPPED_FOLDERS) and relative.endswith(".csv"):
            skipped[f"files in {relative.split('/')[0]}/ (left alone)"] += 1
            return None
        if not relative.endswith(".csv"):
            return None
        return relative if relative in KNOWN or relative.startswith("lists/") else None

    if path.is_dir():
        for file in sorted(path.rglob("*.csv")):
            relative = wanted(file.relative_to(path).as_posix())
            if relative is not None:
                chosen.append((relative, decode(read_bytes(file), relative)))
    elif zipfile.is_zipfile(regular_file(path)):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                relative = wanted(info.filename.replace("\\", "/"))
                if relative is not None and not info.is_dir():
                    data = member_bytes(archive, info, path)
                    chosen.append((relative, decode(data, relative)))
    else:
        return [(path.name, decode(read_bytes(path), path.name))]
    if not chosen:
        raise FormatError(f"{path}: no Letterboxd export files (diary.csv, watched.csv...) found")
    return chosen


def _relative(name: str) -> str:
    """A file's path inside the export, without any top folder the archive added."""
    parts = name.split("/")
    for i in range(len(parts)):
        tail = "/".join(parts[i:])
        if tail in KNOWN or tail.startswith(("lists/", *SKIPPED_FOLDERS)):
            return tail
    return name


def read(path: Path) -> ImportBatch:
    """A Letterboxd account export: the ZIP as downloaded, its folder, or one of its CSVs."""
    gatherer = _Gatherer()
    skipped: Counter[str] = Counter()
    files = _export_files(path, skipped)
    # Diary before reviews, so review text joins the diary entry it belongs to.
    order = {"diary.csv": 0, "reviews.csv": 1}
    for name, text in sorted(files, key=lambda item: order.get(item[0], 2)):
        gatherer.read(name, text)
    films = [film.imported() for film in gatherer.films.values()]
    return ImportBatch(source="letterboxd", films=films, skipped=skipped)


def _is_export(sample: Sample) -> bool:
    """A Letterboxd account export: its ZIP or folder, or any one of its CSVs."""
    columns = sample.columns
    return (
        sample.archive
        or "Letterboxd URI" in columns
        or sample.first_line.startswith("Letterboxd list export")
        or {"Date", "Name", "Tags", "URL"} <= columns
    )


FORMATS = (Format("letterboxd", "Letterboxd export", _is_export, read, export_csv),)
"""What this module reads, and writes (Letterboxd's import CSV: see letterboxd_csv)."""
