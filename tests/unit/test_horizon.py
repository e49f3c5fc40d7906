"""What the horizon buys: done and not done by its last day, why, and what would change it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from certpath.catalogue.model import Catalogue
from certpath.interfaces.cli import app
from certpath.planning import horizon
from certpath.planning.horizon import horizon_report, sample_teams
from certpath.planning.plan import Assignment, Plan
from certpath.planning.plan_quality import plan_quality
from certpath.planning.selection import LeftOut
from certpath.planning.team_planner import plan_roster
from certpath.reports.plan import build_plan_report
from certpath.reports.plan_html import render_html
from certpath.reports.plan_reading import read_plan_report
from certpath.roster.synthetic import generate_org
from certpath.services.demo import example_roster
from tests.factories import START, member, request, small_team

CHANGES = ["as planned", "1.5x hours a week", "2x hours a week", "1.5x budget", "no budget limit"]


def _a(who: str, item: str, layer: int, week: int, weeks: int) -> Assignment:
    start = START + timedelta(weeks=week)
    return Assignment(
        who, item, item, "course", layer, start, start + timedelta(weeks=weeks, days=-1), 0.0, team="T"
    )


def test_each_member_layer_not_done_says_why(catalogue: Catalogue) -> None:
    plan = Plan(
        policy=catalogue.team_policy("small"),
        start=START,
        horizon_weeks=6,
        objective="layers-soonest",
        members=tuple(member(m, "data-engineer") for m in ("A", "B", "C")),
        assignments=(
            _a("A", "L1-TECHNICAL", 1, 0, 2),
            _a("A", "L2-PIPELINES", 2, 2, 3),  # done in week 5
            _a("B", "L1-TECHNICAL", 1, 0, 4),
            _a("B", "L2-PIPELINES", 2, 4, 5),  # 9 weeks of study: hours
            _a("C", "L1-TECHNICAL", 1, 0, 2),
            _a("C", "L2-FEATURES", 2, 6, 2),  # 4 weeks of study, waits 4: sequencing
        ),
        left_out=(LeftOut("T", "A", "L3-MLOPS", 3, 8000.0),),
    )
    report = horizon_report(plan)
    assert report.by_layer == ((1, 3, 3), (2, 1, 3), (3, 0, 1))
    assert (report.done, report.planned) == (4, 7)
    why = {(g.member, g.layer): g.reason for g in report.not_done}
    assert why == {("A", 3): "budget", ("B", 2): "hours", ("C", 2): "sequencing"}
    sequencing = next(g for g in report.not_done if g.reason == "sequencing")
    assert "wait 4 weeks" in sequencing.detail


def test_sensitivity_rows_replan_with_more_hours_and_budget(catalogue: Catalogue) -> None:
    full = plan_roster(catalogue, small_team(), request())
    budget = round(full.total_cost_usd * 0.6, 2)
    plan = plan_roster(
        catalogue, small_team(), request(budget_usd=budget, sensitivity=True, horizon_weeks=20)
    )
    rows = {s.change: s for s in plan.sensitivity}
    assert list(rows) == CHANGES
    assert rows["as planned"].cost_usd == plan.total_cost_usd
    faster, planned = rows["2x hours a week"], rows["as planned"]
    # More hours finish more people and more member-layers: the two figures move together.
    assert faster.done_within_horizon > planned.done_within_horizon
    assert faster.layers_done > planned.layers_done
    assert rows["no budget limit"].cost_usd > budget >= rows["as planned"].cost_usd
    assert not plan_roster(catalogue, small_team(), request()).sensitivity, "only when asked"
    report = json.loads(json.dumps(build_plan_report(plan)))
    assert [s["change"] for s in report["horizon"]["sensitivity"]] == list(rows)
    assert {g["reason"] for g in report["horizon"]["not_done"]} <= {"budget", "hours", "sequencing"}
    assert read_plan_report(catalogue, report).sensitivity == plan.sensitivity
    html = render_html(plan, catalogue)[2].decode()
    assert "What would change it" in html and "2x hours a week" in html


def test_the_cli_adds_the_sensitivity_table_when_the_horizon_is_given(runner: CliRunner) -> None:
    small = str(example_roster("small"))
    given = runner.invoke(
        app, ["plan", small, "--start", "2026-12-07", "--horizon", "13w", "--time-limit", "2"]
    )
    assert given.exit_code == 0, given.output
    assert "member-layers done" in given.stdout and "2x hours a week" in given.stdout
    default = runner.invoke(app, ["plan", small, "--start", "2026-12-07", "--time-limit", "2"])
    assert default.exit_code == 0 and "2x hours a week" not in default.stdout


def test_someone_whose_work_the_budget_cut_is_not_done_within_the_horizon(catalogue: Catalogue) -> None:
    plan = Plan(
        policy=catalogue.team_policy("small"),
        start=START,
        horizon_weeks=6,
        objective="layers-soonest",
        members=tuple(member(m, "data-engineer") for m in ("A", "B")),
        assignments=(_a("A", "L1-TECHNICAL", 1, 0, 2), _a("B", "L1-TECHNICAL", 1, 0, 2)),
        left_out=(LeftOut("T", "A", "L2-PIPELINES", 2, 400.0),),
    )
    # A's planned work ends in week 2, but their Layer 2 was cut: neither figure counts A as done.
    assert plan_quality(plan).done_within_horizon == 0.5
    report = horizon_report(plan)
    assert (report.done, report.planned) == (2, 3)


def test_a_large_organisation_replans_a_sample_of_whole_teams_for_sensitivity(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(horizon, "SAMPLE_PEOPLE", 80)
    org = generate_org(300, seed=7)
    sample, scale = sample_teams(org)
    whole = org.teams()
    assert 0 < len(sample.members) < len(org.members) and scale == len(org.members) / len(sample.members)
    assert all(people == whole[name] for name, people in sample.teams().items())
    assert sample_teams(sample, limit=len(sample.members)) == (sample, 1.0)
    plan = plan_roster(catalogue, org, request(budget_usd=1_500.0 * 300, sensitivity=True, time_limit_s=1.0))
    [note] = [f for f in plan.findings if f.rule == "HORIZON" and "sample of" in f.message]
    assert f"sample of {len(sample.members):,} of the 300 people" in note.message
    rows = {s.change: s for s in plan.sensitivity}
    assert list(rows) == CHANGES
    made = rows["as planned"]
    assert (made.done_within_horizon, made.layers_done, made.cost_usd) == (
        plan_quality(plan).done_within_horizon,
        horizon_report(plan).done,
        plan.total_cost_usd,
    )
    # Estimates from the sample: more hours finish more, more money buys more.
    assert rows["2x hours a week"].layers_done > made.layers_done
    assert rows["no budget limit"].cost_usd >= rows["1.5x budget"].cost_usd >= made.cost_usd
