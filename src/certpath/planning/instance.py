"""Build the planning instance from a roster: teams, their tasks in weeks, cohorts, owners."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

from certpath.catalogue.model import Catalogue, Course, TeamPolicy
from certpath.kernel import Finding
from certpath.planning.delivery import assign_deliveries
from certpath.planning.governance import choose_owners, owner_findings, programme_findings, ranked
from certpath.planning.requirements import Need, needs_for, weeks_for
from certpath.planning.scheduling import cost_of, hours_of
from certpath.planning.team_model import Task, TeamInstance
from certpath.roster.model import Member, Roster

#: Teams larger than this are split by manager so each part stays quick to optimise.
MAX_TEAM = 60


@dataclass(frozen=True)
class PlanRequest:
    """What to plan: start, horizon, objective and money limits (the CLI's and API's options)."""

    start: date
    horizon_weeks: int = 13
    objective: str = "layers-soonest"  # layers-soonest | finish-soonest | most-coverage-by-horizon | cheapest
    budget_usd: float | None = None
    quarterly_budget_usd: float | None = None
    cohort_size: int | None = None  # overrides every course's seat limit
    time_limit_s: float = 20.0
    policy: str | None = None
    #: Head count the policy is chosen by when none is given: the whole organisation's, when the
    #: people planned are part of one (a plan from the store); None: the roster's own size.
    org_size: int | None = None
    sensitivity: bool = False  # also re-plan with more hours and budget (planning/horizon.py)
    #: The ids of the organisation's Layer 5 owners, chosen over the whole organisation when the
    #: roster is part of one (a plan from the store); None: chosen within the roster.
    governance_owners: tuple[str, ...] | None = None


def redeliver(catalogue: Catalogue, instance: TeamInstance, *, cohort_size: int | None) -> TeamInstance:
    """The instance with deliveries chosen again for the tasks it kept (after the budget cut)."""
    tasks, cohorts = assign_deliveries(catalogue, instance.tasks, instance.policy, cohort_size=cohort_size)
    return replace(instance, tasks=tasks, cohorts=cohorts)


def build_instances(
    catalogue: Catalogue, roster: Roster, policy: TeamPolicy, request: PlanRequest
) -> tuple[list[TeamInstance], list[Finding]]:
    """One TeamInstance per team (split above MAX_TEAM members), with the findings of building them."""
    if request.governance_owners is None:
        owners = choose_owners(catalogue, policy, roster.members, today=request.start)
        findings: list[Finding] = owner_findings(policy, owners, len(roster.members))
    else:  # GOVERNANCE-DAY-ONE is the organisation's programme: its owners who are in this roster
        programme = set(request.governance_owners)
        owners = [
            o for o in ranked(catalogue, roster.members, today=request.start) if o.member.id in programme
        ]
        findings = programme_findings(owners, len(programme), request.org_size or len(roster.members))
    owner_ids = {o.member.id for o in owners}
    instances = []
    for name, members in _split(roster.teams()):
        tasks: list[Task] = []
        for member in members:
            owner = member.id in owner_ids
            needs, found = needs_for(catalogue, policy, member, owner=owner, start=request.start)
            findings += found
            if request.objective == "cheapest":
                needs = [n for n in needs if n.priority % 10 != 5]
            tasks += [
                _task(catalogue, len(tasks) + i, member, need, request.start) for i, need in enumerate(needs)
            ]
        tasks, cohorts = assign_deliveries(catalogue, tasks, policy, cohort_size=request.cohort_size)
        mine = tuple(m.id for m in members if m.id in owner_ids)
        instances.append(TeamInstance(name, policy, members, tasks, cohorts, mine, request.start))
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
    # A course's seat cost depends on how the team buys it: assign_deliveries sets it.
    seat = 0.0 if isinstance(item, Course) else (cost_of(catalogue, item) or 0.0)
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
        refresh=need.refresh,
        depth=item.depth if isinstance(item, Course) else "",
        literacy=isinstance(item, Course) and item.technical_literacy,
    )
