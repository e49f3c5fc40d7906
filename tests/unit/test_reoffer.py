"""Budget after pooling: what pooling saves buys back items the per-team prices left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from certpath.catalogue.model import Catalogue
from certpath.planning.instance import build_instances
from certpath.planning.selection import select_within_budget
from certpath.planning.team_planner import choose_policy, plan_roster
from certpath.planning.validate import validate_plan
from certpath.roster.importer import load_roster
from certpath.roster.synthetic import generate_org
from tests.factories import request


def test_pooling_savings_buy_back_left_out_items_within_the_budget(catalogue: Catalogue) -> None:
    org = generate_org(600, seed=2026)
    budget = 900.0 * len(org.members)
    asked = request(budget_usd=budget, time_limit_s=2.0)
    policy, _ = choose_policy(catalogue, len(org.members), None)
    built, _ = build_instances(catalogue, org, policy, asked)
    _, per_team_left, _ = select_within_budget(built, budget)
    plan = plan_roster(catalogue, org, asked)
    assert plan.total_cost_usd <= budget
    assert 0 < len(plan.left_out) < len(per_team_left)
    # More money can plan an earlier-priority item in place of a later one, so the count is net.
    left_before = {(x.member, x.item) for x in per_team_left}
    swapped = [x for x in plan.left_out if (x.member, x.item) not in left_before]
    assert len(swapped) * 10 < len(per_team_left) - len(plan.left_out)
    bought = [f for f in plan.findings if f.rule == "BUDGET" and f.severity == "info"]
    assert len(bought) == 1 and f"buys back {len(per_team_left) - len(plan.left_out)} of" in bought[0].message
    warning = next(f for f in plan.findings if f.rule == "BUDGET" and f.severity == "warning")
    assert f"covers USD {plan.total_cost_usd:,.0f} of work" in warning.message
    assert [f for f in validate_plan(catalogue, plan) if f.severity == "error"] == []


def test_a_raise_that_overshoots_is_halved_until_it_fits(catalogue: Catalogue) -> None:
    org = generate_org(600, seed=2026)
    budget = 1_100.0 * 600
    asked = request(budget_usd=budget, time_limit_s=2.0)
    policy, _ = choose_policy(catalogue, len(org.members), None)
    built, _ = build_instances(catalogue, org, policy, asked)
    _, per_team_left, _ = select_within_budget(built, budget)
    plan = plan_roster(catalogue, org, asked)
    # Whether or not a raise overshoots (then it is halved), most items come back within the budget.
    assert plan.total_cost_usd <= budget and len(plan.left_out) * 10 < len(per_team_left)
    note = next(f for f in plan.findings if f.rule == "BUDGET" and f.severity == "info")
    assert (
        f"buys back {len(per_team_left) - len(plan.left_out)} of the {len(per_team_left)} items"
        in note.message
    )


def test_no_note_when_nothing_was_left_out(catalogue: Catalogue) -> None:
    org = generate_org(40, seed=4)
    plan = plan_roster(catalogue, org, request(budget_usd=10_000.0 * 40, time_limit_s=1.0))
    assert not plan.left_out
    assert not [f for f in plan.findings if f.rule == "BUDGET"]


def test_the_raise_asked_for_is_what_everything_costs_pooled_and_it_plans_everything(
    catalogue: Catalogue,
) -> None:
    # A 300-person company in 20 departments (Workday export). On USD 100,000 the warning asked
    # for USD 319,415 more, pricing every left-out item as its team would buy it alone, while the
    # whole plan with pooled sessions costs USD 148,359; and on exactly that budget six Layer 6
    # seats that would fill a session already paid for were still left out.
    export = Path(__file__).parent.parent / "data" / "trial" / "company300.workday.csv"
    people = load_roster(export, catalogue, today=date(2027, 1, 4))
    asked = request(start=date(2027, 1, 4), time_limit_s=1.0)
    whole = plan_roster(catalogue, people, asked)
    tight = plan_roster(catalogue, people, replace(asked, budget_usd=100_000.0))
    assert tight.left_out and tight.total_cost_usd <= 100_000
    warning = next(f for f in tight.findings if f.rule == "BUDGET" and f.severity == "warning")
    raise_by = whole.total_cost_usd - 100_000
    assert f"Raise the budget by about USD {raise_by:,.0f} to plan everything" in warning.fix
    assert f"worth about USD {whole.total_cost_usd - tight.total_cost_usd:,.0f}." in warning.message
    enough = plan_roster(catalogue, people, replace(asked, budget_usd=whole.total_cost_usd))
    assert enough.left_out == () and enough.total_cost_usd == whole.total_cost_usd
    assert not [f for f in enough.findings if f.rule == "BUDGET" and f.severity == "warning"]
    assert [f for f in validate_plan(catalogue, enough) if f.severity == "error"] == []
