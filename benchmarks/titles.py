"""Precision of job-title resolution per confidence band, on the labelled titles in tests/data.

Run: .venv/bin/python benchmarks/titles.py
Each labelled title is resolved with the shipped catalogue; a band counts the titles
resolved with a confidence in it, and how many got the labelled role. Unresolved titles
(the everyone role with suggestions) are counted apart.
"""

from __future__ import annotations

import csv
from pathlib import Path

from certpath.catalogue.loader import load_catalogue
from certpath.roster.titles import TitleResolver

LABELLED = Path(__file__).parent.parent / "tests" / "data" / "titles_labelled.csv"
BANDS = ((0.9, 1.01, ">= 0.90"), (0.8, 0.9, "0.80-0.89"), (0.0001, 0.8, "< 0.80"))


def main() -> None:
    """Print titles, right and precision per band, then the unresolved count."""
    resolver = TitleResolver(load_catalogue())
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    results = [(resolver.resolve(row["title"]), row["role"]) for row in rows]
    print(f"{len(rows)} labelled titles ({LABELLED.name})")
    print(f"{'band':<10} {'titles':>6} {'right':>6} {'precision':>9}")
    for low, high, label in BANDS:
        band = [(r, want) for r, want in results if r.role and low <= r.confidence < high]
        right = sum(1 for r, want in band if r.role == want)
        precision = f"{100 * right / len(band):.1f}%" if band else "-"
        print(f"{label:<10} {len(band):>6} {right:>6} {precision:>9}")
    unresolved = [want for r, want in results if r.role is None]
    print(f"{'unresolved':<10} {len(unresolved):>6}  (get the everyone role and three suggestions)")


if __name__ == "__main__":
    main()
