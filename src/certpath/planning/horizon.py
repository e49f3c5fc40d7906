"""What the horizon buys: which member-layers are done by its last day, which are not and why.

A member-layer is done when the member's last planned item of that layer ends by the horizon's
last day. One that is not is blamed on, in this order: the budget (an item of it was left out),
weekly hours (their own study up to that layer takes longer than the horizon, even with no
waiting), or sequencing (they could study it in time but wait for a cohort or a rule such as
L1-FIRST, LAYER-ORDER or L4-AFTER-L3). The sensitivity rows re-plan with more hours a week or
more budget and say what that would change. Above `SAMPLE_PEOPLE` people they re-plan a sample
of whole teams (every k-th team) instead of everyone, and each row is the full plan plus the
sample's change scaled up to the organisation; a HORIZON note says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from certpath.kernel import Finding
from certpath.planning.plan import Assignment, Plan, Sensitivity
from certpath.planning.plan_quality import plan_quality
from certpath.roster.model import Roster

#: Above this many people, the sensitivity rows re-plan a sample of whole teams of about this size.
SAMPLE_PEOPLE = 1_500

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
    by_member: dict[str, list[Assignment]] = {}
    for a in plan.assignments:
        finish[(a.member, a.layer)] = max(finish.get((a.member, a.layer), a.end), a.end)
        by_member.setdefault(a.member, []).append(a)
    cut = {(x.member, x.layer) for x in plan.left_out}
    gaps = [
        HorizonGap(member, layer, "budget", "an item of this layer was left out to stay within budget")
        for member, layer in sorted(cut)
    ]
    gaps += [
        _why(plan, by_member[member], member, layer, day)
        for (member, layer), day in sorted(finish.items())
        if day > end
    ]
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


def _why(plan: Plan, theirs: list[Assignment], member: str, layer: int, finish: date) -> HorizonGap:
    mine = [a for a in theirs if a.end <= finish]
    busy = sum((a.end + timedelta(days=1) - a.start).days for a in mine) // 7
    if busy > plan.horizon_weeks:
        detail = f"{busy} weeks of their own study at their weekly hours, more than the {plan.horizon_weeks}-week horizon"
        return HorizonGap(member, layer, "hours", detail)
    waiting = (finish + timedelta(days=1) - plan.start).days // 7 - busy
    detail = f"{busy} weeks of study would fit, but they wait {waiting} weeks for cohorts or the layer order"
    return HorizonGap(member, layer, "sequencing", detail)


Replan = Callable[[float, float | None], Plan]


def sensitivity(plan: Plan, replan: Replan, *, scale: float = 1.0) -> tuple[Sensitivity, ...]:
    """The plan as made, then with 1.5x and 2x weekly hours, then (with a budget) 1.5x and no budget.

    `replan(hours_factor, budget)` plans the roster with every member's weekly hours multiplied
    by the factor and the given budget for the whole roster (None: no limit). With `scale` > 1 it
    plans a sample of 1/scale of the people (`sample_teams`): the sample is planned as made too,
    and each row is this plan plus the sample's change from it, counts scaled by `scale`.
    """
    made = _row("as planned", plan)
    base = _row("as planned", replan(1.0, plan.budget_usd)) if scale > 1 else made
    changes: list[tuple[str, float, float | None]] = [
        (f"{factor:g}x hours a week", factor, plan.budget_usd) for factor in (1.5, 2.0)
    ]
    if plan.budget_usd is not None:
        changes += [("1.5x budget", 1.0, plan.budget_usd * 1.5), ("no budget limit", 1.0, None)]
    rows = [made]
    for change, factor, budget in changes:
        row = _row(change, replan(factor, budget))
        rows.append(row if scale <= 1 else _scaled(made, base, row, scale))
    return tuple(rows)


def sample_teams(roster: Roster, limit: int | None = None) -> tuple[Roster, float]:
    """Every k-th team (in name order), about `limit` (SAMPLE_PEOPLE) people, and how many times
    larger the roster is; the roster itself and 1.0 when it has no more than `limit` people."""
    limit = SAMPLE_PEOPLE if limit is None else limit
    if len(roster.members) <= limit:
        return roster, 1.0
    teams = roster.teams()
    step = math.ceil(len(roster.members) / limit)
    chosen = set(sorted(teams)[::step])
    members = tuple(m for m in roster.members if m.team in chosen)
    return replace(roster, members=members), len(roster.members) / len(members)


def sample_note(roster: Roster, sample: Roster) -> Finding:
    """HORIZON note: the sensitivity rows come from a sample of the organisation."""
    teams = len(sample.teams())
    return Finding(
        "HORIZON",
        "info",
        f"The sensitivity rows re-plan a sample of {len(sample.members):,} of the {len(roster.members):,} "
        f"people (every {math.ceil(len(roster.teams()) / teams)}th team, {teams} teams) and add the sample's "
        "change, scaled to the organisation, to this plan's figures; they are estimates.",
        "Plan a smaller roster (one department) to see its rows in full.",
    )


def _scaled(made: Sensitivity, base: Sensitivity, row: Sensitivity, scale: float) -> Sensitivity:
    share = made.done_within_horizon + row.done_within_horizon - base.done_within_horizon
    return Sensitivity(
        row.change,
        round(min(max(share, 0.0), 1.0), 4),
        max(made.layers_done + round((row.layers_done - base.layers_done) * scale), 0),
        round(made.cost_usd + (row.cost_usd - base.cost_usd) * scale, 2),
    )


def _row(change: str, plan: Plan) -> Sensitivity:
    report = horizon_report(plan)
    quality = plan_quality(plan)
    return Sensitivity(change, quality.done_within_horizon, report.done, plan.total_cost_usd)
