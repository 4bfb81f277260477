"""What an import reports: its summary in words."""

from __future__ import annotations

from filmjournal.core.importing import ImportSummary


def test_an_import_summary_writes_large_counts_with_separators() -> None:
    summary = ImportSummary(films_added=19506, reviews_added=20000, reviews_unchanged=1234)
    summary.skipped["TV Series rows (not films)"] = 1500
    assert summary.lines() == [
        "films: 19,506 added, 0 updated, 0 already in the journal",
        "reviews and ratings: 20,000 added, 0 updated, 1,234 already in the journal",
        "skipped: 1,500 TV Series rows (not films)",
    ]
