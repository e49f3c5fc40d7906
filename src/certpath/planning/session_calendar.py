"""The organisation's session calendar, chosen while every team is sequenced (pooling.py, steps 1-2).

Each team's units are placed in greedy's own order. A team stops at its next unit of a pooled
course; when every team has stopped, the course that comes first in the layer order is taken
up for all teams stopped at it, so each taker's ready week (the first week the rules allow and they are free) is exact then.
A layer's session course comes before its self-paced ones in that order (greedy.unit_key), so the
ready week is when the rules first allow the session, and self-paced work fills the wait. Takers,
in ready order, first join an open session of the course that starts within
`JOIN_WAIT_WEEKS` of their ready week and has a free seat; the rest are cut into blocks of at
most the seat limit where the waiting they save pays for another session, and a taker far
from the others buys a seat rather than hold a session back (`blocks_of`); a block that beats
single seats becomes a session in the week its last member is ready (or the first fixed date of
the cohort variant on or after it). Whoever is busy in their session's week, or is in a block
too thin to pay, is placed on their own (a public seat after repair).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from certpath.planning.greedy import Placer, QuarterLedger, Schedule, unit_key, units_of
from certpath.planning.team_model import Task, TeamInstance

#: A taker joins an open session that starts at most this many weeks after they are ready.
JOIN_WAIT_WEEKS = 2

#: What a person-week of waiting for a session is worth in USD (blocks_of): one more USD 6,000
#: session opens only when it saves more than 60 person-weeks of waiting, and a taker buys a USD
#: 1,400 seat rather than wait more than 14 weeks for the others.
WAIT_WEEK_USD = 100.0

#: The cost, in weeks, of a seat when its price is unknown: only when nothing else is possible.
THIN_BLOCK = 1e9

#: Where a task sits: (instance position, task index).
Slot = tuple[int, int]


class Course(Protocol):
    """What the calendar needs of a pooled course (pooling.PooledCourse)."""

    @property
    def seat_limit(self) -> int: ...

    @property
    def fixed_weeks(self) -> tuple[int, ...]: ...

    def beats_seats(self, members: int) -> bool: ...

    def prices(self) -> tuple[float, float | None]: ...


@dataclass
class _Open:
    id: str
    week: int
    members: list[Slot] = field(default_factory=list)


def sequence_with_calendar(
    instances: list[TeamInstance], courses: Mapping[str, Course]
) -> tuple[list[Schedule], dict[Slot, tuple[str, int]]]:
    """Greedy schedules of every team and (instance, task) -> (session id, week) of seated takers."""
    placers = [Placer(i, QuarterLedger(None)) for i in instances]
    queues = [deque(_grouped(i, courses)) for i in instances]
    sessions: dict[str, list[_Open]] = {}
    seated: dict[Slot, tuple[str, int]] = {}
    while True:
        heads: dict[int, list[Task]] = {}
        for n, queue in enumerate(queues):
            while queue and not _pooled(queue[0], courses):
                placers[n].place(queue.popleft())
            if queue:
                heads[n] = queue[0]
        if not heads:
            break
        item = min(heads.items(), key=lambda kv: (_key(instances[kv[0]], kv[1]), kv[1][0].item))[1][0].item
        takers = []
        for n, unit in heads.items():
            if unit[0].item == item:
                queues[n].popleft()
                takers += [(placers[n].earliest(t), t.member, n, t) for t in unit]
        takers.sort(key=lambda r: (r[0], r[1], r[2]))
        seat_round(courses[item], item, takers, placers, sessions.setdefault(item, []), seated)
    return [p.schedule for p in placers], seated


def seat_round(
    course: Course,
    item: str,
    takers: list[tuple[int, str, int, Task]],
    placers: list[Placer],
    opened: list[_Open],
    seated: dict[Slot, tuple[str, int]],
) -> None:
    """Seat one round's `takers` (ready week, member, instance, task) of `item` in `opened`
    sessions or new ones, or place them on their own; `seated` records who sits where."""
    rest = []
    for ready, _, n, task in takers:
        # A fixed calendar decides the week: takers are blocked by the run they can make, and
        # join an open session up to that run.
        run = next((w for w in course.fixed_weeks if w >= ready), ready)
        session = next(
            (
                s
                for s in opened
                if ready <= s.week <= max(ready + JOIN_WAIT_WEEKS, run)
                and len(s.members) < course.seat_limit
                and placers[n].fits_at(task, s.week)
            ),
            None,
        )
        if session is None:
            rest.append((run, n, task))
        else:
            _join(session, n, task, placers, seated)
    rest.sort(key=lambda r: r[0])
    for block in blocks_of(course, rest):
        week = max(r[0] for r in block)
        free = [(n, t) for _, n, t in block if placers[n].fits_at(t, week)]
        if not course.beats_seats(len(free)):
            free = []
        session = _Open(f"{item} #{len(opened) + 1}", week)
        if free:
            opened.append(session)
        for n, task in free:
            _join(session, n, task, placers, seated)
        for _, n, task in block:
            if (n, task.index) not in seated:
                placers[n].place([task])


def blocks_of(course: Course, rest: list[tuple[int, int, Task]]) -> list[list[tuple[int, int, Task]]]:
    """Takers in ready order cut into blocks of at most the seat limit, each starting when its
    last member is ready, at the least cost in weeks: the weeks everyone waits for their block,
    plus each session's price in weeks at `WAIT_WEEK_USD` (another session must save that much
    waiting). A taker may instead buy a single seat, a block of one priced the same way, so a
    taker far from the others buys a seat rather than holding a session back or opening a thin
    one; a block of several too thin to beat single seats is never chosen while seats are sold.
    A dynamic programme over the cut points, linear in the takers times the seat limit."""
    limit = max(course.seat_limit, 1)
    ready = [row[0] for row in rest]
    before = [0]
    for week in ready:
        before.append(before[-1] + week)
    session_usd, seat_usd = course.prices()
    seat = THIN_BLOCK if seat_usd is None else seat_usd / WAIT_WEEK_USD
    opened = [0.0] + [
        session_usd / WAIT_WEEK_USD if course.beats_seats(n) else seat if n == 1 else THIN_BLOCK
        for n in range(1, limit + 1)
    ]
    best = [0.0] + [float("inf")] * len(rest)
    cut = [0] * (len(rest) + 1)
    for end in range(1, len(rest) + 1):
        last, waited, least = ready[end - 1], before[end], best[end]
        for begin in range(max(0, end - limit), end):
            cost = best[begin] + last * (end - begin) - (waited - before[begin]) + opened[end - begin]
            if cost < least:
                least, cut[end] = cost, begin
        best[end] = least
    blocks: list[list[tuple[int, int, Task]]] = []
    end = len(rest)
    while end:
        blocks.append(rest[cut[end] : end])
        end = cut[end]
    return _evened(course, blocks[::-1])


def _evened(course: Course, blocks: list[list[tuple[int, int, Task]]]) -> list[list[tuple[int, int, Task]]]:
    """Sessions of a course that start in the same week, evened out: 23 takers ready together
    sit 12 and 11, not 16 and 7 paying more than twice as much each for the same course on the
    same day. No one waits longer (each block still starts when its last member is ready, at
    the latest that shared week), and every evened block is at least as large as the smallest
    before, so it still beats single seats; seats bought singly (blocks that do not) stay."""
    out: list[list[tuple[int, int, Task]]] = []
    for (_, pays), run in itertools.groupby(
        blocks, key=lambda b: (max(r[0] for r in b), course.beats_seats(len(b)))
    ):
        same = list(run)
        if len(same) < 2 or not pays:
            out += same
            continue
        takers = [row for block in same for row in block]
        size, extra = divmod(len(takers), len(same))
        begin = 0
        for k in range(len(same)):
            end = begin + size + (1 if k < extra else 0)
            out.append(takers[begin:end])
            begin = end
    return out


def _join(
    session: _Open, n: int, task: Task, placers: list[Placer], seated: dict[Slot, tuple[str, int]]
) -> None:
    placers[n].place_at(task, session.week)
    session.members.append((n, task.index))
    seated[(n, task.index)] = (session.id, session.week)


def _pooled(unit: list[Task], courses: Mapping[str, Course]) -> bool:
    return unit[0].item in courses and unit[0].delivery == "private-cohort"


def _key(instance: TeamInstance, unit: list[Task]) -> tuple[int, ...]:
    return min(unit_key(instance, t, {})[:3] for t in unit)


def _grouped(instance: TeamInstance, courses: Mapping[str, Course]) -> list[list[Task]]:
    """Greedy's units with a team's takers of one pooled course merged at the first one's place."""
    out: list[list[Task]] = []
    merged: dict[str, list[Task]] = {}
    for unit in units_of(instance):
        if not _pooled(unit, courses):
            out.append(unit)
        elif unit[0].item in merged:
            merged[unit[0].item] += unit
        else:
            merged[unit[0].item] = list(unit)
            out.append(merged[unit[0].item])
    return out
