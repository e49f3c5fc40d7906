"""`certpath plan` without a roster file: the people in the store, by team, by person or everyone."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from certpath.interfaces.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "certpath" / "examples"
START = ["--start", "2026-12-07", "--time-limit", "2"]
TEAM = "Data Platform 6"


def load_org(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["roster", "import", str(EXAMPLES / "enterprise-org.successfactors.csv"), "--today", "2026-12-05"],
    )
    assert result.exit_code == 0, result.output


def plan_json(runner: CliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["plan", *args, *START, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_plan_a_team_people_and_everyone_from_the_store(runner: CliRunner) -> None:
    load_org(runner)
    team = plan_json(runner, "--team", TEAM)
    members = team["members"]
    assert isinstance(members, list) and len(members) == 11
    assert {m["team"] for m in members} == {TEAM} and team["policy"] == "enterprise"
    assignments = team["assignments"]
    assert isinstance(assignments, list) and all(a["refresh"] is False for a in assignments)
    two = plan_json(runner, "--person", "E000001", "--person", "E000002")
    assert [m["id"] for m in two["members"]] == ["E000001", "E000002"]  # type: ignore[index]
    forced = plan_json(runner, "--team", TEAM, "--team", "Data Platform 15", "--policy", "mid")
    assert forced["policy"] == "mid" and len(forced["members"]) > 11  # type: ignore[arg-type]
    automatic = plan_json(runner, "--team", TEAM, "--policy", "automatic")
    assert automatic["policy"] == "enterprise"
    assert len(plan_json(runner)["members"]) == 120  # type: ignore[arg-type]
    # Refreshers of the roster's old credentials: under mid, which counts a roster's claims (the
    # enterprise policy counts verified evidence only, and the roster has none).
    everyone = plan_json(runner, "--policy", "mid")
    refreshers = [a for a in everyone["assignments"] if a["refresh"]]  # type: ignore[attr-defined]
    assert refreshers, "the example roster lists credentials earned long ago"
    assert any(a["reason"].startswith("Refresh of Layer") for a in refreshers)
    stale = refreshers[0]["member"]
    shown = runner.invoke(app, ["plan", "--person", stale, "--policy", "mid", *START])
    assert shown.exit_code == 0 and "(refresh)" in shown.stdout
    csv = runner.invoke(app, ["plan", "--person", stale, "--policy", "mid", *START, "--format", "csv"])
    header, *rows = csv.stdout.splitlines()
    assert header.endswith(",refresh") and any(row.endswith(",yes") for row in rows)
    table = runner.invoke(app, ["plan", "--team", TEAM, *START])
    assert table.exit_code == 0 and "Enterprise" in table.stdout and "11 people in 1 team," in table.stdout


def test_store_plan_errors(runner: CliRunner) -> None:
    empty = runner.invoke(app, ["plan", *START])
    assert empty.exit_code == 2 and "certpath roster import FILE" in empty.output
    load_org(runner)
    unknown = runner.invoke(app, ["plan", "--team", "Data Platfrm 6", *START])
    assert unknown.exit_code == 2
    assert "No active team 'Data Platfrm 6' (did you mean 'Data Platform 6'" in unknown.output
    person = runner.invoke(app, ["plan", "--person", "E999", *START])
    assert person.exit_code == 2 and "No active person id 'E999'" in person.output
    both = runner.invoke(app, ["plan", str(EXAMPLES / "small-team.bamboohr.csv"), "--team", TEAM, *START])
    assert both.exit_code == 2 and "Both a roster file" in both.output
    assert "Traceback" not in empty.output + unknown.output + person.output + both.output
