"""Sessions pooled across the organisation: one calendar of private cohorts per course, any team fills it.

Teams are still sequenced one by one (that is what keeps 100,000 people quick); the coupling is
a calendar chosen first and a repair pass after, each linear in the number of tasks:

1. Demand and calendar. The organisation's takers of each instructor-led course are counted and
   split into blocks of the cohort's seat limit by the rule of `delivery.team_delivery`: a block
   is a private cohort only when the cohort costs less than its seats bought singly, and never
   for one person. Every team is sequenced once without cohorts to learn the week each taker is
   ready; takers are ordered by that week and each block's session starts in the week its last
   member is ready, or the first week on or after it that holds a fixed date of the cohort
   variant's `sessions` calendar (an overlay's own runs), when it lists one.
2. Teams against the calendar. A seated task is released at its session's week; greedy places
   it there or later. A task that does not start in its session's week leaves the session and
   buys a public seat on its own dates; the others are pinned (CP-SAT keeps their week).
3. Repair. A session left with one member, or too few to beat single seats, becomes public
   seats on the same dates; every other session's price is split over its members to the cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from certpath.catalogue.model import Catalogue, Course
from certpath.planning.delivery import Priced, priced, single_place, team_delivery
from certpath.planning.greedy import Schedule, schedule_greedy
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
    courses = _pooled_courses(catalogue, instances, cohort_size)
    loose = [_without_cohorts(i, courses) for i in instances]
    ready = [schedule_greedy(i) for i in loose]
    seated = _calendar(loose, ready, courses)
    released = [
        replace(inst, tasks=[_seat(t, seated.get((n, t.index))) for t in inst.tasks])
        for n, inst in enumerate(loose)
    ]
    schedules = [schedule_greedy(i) for i in released]
    final = _repair(catalogue, released, schedules, courses)
    return Pooled(final, schedules, {k: c.seat_limit for k, c in courses.items()})


def _pooled_courses(
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
        plan = team_delivery(catalogue, course, count, cohort_size=cohort_size)
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


def _without_cohorts(instance: TeamInstance, courses: dict[str, PooledCourse]) -> TeamInstance:
    """The team with pooled courses taken per person (their cohorts live in the org calendar)."""
    cohorts = {k: v for k, v in instance.cohorts.items() if k not in courses}
    tasks = [
        replace(t, delivery="private-cohort", variant=courses[t.item].cohort.variant.id, seat_cost=0.0)
        if t.item in courses and t.delivery in ("public-seat", "private-cohort")
        else t
        for t in instance.tasks
    ]
    return replace(instance, tasks=tasks, cohorts=cohorts)


def _calendar(
    instances: list[TeamInstance], ready: list[Schedule], courses: dict[str, PooledCourse]
) -> dict[Slot, tuple[str, int]]:
    """(instance, task) -> (session id, week) for every taker seated in a private cohort."""
    by_item: dict[str, list[tuple[int, str, int, int]]] = {}
    for n, (inst, schedule) in enumerate(zip(instances, ready, strict=True)):
        for task in inst.tasks:
            if task.item in courses and task.delivery == "private-cohort":
                by_item.setdefault(task.item, []).append(
                    (schedule.starts[task.index], task.member, n, task.index)
                )
    seated: dict[Slot, tuple[str, int]] = {}
    for item, rows in by_item.items():
        course = courses[item]
        rows.sort()
        blocks = [rows[i : i + course.seat_limit] for i in range(0, len(rows), course.seat_limit)]
        number = 0
        for block in blocks:
            if not course.beats_seats(len(block)):
                continue
            number += 1
            week = _session_week(course, max(r[0] for r in block))
            for _, _, n, index in block:
                seated[(n, index)] = (f"{item} #{number}", week)
    return seated


def _session_week(course: PooledCourse, ready: int) -> int:
    return next((w for w in course.fixed_weeks if w >= ready), ready)


def _seat(task: Task, session: tuple[str, int] | None) -> Task:
    if session is None:
        return task
    sid, week = session
    return replace(task, session=sid, release=max(task.release, week))


def _repair(
    catalogue: Catalogue,
    instances: list[TeamInstance],
    schedules: Sequence[Schedule],
    courses: dict[str, PooledCourse],
) -> list[TeamInstance]:
    """Leave sessions whose week was missed, turn thin sessions into seats, split cohort prices."""
    members: dict[str, list[Slot]] = {}
    for n, (inst, schedule) in enumerate(zip(instances, schedules, strict=True)):
        for task in inst.tasks:
            if task.session and schedule.starts[task.index] == task.release:
                members.setdefault(task.session, []).append((n, task.index))
    shares: dict[Slot, float] = {}
    for sid, slots in members.items():
        course = courses[sid.rsplit(" #", 1)[0]]
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
                tasks.append(replace(task, session=own, release=week, seat_cost=cost))
            else:
                single = replace(task, session="")
                tasks.append(priced(single, courses[task.item].seat, "public-seat"))
        out.append(replace(inst, tasks=tasks))
    return out
