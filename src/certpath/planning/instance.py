"""Build the planning instance from a roster: teams, their tasks in weeks, cohorts, owners."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from certpath.catalogue.model import Catalogue, Course, TeamPolicy
from certpath.kernel import Finding
from certpath.planning.requirements import Need, choose_owner, needs_for, weeks_for
from certpath.planning.scheduling import cost_of, hours_of
from certpath.planning.team_model import CohortSpec, Task, TeamInstance
from certpath.roster.model import Member, Roster

#: Teams larger than this are split by manager so each part stays quick to optimise.
MAX_TEAM = 60


@dataclass(frozen=True)
class PlanRequest:
    """What to plan: start, horizon, objective and money limits (the CLI's and API's options)."""

    start: date
    horizon_weeks: int = 13
    objective: str = "finish-soonest"  # finish-soonest | most-coverage-by-horizon | cheapest
    budget_usd: float | None = None
    quarterly_budget_usd: float | None = None
    cohort_size: int | None = None  # overrides every course's seat limit
    time_limit_s: float = 20.0
    policy: str | None = None


def build_instances(
    catalogue: Catalogue, roster: Roster, policy: TeamPolicy, request: PlanRequest
) -> tuple[list[TeamInstance], list[Finding]]:
    """One TeamInstance per team (split above MAX_TEAM members), with the findings of building them."""
    findings: list[Finding] = []
    instances = []
    for name, members in _split(roster.teams()):
        owner, why = choose_owner(catalogue, members)
        owner_name = next(m.name for m in members if m.id == owner)
        findings.append(
            Finding(
                "GOVERNANCE-DAY-ONE",
                "info",
                f"{owner_name} owns Layer 5 for {name} from day one: {why}.",
                "Name another owner with a governance role in the roster if needed.",
                subject=name,
                members=(owner,),
            )
        )
        tasks: list[Task] = []
        for member in members:
            needs, found = needs_for(catalogue, policy, member, owner=member.id == owner, start=request.start)
            findings += found
            if request.objective == "cheapest":
                needs = [n for n in needs if n.priority % 10 != 5]
            tasks += [
                _task(catalogue, len(tasks) + i, member, need, request.start) for i, need in enumerate(needs)
            ]
        cohorts = _cohorts(catalogue, tasks, request.cohort_size)
        instances.append(TeamInstance(name, policy, members, tasks, cohorts, owner, request.start))
    return instances, findings


def _split(teams: dict[str, tuple[Member, ...]]) -> list[tuple[str, tuple[Member, ...]]]:
    parts = []
    for name, members in teams.items():
        if len(members) <= MAX_TEAM:
            parts.append((name, members))
            continue
        chunks = math.ceil(len(members) / MAX_TEAM)
        ordered = sorted(members, key=lambda m: (m.manager_id or "", m.id))
        size = math.ceil(len(ordered) / chunks)
        parts += [
            (f"{name} ({i + 1}/{chunks})", tuple(ordered[i * size : (i + 1) * size])) for i in range(chunks)
        ]
    return parts


def _task(catalogue: Catalogue, index: int, member: Member, need: Need, start: date) -> Task:
    item = need.item
    hours = hours_of(item)
    is_cohort = isinstance(item, Course) and item.delivery == "cohort"
    seat = 0.0 if is_cohort else (cost_of(catalogue, item) or 0.0)
    release = 0
    available = getattr(getattr(item, "lifecycle", None), "available_from", None)
    if available is not None and available > start:
        release = math.ceil((available - start) / timedelta(weeks=1))
    return Task(
        index=index,
        member=member.id,
        item=item.id,
        name=item.name,
        kind=item.kind,
        layer=need.layer,
        hours=hours,
        weeks=weeks_for(hours, member.hours_per_week),
        seat_cost=seat,
        priority=need.priority,
        release=release,
        after=tuple(item.prerequisites),
        reason=need.reason,
    )


def _cohorts(catalogue: Catalogue, tasks: list[Task], cohort_size: int | None) -> dict[str, CohortSpec]:
    cohorts = {}
    for item_id in dict.fromkeys(t.item for t in tasks):
        item = catalogue.item(item_id)
        if isinstance(item, Course) and item.delivery == "cohort" and item.price_per_cohort is not None:
            seats = cohort_size or item.seat_limit or 20
            price = catalogue.to_usd(item.price_per_cohort) or 0.0
            cohorts[item_id] = CohortSpec(item_id, seats, price)
    return cohorts
