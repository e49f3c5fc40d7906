"""Sessions pooled across the organisation: one calendar of private cohorts per course, any team fills it.

Teams are still sequenced by the greedy placer, team by team in their own order (that is what
keeps 100,000 people quick); the coupling is a calendar built while they are placed and a
repair pass after, each linear in the number of tasks:

1. Demand. The organisation's takers of each instructor-led course are counted; the course is
   pooled when its cheapest private cohort has a known price (`delivery.team_delivery`).
2. Calendar (session_calendar.py). Takers are seated in shared sessions in the order they become
   ready; a session is opened only for a block of takers that beats single seats, never for one
   person while a seat can be bought; fixed dates of the cohort variant's `sessions` (an
   overlay's own runs) are used when it lists them. A seated task carries its session's week
   and starts there (CP-SAT keeps it); the lower bounds ignore that week, so the plan's bounds
   say what any calendar could reach.
3. Repair. A session left with one member, or too few to beat single seats, becomes public
   seats on the same dates; every other session's price is split over its members to the cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from certpath.catalogue.model import Catalogue, Course
from certpath.planning.delivery import Priced, priced, self_paced_place, single_place, team_delivery
from certpath.planning.greedy import Schedule
from certpath.planning.session_calendar import sequence_with_calendar
from certpath.planning.team_model import Task, TeamInstance

#: Where a task sits: (instance position, task index).
Slot = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PooledCourse:
    """One instructor-led course bought for the organisation: its cohort, seat and seat limit."""

    item: str
    cohort: Priced
    seat: Priced | None
    seat_limit: int
    fixed_weeks: tuple[int, ...]  # weeks holding a fixed session date of the cohort variant

    def beats_seats(self, members: int) -> bool:
        """True when a cohort of `members` people costs less than their seats bought singly."""
        if members < 2:
            return self.seat is None
        return (
            self.seat is None or self.seat.usd is None or (self.cohort.usd or 0.0) < members * self.seat.usd
        )

    def prices(self) -> tuple[float, float | None]:
        """USD of a session and of a single seat (None when no seat is sold at a known price)."""
        return self.cohort.usd or 0.0, None if self.seat is None else self.seat.usd


@dataclass
class Pooled:
    """Teams with pooled sessions set on their tasks, and greedy's schedule of each team."""

    instances: list[TeamInstance]
    schedules: list[Schedule]
    seat_limits: dict[str, int]  # course -> seats of its pooled sessions


def pool_sessions(
    catalogue: Catalogue, instances: list[TeamInstance], *, cohort_size: int | None = None
) -> Pooled:
    """Choose the organisation's session calendar and seat every team's takers in it (steps 1-3)."""
    courses = pooled_courses(catalogue, instances, cohort_size)
    loose = [without_cohorts(i, courses) for i in instances]
    schedules, seated = sequence_with_calendar(loose, courses)
    released = [
        replace(inst, tasks=[_seat(t, seated.get((n, t.index))) for t in inst.tasks])
        for n, inst in enumerate(loose)
    ]
    final = repair_sessions(released, schedules, courses)
    return Pooled(final, schedules, {k: c.seat_limit for k, c in courses.items()})


def pooled_courses(
    catalogue: Catalogue, instances: list[TeamInstance], cohort_size: int | None
) -> dict[str, PooledCourse]:
    takers: dict[str, int] = {}
    for inst in instances:
        for task in inst.tasks:
            if task.delivery in ("public-seat", "private-cohort"):
                takers[task.item] = takers.get(task.item, 0) + 1
    start = instances[0].start if instances else None
    out = {}
    for item_id, count in takers.items():
        course = catalogue.item(item_id)
        if not isinstance(course, Course) or course.delivery == "self-paced":
            continue
        alone = self_paced_place(catalogue, course, instances[0].policy)  # SELF-PACED, as per team
        plan = team_delivery(catalogue, course, count, cohort_size=cohort_size, alone=alone)
        if plan.cohort is None or plan.cohort.usd is None:
            continue
        weeks = tuple(
            sorted(
                {
                    (s.start - start).days // 7
                    for s in plan.cohort.variant.sessions
                    if start and s.start >= start
                }
            )
        )
        seat = plan.seat or single_place(catalogue, course)
        out[item_id] = PooledCourse(item_id, plan.cohort, seat, plan.seat_limit, weeks)
    return out


def without_cohorts(instance: TeamInstance, courses: dict[str, PooledCourse]) -> TeamInstance:
    """The team with pooled courses taken per person (their cohorts live in the org calendar)."""
    cohorts = {k: v for k, v in instance.cohorts.items() if k not in courses}
    tasks = [
        replace(t, delivery="private-cohort", variant=courses[t.item].cohort.variant.id, seat_cost=0.0)
        if t.item in courses and t.delivery in ("public-seat", "private-cohort")
        else t
        for t in instance.tasks
    ]
    return replace(instance, tasks=tasks, cohorts=cohorts)


def _seat(task: Task, session: tuple[str, int] | None) -> Task:
    if session is None:
        return task
    sid, week = session
    return replace(task, session=sid, session_week=week)


def repair_sessions(
    instances: list[TeamInstance],
    schedules: Sequence[Schedule],
    courses: dict[str, PooledCourse],
) -> list[TeamInstance]:
    """Step 3: a seat whose session week was missed, or in a session too thin to beat single seats,
    becomes a public seat on its own dates; every other session's price is split over its members."""
    members: dict[str, list[Slot]] = {}
    item_of: dict[str, str] = {}
    for n, (inst, schedule) in enumerate(zip(instances, schedules, strict=True)):
        for task in inst.tasks:
            if task.session and schedule.starts[task.index] == task.session_week:
                members.setdefault(task.session, []).append((n, task.index))
                item_of[task.session] = task.item
    shares: dict[Slot, float] = {}
    for sid, slots in members.items():
        course = courses[item_of[sid]]
        if not course.beats_seats(len(slots)):
            continue
        base, extra = divmod(round((course.cohort.usd or 0.0) * 100), len(slots))
        for k, slot in enumerate(sorted(slots)):
            shares[slot] = (base + (1 if k < extra else 0)) / 100
    out = []
    for n, inst in enumerate(instances):
        tasks = []
        for task in inst.tasks:
            if task.item not in courses or task.delivery != "private-cohort":
                tasks.append(task)
            elif (n, task.index) in shares:
                tasks.append(replace(task, seat_cost=shares[(n, task.index)]))
            elif courses[task.item].seat is None:  # no seat is sold: a cohort of its own
                own = f"{task.item} / {task.member}"
                week = schedules[n].starts[task.index]
                cost = courses[task.item].cohort.usd or 0.0
                tasks.append(replace(task, session=own, session_week=week, seat_cost=cost))
            else:
                single = replace(task, session="")
                tasks.append(priced(single, courses[task.item].seat, "public-seat"))
        out.append(replace(inst, tasks=tasks))
    return out
