"""A stand-in for TMDB on 127.0.0.1: answers shaped as TMDB documents them, and its
failures (401, 404, 429 with Retry-After, 500, a timeout, a body that is not JSON)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

TOKEN = "eyJhbGciOiJIUzI1NiJ9.test-read-access-token"
"""The key the stand-in accepts (as a bearer token)."""
V3_KEY = "0123456789abcdef0123456789abcdef"
"""A v3 key it accepts as ?api_key=."""

HER = {
    "id": 152601,
    "imdb_id": "tt1798709",
    "title": "Her",
    "original_title": "Her",
    "release_date": "2013-12-18",
    "runtime": 126,
    "overview": (
        "In the not so distant future, Theodore, a lonely writer purchases a newly developed"
        " operating system designed to meet the user's every needs."
    ),
    "poster_path": "/eCOtqtfvn7mxGl6nfmq4b1exJRc.jpg",
    "vote_count": 14000,
    "genres": [
        {"id": 10749, "name": "Romance"},
        {"id": 878, "name": "Science Fiction"},
        {"id": 18, "name": "Drama"},
    ],
    "credits": {
        "cast": [{"name": "Joaquin Phoenix", "character": "Theodore"}],
        "crew": [
            {"name": "Spike Jonze", "job": "Director", "department": "Directing"},
            {"name": "Spike Jonze", "job": "Screenplay", "department": "Writing"},
            {"name": "Hoyte van Hoytema", "job": "Director of Photography"},
        ],
    },
    "release_dates": {
        "results": [
            {
                "iso_3166_1": "US",
                "release_dates": [
                    {"certification": "", "type": 1, "release_date": "2013-10-12T00:00:00.000Z"},
                    {"certification": "R", "type": 3, "release_date": "2013-12-18T00:00:00.000Z"},
                    {"certification": "NR", "type": 4, "release_date": "2014-05-13T00:00:00.000Z"},
                ],
            },
            {
                "iso_3166_1": "GB",
                "release_dates": [
                    {"certification": "15", "type": 3, "release_date": "2014-02-14T00:00:00.000Z"}
                ],
            },
        ]
    },
}
"""Her (2013), as /movie/152601?append_to_response=credits,release_dates answers."""

SEARCH_HER = [
    {
        "id": 152601,
        "title": "Her",
        "original_title": "Her",
        "release_date": "2013-12-18",
        "overview": HER["overview"],
        "poster_path": HER["poster_path"],
        "genre_ids": [10749, 878, 18],
        "popularity": 30.1,
        "vote_average": 7.8,
        "vote_count": 14000,
    },
    {
        "id": 283391,
        "title": "Her",
        "release_date": "2013-05-01",
        "overview": "A short.",
        "poster_path": None,
        "vote_count": 3,
    },
]


class Handler(BaseHTTPRequestHandler):
    """Answers as TMDB does, and fails on cue."""

    busy_left = 0
    """How many more 429s to send before answering."""
    requests: list[str] = []
    """Every path asked for, in order."""

    def log_message(self, *_: object) -> None:
        """Quiet."""

    def _send(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        Handler.requests.append(self.path)
        authorised = self.headers.get("Authorization") == f"Bearer {TOKEN}"
        if not authorised and query.get("api_key") != V3_KEY:
            self._send(401, {"status_code": 7, "status_message": "Invalid API key."})
            return
        words = query.get("query", "")
        if words == "slow":
            time.sleep(2)
        if words == "busy" and Handler.busy_left > 0:
            Handler.busy_left -= 1
            self._send(429, {"status_code": 25}, {"Retry-After": "0"})
            return
        if words == "broken":
            self._send(500, {"status_code": 11, "status_message": "Internal error."})
            return
        if words == "garbled":
            self._send(200, b"<html>not json</html>")
            return
        if url.path.endswith("/search/movie"):
            her = words.lower() == "her" and query.get("year") in (None, "2013")
            self._send(200, {"page": 1, "results": SEARCH_HER if her else [], "total_pages": 1})
        elif url.path.endswith("/configuration"):
            images = {"secure_base_url": "https://image.tmdb.org/t/p/", "poster_sizes": ["w342"]}
            self._send(200, {"images": images})
        elif url.path.endswith("/movie/152601"):
            self._send(200, HER)
        elif url.path.endswith("/find/tt1798709"):
            self._send(200, {"movie_results": [SEARCH_HER[0]], "tv_results": []})
        elif "/find/" in url.path:
            self._send(200, {"movie_results": [], "tv_results": []})
        else:
            self._send(404, {"status_code": 34, "status_message": "Not found."})


@pytest.fixture
def tmdb(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A stand-in TMDB on a free local port; FILMJOURNAL_TMDB_URL and the token point at it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/3"
    monkeypatch.setenv("FILMJOURNAL_TMDB_URL", url)
    monkeypatch.setenv("TMDB_API_TOKEN", TOKEN)
    Handler.requests = []
    Handler.busy_left = 0
    yield url
    server.shutdown()
    server.server_close()
