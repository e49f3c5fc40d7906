"""BUDGET for one person: what a budget keeps when the whole pathway costs more.

Renewals of held credentials come first, then the credential that carries the goal
(the first credential of the goal's pathway, with its required courses), then the goal's
other steps, then the other credentials in pathway order, then courses. Within each class, items are kept in order
while they fit; what does not fit is listed with its cost.

FUNDAMENTALS-FIRST holds at any budget: when the budget leaves out the literacy exam or Layer 1
course that opens the pathway, the cheapest Layer 1 course that still fits takes its place (at a
zero budget, a free one), and the exam stays listed with its price for later.
"""

from __future__ import annotations

from certpath.catalogue.model import Catalogue, Credential
from certpath.kernel import Finding
from certpath.planning.advice import SetAside, Step
from certpath.planning.fundamentals import is_fundamental
from certpath.planning.scheduling import Candidate, cost_of

CARRIER, GOAL, CREDENTIAL, COURSE = 0, 1, 2, 3


def apply_budget(
    catalogue: Catalogue,
    renewals: list[Step],
    candidates: list[Candidate],
    *,
    budget: float | None,
    findings: list[Finding],
    engineer: bool = True,
) -> tuple[list[Step], list[Candidate], list[SetAside]]:
    """The renewals and candidates a budget keeps, and what it leaves out (BUDGET findings appended)."""
    if budget is None:
        return renewals, candidates, []
    renewals, left_out = keep_renewals(renewals, budget)
    spent = sum(s.cost_usd or 0 for s in renewals)
    kept, over, budget_findings = select_within_budget(catalogue, candidates, budget=budget, spent=spent)
    if candidates and is_fundamental(candidates[0].item) and candidates[0] not in kept:
        left = budget - spent - sum(cost_of(catalogue, c.item) or 0 for c in kept)
        stand_in = _affordable_fundamentals(catalogue, left, engineer=engineer, instead=candidates[0])
        if stand_in is not None:
            kept = [stand_in, *kept]
            budget_findings = [f for f in budget_findings if f.rule != "FUNDAMENTALS-FIRST"]
    findings += budget_findings
    return renewals, kept, left_out + over


def _affordable_fundamentals(
    catalogue: Catalogue, left: float, *, engineer: bool, instead: Candidate
) -> Candidate | None:
    """The Layer 1 course (own track first) that fits what is left of the budget, standing in."""
    tracks = ("L1-TECHNICAL", "L1-EVERYONE") if engineer else ("L1-EVERYONE",)
    for course_id in tracks:
        course = catalogue.courses.get(course_id)
        cost = cost_of(catalogue, course) if course else None
        if course is None or course.id == instead.item.id or cost is None or cost > left + 1e-9:
            continue
        price = cost_of(catalogue, instead.item)
        later = "price unknown" if price is None else f"${price:,.0f}"
        reason = (
            f"The budget leaves out {instead.item.id} ({later}), so {course.id} "
            f"({'free' if cost == 0 else f'${cost:,.0f}'}) puts the fundamentals in place first; "
            f"take {instead.item.id} later, when the budget allows (FUNDAMENTALS-FIRST, BUDGET)."
        )
        return Candidate(course, [reason], ["FUNDAMENTALS-FIRST", "L1-FIRST", "BUDGET"])
    return None


def keep_renewals(renewals: list[Step], budget: float | None) -> tuple[list[Step], list[SetAside]]:
    """The renewal steps that fit the budget, in order, and the ones that do not."""
    if budget is None:
        return renewals, []
    kept: list[Step] = []
    spent = 0.0
    for index, step in enumerate(renewals):
        if spent + (step.cost_usd or 0) > budget + 1e-9:
            return kept, [SetAside(s.item, s.name, "over budget", s.cost_usd) for s in renewals[index:]]
        kept.append(step)
        spent += step.cost_usd or 0
    return kept, []


def select_within_budget(
    catalogue: Catalogue, candidates: list[Candidate], *, budget: float, spent: float
) -> tuple[list[Candidate], list[SetAside], list[Finding]]:
    """Candidates kept by priority within `budget` (of which `spent` is gone), in their own order."""
    groups = _groups(candidates)
    goal_credentials = [
        g for g in groups if g[-1].goal_step is not None and isinstance(g[-1].item, Credential)
    ]
    carrier = min(goal_credentials, key=lambda g: g[-1].goal_step or 0, default=None)
    total = spent
    kept: set[int] = set()
    for rank in (CARRIER, GOAL, CREDENTIAL, COURSE):
        for group in (g for g in groups if _rank(g, carrier) == rank):
            cost = sum(cost_of(catalogue, c.item) or 0 for c in group)
            if total + cost > budget + 1e-9:
                break
            total += cost
            kept.update(id(c) for c in group)
    chosen = [c for c in candidates if id(c) in kept]
    left = [
        SetAside(c.item.id, c.item.name, "over budget", cost_of(catalogue, c.item))
        for c in candidates
        if id(c) not in kept
    ]
    if not left:
        return chosen, [], []
    return chosen, left, [_finding(budget, total, left, carrier), *_fundamentals_left_out(catalogue, left)]


def _fundamentals_left_out(catalogue: Catalogue, left: list[SetAside]) -> list[Finding]:
    course = next(
        (s for s in left if s.item in catalogue.courses and catalogue.courses[s.item].layer == 1), None
    )
    if course is None:
        return []
    return [
        Finding(
            "FUNDAMENTALS-FIRST",
            "warning",
            f"The budget leaves out the Layer 1 course {course.item}; the fundamentals should still come first.",
            f"Raise the budget by ${course.cost_usd or 0:,.0f}, or overlay a cheaper Layer 1 course you can use.",
            course.item,
        )
    ]


def _groups(candidates: list[Candidate]) -> list[list[Candidate]]:
    """Each candidate with the required items inserted right before it (kept or left out together)."""
    groups: list[list[Candidate]] = []
    pending: list[Candidate] = []
    for candidate in candidates:
        pending.append(candidate)
        if "PREREQUISITE" not in candidate.rules:
            groups.append(pending)
            pending = []
    return groups + ([pending] if pending else [])


def _rank(group: list[Candidate], carrier: list[Candidate] | None) -> int:
    if group is carrier:
        return CARRIER
    if group[-1].goal_step is not None:
        return GOAL
    return CREDENTIAL if isinstance(group[-1].item, Credential) else COURSE


def _finding(budget: float, total: float, left: list[SetAside], carrier: list[Candidate] | None) -> Finding:
    names = ", ".join(
        f"{s.item} ({'price unknown' if s.cost_usd is None else f'${s.cost_usd:,.0f}'})" for s in left
    )
    missing = round(total + sum(s.cost_usd or 0 for s in left) - budget, 2)
    first = f"the credential that carries your goal ({carrier[-1].item.id}), then " if carrier else ""
    return Finding(
        "BUDGET",
        "warning",
        f"A budget of ${budget:,.0f} covers ${total:,.0f} of the pathway, kept in this order: renewals, "
        f"{first}the goal's other steps, other credentials, then courses; left out: {names}.",
        f"Another ${max(missing, 0):,.0f} would cover the whole pathway.",
        None,
    )
