"""The plan report: the stable JSON contract of `certpath plan --format json`, and its summaries."""

from __future__ import annotations

from typing import Any

from certpath.kernel import Finding
from certpath.planning.horizon import horizon_report
from certpath.planning.plan import Plan
from certpath.planning.plan_quality import plan_quality
from certpath.reports.jsonable import to_jsonable
from certpath.reports.roster import member_json


def build_plan_report(plan: Plan) -> dict[str, Any]:
    """A JSON-ready mapping; field names are documented in the README and must stay stable."""
    owners = plan.governance_owners()
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
                "held": [
                    {"item": h.item_id, "earned_on": to_jsonable(h.earned_on), "verified": h.verified}
                    | ({"expires_on": to_jsonable(h.expires_on)} if h.expiry_known else {})
                    for h in m.held
                ],
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
                "delivery": a.delivery or None,
                "variant": a.variant or None,
                "team": a.team,
                "reason": a.reason,
                "refresh": a.refresh,
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
        "governance_programme": None
        if plan.governance_programme is None
        else list(plan.governance_programme),
        "sessions": [
            {**to_jsonable(s), "seats_filled": s.seats_filled}
            for s in sorted(plan.sessions, key=lambda s: (s.start, s.item, s.id))
        ],
        "quality": to_jsonable(plan_quality(plan)),
        "horizon": horizon_json(plan),
        "findings": [finding_json(f) for f in plan.findings],
        "notes": list(plan.notes),
        "solver": to_jsonable(plan.solver),
    }


def quality_line(plan: Plan) -> str:
    """The quality figures in one sentence, for the table summary."""
    q = plan_quality(plan)
    fill = "no private cohorts" if q.seat_fill is None else f"seat fill {q.seat_fill:.0%}"
    return (
        f"Quality: USD {q.cost_per_person_usd:,.0f} a person · {fill} · {q.single_person_cohorts} "
        f"single-person cohorts (USD {q.single_person_cohorts_cost_usd:,.0f}) · idle {q.idle_weeks_mean:.1f} "
        f"weeks on average, {q.idle_weeks_max:.0f} at most · layers covered at the bus factor in week "
        f"{q.layer_cover_weeks_mean:.1f} on average (bound {q.layer_cover_weeks_bound:.1f}) · "
        f"{q.done_within_horizon:.0%} done within the {plan.horizon_weeks}-week horizon"
    )


def horizon_json(plan: Plan) -> dict[str, Any]:
    """What is done by the horizon's last day, what is not and why, and the sensitivity rows."""
    report = horizon_report(plan)
    return {
        "end": report.end.isoformat(),
        "planned": report.planned,
        "done": report.done,
        "by_layer": [{"layer": n, "done": d, "planned": p} for n, d, p in report.by_layer],
        "not_done": to_jsonable(report.not_done),
        "sensitivity": to_jsonable(plan.sensitivity),
    }


def horizon_lines(plan: Plan) -> list[str]:
    """The horizon report in a few lines, for the table summary."""
    report = horizon_report(plan)
    layers = ", ".join(f"L{n} {d}/{p}" for n, d, p in report.by_layer)
    lines = [f"By {report.end}: {report.done} of {report.planned} member-layers done ({layers})"]
    reasons: dict[str, int] = {}
    for gap in report.not_done:
        reasons[gap.reason] = reasons.get(gap.reason, 0) + 1
    if reasons:
        lines.append("Not done, why: " + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items())))
    lines += [
        f"  {s.change:<18} {s.done_within_horizon:>4.0%} of people done · {s.layers_done} member-layers · "
        f"USD {s.cost_usd:,.0f}"
        for s in plan.sensitivity
    ]
    return lines


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
