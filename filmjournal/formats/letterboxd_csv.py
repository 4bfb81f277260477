"""Letterboxd's import CSV: what its importer reads, written from the journal and read back."""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from filmjournal.core.errors import FormatError
from filmjournal.core.importing import ImportBatch, ImportedFilm, ImportedReview
from filmjournal.core.models import FilmInput, FilmRecord
from filmjournal.core.text import normalise_title, strip_controls
from filmjournal.formats.files import write_text
from filmjournal.formats.reading import read_bytes
from filmjournal.formats.registry import Everything, Format, Sample
from filmjournal.formats.tabular import (
    day,
    decode,
    names,
    one_line,
    rows,
    year,
)

IMPORT_COLUMNS = [
    "Title",
    "Year",
    "Rating10",
    "WatchedDate",
    "Rewatch",
    "Tags",
    "Review",
    "imdbID",
    "LetterboxdURI",
]
"""The columns of Letterboxd's own import format, which `write` produces."""


_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


_PAIRED = ("i", "b", "em", "strong", "blockquote")
"""Tags Letterboxd writes in pairs, though some exports forget the slash of the second."""


def _mend(html_text: str) -> str:
    """Letterboxd's HTML as it should have been written: an opening tag standing where its
    closing one belongs (`<i>x<i>`) closes it, and spaces inside emphasis move outside it
    (`<i>About Time </i>la` would otherwise become `*About Time *la`)."""
    for tag in _PAIRED:
        opened = False

        def pair(match: re.Match[str], tag: str = tag) -> str:
            nonlocal opened
            if match.group(1):  # a real closing tag
                opened = False
                return match.group(0)
            opened = not opened
            return f"<{tag}>" if opened else f"</{tag}>"

        html_text = re.sub(rf"<\s*(/?)\s*{tag}\s*>", pair, html_text, flags=re.IGNORECASE)
    for tag in ("i", "b", "em", "strong"):
        html_text = re.sub(
            rf"<{tag}>(\s*)(.*?)(\s*)</{tag}>", rf"\1<{tag}>\2</{tag}>\3", html_text, flags=re.S
        )
    return html_text


def review_markdown(text: str) -> str:
    """A Letterboxd review (HTML) as Markdown; plain text keeps its lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _TAG.search(text):
        text = _mend(text)
        from markdownify import markdownify  # Only imports need it.

        text = markdownify(text, heading_style="ATX", bullets="-").strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
    else:
        text = html.unescape(text).strip()
    return strip_controls(text)


def half_stars(value: str, where: str) -> int | None:
    """A Letterboxd rating (0.5-5 in halves) as ours out of 10: 3.5 stars is 7."""
    value = value.strip()
    if not value:
        return None
    try:
        stars = float(value)
    except ValueError:
        stars = -1
    doubled = stars * 2
    if not (1 <= doubled <= 10 and doubled == int(doubled)):
        raise FormatError(f"{where}: Rating {value!r} is not a number of half stars from 0.5 to 5")
    return int(doubled)


def rewatch(value: str, where: str) -> bool:
    """The Rewatch column: "Yes" or empty."""
    value = value.strip().lower()
    if value in ("", "no", "false"):
        return False
    if value in ("yes", "true"):
        return True
    raise FormatError(f"{where}: Rewatch {value!r} should be Yes or empty")


def read_import_csv(path: Path) -> ImportBatch:
    """A CSV in Letterboxd's import format (what `write` produces)."""
    text = decode(read_bytes(path), path.name)
    name = path.name
    films: dict[tuple[str, int | None], tuple[ImportedFilm, list[ImportedReview]]] = {}
    for line, row in rows(text, name, ["Title"]):
        where = f"{name}:{line}"
        title = one_line(row["Title"])
        if not title:
            raise FormatError(f"{where}: Title is blank")
        film_year = year(row.get("Year", ""), where)
        rating = None
        if row.get("Rating10", "").strip():
            rating = _rating10(row["Rating10"], where)
        elif row.get("Rating", "").strip():
            rating = half_stars(row["Rating"], where)
        review = ImportedReview(
            rating=rating,
            text=review_markdown(row.get("Review", "")),
            watched_on=day(row.get("WatchedDate", ""), where, "WatchedDate"),
            rewatch=rewatch(row.get("Rewatch", ""), where),
            tags=names(row.get("Tags", "")),
        )
        key = (normalise_title(title), film_year)
        if key not in films:
            film = ImportedFilm(
                details=FilmInput(title=title, year=film_year),
                imdb_id=row.get("imdbID", "").strip() or None,
                letterboxd_uri=row.get("LetterboxdURI", "").strip() or None,
            )
            films[key] = (film, [])
        if review != ImportedReview():
            films[key][1].append(review)
    return ImportBatch(
        source="letterboxd-csv",
        films=[replace(film, reviews=tuple(reviews)) for film, reviews in films.values()],
    )


def _rating10(value: str, where: str) -> int:
    """A Rating10 column: a whole number from 1 to 10."""
    value = value.strip()
    if not value.isdigit() or not 1 <= int(value) <= 10:
        raise FormatError(f"{where}: Rating10 {value!r} is not a whole number from 1 to 10")
    return int(value)


def rows_for(everything: Iterable[FilmRecord], left_out: Counter[str]) -> Iterator[list[str]]:
    """Letterboxd import rows: one per review, one per reviewed-nowhere watched film.

    Films only on the watchlist are left out (Letterboxd would take them as watched) and
    counted into `left_out["watchlist"]`.
    """
    for record in everything:
        film, reviews = record.film, record.reviews
        common = [film.title, str(film.year or "")]
        ids = [film.imdb_id or "", film.letterboxd_uri or ""]
        if not reviews:
            if film.watchlist:
                left_out["watchlist"] += 1
                continue
            yield [*common, "", "", "", "", "", *ids]
        for review in reviews:
            yield [
                *common,
                str(review.rating or ""),
                review.watched_on.isoformat() if review.watched_on else "",
                "Yes" if review.rewatch else "",
                ", ".join(review.tags),
                review_html(review.text),
                *ids,
            ]


def chunks(everything: Iterable[FilmRecord], left_out: Counter[str]) -> Iterator[str]:
    """The journal as a Letterboxd import CSV, a row at a time (watchlist-only films are
    counted into `left_out`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(IMPORT_COLUMNS)
    for row in rows_for(everything, left_out):
        writer.writerow(row)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def write(everything: Iterable[FilmRecord]) -> tuple[str, int]:
    """The journal as a Letterboxd import CSV, and how many watchlist films were left out."""
    left_out: Counter[str] = Counter()
    text = "".join(chunks(everything, left_out))
    return text, left_out["watchlist"]


def review_html(text: str) -> str:
    """A review (Markdown) as the HTML Letterboxd shows: paragraphs, <b>, <i>, links and
    quotes; raw HTML in the text is shown as text, never run."""
    if not text.strip():
        return ""
    from markdown_it import MarkdownIt  # Only this export needs it (rich brings it).

    rendered = MarkdownIt("commonmark", {"html": False}).render(text)
    for mine, theirs in (("em", "i"), ("strong", "b")):
        rendered = rendered.replace(f"<{mine}>", f"<{theirs}>").replace(
            f"</{mine}>", f"</{theirs}>"
        )
    rendered = re.sub(r"<h[1-6]>(.*?)</h[1-6]>", r"<p><b>\1</b></p>", rendered)
    return rendered.strip()


def export_csv(everything: Everything, path: Path, force: bool) -> str:
    """Write the journal as a Letterboxd import CSV to `path`."""
    left_out: Counter[str] = Counter()
    write_text(path, chunks(everything, left_out), force=force)
    count = left_out["watchlist"]
    extra = f" (left out {count} watchlist-only films)" if count else ""
    return f"Exported the journal to {path}{extra}"


def _is_import_csv(sample: Sample) -> bool:
    """A CSV in the layout of Letterboxd's importer."""
    return "Title" in sample.columns and bool(
        sample.columns & {"Rating10", "WatchedDate", "Rating", "Review"}
    )


FORMATS = (Format("letterboxd-csv", "Letterboxd's import CSV", _is_import_csv, read_import_csv),)
"""What this module reads (the "letterboxd" format writes it)."""
