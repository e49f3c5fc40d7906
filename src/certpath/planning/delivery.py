"""Which delivery variant of a course one person, or a team, pays for.

One person takes the cheapest adequate offering sold by the place: a free self-paced path
when there is one, else the cheapest self-paced course or public seat; never a private
cohort, and never a `partial` variant (one that teaches only part of the outline). A `dated`
variant (material out of date) is taken only when no current variant is sold (CURRENT-MATERIAL).

A team takes a self-paced course at its cheapest self-paced seat. An instructor-led course
may be studied self-paced under SELF-PACED (`self_paced_place`, the one place that rule
lives): when a self-paced variant teaches the whole outline (not `partial`) at a known price
and the team policy does not keep the course's layer instructor-led (`instructor_led_layers`).
A member then buys the cheaper of that self-paced place and a public seat, the self-paced one
on a tie, as it waits for no session. Takers are split into blocks of the cohort's seat
limit, and a block (the last one may be partial) becomes a private cohort only when the
cohort costs less than buying that block's places singly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from certpath.catalogue.model import Catalogue, Course, CourseVariant, Delivery, TeamPolicy
from certpath.planning.team_model import CohortSpec, Task


@dataclass(frozen=True, slots=True)
class Priced:
    """A variant with its price in USD (None when the catalogue does not know it)."""

    variant: CourseVariant
    usd: float | None


@dataclass(frozen=True, slots=True)
class TeamDelivery:
    """How a team buys one instructor-led course for `takers` people."""

    seat: Priced | None  # what a taker outside a cohort buys: a public seat or a self-paced place
    cohort: Priced | None
    seat_limit: int
    cohorts: int  # private cohorts bought
    in_cohorts: int  # takers seated in them; the others buy a public seat


def single_place(catalogue: Catalogue, course: Course) -> Priced | None:
    """The cheapest variant one person can buy alone (self-paced first on a tie); None if there is none."""
    return _cheapest(catalogue, course.offers("self-paced", "public-seat"))


def self_paced_place(catalogue: Catalogue, course: Course, policy: TeamPolicy) -> Priced | None:
    """SELF-PACED: the self-paced variant a team member may take for `course`; None when they may not.

    A self-paced course is always taken self-paced. An instructor-led course may be, unless
    the policy keeps its layer instructor-led, through its cheapest self-paced variant that
    teaches the whole outline (never a `partial` one) at a known price (a null price is
    never relied on).
    """
    if course.delivery == "self-paced":
        return _cheapest(catalogue, course.offers("self-paced"))
    if course.layer in policy.instructor_led_layers:
        return None
    return _cheapest(catalogue, course.offers("self-paced"), known_only=True)


def team_delivery(
    catalogue: Catalogue,
    course: Course,
    takers: int,
    *,
    cohort_size: int | None = None,
    alone: Priced | None = None,
) -> TeamDelivery:
    """Places bought singly or private cohorts for `takers` people, whichever costs less block by
    block. A single place is a public seat, or `alone` (a self-paced place) when that costs no more."""
    seat = _cheapest(catalogue, course.offers("public-seat"), known_only=True)
    if alone is not None and alone.usd is not None and (seat is None or (alone.usd <= (seat.usd or 0.0))):
        seat = alone
    cohort = _cheapest_cohort(catalogue, course)
    limit = cohort_size or (cohort.variant.seat_limit if cohort and cohort.variant.seat_limit else 20)
    if cohort is None or cohort.usd is None:
        return TeamDelivery(seat, None, limit, 0, 0)
    full, rest = divmod(takers, limit)
    blocks = [limit] * full + ([rest] if rest else [])
    if seat is None or seat.usd is None:
        return TeamDelivery(seat, cohort, limit, len(blocks), takers)
    chosen = [b for b in blocks if cohort.usd < b * seat.usd]
    return TeamDelivery(seat, cohort, limit, len(chosen), sum(chosen))


def assign_deliveries(
    catalogue: Catalogue, tasks: Iterable[Task], policy: TeamPolicy, *, cohort_size: int | None = None
) -> tuple[list[Task], dict[str, CohortSpec]]:
    """Tasks with their delivery, variant and seat cost set, and the private cohorts they fill."""
    out = list(tasks)
    cohorts: dict[str, CohortSpec] = {}
    by_item: dict[str, list[int]] = {}
    for n, task in enumerate(out):
        by_item.setdefault(task.item, []).append(n)
    for item_id, positions in by_item.items():
        item = catalogue.item(item_id)
        if not isinstance(item, Course):
            continue
        alone = self_paced_place(catalogue, item, policy)
        if item.delivery == "self-paced":
            for n in positions:
                out[n] = priced(out[n], alone, "self-paced")
            continue
        plan = team_delivery(catalogue, item, len(positions), cohort_size=cohort_size, alone=alone)
        for rank, n in enumerate(positions):
            if rank < plan.in_cohorts and plan.cohort is not None:
                out[n] = replace(
                    out[n], delivery="private-cohort", variant=plan.cohort.variant.id, seat_cost=0.0
                )
            else:
                out[n] = priced(out[n], plan.seat or single_place(catalogue, item), "public-seat")
                if out[n].delivery == "self-paced" and plan.seat is not None:
                    out[n] = replace(out[n], reason=_self_paced_reason(out[n].reason, plan.seat))
        if plan.cohorts and plan.cohort is not None:
            price = plan.cohort.usd or 0.0
            cohorts[item_id] = CohortSpec(item_id, plan.seat_limit, price, plan.cohort.variant.id)
    return out, cohorts


def _self_paced_reason(reason: str, place: Priced) -> str:
    """The task's reason with the sentence saying why a class is studied self-paced (once)."""
    if "(SELF-PACED)" in reason:
        return reason
    v = place.variant
    price = "free" if place.usd == 0 else f"USD {place.usd:,.0f}"
    why = f"Self-paced through {v.programme} by {v.provider} ({price}): it teaches the whole course (SELF-PACED)."
    return f"{reason} {why}".strip()


def cohort_seat_limit(course: Course | None, variant: str) -> int | None:
    """The seats of the private cohort a plan names (the largest of the course's for older plans)."""
    offers = course.offers("private-cohort") if course else ()
    limits = [x.seat_limit for x in offers if x.seat_limit and variant in ("", x.id)]
    return max(limits, default=None)


def priced(task: Task, chosen: Priced | None, delivery: Delivery) -> Task:
    if chosen is None:
        return replace(task, delivery=delivery, variant="", seat_cost=0.0)
    return replace(
        task, delivery=chosen.variant.delivery, variant=chosen.variant.id, seat_cost=chosen.usd or 0.0
    )


def _cheapest(
    catalogue: Catalogue, variants: Iterable[CourseVariant], *, known_only: bool = False
) -> Priced | None:
    whole = [v for v in variants if not v.partial]
    current = [v for v in whole if not v.dated]  # CURRENT-MATERIAL: dated only when nothing else is
    priced = [Priced(v, catalogue.to_usd(v.price)) for v in current or whole]
    known = [p for p in priced if p.usd is not None]
    if known:
        return min(known, key=lambda p: (p.usd or 0.0, p.variant.delivery != "self-paced"))
    return None if known_only or not priced else priced[0]


def _cheapest_cohort(catalogue: Catalogue, course: Course) -> Priced | None:
    priced = [Priced(v, catalogue.to_usd(v.price)) for v in course.offers("private-cohort")]
    known = [p for p in priced if p.usd is not None]
    if not known:
        return priced[0] if priced else None
    return min(known, key=lambda p: (p.usd or 0.0) / (p.variant.seat_limit or 1))
