"""Turn a team's schedule (weeks) into dated assignments with each person's share of the cost."""

from __future__ import annotations

from datetime import timedelta

from certpath.planning.greedy import Schedule
from certpath.planning.plan import Assignment, Session
from certpath.planning.team_model import Task, TeamInstance, week_start


def assignments_for(instance: TeamInstance, schedule: Schedule) -> list[Assignment]:
    """Dated assignments; a cohort's price is split over its members, to the cent."""
    shares = _cohort_shares(instance, schedule)
    out = []
    for task in instance.tasks:
        start_week = schedule.starts[task.index]
        cohort = None
        cost = task.seat_cost
        if task.session:  # a seat in a pooled session; seat_cost is its share of the price
            cohort = task.session
        elif instance.in_cohort(task):
            number = schedule.cohort_of.get(task.index, 0)
            cohort = f"{task.item} #{number + 1} / {instance.name}"
            cost = shares[task.index]
        out.append(
            Assignment(
                member=task.member,
                item=task.item,
                name=task.name,
                kind=task.kind,
                layer=task.layer,
                start=week_start(instance.start, start_week),
                end=week_start(instance.start, start_week + task.weeks) - timedelta(days=1),
                cost_usd=round(cost, 2),
                hours=task.hours,
                cohort=cohort,
                team=instance.name,
                reason=task.reason,
                delivery=task.delivery,
                variant=task.variant,
                refresh=task.refresh,
            )
        )
    return out


def _cohort_shares(instance: TeamInstance, schedule: Schedule) -> dict[int, float]:
    groups: dict[tuple[str, int], list[Task]] = {}
    for task in instance.tasks:
        if instance.in_cohort(task):
            groups.setdefault((task.item, schedule.cohort_of.get(task.index, 0)), []).append(task)
    shares: dict[int, float] = {}
    for (item, _), tasks in groups.items():
        cents = round(instance.cohorts[item].price * 100)
        base, extra = divmod(cents, len(tasks))
        for n, task in enumerate(tasks):
            shares[task.index] = (base + (1 if n < extra else 0)) / 100
    return shares


def sessions_for(instance: TeamInstance, assignments: list[Assignment]) -> list[Session]:
    """Each cohort as a private-cohort session; other items grouped by start week and delivery
    (public seats as `public-seat`, self-paced variants and exams as `self-paced`)."""
    groups: dict[str, list[Assignment]] = {}
    for a in assignments:
        key = a.cohort or f"{a.item} / {instance.name} / {a.start.isoformat()} / {_delivery(a)}"
        groups.setdefault(key, []).append(a)
    sessions = []
    for key, group in groups.items():
        spec = instance.cohorts.get(group[0].item) if group[0].cohort else None
        sessions.append(
            Session(
                id=key,
                item=group[0].item,
                delivery="private-cohort" if spec else _delivery(group[0]),
                seat_limit=spec.seat_limit if spec else None,
                start=min(a.start for a in group),
                end=max(a.end for a in group),
                cost_usd=round(sum(a.cost_usd for a in group), 2),
                members=tuple(a.member for a in group),
            )
        )
    return sessions


def _delivery(assignment: Assignment) -> str:
    """How an assignment outside a cohort is taken: a public seat, or self-paced (an exam is studied alone)."""
    return "public-seat" if assignment.delivery == "public-seat" else "self-paced"


def pooled_sessions(assignments: list[Assignment], seat_limits: dict[str, int]) -> list[Session]:
    """The organisation's pooled private cohorts (pooling.py), members from any team."""
    groups: dict[str, list[Assignment]] = {}
    for a in assignments:
        if a.cohort:
            groups.setdefault(a.cohort, []).append(a)
    return [
        Session(
            id=key,
            item=group[0].item,
            delivery="private-cohort",
            seat_limit=seat_limits.get(group[0].item),
            start=min(a.start for a in group),
            end=max(a.end for a in group),
            cost_usd=round(sum(a.cost_usd for a in group), 2),
            members=tuple(a.member for a in group),
        )
        for key, group in groups.items()
    ]
