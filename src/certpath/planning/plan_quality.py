"""How good a plan is, in the figures an L&D lead checks before signing it.

Every figure is computed from the plan alone (assignments, sessions, teams), so a plan read
back from its JSON reports the same quality as when it was made. The README defines each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from certpath.planning.plan import Assignment, Plan
from certpath.planning.team_model import cover_week


@dataclass(frozen=True, slots=True)
class PlanQuality:
    """The plan's quality figures (README: "Plan quality")."""

    cost_per_person_usd: float
    seat_fill: float | None  # seats filled / seats paid for, over private cohorts; None without cohorts
    single_person_cohorts: int
    single_person_cohorts_cost_usd: float
    idle_weeks_mean: float
    idle_weeks_max: float
    layer_cover_weeks_mean: float
    layer_cover_weeks_bound: float
    done_within_horizon: (
        float  # share of the people given work who finish all of it, none cut, by the horizon
    )


def plan_quality(plan: Plan) -> PlanQuality:
    """The quality figures of `plan`."""
    people = len(plan.members)
    cohorts = [s for s in plan.sessions if s.delivery == "private-cohort"]
    seats = sum(s.seat_limit or 0 for s in cohorts)
    single = [s for s in cohorts if s.seats_filled == 1]
    by_member = _by_member(plan.assignments)
    idle = [idle_weeks(plan.start, items) for items in by_member.values()]
    cover = layer_cover_weeks(plan)
    pairs = len(cover) or 1
    cut = {x.member for x in plan.left_out}
    # Someone whose work the budget cut is not done, however early their planned items end
    # (horizon.py counts their cut layers as not done too, so the two figures agree).
    done = sum(
        1
        for who, items in by_member.items()
        if who not in cut and max(a.end for a in items) <= plan.horizon_end
    )
    return PlanQuality(
        cost_per_person_usd=round(plan.total_cost_usd / people, 2) if people else 0.0,
        seat_fill=round(sum(s.seats_filled for s in cohorts) / seats, 4) if seats else None,
        single_person_cohorts=len(single),
        single_person_cohorts_cost_usd=round(sum(s.cost_usd for s in single), 2),
        idle_weeks_mean=round(sum(idle) / len(idle), 2) if idle else 0.0,
        idle_weeks_max=round(max(idle, default=0.0), 2),
        layer_cover_weeks_mean=round(sum(cover.values()) / pairs, 2),
        layer_cover_weeks_bound=round(sum(t.cover_bound_weeks for t in plan.teams) / pairs, 2),
        done_within_horizon=round(done / len(by_member), 4) if by_member else 1.0,
    )


def idle_weeks(start: date, items: list[Assignment]) -> float:
    """Weeks from the plan's start to a person's last end that they spend waiting, not studying."""
    span = (max(a.end for a in items) + timedelta(days=1) - start).days
    busy = sum((a.end + timedelta(days=1) - a.start).days for a in items)
    return max(span - busy, 0) / 7


def layer_cover_weeks(plan: Plan) -> dict[tuple[str, int], int]:
    """(team, layer) -> the week the team's layer reaches the bus factor among the people it trains."""
    finishes: dict[tuple[str, int], dict[str, date]] = {}
    for a in plan.assignments:
        mine = finishes.setdefault((a.team, a.layer), {})
        mine[a.member] = max(mine.get(a.member, a.end), a.end)
    return {
        key: cover_week([_week(plan.start, end) for end in ends.values()]) for key, ends in finishes.items()
    }


def _week(start: date, end: date) -> int:
    """The week number (1-based) whose last day is `end` or later."""
    return -(-((end - start).days + 1) // 7)


def _by_member(assignments: tuple[Assignment, ...]) -> dict[str, list[Assignment]]:
    grouped: dict[str, list[Assignment]] = {}
    for a in assignments:
        grouped.setdefault(a.member, []).append(a)
    return grouped
