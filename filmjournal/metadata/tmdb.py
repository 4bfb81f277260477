"""TMDB, with the user's own key: search, a film's details with credits and certifications,
finding a film by its IMDb id, and where its posters are.

This product uses the TMDB API but is not endorsed or certified by TMDB.

Every failure (offline, a refused key, a server error, an answer that is not what TMDB
documents) becomes one MetadataError naming the cause; nothing here writes anything.
"""

from __future__ import annotations

import locale
import os
import time
from collections.abc import Callable
from typing import Any

import httpx

from filmjournal.core.errors import FilmJournalError
from filmjournal.core.metadata import Candidate
from filmjournal.core.models import FilmInput
from filmjournal.core.text import field_text, strip_controls

BASE_URL = "https://api.themoviedb.org/3"
"""TMDB's API; FILMJOURNAL_TMDB_URL replaces it (tests point it at a local server)."""
TOKEN_ENV = "TMDB_API_TOKEN"
"""The environment variable holding the user's key (or config.json's tmdb_token)."""
SPACING = 0.05
"""Seconds between requests: at most 20 a second, well under TMDB's soft limit."""
RETRIES = 3
"""How often a 429 (too many requests) is waited out before giving up."""
LONGEST_WAIT = 30.0
"""The longest Retry-After honoured, in seconds."""
THEATRICAL = 3
"""release_dates' type for a theatrical release, the certification people mean."""


class MetadataError(FilmJournalError):
    """A metadata source could not answer: offline, a bad key, a server error."""


def default_region() -> str:
    """The user's country from the locale (en_GB is GB), else US."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if "_" in value:
            return value.split("_", 1)[1][:2].upper()
    with_locale = locale.getlocale()[0] or ""
    return with_locale.split("_", 1)[1][:2].upper() if "_" in with_locale else "US"


class TMDB:
    """A TMDB client for one key."""

    def __init__(
        self,
        token: str,
        *,
        region: str = "",
        base_url: str | None = None,
        timeout: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Use `token`: a read access token (sent as a bearer) or a v3 key (32 hex digits,
        sent as api_key). `sleep` waits (tests skip the waiting)."""
        token = token.strip()
        self.region = (region or default_region()).upper()
        """Whose certifications to use (GB gives 15, US gives R)."""
        headers = {"Accept": "application/json"}
        params = {}
        if len(token) == 32 and all(c in "0123456789abcdefABCDEF" for c in token):
            params["api_key"] = token
        else:
            headers["Authorization"] = f"Bearer {token}"
        url = base_url or os.environ.get("FILMJOURNAL_TMDB_URL") or BASE_URL
        self.client = httpx.Client(
            base_url=url.rstrip("/"), headers=headers, params=params, timeout=timeout
        )
        self._sleep = sleep
        self._last = 0.0
        self._images: str | None = None

    def close(self) -> None:
        """Close the connection."""
        self.client.close()

    def _get(self, path: str, **params: str | int) -> dict[str, Any]:
        """GET a path as JSON, spacing requests and waiting out 429s."""
        for attempt in range(RETRIES + 1):
            wait = self._last + SPACING - time.monotonic()
            if wait > 0:
                self._sleep(wait)
            self._last = time.monotonic()
            try:
                response = self.client.get(path, params=params)
            except httpx.TimeoutException:
                raise MetadataError("TMDB did not answer in time; try again later") from None
            except httpx.HTTPError as error:
                raise MetadataError(f"TMDB could not be reached (offline? {error})") from None
            if response.status_code == 429 and attempt < RETRIES:
                self._sleep(min(LONGEST_WAIT, _seconds(response.headers.get("Retry-After"))))
                continue
            return _json(response)
        raise MetadataError("TMDB kept answering 429 (too many requests); try again later")

    def search(self, title: str, year: int | None = None) -> list[Candidate]:
        """Films whose title matches, the best known first (a page of 20 at most)."""
        params: dict[str, str | int] = {"query": title, "include_adult": "false"}
        if year:
            params["year"] = year
        found = self._get("/search/movie", **params).get("results")
        if not isinstance(found, list):
            raise MetadataError("TMDB's search answer has no results list")
        return [_brief(item) for item in found if isinstance(item, dict) and item.get("id")]

    def details(self, tmdb_id: int) -> Candidate:
        """Everything TMDB knows of one film: runtime, genres, directors, synopsis, the
        certification for the user's region, its IMDb id and its poster."""
        data = self._get(f"/movie/{tmdb_id}", append_to_response="credits,release_dates")
        crew = (data.get("credits") or {}).get("crew") or []
        directors = tuple(
            dict.fromkeys(
                field_text(str(person.get("name", "")))
                for person in crew
                if isinstance(person, dict) and person.get("job") == "Director"
            )
        )
        details = FilmInput(
            title=_title(data),
            year=_year(data.get("release_date")),
            certification=self._certification(data.get("release_dates") or {}),
            runtime_minutes=_whole(data.get("runtime")),
            genres=tuple(
                field_text(str(genre.get("name", "")))
                for genre in data.get("genres") or []
                if isinstance(genre, dict) and genre.get("name")
            ),
            directors=tuple(name for name in directors if name),
            synopsis=strip_controls(str(data.get("overview") or "")).strip(),
        )
        return Candidate(
            details,
            "tmdb",
            imdb_id=str(data["imdb_id"]) if data.get("imdb_id") else None,
            tmdb_id=_whole(data.get("id")) or tmdb_id,
            poster_path=str(data["poster_path"]) if data.get("poster_path") else None,
            votes=_whole(data.get("vote_count")) or 0,
        )

    def poster_url(self, poster_path: str, size: str = "w342") -> str:
        """The address of a poster, from /configuration's image base (asked once)."""
        if self._images is None:
            images = self._get("/configuration").get("images") or {}
            base = images.get("secure_base_url") or images.get("base_url")
            if not isinstance(base, str) or not base:
                raise MetadataError("TMDB's configuration has no image address")
            self._images = base
        return f"{self._images.rstrip('/')}/{size}/{poster_path.lstrip('/')}"

    def find_imdb(self, imdb_id: str) -> int | None:
        """The TMDB id of the film with this IMDb id, if TMDB knows it."""
        found = self._get(f"/find/{imdb_id}", external_source="imdb_id").get("movie_results")
        for item in found if isinstance(found, list) else []:
            if isinstance(item, dict) and _whole(item.get("id")):
                return _whole(item.get("id"))
        return None

    def _certification(self, release_dates: dict[str, Any]) -> str:
        """The region's certification, from its theatrical release when it has one."""
        for country in release_dates.get("results") or []:
            if not isinstance(country, dict) or country.get("iso_3166_1") != self.region:
                continue
            dates = [d for d in country.get("release_dates") or [] if isinstance(d, dict)]
            rated = [d for d in dates if str(d.get("certification") or "").strip()]
            rated.sort(key=lambda d: d.get("type") != THEATRICAL)
            if rated:
                return field_text(str(rated[0]["certification"])).strip()
        return ""


def _seconds(value: str | None) -> float:
    """A Retry-After header in seconds (one second when it says nothing usable)."""
    try:
        return max(0.0, float(value)) if value else 1.0
    except ValueError:
        return 1.0


def _json(response: httpx.Response) -> dict[str, Any]:
    """The body of an answer, or the cause of a failure in one line."""
    status = response.status_code
    if status == 401:
        raise MetadataError("TMDB refused the key (401); check TMDB_API_TOKEN or tmdb_token")
    if status == 404:
        raise MetadataError("TMDB has no such film (404)")
    if status >= 400:
        raise MetadataError(f"TMDB answered {status}; try again later")
    try:
        data = response.json()
    except ValueError:
        raise MetadataError("TMDB sent an answer that is not JSON; try again later") from None
    if not isinstance(data, dict):
        raise MetadataError("TMDB sent an answer of an unexpected shape")
    return data


def _whole(value: object) -> int | None:
    """A positive whole number, or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _year(value: object) -> int | None:
    """The year of a YYYY-MM-DD date."""
    text = str(value or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def _title(item: dict[str, Any]) -> str:
    """A film's title on one line, never blank."""
    return field_text(str(item.get("title") or item.get("original_title") or "")).strip() or "?"


def _brief(item: dict[str, Any]) -> Candidate:
    """A search result: title, year, synopsis and ids (details come with `details`)."""
    details = FilmInput(
        title=_title(item),
        year=_year(item.get("release_date")),
        synopsis=strip_controls(str(item.get("overview") or "")).strip(),
    )
    return Candidate(
        details,
        "tmdb",
        tmdb_id=_whole(item.get("id")),
        poster_path=str(item["poster_path"]) if item.get("poster_path") else None,
        votes=_whole(item.get("vote_count")) or 0,
    )
