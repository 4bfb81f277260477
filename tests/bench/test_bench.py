"""The benchmark keeps working: one small run through the real command, no time asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "run.py"


def test_the_benchmark_runs_and_reports_every_measure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--films",
            "300",
            "--runs",
            "1",
            "--steps",
            "20",
            "--import-rows",
            "300",
            "--catalog-titles",
            "3000",
            "--enrich-films",
            "100",
            "--cache",
            str(tmp_path / "cache"),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    for key in (
        "start_ratio",
        "sync_ms",
        "catalog_ratio",
        "lookup_p95_ms",
        "enrich_ratio",
        "search_p95_ms",
        "cursor_p95_ms",
        "select_p95_ms",
        "sort_ms",
        "rss_extra_mb",
        "import_ratio",
        "floor_import_ms",
        "floor_catalog_ms",
        "stats_ms",
        "stats_count_ms",
        "films",
        "versions",
    ):
        assert key in figures, key
    assert figures["films"] == 300
    assert "textual" in figures["versions"]
    assert "start_ratio" in result.stdout
