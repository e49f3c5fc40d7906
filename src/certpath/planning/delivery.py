"""Which delivery variant of a course one person, or a team, pays for.

One person takes the cheapest adequate offering sold by the place: a free self-paced path
when there is one, else the cheapest self-paced course or public seat; never a private
cohort, and never a `partial` variant (one that teaches only part of the outline). A `dated`
variant (material out of date) is taken only when no current variant is sold (CURRENT-MATERIAL).

A team takes a course the way the catalogue says (`delivery`). A self-paced course costs
its cheapest self-paced seat. An instructor-led course is bought as public seats unless a
private cohort is cheaper for the seats it would fill: takers are split into blocks of
the cohort's seat limit, and a block (the last one may be partial) becomes a private
cohort only when the cohort costs less than buying that block's seats singly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from certpath.catalogue.model import Catalogue, Course, CourseVariant, Delivery
from certpath.planning.team_model import CohortSpec, Task


@dataclass(frozen=True, slots=True)
class Priced:
    """A variant with its price in USD (None when the catalogue does not know it)."""

    variant: CourseVariant
    usd: float | None


@dataclass(frozen=True, slots=True)
class TeamDelivery:
    """How a team buys one instructor-led course for `takers` people."""

    seat: Priced | None
    cohort: Priced | None
    seat_limit: int
    cohorts: int  # private cohorts bought
    in_cohorts: int  # takers seated in them; the others buy a public seat


def single_place(catalogue: Catalogue, course: Course) -> Priced | None:
    """The cheapest variant one person can buy alone (self-paced first on a tie); None if there is none."""
    return _cheapest(catalogue, course.offers("self-paced", "public-seat"))


def team_delivery(
    catalogue: Catalogue, course: Course, takers: int, *, cohort_size: int | None = None
) -> TeamDelivery:
    """Public seats or private cohorts for `takers` people, whichever costs less block by block."""
    seat = _cheapest(catalogue, course.offers("public-seat"), known_only=True)
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
    catalogue: Catalogue, tasks: Iterable[Task], *, cohort_size: int | None = None
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
        if item.delivery == "self-paced":
            chosen = _cheapest(catalogue, item.offers("self-paced"))
            for n in positions:
                out[n] = priced(out[n], chosen, "self-paced")
            continue
        plan = team_delivery(catalogue, item, len(positions), cohort_size=cohort_size)
        for rank, n in enumerate(positions):
            if rank < plan.in_cohorts and plan.cohort is not None:
                out[n] = replace(
                    out[n], delivery="private-cohort", variant=plan.cohort.variant.id, seat_cost=0.0
                )
            else:
                out[n] = priced(out[n], plan.seat or single_place(catalogue, item), "public-seat")
        if plan.cohorts and plan.cohort is not None:
            price = plan.cohort.usd or 0.0
            cohorts[item_id] = CohortSpec(item_id, plan.seat_limit, price, plan.cohort.variant.id)
    return out, cohorts


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
