"""Select within the budget, pool sessions, then spend what pooling saved on the items left out.

Selection (selection.py) prices each team's cohorts on their own, before sessions are pooled
across the organisation; pooling then usually costs less, and that money would sit unspent while
items stay left out. So, when items were left out, everything is first pooled unbudgeted: when
that fits the budget it is the plan (seats filling sessions already paid for cost nothing more).
Otherwise selection is run again with the budget raised
by what pooling saved, the result is pooled again, and it is kept only when its pooled cost still
fits the real budget and it leaves fewer items out; a raise that overshoots is halved towards the
last one that fitted; at most `REOFFER_ROUNDS` rounds. The BUDGET
warning then reports what the pooled plan spends of the real budget and how much more everything
would cost pooled the same way, and a BUDGET note says how many left-out items pooling's savings
bought back.
"""

from __future__ import annotations

from dataclasses import dataclass

from certpath.catalogue.model import Catalogue
from certpath.kernel import Finding
from certpath.planning.instance import PlanRequest, redeliver
from certpath.planning.pooling import Pooled, pool_sessions
from certpath.planning.selection import LeftOut, budget_finding, select_within_budget
from certpath.planning.team_model import TeamInstance

#: Re-selections tried with pooling's savings; each one pools the organisation again.
REOFFER_ROUNDS = 5


@dataclass
class Selected:
    """The kept work per team, what the budget left out and why, and the pooled calendar if any."""

    instances: list[TeamInstance]
    left_out: list[LeftOut]
    findings: list[Finding]
    pooled: Pooled | None


def select_and_pool(catalogue: Catalogue, built: list[TeamInstance], request: PlanRequest) -> Selected:
    """Items kept within the budget, re-offered with pooling's savings (module docstring)."""
    first = _select(catalogue, built, request, request.budget_usd)
    if request.quarterly_budget_usd is not None or not first.instances:
        return first  # a per-quarter budget buys cohorts team by team (team_planner)
    first.pooled = pool_sessions(catalogue, first.instances, cohort_size=request.cohort_size)
    budget = request.budget_usd
    spent = pooled_cost(first.pooled)
    if budget is None or not first.left_out or spent > budget + 1e-6:
        return first
    whole = _select(catalogue, built, request, None)
    whole.pooled = pool_sessions(catalogue, whole.instances, cohort_size=request.cohort_size)
    full = pooled_cost(whole.pooled)
    # Everything fits once pooled: per-team prices left out seats that would fill sessions
    # already paid for (a 300-person company at USD 148,359 left six Layer 6 seats out).
    best = whole if full <= budget + 1e-6 else first
    fits, over = budget, None  # allowances: the best that fits, the least that did not
    for _ in range(0 if best is whole else REOFFER_ROUNDS):
        step = min((x.cost_usd for x in best.left_out), default=0.0)
        allowance = fits + (budget - spent) if over is None else (fits + over) / 2
        if not best.left_out or allowance - fits < step - 1e-6:
            break
        trial = _select(catalogue, built, request, allowance)
        trial.pooled = pool_sessions(catalogue, trial.instances, cohort_size=request.cohort_size)
        cost = pooled_cost(trial.pooled)
        if cost > budget + 1e-6:
            over = allowance
        elif len(trial.left_out) < len(best.left_out):
            best, spent, fits = trial, cost, allowance
        else:
            break
    # The BUDGET warning reports what the pooled plan spends, and what everything would cost pooled
    # the same way, not the per-team estimate (which prices a cohort for each team's first taker).
    findings = [f for f in best.findings if f.rule != "BUDGET"]
    findings += budget_finding(best.left_out, budget, spent, full=full)
    if best is not first:
        findings.append(_note(first, best, budget))
    return Selected(best.instances, best.left_out, findings, best.pooled)


def pooled_cost(pooled: Pooled) -> float:
    """What the pooled plan costs: every seat's share of its session, exams, and per-team cohorts."""
    return round(sum(i.fixed_cost() for i in pooled.instances), 2)


def _select(
    catalogue: Catalogue, built: list[TeamInstance], request: PlanRequest, budget: float | None
) -> Selected:
    kept, left, findings = select_within_budget(built, budget)
    kept = [redeliver(catalogue, i, cohort_size=request.cohort_size) for i in kept]
    return Selected(kept, left, findings, None)


def _note(first: Selected, best: Selected, budget: float) -> Finding:
    before = pooled_cost(first.pooled) if first.pooled else budget
    back = len(first.left_out) - len(best.left_out)
    return Finding(
        "BUDGET",
        "info",
        f"Pooling sessions across the organisation left USD {budget - before:,.0f} of the USD "
        f"{budget:,.0f} budget unspent; it buys back {back} of the {len(first.left_out)} items the "
        "per-team prices had left out.",
        "Nothing to do; the items bought back are planned like the others.",
    )
