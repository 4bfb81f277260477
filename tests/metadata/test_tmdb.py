"""TMDB with the user's key, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import pytest

from filmjournal.metadata.tmdb import TMDB, MetadataError
from tests.tmdb_stand_in import TOKEN, V3_KEY, Handler

pytestmark = pytest.mark.usefixtures("tmdb")


def client(**options: object) -> TMDB:
    return TMDB(str(options.pop("token", TOKEN)), sleep=lambda _: None, **options)  # type: ignore[arg-type]


def test_details_give_everything_the_seed_page_shows() -> None:
    her = client(region="US").details(152601)
    details = her.details
    assert (details.title, details.year, details.certification) == ("Her", 2013, "R")
    assert details.runtime_minutes == 126
    assert details.genres == ("Romance", "Science Fiction", "Drama")
    assert details.directors == ("Spike Jonze",)  # not the Director of Photography
    assert details.synopsis.startswith("In the not so distant future, Theodore, a lonely writer")
    assert (her.imdb_id, her.tmdb_id, her.poster_path) == (
        "tt1798709",
        152601,
        "/eCOtqtfvn7mxGl6nfmq4b1exJRc.jpg",
    )


def test_the_certification_is_the_regions_theatrical_one() -> None:
    assert client(region="GB").details(152601).details.certification == "15"
    assert client(region="FR").details(152601).details.certification == ""


def test_search_and_find() -> None:
    tmdb = client()
    found = tmdb.search("Her", 2013)
    assert [(c.tmdb_id, c.details.year) for c in found] == [(152601, 2013), (283391, 2013)]
    assert tmdb.find_imdb("tt1798709") == 152601
    assert tmdb.find_imdb("tt0000000") is None


def test_a_poster_address_comes_from_the_configuration_asked_once() -> None:
    tmdb = client()
    assert tmdb.poster_url("/eCOtqtfvn7mxGl6nfmq4b1exJRc.jpg") == (
        "https://image.tmdb.org/t/p/w342/eCOtqtfvn7mxGl6nfmq4b1exJRc.jpg"
    )
    tmdb.poster_url("/other.jpg", "w92")
    assert len([r for r in Handler.requests if "/configuration" in r]) == 1


def test_a_v3_key_is_sent_as_api_key() -> None:
    assert client(token=V3_KEY).find_imdb("tt1798709") == 152601
    assert "api_key=" in Handler.requests[-1]


@pytest.mark.parametrize(
    ("token", "query", "message"),
    [
        ("wrong", "Her", r"TMDB refused the key \(401\)"),
        (TOKEN, "broken", "TMDB answered 500"),
        (TOKEN, "garbled", "not JSON"),
    ],
)
def test_failures_are_one_line_naming_the_cause(token: str, query: str, message: str) -> None:
    with pytest.raises(MetadataError, match=message):
        client(token=token).search(query)


def test_a_missing_film_is_named() -> None:
    with pytest.raises(MetadataError, match="404"):
        client().details(1)


def test_a_slow_answer_times_out() -> None:
    with pytest.raises(MetadataError, match="did not answer in time"):
        client(timeout=0.3).search("slow")


def test_429_is_waited_out_as_retry_after_says() -> None:
    waits: list[float] = []
    Handler.busy_left = 2
    tmdb = TMDB(TOKEN, sleep=waits.append)
    assert tmdb.search("busy") == []
    assert len([r for r in Handler.requests if "busy" in r]) == 3
    assert 0.0 in waits  # Retry-After: 0, twice


def test_429_for_ever_gives_up_with_a_message() -> None:
    Handler.busy_left = 99
    with pytest.raises(MetadataError, match="429"):
        client().search("busy")


def test_offline_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FILMJOURNAL_TMDB_URL", "http://127.0.0.1:9/3")  # nothing listens there
    with pytest.raises(MetadataError, match="could not be reached"):
        client().search("Her")
