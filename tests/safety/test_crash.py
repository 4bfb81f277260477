"""Killed while editing: the real app in a pseudo-terminal, typed into, killed, started again."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from filmjournal.core.models import FilmInput
from filmjournal.storage import FilmStore, open_database

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


class Terminal:
    """filmjournal running in a pseudo-terminal of 100x30, read and typed into."""

    def __init__(self, db: Path, home: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "FILMJOURNAL_HOME": str(home),
            "COLUMNS": "100",
            "LINES": "30",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "filmjournal", "--db", str(db)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: str, timeout: float = 30) -> None:
        """Read the screen until `text` has been drawn."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared")
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:
                    break

    def wait_exit(self, timeout: float = 20) -> int:
        """Read the screen (so the app never blocks writing to it) until the app ends."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError("the app did not end")
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:
                    time.sleep(0.05)
        return self.process.returncode

    def type(self, text: str) -> None:
        """Type like a person: one key at a time."""
        for character in text:
            os.write(self.master, character.encode())
            time.sleep(0.03)

    def kill(self) -> None:
        """SIGKILL: no chance to save anything on the way out."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)


def journal_with_heat(tmp_path: Path) -> Path:
    """A journal file holding one film."""
    db = tmp_path / "journal.db"
    store = FilmStore(open_database(db))
    store.add_film(FilmInput(title="Heat", year=1995))
    store.db.close()
    return db


def start_review(app: Terminal, words: str) -> None:
    """Open a new review of Heat in the running app and type `words`."""
    app.wait_for("Heat")
    app.type("n")
    app.wait_for("Review of")
    app.type(words)


def test_killed_while_typing_a_review_the_draft_comes_back(tmp_path: Path) -> None:
    db = journal_with_heat(tmp_path)
    first = Terminal(db, tmp_path / "home")
    try:
        start_review(first, "Words I must keep")
        time.sleep(2.2)  # The promise: at most the last 2 seconds of typing are lost.
    finally:
        first.kill()

    kept = FilmStore(open_database(db)).drafts()
    assert [draft.text for draft in kept] == ["Words I must keep"]

    second = Terminal(db, tmp_path / "home")
    try:
        second.wait_for("unsaved review")
        second.type("y")
        second.wait_for("Words I must keep")
    finally:
        second.kill()


@pytest.mark.parametrize("way_out", ["ctrl+q", "SIGHUP", "SIGTERM", "SIGINT"])
def test_every_way_out_of_the_editor_keeps_what_was_just_typed(
    way_out: str, tmp_path: Path
) -> None:
    db = journal_with_heat(tmp_path)
    app = Terminal(db, tmp_path / "home")
    try:
        start_review(app, "Typed a moment ago")
        time.sleep(0.3)  # well inside the one-second draft interval
        if way_out == "ctrl+q":
            app.type("\x11")
        else:
            app.process.send_signal(getattr(signal, way_out))
        app.wait_exit()  # it ends by itself, without a SIGKILL
    finally:
        if app.process.poll() is None:
            app.kill()
        else:
            os.close(app.master)
    kept = FilmStore(open_database(db)).drafts()
    assert [draft.text for draft in kept] == ["Typed a moment ago"]
