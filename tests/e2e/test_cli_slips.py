"""Small slips a new user's trial found at the command line, each as the user typed it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from certpath.catalogue.loader import load_catalogue
from certpath.interfaces.cli import app

DATA = Path(__file__).resolve().parents[1] / "data"
ONE_PERSON = str(DATA / "rosters" / "ok_min.csv")
TODAY = ["--today", "2026-12-05"]


def test_one_person_is_one_person_not_one_people(runner: CliRunner) -> None:
    result = runner.invoke(app, ["roster", "check", ONE_PERSON, *TODAY])
    assert result.exit_code == 0, result.output
    assert "1 person in 1 team;" in result.output and "1 people" not in result.output
    plan = runner.invoke(app, ["plan", ONE_PERSON, "--start", "2026-12-07"])
    assert plan.exit_code == 0, plan.output
    assert "1 person in 1 team," in plan.output and "1 people" not in plan.output


def test_an_unknown_policy_lists_automatic_among_the_choices(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", ONE_PERSON, "--policy", "smal", "--start", "2026-12-07"])
    assert result.exit_code == 2
    assert "Did you mean 'small'?" in result.output
    assert "Valid choices: small, mid, enterprise, automatic." in result.output
    chosen = runner.invoke(app, ["plan", ONE_PERSON, "--policy", "automatic", "--start", "2026-12-07"])
    assert chosen.exit_code == 0, chosen.output


def test_a_credential_passed_in_the_future_is_refused_with_both_dates(runner: CliRunner) -> None:
    result = runner.invoke(app, ["advise", "--have", "AIF-C01@2027-03-01", *TODAY])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "AIF-C01@2027-03-01" in result.output and "after today (2026-12-05)" in result.output
    passed_today = runner.invoke(app, ["advise", "--have", "AIF-C01@2026-12-05", *TODAY])
    assert passed_today.exit_code == 0, passed_today.output


def test_a_horizon_past_three_years_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", ONE_PERSON, "--horizon", "99999d", "--start", "2026-12-07"])
    assert result.exit_code == 2 and "at most 156 weeks" in result.output
    result = runner.invoke(app, ["plan", ONE_PERSON, "--horizon", "99999999999999999999d"])
    assert result.exit_code == 2 and "write a length such as 90d" in result.output


def test_validate_keeps_the_catalogues_date_and_names_the_overlays_own(runner: CliRunner) -> None:
    shipped = load_catalogue().as_of
    overlay = str(DATA / "overlay_local.yaml")
    result = runner.invoke(app, ["catalogue", "validate", "--overlay", overlay, *TODAY])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert f"facts as of {shipped}; overlay {overlay} as of 2026-09-01" in text
    data = json.loads(
        runner.invoke(app, ["catalogue", "validate", "--overlay", overlay, "--format", "json"]).stdout
    )
    assert data["as_of"] == shipped.isoformat()
    assert data["overlays"] == [{"path": overlay, "as_of": "2026-09-01"}]


def test_a_badge_map_is_read_like_every_other_yaml_file(runner: CliRunner, tmp_path: Path) -> None:
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 8)]
    lines.append("achievements:\n  - {item: AIF-C01, name: *l7}")
    bomb = tmp_path / "map.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    badge = DATA / "openbadges"
    evidence = next(iter(sorted(badge.glob("*.json"))))
    result = runner.invoke(app, ["evidence", "import", str(evidence), "--map", str(bomb), *TODAY])
    assert result.exit_code == 2, result.output
    assert "map.yaml:2" in result.output and "through YAML aliases" in result.output
    misspelt = tmp_path / "typo.yaml"
    misspelt.write_text("achievements:\n  - item: AIF-C01\n    nmae: AWS AI\n", encoding="utf-8")
    result = runner.invoke(app, ["evidence", "import", str(evidence), "--map", str(misspelt), *TODAY])
    assert result.exit_code == 2 and "typo.yaml:3" in result.output, result.output


def test_roster_check_prints_names_and_headers_as_written(runner: CliRunner, tmp_path: Path) -> None:
    # a name or header holding Rich markup stopped `roster check` with a traceback
    path = tmp_path / "markup.csv"
    path.write_text(
        "Employee ID,Name,[/b]Job Title[x],Manager ID\n1,[/dim] [bold]Eve[/],Data Engineer,999\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["roster", "check", str(path), *TODAY])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "title=[/b]Job Title[x]" in text and "([/dim] [bold]Eve[/], line 2)" in text
