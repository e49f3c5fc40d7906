"""What the horizon buys: which member-layers are done by its last day, which are not and why.

A member-layer is done when the member's last planned item of that layer ends by the horizon's
last day. One that is not is blamed on, in this order: the budget (an item of it was left out),
weekly hours (their own study up to that layer takes longer than the horizon, even with no
waiting), or sequencing (they could study it in time but wait for a cohort or a rule such as
L1-FIRST, LAYER-ORDER or L4-AFTER-L3). The sensitivity rows re-plan with more hours a week or
more budget and say what that would change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from certpath.planning.plan import Plan, Sensitivity
from certpath.planning.plan_quality import plan_quality

Reason = str  # budget | hours | sequencing


@dataclass(frozen=True, slots=True)
class HorizonGap:
    """A member-layer not done by the horizon, and why."""

    member: str
    layer: int
    reason: Reason
    detail: str


@dataclass(frozen=True, slots=True)
class HorizonReport:
    end: date
    planned: int  # member-layers with planned work
    done: int  # of those, done by the horizon's last day
    by_layer: tuple[tuple[int, int, int], ...]  # (layer, done, planned)
    not_done: tuple[HorizonGap, ...]


def horizon_report(plan: Plan) -> HorizonReport:
    """Member-layers done by the horizon, per layer, and the reason for each one that is not."""
    end = plan.horizon_end
    finish: dict[tuple[str, int], date] = {}
    for a in plan.assignments:
        finish[(a.member, a.layer)] = max(finish.get((a.member, a.layer), a.end), a.end)
    cut = {(x.member, x.layer) for x in plan.left_out}
    gaps = [
        HorizonGap(member, layer, "budget", "an item of this layer was left out to stay within budget")
        for member, layer in sorted(cut)
    ]
    gaps += [_why(plan, member, layer, day) for (member, layer), day in sorted(finish.items()) if day > end]
    gaps = [g for g in gaps if g.reason == "budget" or (g.member, g.layer) not in cut]
    layers = sorted({layer for _, layer in finish} | {layer for _, layer in cut})
    by_layer = tuple(
        (
            layer,
            sum(1 for (m, n), day in finish.items() if n == layer and day <= end and (m, n) not in cut),
            len({m for m, n in finish if n == layer} | {m for m, n in cut if n == layer}),
        )
        for layer in layers
    )
    return HorizonReport(
        end=end,
        planned=sum(p for _, _, p in by_layer),
        done=sum(d for _, d, _ in by_layer),
        by_layer=by_layer,
        not_done=tuple(gaps),
    )


def _why(plan: Plan, member: str, layer: int, finish: date) -> HorizonGap:
    mine = [a for a in plan.assignments if a.member == member and a.end <= finish]
    busy = sum((a.end + timedelta(days=1) - a.start).days for a in mine) // 7
    if busy > plan.horizon_weeks:
        detail = f"{busy} weeks of their own study at their weekly hours, more than the {plan.horizon_weeks}-week horizon"
        return HorizonGap(member, layer, "hours", detail)
    waiting = (finish + timedelta(days=1) - plan.start).days // 7 - busy
    detail = f"{busy} weeks of study would fit, but they wait {waiting} weeks for cohorts or the layer order"
    return HorizonGap(member, layer, "sequencing", detail)


Replan = Callable[[float, float | None], Plan]


def sensitivity(plan: Plan, replan: Replan) -> tuple[Sensitivity, ...]:
    """The plan as made, then with 1.5x and 2x weekly hours, then (with a budget) 1.5x and no budget.

    `replan(hours_factor, budget)` plans the same roster with every member's weekly
    hours multiplied by the factor and the given budget (None: no limit).
    """
    rows = [_row("as planned", plan)]
    for factor in (1.5, 2.0):
        rows.append(_row(f"{factor:g}x hours a week", replan(factor, plan.budget_usd)))
    if plan.budget_usd is not None:
        rows.append(_row("1.5x budget", replan(1.0, plan.budget_usd * 1.5)))
        rows.append(_row("no budget limit", replan(1.0, None)))
    return tuple(rows)


def _row(change: str, plan: Plan) -> Sensitivity:
    report = horizon_report(plan)
    quality = plan_quality(plan)
    return Sensitivity(change, quality.done_within_horizon, report.done, plan.total_cost_usd)
