"""Put an ordered list of pathway items on a calendar for one person.

Each item takes ceil(hours / hours_per_week) weeks, one after another. An item
waits while its experience gate is closed or it is not yet available, and the
items behind it move up. A credential that would retire before its exam date is
replaced by its successor. Each credential is followed by its portfolio project.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from certpath.catalogue.model import Catalogue, Course, CourseVariant, Credential, Item, Project
from certpath.catalogue.validity import add_months
from certpath.kernel import Finding
from certpath.planning.advice import Step
from certpath.planning.delivery import single_place


@dataclass
class Candidate:
    """An item chosen for the pathway, with the reasons gathered so far."""

    item: Item
    reasons: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    optional: bool = False
    goal_step: int | None = None  # its step number in the goal's pathway (the budget keeps the first)


@dataclass(frozen=True)
class Calendar:
    today: date
    hours_per_week: float
    ml_months: int
    start: date | None = None  # the first free day, when earlier steps (renewals) come first
    engineer: bool = True  # False: portfolio projects without programming


def schedule(
    catalogue: Catalogue, candidates: list[Candidate], cal: Calendar
) -> tuple[list[Step], list[Finding]]:
    """Dated steps for the candidates, in order, with portfolio projects after credentials."""
    steps: list[Step] = []
    findings: list[Finding] = []
    pending = list(candidates)
    order = {id(c): i for i, c in enumerate(candidates)}
    placed: list[int] = []
    cursor = cal.start or cal.today
    paired: set[str] = set()
    while pending:
        candidate = _next_ready(pending, cursor, cal)
        pending.remove(candidate)
        _note_gate(candidate, cal, overtaken=any(i > order[id(candidate)] for i in placed))
        placed.append(order[id(candidate)])
        cursor = max(cursor, _opens_on(candidate.item, cal))
        candidate = _current_at_exam(catalogue, candidate, cursor, cal, findings)
        cursor = max(cursor, _opens_on(candidate.item, cal))  # a successor may open later
        steps.append(_step(catalogue, candidate, cursor, cal))
        cursor = steps[-1].end + timedelta(days=1)
        project = _project_for(catalogue, candidate.item, paired, engineer=cal.engineer)
        if project is not None:
            steps.append(_project_step(project, candidate.item, cursor, cal, again=project.id in paired))
            paired.add(project.id)
            steps[-2] = replace(steps[-2], portfolio=project.id)
            cursor = steps[-1].end + timedelta(days=1)
    return steps, findings


def _next_ready(pending: list[Candidate], cursor: date, cal: Calendar) -> Candidate:
    """The first candidate that can start now; if none can, the one that opens soonest."""
    for candidate in pending:
        if _opens_on(candidate.item, cal) <= cursor:
            return candidate
    return min(pending, key=lambda c: _opens_on(c.item, cal))


def _note_gate(candidate: Candidate, cal: Calendar, *, overtaken: bool) -> None:
    item = candidate.item
    if not isinstance(item, Credential):
        return
    gate = item.experience.gate_ml_months
    if gate is not None and cal.ml_months < gate:
        opens = add_months(cal.today, gate - cal.ml_months)
        moved = " Steps that were behind it go first." if overtaken else ""
        candidate.reasons.append(
            f"It asks for about {gate} months of hands-on ML and you have {cal.ml_months}; assuming you "
            f"keep doing ML work, the gate opens on {opens} (EXPERIENCE-GATE).{moved}"
        )
        candidate.rules.append("EXPERIENCE-GATE")
    elif gate is not None:
        candidate.reasons.append(
            f"With {cal.ml_months} months of hands-on ML you are past its {gate}-month gate (EXPERIENCE-GATE)."
        )
        candidate.rules.append("EXPERIENCE-GATE")
    available = item.lifecycle.available_from
    if available and available > cal.today:
        candidate.reasons.append(f"{item.id} can first be taken on {available}.")


def _opens_on(item: Item, cal: Calendar) -> date:
    """The first day the item can start: its experience gate and its availability."""
    if not isinstance(item, Credential):
        return cal.today
    opens = cal.today
    gate = item.experience.gate_ml_months
    if gate is not None and cal.ml_months < gate:
        opens = add_months(cal.today, gate - cal.ml_months)
    available = item.lifecycle.available_from
    return max(opens, available) if available else opens


def _current_at_exam(
    catalogue: Catalogue, candidate: Candidate, start: date, cal: Calendar, findings: list[Finding]
) -> Candidate:
    """Swap in the successor when the credential retires before this step's exam date."""
    item = candidate.item
    while isinstance(item, Credential):
        exam = start + timedelta(weeks=_weeks(item, cal)) - timedelta(days=1)
        retires = item.lifecycle.retires_on
        if retires is None or exam <= retires:
            _warn_if_retiring_soon(item, exam, findings)
            break
        successor_id = item.lifecycle.successor
        if successor_id is None:
            break
        successor = catalogue.credentials[successor_id]
        candidate.reasons.append(
            f"{item.id} retires on {retires}, before this exam date ({exam}), so its successor "
            f"{successor.id} takes its place (CURRENT-MATERIAL)."
        )
        candidate.rules.append("CURRENT-MATERIAL")
        item = successor
    candidate.item = item
    return candidate


def _warn_if_retiring_soon(item: Credential, exam: date, findings: list[Finding]) -> None:
    retires = item.lifecycle.retires_on
    if retires is None or (retires - exam).days > 365:
        return
    successor = item.lifecycle.successor
    after = f"; plan the move to {successor}" if successor else ""
    findings.append(
        Finding(
            rule="CURRENT-MATERIAL",
            severity="warning",
            message=f"{item.id} retires on {retires}, {(retires - exam).days} days after the planned exam; "
            f"a pass stays valid until it expires but cannot be renewed after the retirement{after}.",
            fix=f"Take the exam well before {retires}, or start with {successor} once it is available."
            if successor
            else f"Take the exam before {retires}.",
            subject=item.id,
        )
    )


def _weeks(item: Item, cal: Calendar) -> int:
    return max(1, math.ceil(hours_of(item) / cal.hours_per_week))


def hours_of(item: Item) -> float:
    """Planned study hours for an item (unknown counts as zero)."""
    fact = item.study_hours if isinstance(item, Credential) else item.hours
    return fact.value or 0.0


def cost_of(catalogue: Catalogue, item: Item) -> float | None:
    """One person's cost in USD: the exam fee, a seat, or a seat's share of a cohort; None if unknown."""
    if isinstance(item, Credential):
        return catalogue.to_usd(item.price)
    if isinstance(item, Course):
        chosen = single_place(catalogue, item)
        if chosen is not None:
            return chosen.usd
        cohorts = [(catalogue.to_usd(v.price), v.seat_limit or 1) for v in item.offers("private-cohort")]
        shares = [round(price / seats, 2) for price, seats in cohorts if price is not None]
        return min(shares, default=None)  # only sold as a cohort: a seat's share
    return 0.0


def _offering(catalogue: Catalogue, item: Item) -> tuple[CourseVariant | None, str]:
    """The variant one person buys for a course, and a sentence saying which and why."""
    if not isinstance(item, Course):
        return None, ""
    chosen = single_place(catalogue, item)
    if chosen is None:
        return None, "It is only sold as a private cohort: join one your organisation runs."
    v = chosen.variant
    price = "free" if chosen.usd == 0 else "price unknown" if chosen.usd is None else f"USD {chosen.usd:,.0f}"
    return (
        v,
        f"Take it as {v.programme} by {v.provider} ({v.delivery}, {price}): the cheapest way for one person.",
    )


def layer_of(item: Item) -> int:
    return item.layer if isinstance(item, Credential | Course) else 0


def _step(catalogue: Catalogue, candidate: Candidate, start: date, cal: Calendar) -> Step:
    item = candidate.item
    weeks = _weeks(item, cal)
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    variant, how = _offering(catalogue, item)
    return Step(
        item=item.id,
        name=item.name,
        kind=item.kind,
        layer=layer_of(item),
        cost_usd=cost_of(catalogue, item),
        study_hours=hours_of(item),
        start=start,
        end=end,
        start_week=_week(cal.today, start),
        end_week=_week(cal.today, end),
        reason=" ".join(r for r in (*candidate.reasons, how) if r),
        rules=tuple(dict.fromkeys(candidate.rules)),
        optional=candidate.optional,
        variant=variant,
    )


def _project_for(catalogue: Catalogue, item: Item, paired: set[str], *, engineer: bool) -> Project | None:
    """A fresh project for the credential; an engineer's codes, a non-engineer's does not where one exists."""
    if not isinstance(item, Credential):
        return None
    projects = sorted(catalogue.projects_for(item.id), key=lambda p: p.coding != engineer)
    if not engineer and any(not p.coding for p in projects):
        projects = [p for p in projects if not p.coding]
    fresh = [p for p in projects if p.id not in paired]
    return fresh[0] if fresh else projects[0] if projects else None


def _project_step(project: Project, credential: Item, start: date, cal: Calendar, *, again: bool) -> Step:
    weeks = max(1, math.ceil((project.hours.value or 0) / cal.hours_per_week))
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    return Step(
        item=project.id,
        name=project.name,
        kind="project",
        layer=layer_of(credential),
        cost_usd=0.0,
        study_hours=project.hours.value or 0.0,
        start=start,
        end=end,
        start_week=_week(cal.today, start),
        end_week=_week(cal.today, end),
        reason=(
            f"Extend your {project.name} project with what {credential.id} adds (PORTFOLIO-PAIRING)."
            if again
            else f"Public portfolio work to pair with {credential.id}: {project.deliverable} (PORTFOLIO-PAIRING)."
        ),
        rules=("PORTFOLIO-PAIRING",),
        pairs_with=credential.id,
    )


def week_of(today: date, day: date) -> int:
    """The 1-based week of `day` counted from `today`."""
    return _week(today, day)


def _week(today: date, day: date) -> int:
    return (day - today).days // 7 + 1
