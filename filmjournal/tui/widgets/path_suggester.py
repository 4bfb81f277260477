"""PathSuggester: completes a path as it is typed (`~` too); → accepts the completion."""

from __future__ import annotations

import os

from textual.suggester import Suggester


class PathSuggester(Suggester):
    """Suggests the first file or folder whose name starts with what follows the last `/`;
    hidden ones only once a `.` is typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """`value` completed with the first matching entry of its folder, or None."""
        if "/" not in value:
            return None
        folder, _, start = value.rpartition("/")
        try:
            entries = list(os.scandir(os.path.expanduser(folder or "/")))
        except OSError:
            return None
        names = sorted(
            entry.name + ("/" if entry.is_dir() else "")
            for entry in entries
            if entry.name.startswith(start) and (start[:1] == "." or entry.name[:1] != ".")
        )
        return f"{folder}/{names[0]}" if names and names[0] != start else None
