"""$EDITOR: whatever it wrote is kept, whatever way it ends."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from filmjournal.external_editor import EditorFailed, edit_in_editor


def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Make $EDITOR a shell script; "$1" is the file it is given."""
    editor = tmp_path / "fake editor"
    editor.write_text("#!/bin/sh\n" + script + "\n")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", f"'{editor}'")


def failed_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, text: str
) -> EditorFailed:
    """Edit `text` with an editor running `script`, which must fail; the failure."""
    fake_editor(tmp_path, monkeypatch, script)
    with pytest.raises(EditorFailed) as raised:
        edit_in_editor(text)
    return raised.value


def test_what_an_editor_saved_comes_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_editor(tmp_path, monkeypatch, 'printf "edited" > "$1"')
    assert edit_in_editor("draft") == "edited"


def test_an_editor_that_fails_keeps_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = failed_edit(tmp_path, monkeypatch, 'printf "half my review" > "$1"; exit 3', "")
    assert "exited with status 3; what it wrote is kept in" in str(failure)
    assert failure.text == "half my review"
    kept = Path(str(failure).rsplit(" kept in ", 1)[1])
    assert kept.read_text() == "half my review"
    kept.unlink()


def test_an_editor_that_fails_without_writing_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = failed_edit(tmp_path, monkeypatch, "exit 1", "as it was")
    assert str(failure).endswith("exited with status 1") and failure.text is None


def test_an_editor_that_deletes_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_editor(tmp_path, monkeypatch, 'rm "$1"')
    with pytest.raises(EditorFailed, match="removed its file; the text is as it was"):
        edit_in_editor("as it was")


def test_an_editor_that_writes_bytes_that_are_not_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_editor(tmp_path, monkeypatch, r'printf "caf\351" > "$1"')
    with pytest.raises(EditorFailed, match="1 bytes that are not UTF-8") as e:
        edit_in_editor("")
    assert e.value.text == "caf\ufffd"
    Path(str(e.value).rsplit(" kept in ", 1)[1]).unlink()
