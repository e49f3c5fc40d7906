"""`certpath plan`, `certpath audit` and `certpath roster check` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from certpath.interfaces.cli import app
from certpath.services.demo import example_roster

SMALL = str(example_roster("small"))
BROKEN = str(Path(__file__).parent.parent / "data" / "rosters" / "broken.csv")
START = ["--start", "2026-12-07"]


def test_plan_json_contract(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", SMALL, *START, "--format", "json", "--objective", "finish-soonest"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in (
        "quality",
        "sessions",
        "policy",
        "members",
        "assignments",
        "total_cost_usd",
        "finish",
        "makespan_weeks",
        "lower_bound_weeks",
        "optimality_gap",
        "findings",
        "solver",
    ):
        assert key in data, key
    assert data["policy"] == "small" and data["solver"]["status"] == "optimal"
    assert set(data["members"][0]) >= {"id", "role", "resolved_from", "confidence"}
    assert set(data["assignments"][0]) >= {
        "member",
        "item",
        "kind",
        "layer",
        "start",
        "end",
        "cost_usd",
        "cohort",
    }
    assert round(sum(a["cost_usd"] for a in data["assignments"]), 2) == data["total_cost_usd"]
    assert set(data["findings"][0]) >= {"rule", "severity", "members", "message", "fix"}


def test_plan_files(runner: CliRunner, tmp_path: Path) -> None:
    for fmt in ("csv", "xlsx", "ics", "html"):
        out = tmp_path / f"plan.{fmt}"
        result = runner.invoke(app, ["plan", SMALL, *START, "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 500
    book = load_workbook(tmp_path / "plan.xlsx")
    assert book.sheetnames == ["Schedule", "Per person", "Cost by quarter"]
    assert book["Schedule"]["H2"].is_date
    ics = (tmp_path / "plan.ics").read_text(encoding="utf-8")
    again = tmp_path / "again.ics"
    runner.invoke(app, ["plan", SMALL, *START, "--format", "ics", "--out", str(again)])
    uids = [line for line in ics.splitlines() if line.startswith("UID:") and "@certpath" in line]
    assert uids and uids == [
        line
        for line in again.read_text(encoding="utf-8").splitlines()
        if line.startswith("UID:") and "@certpath" in line
    ]
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert "<svg" in html and "http://" not in html.split("<svg")[0] and "Findings" in html


def test_audit_accepts_our_plan_and_rejects_a_hand_made_one(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    runner.invoke(app, ["plan", SMALL, *START, "--format", "json", "--out", str(plan)])
    ok = runner.invoke(app, ["audit", str(plan)])
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "hand.csv"
    bad.write_text(
        "member,item,start,end\nE000003,L2-PIPELINES,2026-12-07,2027-01-10\nE000003,L1-EVERYONE,2027-01-11,2027-01-24\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["audit", str(bad), "--roster", SMALL, "--format", "json"])
    assert result.exit_code == 1, result.output
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"}
    assert {"L1-FIRST", "GOVERNANCE-DAY-ONE"} <= rules


def test_audit_of_a_roster_names_the_mistakes(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["audit", str(example_roster("enterprise")), "--today", "2026-11-22", "--format", "json"]
    )
    assert result.exit_code == 1  # people who deploy without MLOps (mistake 3)
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert {"L3-BEFORE-PRODUCTION", "L1-FIRST"} <= rules


def test_broken_roster_exits_2_listing_every_row(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", BROKEN, *START])
    assert result.exit_code == 2
    assert result.stdout == ""
    # five bad rows; its unknown credential is kept with a note and its unknown title gets 'everyone'
    assert result.stderr.count("broken.csv:") == 5


def test_infeasible_budget_and_hours_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", SMALL, *START, "--budget", "500"])
    assert result.exit_code == 3 and "pays for Layer 1 but not" in result.stderr  # Layer 1 is free self-paced
    led = tmp_path / "led.yaml"  # a policy that keeps Layer 1 in class (SELF-PACED)
    led.write_text("team_policies:\n  - id: small\n    instructor_led_layers: [1]\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", SMALL, *START, "--budget", "500", "--overlay", str(led)])
    assert result.exit_code == 3 and "cannot pay for Layer 1, which costs USD 8,000" in result.stderr
    result = runner.invoke(app, ["roster", "check", SMALL])
    assert result.exit_code == 0 and "Ignored and never read" in result.stdout
    no_hours = runner.invoke(app, ["plan", SMALL, *START, "--hours-per-week", "0"])
    assert no_hours.exit_code == 3 and "WEEKLY-HOURS" in no_hours.stderr


def test_bad_flags_exit_2(runner: CliRunner) -> None:
    for args in (
        ["--horizon", "soon"],
        ["--objective", "fastest"],
        ["--format", "pdf"],
        ["--cloud", "oracle"],
        ["--policy", "huge"],
    ):
        result = runner.invoke(app, ["plan", SMALL, *START, *args])
        assert result.exit_code == 2, (args, result.output)


def test_audit_of_a_plan_json_derives_the_plans_own_warnings_again(runner: CliRunner, tmp_path: Path) -> None:
    # Tried by a new user: a plan whose JSON carried HORIZON warnings audited with 0 findings.
    plan = tmp_path / "plan.json"
    made = runner.invoke(
        app, ["plan", SMALL, *START, "--horizon", "14d", "--format", "json", "--out", str(plan)]
    )
    assert made.exit_code == 0, made.output
    data = json.loads(plan.read_text(encoding="utf-8"))
    stored = {f["rule"] for f in data["findings"]}
    assert "HORIZON" in stored
    data["findings"] = []  # an edited file: the audit derives the notes again, it does not echo them
    plan.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["audit", str(plan), "--format", "json"])
    assert result.exit_code == 0, result.output
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "HORIZON" in rules


def test_the_xlsx_budget_column_is_not_read_as_a_quarterly_budget(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    args = ["plan", SMALL, *START, "--budget", "60000", "--format", "xlsx", "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    rows = list(load_workbook(out)["Cost by quarter"].iter_rows(values_only=True))
    assert rows[0] == ("Quarter", "Cost (USD)", "Budget (USD)")
    assert rows[-1][0] == "Total" and rows[-1][2] == 60000
    assert all(row[2] in (None, "") for row in rows[1:-1])  # no per-quarter budget was given
