"""`certpath catalogue diff` and the STALE-CATALOGUE warnings of `catalogue validate --overlay`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from certpath.catalogue import DATA_DIR
from certpath.interfaces.cli import app

OLD = """
as_of: 2026-01-10
credentials:
  - id: MLS-C01
    price: {value: 300, source: https://example.com/mls, as_of: 2026-01-10}
    lifecycle: {source: https://example.com/mls, as_of: 2026-01-10}
  - id: AI-102
    price: {value: 165, source: https://example.com/ai102, as_of: 2026-01-10}
    lifecycle: {retires_on: 2026-06-30, successor: AI-103, source: https://example.com/ai102, as_of: 2026-01-10}
  - id: OLD-ONLY
    price: {value: 10, source: https://example.com/x, as_of: 2026-01-10}
courses:
  - id: L3-MLOPS
    variants:
      - {id: public-class, delivery: public-seat, price: {value: 1900}}
"""

NEW = """
as_of: 2026-11-28
credentials:
  - id: MLS-C01
    price: {value: 300, source: https://example.com/mls, as_of: 2026-01-10}
    lifecycle: {retires_on: 2026-03-31, successor: MLA-C01, source: https://example.com/mls, as_of: 2026-11-28}
  - id: AI-102
    price: {value: 165, source: https://example.com/ai102, as_of: 2026-01-10}
    lifecycle: {retires_on: 2026-06-30, successor: AI-103, source: https://example.com/ai102, as_of: 2026-01-10}
  - id: AB-100
    price: {value: 165, source: https://example.com/ab100, as_of: 2026-11-28}
    lifecycle: {retires_on: 2027-09-30, source: https://example.com/ab100, as_of: 2026-11-28}
  - id: AIP-C01
    price: {value: 300, source: https://example.com/aip, as_of: 2026-11-28}
courses:
  - id: L3-MLOPS
    variants:
      - {id: public-class, delivery: public-seat, price: {value: 2100}}
      - {id: private, delivery: private-cohort, price: {value: 8000}}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def diff_json(runner: CliRunner, old: Path, new: Path) -> dict[str, object]:
    result = runner.invoke(
        app, ["catalogue", "diff", str(old), str(new), "--today", "2026-12-05", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_diff_names_added_changed_retiring_retired_and_removed(runner: CliRunner, tmp_path: Path) -> None:
    report = diff_json(runner, write(tmp_path, "old.yaml", OLD), write(tmp_path, "new.yaml", NEW))
    changes = {c["key"]: c for c in report["changes"]}  # type: ignore[attr-defined]
    assert report["counts"] == {"added": 1, "changed": 1, "retiring": 1, "retired": 1, "removed": 1}
    assert changes["AIP-C01"]["change"] == "added"
    assert changes["OLD-ONLY"]["change"] == "removed"
    assert (changes["MLS-C01"]["change"], changes["MLS-C01"]["successor"]) == ("retired", "MLA-C01")
    assert (changes["AB-100"]["change"], changes["AB-100"]["retires_on"]) == ("retiring", "2027-09-30")
    assert "AI-102" not in changes, "a retirement both sides already knew is not news"
    fields = {f["field"]: f for f in changes["L3-MLOPS"]["fields"]}
    assert fields["variants[public-class].price.value"] == {
        "field": "variants[public-class].price.value",
        "old": 1900,
        "new": 2100,
    }
    assert fields["variants[private]"]["old"] is None


def test_diff_table_and_identical_catalogues(runner: CliRunner, tmp_path: Path) -> None:
    old, new = write(tmp_path, "old.yaml", OLD), write(tmp_path, "new.yaml", NEW)
    result = runner.invoke(app, ["catalogue", "diff", str(old), str(new), "--today", "2026-12-05"])
    assert result.exit_code == 0, result.output
    assert "retired" in result.stdout and "MLS-C01" in result.stdout and "1900 -> 2100" in result.stdout
    same = diff_json(runner, DATA_DIR, DATA_DIR)
    assert same["changes"] == []


def test_diff_of_missing_or_broken_files_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["catalogue", "diff", str(tmp_path / "nope.yaml"), str(DATA_DIR)])
    assert missing.exit_code == 2 and "nope.yaml: file not found" in missing.output
    broken = write(tmp_path, "broken.yaml", "credentials:\n  - id: X\n    price: [unclosed\n")
    bad = runner.invoke(app, ["catalogue", "diff", str(broken), str(DATA_DIR)])
    assert bad.exit_code == 2 and "broken.yaml:" in bad.output and "Traceback" not in bad.output
    wrong = write(tmp_path, "wrong.yaml", "certifications: []\n")
    section = runner.invoke(app, ["catalogue", "diff", str(wrong), str(DATA_DIR)])
    assert section.exit_code == 2 and "'certifications' is not a catalogue section" in section.output


def test_validate_warns_of_a_stale_overlay(runner: CliRunner, tmp_path: Path) -> None:
    overlay = write(
        tmp_path,
        "acme.yaml",
        """
as_of: 2026-03-01
credentials:
  - id: NCA-GENL
    price: {value: 140, source: https://example.com/quote, as_of: 2026-03-01}
courses:
  - id: L3-MLOPS
    variants:
      - id: public-class
        delivery: public-seat
        provider: ACME's usual vendor
        programme: MLOps public class
        url: https://example.com/mlops
        as_of: 2026-03-01
        price: {value: 1500, source: https://example.com/quote, as_of: 2026-03-01}
pathways:
  - id: acme-path
    title: ACME ML path
    kind: goal
    summary: Our path.
    steps:
      - purpose: ML
        options: [{item: MLS-C01}]
    source: https://example.com/path
    as_of: 2026-03-01
""",
    )
    args = ["catalogue", "validate", "--overlay", str(overlay), "--today", "2026-12-05", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    warnings = json.loads(result.stdout)["warnings"]
    assert {w["rule"] for w in warnings} == {"STALE-CATALOGUE"}
    text = " ".join(w["message"] for w in warnings)
    assert "NCA-GENL price from facts as of 2026-03-01" in text
    assert "refers to MLS-C01, which retired on 2026-03-31; use its successor" in text
    assert "may be missing them" in text
    assert "replaces L3-MLOPS's public-class offering with a price as of 2026-03-01" in text
    fresh = runner.invoke(app, ["catalogue", "validate", "--today", "2026-12-05", "--format", "json"])
    assert json.loads(fresh.stdout)["warnings"] == []


def test_an_overlay_diffed_against_the_catalogue_shows_only_what_it_changes(tmp_path: Path) -> None:
    # Tried by a new user: the overlay was read as a whole catalogue, so 239 shipped entries
    # showed as removed and every field it did not repeat as changed to None.
    overlay = tmp_path / "ours.yaml"
    overlay.write_text(
        "credentials:\n"
        "  - id: MLA-C01\n"
        "    price: {value: 140, currency: EUR, source: https://example.com/price-eu, as_of: 2026-09-01}\n"
        "courses:\n"
        "  - id: OUR-ONBOARDING\n"
        "    name: Our AI onboarding\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["catalogue", "diff", str(DATA_DIR), str(overlay), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"] == {"added": 1, "changed": 1, "retiring": 0, "retired": 0, "removed": 0}
    (changed,) = [c for c in report["changes"] if c["change"] == "changed"]
    assert changed["key"] == "MLA-C01"
    assert {f["field"] for f in changed["fields"]} == {
        "price.value",
        "price.currency",
        "price.source",
        "price.as_of",
    }
