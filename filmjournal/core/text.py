"""Helpers for showing journal text safely: no control characters reach a terminal."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import lru_cache

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_NO_NEWLINES = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")
"""Bidi controls (which reorder text on screen), zero-width spaces and line separators: shown,
they misalign columns or disguise text, so they are left out of what is displayed. Zero-width
joiners stay: emoji and several scripts need them."""


def _picture(match: re.Match[str]) -> str:
    """Map a C0 control to its Unicode control picture, anything else to U+FFFD."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """Return `text` with control characters replaced by visible stand-ins.

    Escape sequences therefore show as `␛[31m` rather than recolouring the terminal, and bidi
    overrides and zero-width spaces are dropped so they cannot reorder or misalign. Newlines
    and tabs survive unless `keep_newlines` is false (for one-line cells).
    """
    pattern = _CONTROL if keep_newlines else _CONTROL_NO_NEWLINES
    return _INVISIBLE.sub("", pattern.sub(_picture, text))


def strip_controls(text: str) -> str:
    """`text` without control characters other than newline and tab (for imported text)."""
    return _CONTROL.sub("", text)


_C1 = re.compile("[\x7f-\x9f]")


def json_text(text: str) -> str:
    """JSON text (from json.dumps) with DEL and C1 controls escaped too: JSON allows them
    raw, but a terminal acts on them (0x9b starts an escape sequence)."""
    return _C1.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def field_text(text: str) -> str:
    """`text` fit for a one-line field: no control characters, line breaks, bidi controls or
    zero-width spaces (what a paste can bring in, and a field cannot show)."""
    if text.isascii() and text.isprintable():  # most text: nothing to take out
        return text
    return _INVISIBLE.sub("", _CONTROL_NO_NEWLINES.sub("", text))


def has_control_characters(text: str) -> bool:
    """True when `text` holds a control character other than newline or tab."""
    return bool(_CONTROL.search(text))


@lru_cache(maxsize=65_536)
def normalise_title(title: str) -> str:
    """Fold a title for matching: NFKC, case-folded, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


def counted(count: int, noun: str) -> str:
    """ "1 film", "2,000 films": a count with its noun, plural unless it is one."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def ago(moment: datetime, now: datetime) -> str:
    """How long ago, roughly: "just now", "5 min ago", "3 h ago", "2 days ago"."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{counted(int(seconds // 86400), 'day')} ago"
