"""COHORT-SEATS for any plan: a cohort's members start together and fit its seats.

A cohort may hold members of several teams (sessions pooled across the organisation), so
the checks group assignments by the cohort they name, never by team, and also read the
plan's `sessions[]` so a session listed over its own seat limit is caught too.
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


def _error(message: str, fix: str, subject: str, members: list[str]) -> Finding:
    return Finding("COHORT-SEATS", "error", message, fix, subject=subject, members=tuple(members))
