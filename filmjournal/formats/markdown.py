"""A film and its reviews as a Markdown page with YAML front matter."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from filmjournal.core.models import Film, Review, format_rating, stars
from filmjournal.core.text import printable
from filmjournal.formats.files import slug

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
    """The film's front-matter fields."""
    return {
        "title": film.title,
        "year": film.year,
        "certification": film.certification or None,
        "runtime_minutes": film.runtime_minutes,
        "genres": list(film.genres),
        "directors": list(film.directors),
        "overall_rating": None if film.overall_rating is None else round(film.overall_rating, 2),
        "verdict": film.verdict,
    }


def review_fields(review: Review) -> dict[str, object]:
    """A review's front-matter fields."""
    return {
        "author": review.author,
        "rating": review.rating,
        "stars": stars(review.rating) if review.rating else None,
        "watched": review.watched_on.isoformat() if review.watched_on else None,
        "rewatch": review.rewatch,
        "tags": list(review.tags),
    }


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
    facts = []
    if review.rating is not None:
        facts.append(f"**Rating:** {format_rating(review.rating)} {stars(review.rating)}")
    if review.watched_on:
        facts.append(f"**Watched:** {review.watched_on.isoformat()}")
    if review.rewatch:
        facts.append("Rewatch")
    if review.tags:
        facts.append("**Tags:** " + ", ".join(inline(tag) for tag in review.tags))
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
    everything: Iterable[tuple[Film, Sequence[Review], object]],
) -> Iterator[tuple[str, str, Film]]:
    """(file-name stem, page, film) for every film, a film at a time: names are safe slugs,
    made unique by the writer against what is already in the folder."""
    for film, reviews, _ in everything:
        yield slug(film.label, fallback=f"film-{film.id}"), film_page(film, reviews), film


def index_line(film: Film, name: str) -> str:
    """The index's line for a film's page."""
    rating = format_rating(film.overall_rating)
    return f"- [{inline(film.label)}]({name}) — {rating} {film.verdict}"


INDEX_HEADING = "# Film journal\n\n"
"""The first lines of index.md."""
