"""Finding a film's details in the sources the user has: the offline catalogue, and TMDB
when a key is set. Used to add a film by lookup and to enrich the whole journal."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from filmjournal.config import Config
from filmjournal.core.errors import FilmJournalError
from filmjournal.core.metadata import (
    Candidate,
    best,
    enrichment,
    is_blank,
    split_query,
)
from filmjournal.core.models import Film
from filmjournal.metadata.catalog import Catalog, catalog_path
from filmjournal.metadata.tmdb import TMDB, TOKEN_ENV

SOURCE_NAMES = ("catalog", "tmdb", "all")
"""What `--source` takes."""
BATCH = 200
"""Films enriched per transaction: an interrupted enrich keeps every batch before."""


class Ambiguous(FilmJournalError):
    """A lookup found several films and cannot tell which is meant."""

    def __init__(self, query: str, candidates: list[Candidate]) -> None:
        """`query` matched every one of `candidates`."""
        listed = "; ".join(describe(c) for c in candidates[:10]) or "nothing"
        super().__init__(f"{query!r} matches {listed}")
        self.candidates = candidates


def describe(candidate: Candidate) -> str:
    """A candidate in one line: Her (2013), 126 min, Spike Jonze [catalog tt1798709]."""
    facts = [candidate.label]
    if candidate.details.runtime_minutes:
        facts.append(f"{candidate.details.runtime_minutes} min")
    if candidate.details.directors:
        facts.append(", ".join(candidate.details.directors))
    ident = candidate.imdb_id or (f"tmdb {candidate.tmdb_id}" if candidate.tmdb_id else "")
    return ", ".join(facts) + f" [{candidate.source}{' ' + ident if ident else ''}]"


@dataclass
class Sources:
    """The metadata sources in use; either may be absent."""

    catalog: Catalog | None = None
    tmdb: TMDB | None = None

    @classmethod
    def open(cls, journal: Path, config: Config, which: str = "all") -> Sources:
        """The sources a user has for `journal`: its catalogue if loaded, TMDB if a key is
        set. Naming one that is missing is an error that says how to get it."""
        sources = cls()
        if which in ("catalog", "all") and (which == "catalog" or catalog_path(journal).exists()):
            sources.catalog = Catalog(catalog_path(journal))
        token = os.environ.get(TOKEN_ENV) or config.tmdb_token
        if which in ("tmdb", "all") and token:
            sources.tmdb = TMDB(token, region=config.region or "")
        elif which == "tmdb":
            raise FilmJournalError(
                f"no TMDB key: set {TOKEN_ENV} or tmdb_token in config.json (see README)"
            )
        if sources.catalog is None and sources.tmdb is None:
            raise FilmJournalError(
                "no metadata source: load IMDb's datasets with `filmjournal catalog load PATH`,"
                f" or set {TOKEN_ENV} for TMDB"
            )
        return sources

    def close(self) -> None:
        """Close what is open."""
        if self.catalog is not None:
            self.catalog.close()
        if self.tmdb is not None:
            self.tmdb.close()

    def search(self, query: str, limit: int = 10) -> list[Candidate]:
        """Films matching what was typed ("her 2013"), the catalogue's first."""
        title, year = split_query(query)
        found: list[Candidate] = []
        if self.catalog is not None:
            found.extend(self.catalog.search(title, year, limit))
        if self.tmdb is not None:
            found.extend(self.tmdb.search(title, year)[:limit])
        return found

    def complete(self, candidate: Candidate) -> Candidate:
        """A candidate with everything its source knows (TMDB's search gives little)."""
        if candidate.source == "tmdb" and candidate.tmdb_id and self.tmdb is not None:
            return self.tmdb.details(candidate.tmdb_id)
        return candidate

    def pick(self, query: str, found: list[Candidate] | None = None) -> Candidate:
        """The one film `query` means among `found` (searched for when not given), complete;
        Ambiguous when it cannot tell."""
        title, year = split_query(query)
        found = self.search(query) if found is None else found
        tmdb = [c for c in found if c.source == "tmdb"]
        chosen = best(tmdb, title, year) if tmdb else None
        chosen = chosen or best([c for c in found if c.source == "catalog"], title, year)
        if chosen is None:
            raise Ambiguous(query, found)
        return self.complete(chosen)

    def by_imdb(self, imdb_id: str) -> Candidate | None:
        """The film with this IMDb id: from TMDB when it can (it knows more), else the
        catalogue."""
        if self.tmdb is not None:
            tmdb_id = self.tmdb.find_imdb(imdb_id)
            if tmdb_id is not None:
                return self.tmdb.details(tmdb_id)
        return self.catalog.by_imdb(imdb_id) if self.catalog is not None else None

    def by_tmdb(self, tmdb_id: int) -> Candidate | None:
        """The film with this TMDB id."""
        return self.tmdb.details(tmdb_id) if self.tmdb is not None else None

    def match(self, film: Film) -> Candidate | None:
        """The source's record of a journal film: by IMDb id, then TMDB id, then title and
        year when exactly one candidate fits. Ambiguous when several do."""
        if film.imdb_id:
            found = self.by_imdb(film.imdb_id)
            if found is not None:
                return found
        if film.tmdb_id and self.tmdb is not None:
            return self.tmdb.details(film.tmdb_id)
        if self.catalog is not None and film.year:
            same = self.catalog.exact(film.title, film.year)
            if len(same) == 1:  # the one title of that name and year: no search needed
                return same[0]
        query = f"{film.title} {film.year}" if film.year else film.title
        candidates = self.search(query)  # once: with TMDB each search is a request
        return self.pick(query, candidates) if candidates else None


def lacks_details(film: Film) -> bool:
    """Whether a film has a blank that a source could fill."""
    return any(
        is_blank(getattr(film, name))
        for name in ("year", "certification", "runtime_minutes", "genres", "directors", "synopsis")
    )


@dataclass
class EnrichSummary:
    """What an enrich did, film by film."""

    filled: int = 0
    """Films that gained details."""
    unchanged: int = 0
    """Films a source matched that had nothing more to gain."""
    ambiguous: list[str] = field(default_factory=list)
    """Films several candidates fit: left for the user to choose."""
    not_found: list[str] = field(default_factory=list)
    """Films no source knows."""
    dry_run: bool = False

    def lines(self) -> list[str]:
        """The summary for people."""
        verb = "would be filled" if self.dry_run else "filled"
        lines = [f"{self.filled} films {verb}, {self.unchanged} had nothing to add"]
        if self.ambiguous:
            lines.append(
                f"{len(self.ambiguous)} ambiguous (add --imdb to pick): "
                + "; ".join(self.ambiguous[:20])
            )
        if self.not_found:
            lines.append(f"{len(self.not_found)} not found: " + "; ".join(self.not_found[:20]))
        return lines


def matches(
    sources: Sources, films: list[Film], summary: EnrichSummary
) -> Iterator[tuple[Film, Candidate]]:
    """Each film a source can fill, with what it found; the rest counted in `summary`."""
    for film in films:
        try:
            found = sources.match(film)
        except Ambiguous:
            summary.ambiguous.append(film.label)
            continue
        if found is None:
            summary.not_found.append(film.label)
        else:
            yield film, found


def enrich(
    films: Iterable[Film],
    sources: Sources,
    write: Callable[[list[tuple[int, Candidate]]], list[list[str]]],
    *,
    total: int = 0,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> EnrichSummary:
    """Fill the blanks of `films` (read as they come: a journal's worth is never held) from
    `sources`, a batch at a time through `write` (one transaction each, returning the fields
    filled per film); nothing with `dry_run`. `total` is for `progress`."""
    summary = EnrichSummary(dry_run=dry_run)
    done = 0
    for batch_films in _batches(films):
        wanted = [film for film in batch_films if lacks_details(film)]
        summary.unchanged += len(batch_films) - len(wanted)
        batch = list(matches(sources, wanted, summary))
        if dry_run:
            filled = [list(enrichment(film, found)) for film, found in batch]
        else:
            filled = write([(film.id, found) for film, found in batch])
        summary.filled += sum(1 for fields_filled in filled if fields_filled)
        summary.unchanged += sum(1 for fields_filled in filled if not fields_filled)
        done += len(batch_films)
        if progress is not None:
            progress(done, max(total, done))
    return summary


def _batches(films: Iterable[Film]) -> Iterator[list[Film]]:
    """Films in lists of BATCH."""
    batch: list[Film] = []
    for film in films:
        batch.append(film)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
