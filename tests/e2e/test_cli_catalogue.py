"""`certpath catalogue list|show|validate` and `certpath demo` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from certpath.interfaces.cli import app
from tests.conftest import DATA


def test_list_credentials_as_json_shows_status_on_the_date(runner: CliRunner) -> None:
    result = runner.invoke(app, ["catalogue", "list", "--today", "2026-11-22", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["AI-102"]["status"] == "retired 2026-06-30" and rows["AI-102"]["successor"] == "AI-103"
    assert rows["MLA-C01"]["status"] == "active"


@pytest.mark.parametrize(
    "kind",
    [
        "credentials",
        "courses",
        "projects",
        "roles",
        "layers",
        "pathways",
        "backgrounds",
        "goals",
        "rules",
        "policies",
        "salaries",
        "avoid",
    ],
)
def test_every_kind_lists_as_a_table(runner: CliRunner, kind: str) -> None:
    result = runner.invoke(app, ["catalogue", "list", "--kind", kind], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert kind in result.stdout


def test_show_a_credential_with_its_sources(runner: CliRunner) -> None:
    result = runner.invoke(app, ["catalogue", "show", "nca-genl", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "credential" and data["price"]["low"] == 125
    assert data["sources"] and data["as_of"]


def test_show_a_layer_by_number(runner: CliRunner) -> None:
    result = runner.invoke(app, ["catalogue", "show", "L5"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "governance" in result.stdout.lower()


def test_show_an_unknown_id_suggests_the_closest(runner: CliRunner) -> None:
    result = runner.invoke(app, ["catalogue", "show", "AIF-C02"])
    assert result.exit_code == 2 and "Did you mean 'AIF-C01'?" in result.stderr


def test_validate_passes_on_the_shipped_catalogue(runner: CliRunner) -> None:
    result = runner.invoke(app, ["catalogue", "validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["counts"]["credentials"] >= 20


def test_validate_accepts_a_good_overlay(runner: CliRunner) -> None:
    result = runner.invoke(app, ["catalogue", "validate", "--overlay", str(DATA / "overlay_local.yaml")])
    assert result.exit_code == 0 and "Catalogue OK" in result.stdout


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "broken").glob("*.yaml")))
def test_validate_fails_on_each_broken_catalogue(runner: CliRunner, name: str) -> None:
    path = DATA / "broken" / name
    result = runner.invoke(app, ["catalogue", "validate", "--overlay", str(path)])
    assert result.exit_code == 2
    assert f"{name}:" in result.stderr and "Traceback" not in result.output
    as_json = runner.invoke(app, ["catalogue", "validate", "--overlay", str(path), "--format", "json"])
    report = json.loads(as_json.stdout)
    assert as_json.exit_code == 2 and report["ok"] is False
    assert all(issue["message"] for issue in report["issues"])
    assert any(issue["file"].endswith(name) and issue["line"] for issue in report["issues"])


def test_overlay_from_the_environment(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["catalogue", "show", "MLA-C01", "--format", "json"],
        env={"CERTPATH_OVERLAY": str(DATA / "overlay_local.yaml")},
    )
    assert json.loads(result.stdout)["price"]["currency"] == "EUR"


def test_demo_runs_on_the_bundled_examples(runner: CliRunner, tmp_path: Path) -> None:
    report = tmp_path / "demo.html"
    result = runner.invoke(
        app, ["demo", "--today", "2026-11-22", "--out", str(report)], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    assert "Small team policy" in result.stdout and report.read_text(encoding="utf-8").startswith(
        "<!doctype html>"
    )
    for name in ("Asha", "Ben", "Chen"):
        assert name in result.stdout
    assert "AI-103" in result.stdout and "MLS-C01" in result.stdout
