"""A film and its reviews as a Markdown page with YAML front matter."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from pathlib import Path

from filmjournal.core.errors import ExportError
from filmjournal.core.fields import kind, to_plain
from filmjournal.core.models import Film, FilmRecord, Review, format_rating, stars
from filmjournal.core.text import printable
from filmjournal.formats import files
from filmjournal.formats.files import slug
from filmjournal.formats.registry import Everything, Format

_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]')
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly, whatever it contains."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return _YAML_ESCAPES.get(char) or f"\\u{ord(char):04x}"

    return '"' + _NEEDS_ESCAPE.sub(escape, text) + '"'


def _yaml_value(value: object) -> str:
    """One front-matter value: strings quoted, lists in flow style, None as null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml_value(item) for item in value) + "]"
    return yaml_string(str(value))


def inline(text: str) -> str:
    """Journal text placed in a Markdown line so it reads exactly as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(printable(text, keep_newlines=False).split()))


def front_matter(fields: dict[str, object]) -> str:
    """A YAML front-matter block."""
    lines = [f"{key}: {_yaml_value(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def film_fields(film: Film) -> dict[str, object]:
    """The film's front-matter fields: its details (the synopsis is in the body), ratings
    and ids."""
    shown = (f for f in fields(Film) if not f.metadata["long"] and f.name != "review_count")
    return {**{f.name: to_plain(getattr(film, f.name), kind(f)) for f in shown},
            "verdict": film.verdict}  # fmt: skip


def review_fields(review: Review) -> dict[str, object]:
    """A review's front-matter fields (its text is the body)."""
    shown = (f for f in fields(Review) if not f.metadata["long"] and f.name != "film_id")
    values = {f.name: to_plain(getattr(review, f.name), kind(f)) for f in shown}
    values["review_id"] = values.pop("id")  # Beside the film's own id on a review's page.
    return {**values, "stars": stars(review.rating) if review.rating else None}


def film_body(film: Film) -> str:
    """The film's part of the page: heading, facts, directors, synopsis, overall rating."""
    parts = [f"# {inline(film.label)}"]
    if film.facts:
        parts.append(" · ".join(inline(fact) for fact in film.facts))
    if film.directors:
        parts.append("Directed by " + ", ".join(inline(name) for name in film.directors))
    if film.synopsis:
        parts.append(printable(film.synopsis.strip()))
    parts.append(f"**Overall:** {format_rating(film.overall_rating)} {film.stars} — {film.verdict}")
    return "\n\n".join(parts) + "\n"


def review_body(review: Review, *, heading: str = "##") -> str:
    """A review's part of the page: who, rating, when, tags, then the text exactly."""
    facts = [f"**{label}:** {value}" if value else label for label, value in review.facts(inline)]
    parts = [f"{heading} Review by {inline(review.author)}"]
    if facts:
        parts.append(" · ".join(facts))
    if review.text:
        # Exactly as written, but for control characters: shown as pictures, so opening or
        # `cat`-ing the page can never run an escape sequence (an OSC 52 sets the clipboard).
        parts.append(printable(review.text))
    return "\n\n".join(parts) + "\n"


def review_page(film: Film, review: Review) -> str:
    """One review as a page: front matter with the film's and the review's fields."""
    fields = film_fields(film) | review_fields(review)
    return front_matter(fields) + "\n" + film_body(film) + "\n" + review_body(review)


def film_page(film: Film, reviews: Sequence[Review]) -> str:
    """A film with all its reviews as a page."""
    fields = film_fields(film) | {"reviews": len(reviews)}
    bodies = [review_body(review) for review in reviews]
    return front_matter(fields) + "\n" + film_body(film) + "".join("\n" + b for b in bodies)


def file_name(film: Film) -> str:
    """The default file name for a film's page: a safe slug of "Title (Year)"."""
    return slug(film.label, fallback=f"film-{film.id}") + ".md"


def folder_pages(
    everything: Iterable[FilmRecord],
) -> Iterator[tuple[str, str, Film]]:
    """(file-name stem, page, film) for every film, a film at a time: names are safe slugs,
    made unique by the writer against what is already in the folder."""
    for record in everything:
        film = record.film
        yield slug(film.label, fallback=f"film-{film.id}"), film_page(film, record.reviews), film


def index_line(film: Film, name: str) -> str:
    """The index's line for a film's page."""
    rating = format_rating(film.overall_rating)
    return f"- [{inline(film.label)}]({name}) — {rating} {film.verdict}"


INDEX_HEADING = "# Film journal\n\n"
"""The first lines of index.md."""


def write_folder(everything: Everything, folder: Path, force: bool) -> str:
    """Write a page per film and an index into `folder`, which must be new or empty unless
    `force` (see `files.new_folder`)."""
    count = 0
    with (
        files.new_folder(folder, force, "a Markdown export") as target,
        (target / "index.md").open("w", encoding="utf-8", newline="\n") as index,
    ):
        index.write(INDEX_HEADING)
        for stem, page, film in folder_pages(everything):
            if "/" in stem or stem.startswith("."):  # Names are slugs; a guard all the same.
                raise ExportError(f"refusing to write {stem!r} outside {folder}")
            # Unique against the folder itself (which knows whether it ignores case), so
            # no list of names grows with the journal.
            path = files.unused_path(os.fspath(target), stem, ".md")
            files.write_text(path, page, force=force)
            index.write(index_line(film, os.path.basename(path)) + "\n")
            count += 1
    return f"Exported {count} films to {folder} (open index.md)"


FORMATS = (Format("markdown", "a Markdown page per film, with an index", write=write_folder),)
"""What this module reads and writes."""
