"""The layers stay apart: the journal works without Textual or Rich loaded."""

from __future__ import annotations

import subprocess
import sys


def test_core_storage_and_formats_load_no_ui() -> None:
    probe = (
        "import sys\n"
        "import filmjournal.core.models, filmjournal.core.library, filmjournal.core.validation\n"
        "import filmjournal.storage, filmjournal.formats.markdown, filmjournal.demo\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'})\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
