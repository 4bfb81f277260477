"""The journal's lists as Letterboxd list CSVs: `FOLDER/lists/<name>.csv`, laid out as
Letterboxd's own account export writes them (a version line, the list's row, then its films),
so the folder imports back into filmjournal, or into anything that reads a Letterboxd export,
with each list's name, description, order and notes."""

from __future__ import annotations

import csv
import datetime
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from filmjournal.core.models import Film, ListEntry
from filmjournal.core.text import counted
from filmjournal.formats import files
from filmjournal.formats.registry import Everything, Format

VERSION_LINE = "Letterboxd list export v7"
"""The first line of each file, as Letterboxd writes it."""
LIST_COLUMNS = ["Date", "Name", "Tags", "URL", "Description"]
"""The columns of the list's own row."""
FILM_COLUMNS = ["Position", "Name", "Year", "URL", "Description"]
"""The columns of each film's row."""


@dataclass
class _List:
    """One list's films as the export gathers them: (position, title, year, address, note)."""

    description: str = ""
    films: list[tuple[int | None, str, str, str, str]] = field(default_factory=list)

    def add(self, film: Film, entry: ListEntry) -> None:
        """Put a film in, at its place."""
        self.description = self.description or entry.description
        year = str(film.year or "")
        self.films.append((entry.position, film.title, year, film.letterboxd_uri or "", entry.note))

    def numbered(self) -> list[list[str]]:
        """The films in list order, numbered from 1 (films with no place come last)."""
        ordered = sorted(self.films, key=lambda row: (row[0] is None, row[0] or 0))
        return [[str(number), *row[1:]] for number, row in enumerate(ordered, 1)]


def gather(everything: Everything) -> dict[str, _List]:
    """Each list's films, by list name (only list rows are held, never whole films)."""
    lists: dict[str, _List] = {}
    for record in everything:
        for entry in record.lists:
            lists.setdefault(entry.name, _List()).add(record.film, entry)
    return lists


def list_text(name: str, description: str, rows: Iterable[list[str]], on: datetime.date) -> str:
    """One list's CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    out.write(VERSION_LINE + "\n")
    writer.writerow(LIST_COLUMNS)
    writer.writerow([on.isoformat(), name, "", "", description])
    out.write("\n")
    writer.writerow(FILM_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def write_lists(everything: Everything, folder: Path, force: bool) -> str:
    """Write each list to `folder/lists/<name>.csv` (the folder must be new or empty unless
    `force`)."""
    lists = gather(everything)
    today = datetime.date.today()
    with files.new_folder(folder, force, "the lists") as target:
        (target / "lists").mkdir(mode=0o700, exist_ok=True)
        for name, found in sorted(lists.items(), key=lambda item: item[0].casefold()):
            path = files.unused_path(
                os.path.join(target, "lists"), files.slug(name, "list"), ".csv"
            )
            files.write_text(path, list_text(name, found.description, found.numbered(), today))
    films = counted(sum(len(found.films) for found in lists.values()), "film")
    return f"Exported {counted(len(lists), 'list')} ({films}) to {folder / 'lists'}"


FORMATS = (Format("letterboxd-lists", "each list as a Letterboxd list CSV", write=write_lists),)
"""What this module writes (the "letterboxd" format reads such files in an export)."""
