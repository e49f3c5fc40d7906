"""COHORT-SEATS and SELF-PACED for any plan: how each course is delivered.

COHORT-SEATS: a cohort's members start together and fit its seats. A cohort may hold members of several teams (sessions pooled across the organisation), so
the checks group assignments by the cohort they name, never by team, and also read the
plan's `sessions[]` so a session listed over its own seat limit is caught too.

SELF-PACED: an instructor-led course is studied self-paced only in a layer the policy does
not keep instructor-led, and only through a self-paced variant that teaches the whole outline.
"""

from __future__ import annotations

from collections.abc import Iterator

from certpath.catalogue.model import Catalogue
from certpath.kernel import Finding, how_many
from certpath.planning.delivery import cohort_seat_limit
from certpath.planning.plan import Assignment, Plan


def cohort_seats(plan: Plan, catalogue: Catalogue) -> Iterator[Finding]:
    """Every COHORT-SEATS error of the plan."""
    groups: dict[str, list[Assignment]] = {}
    for a in plan.assignments:
        if a.cohort:
            groups.setdefault(a.cohort, []).append(a)
    for cohort, items in groups.items():
        course = catalogue.courses.get(items[0].item)
        if len({a.start for a in items}) > 1:
            yield _error(
                f"Cohort {cohort} has members starting on different days.",
                "Give everyone in a cohort the same start.",
                cohort,
                [a.member for a in items],
            )
        seats = plan.cohort_size or cohort_seat_limit(course, items[0].variant)
        if seats and len(items) > seats:
            yield _error(
                f"Cohort {cohort} has {how_many(len(items), 'person')} for {how_many(seats, 'seat')}.",
                "Split it into more cohorts.",
                cohort,
                [a.member for a in items],
            )
    for session in plan.sessions:
        if session.seat_limit is not None and session.seats_filled > session.seat_limit:
            yield _error(
                f"Session {session.id} lists {how_many(session.seats_filled, 'person')} for {how_many(session.seat_limit, 'seat')}.",
                "Move the extra people to another session of the course or to public seats.",
                session.id,
                list(session.members),
            )


def self_paced(plan: Plan, catalogue: Catalogue) -> Iterator[Finding]:
    """Every SELF-PACED error of the plan."""
    for a in plan.assignments:
        course = catalogue.courses.get(a.item)
        if course is None or a.delivery != "self-paced" or course.delivery != "instructor-led":
            continue
        variant = next((v for v in course.variants if v.id == a.variant), None)
        if course.layer in plan.policy.instructor_led_layers:
            yield _error(
                f"{a.member} studies {a.item} self-paced, but the {plan.policy.id} policy keeps Layer "
                f"{course.layer} instructor-led.",
                "Seat them in a session or a public class of the course.",
                a.item,
                [a.member],
                rule="SELF-PACED",
            )
        elif variant is not None and (variant.delivery != "self-paced" or variant.partial):
            yield _error(
                f"{a.member} studies {a.item} self-paced through {variant.id}, which is not a complete "
                "self-paced variant.",
                "Use a self-paced variant that teaches the whole outline, or a class.",
                a.item,
                [a.member],
                rule="SELF-PACED",
            )


def _error(
    message: str, fix: str, subject: str, members: list[str], *, rule: str = "COHORT-SEATS"
) -> Finding:
    return Finding(rule, "error", message, fix, subject=subject, members=tuple(members))
