"""The plan report: the stable JSON contract of `certpath plan --format json`, and its summaries."""

from __future__ import annotations

from typing import Any

from certpath.kernel import Finding
from certpath.planning.plan import Plan
from certpath.reports.jsonable import to_jsonable
from certpath.reports.roster import member_json


def build_plan_report(plan: Plan) -> dict[str, Any]:
    """A JSON-ready mapping; field names are documented in the README and must stay stable."""
    owners = set(plan.governance_owners().values())
    return {
        "policy": plan.policy.id,
        "start": plan.start.isoformat(),
        "horizon_weeks": plan.horizon_weeks,
        "objective": plan.objective,
        "budget_usd": plan.budget_usd,
        "quarterly_budget_usd": plan.quarterly_budget_usd,
        "cohort_size": plan.cohort_size,
        "members": [
            {
                **member_json(m),
                "governance_owner": m.id in owners,
                "held": [{"item": h.item_id, "earned_on": to_jsonable(h.earned_on)} for h in m.held],
            }
            for m in plan.members
        ],
        "assignments": [
            {
                "member": a.member,
                "item": a.item,
                "name": a.name,
                "kind": a.kind,
                "layer": a.layer,
                "start": a.start.isoformat(),
                "end": a.end.isoformat(),
                "hours": a.hours,
                "cost_usd": a.cost_usd,
                "cohort": a.cohort,
                "team": a.team,
                "reason": a.reason,
            }
            for a in sorted(plan.assignments, key=lambda a: (a.start, a.member, a.item))
        ],
        "total_cost_usd": plan.total_cost_usd,
        "cost_by_quarter": cost_by_quarter(plan),
        "finish": to_jsonable(plan.finish),
        "makespan_weeks": plan.makespan_weeks,
        "lower_bound_weeks": plan.lower_bound_weeks,
        "optimality_gap": plan.optimality_gap,
        "teams": to_jsonable(plan.teams),
        "left_out": to_jsonable(plan.left_out),
        "findings": [finding_json(f) for f in plan.findings],
        "notes": list(plan.notes),
        "solver": to_jsonable(plan.solver),
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding in the JSON contract shared by plan and audit output."""
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "members": list(finding.members),
        "subject": finding.subject,
        "message": finding.message,
        "fix": finding.fix,
    }


def quarter_label(day: Any) -> str:
    """'2027-Q1' for a date."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def cost_by_quarter(plan: Plan) -> dict[str, float]:
    """Spend per calendar quarter, by the quarter each item starts in."""
    spend: dict[str, float] = {}
    for a in plan.assignments:
        label = quarter_label(a.start)
        spend[label] = round(spend.get(label, 0.0) + a.cost_usd, 2)
    return dict(sorted(spend.items()))


def layer_coverage(plan: Plan) -> list[tuple[str, dict[int, int]]]:
    """For each week's end (ISO date), how many members have finished each layer they were planned for."""
    from datetime import timedelta

    done: dict[tuple[str, int], Any] = {}
    for a in plan.assignments:
        key = (a.member, a.layer)
        done[key] = max(done.get(key, a.end), a.end)
    series = []
    week = plan.start
    finish = plan.finish or plan.start
    while week <= finish + timedelta(days=7):
        counts = {
            layer: sum(1 for (_, lay), end in done.items() if lay == layer and end < week)
            for layer in range(1, 7)
        }
        series.append((week.isoformat(), counts))
        week += timedelta(days=7)
    return series
