"""The fast greedy sequencer: a first feasible schedule for a team, and the fallback.

Units (one task, or all takers of a cohort course) are placed in one global order:
Layer 1, the governance owner's Layer 5, then layers 2, 3, 5, 6 and 4, courses before
exams; within a layer, what the rules put first (a prerequisite, the technical-literacy module)
comes first, then a course taken in a shared session before those studied alone, so a session
is set when its takers can first come and each fits their own study around it. Each unit goes
to the earliest week where its rules are met and every member in it is free for the whole
length of their own task (gaps left earlier are filled).
Because that order puts every rule's predecessor first, one pass always succeeds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from certpath.errors import InfeasiblePlanError
from certpath.planning.requirements import LAYER_SEQUENCE
from certpath.planning.team_model import (
    Task,
    TeamInstance,
    cover_week,
    literacy_first,
    member_precedes,
    prerequisite,
    quarter_index,
    team_l3_gate,
    waits_for_team_l3,
    week_start,
)

#: Give up placing a unit after this many weeks (only a tiny per-quarter budget gets here).
MAX_WEEKS = 520


@dataclass
class Schedule:
    """Start week of each task (by index) and the cohort number of cohort tasks."""

    starts: dict[int, int] = field(default_factory=dict)
    cohort_of: dict[int, int] = field(default_factory=dict)

    def end(self, task: Task) -> int:
        return self.starts[task.index] + task.weeks

    def makespan(self, instance: TeamInstance) -> int:
        return max((self.end(t) for t in instance.tasks), default=0)

    def cover_weeks(self, instance: TeamInstance) -> int:
        """Sum over the team's planned layers of the week each reaches the bus factor."""
        finishes: dict[int, dict[str, int]] = {}
        for task in instance.tasks:
            mine = finishes.setdefault(task.layer, {})
            mine[task.member] = max(mine.get(task.member, 0), self.end(task))
        return sum(cover_week(list(ends.values())) for ends in finishes.values())


@dataclass
class QuarterLedger:
    """Spend per quarter across every team greedy has placed (per-quarter budget)."""

    limit: float | None
    spent: dict[int, float] = field(default_factory=dict)


#: Item -> (its rank among the items of its layer the rules put before it, first position).
Order = dict[str, tuple[int, int]]


def unit_key(instance: TeamInstance, task: Task, order: Order) -> tuple[int, ...]:
    """Where a task's unit sits in the global placement order."""
    if task.layer == 1:
        stage = 0
    elif task.layer == 5 and task.member in instance.governance_owners:
        stage = 1
    else:
        stage = 2
    rank, position = order.get(task.item, (0, 0))
    return (
        stage,
        LAYER_SEQUENCE.index(task.layer),
        0 if task.kind == "course" else 1,
        rank,  # what the rules put first within the layer goes first ...
        0 if task.delivery == "private-cohort" else 1,  # ... then a shared session's course
        position,
    )


def placement_order(instance: TeamInstance) -> Order:
    """Each item's rank within its layer: 0 when no item of its layer must come before it
    (PREREQUISITE, L6-TECH-LITERACY), else one more than the highest such item's. The rank
    precedes the session-first preference of `unit_key`, so a course is never placed before a
    prerequisite it would then ignore; items are compared once per team, not per person."""
    first: dict[str, Task] = {}
    for task in instance.tasks:
        first.setdefault(task.item, task)
    policy = instance.policy
    ahead = {
        item: [
            o.item
            for o in first.values()
            if o.item != item
            and o.layer == task.layer
            and (prerequisite(o, task) or literacy_first(policy, o, task))
        ]
        for item, task in first.items()
    }
    rank: dict[str, int] = {}

    def rank_of(item: str, trail: frozenset[str]) -> int:
        if item not in rank:
            before = [i for i in ahead[item] if i not in trail]  # a cycle is refused by the catalogue
            rank[item] = 1 + max((rank_of(i, trail | {item}) for i in before), default=-1)
        return rank[item]

    return {item: (rank_of(item, frozenset()), index) for index, item in enumerate(first)}


def schedule_greedy(instance: TeamInstance, ledger: QuarterLedger | None = None) -> Schedule:
    """Place every task of the team; see the module docstring for the order."""
    placer = Placer(instance, ledger or QuarterLedger(None))
    for unit in _units(instance, placement_order(instance)):
        placer.place(unit)
    return placer.schedule


def units_of(instance: TeamInstance) -> list[list[Task]]:
    """The team's units in greedy's placement order."""
    return _units(instance, placement_order(instance))


def _units(instance: TeamInstance, order: Order) -> list[list[Task]]:
    first: dict[str, tuple[int, ...]] = {}
    for task in instance.tasks:
        if instance.in_cohort(task):
            key_now = unit_key(instance, task, order)
            first[task.item] = min(first.get(task.item, key_now), key_now)
    grouped: dict[tuple[object, ...], list[Task]] = {}
    for task in instance.tasks:
        if instance.in_cohort(task):
            key: tuple[object, ...] = (first[task.item], task.item)
        else:
            key = (unit_key(instance, task, order), task.item, task.member)
        grouped.setdefault(key, []).append(task)
    return [grouped[k] for k in sorted(grouped, key=lambda k: (k[0], str(k[1:])))]


class Placer:
    """Places a team's units one by one; pooling.py drives several at once for shared sessions."""

    def __init__(self, instance: TeamInstance, ledger: QuarterLedger) -> None:
        self.instance = instance
        self.ledger = ledger
        self.schedule = Schedule()
        self.busy: dict[str, bytearray] = {m.id: bytearray(64) for m in instance.members}
        self.by_member: dict[str, list[Task]] = {}
        for task in instance.tasks:
            self.by_member.setdefault(task.member, []).append(task)
        self.first_start: dict[int, int] = {}  # layer -> earliest start placed so far
        self.team_l3_end = 0  # latest end of the team's Layer 3 training placed so far (L4-AFTER-L3)

    def place(self, unit: list[Task]) -> None:
        spec = self.instance.cohorts.get(unit[0].item)
        if spec is None or not self.instance.in_cohort(unit[0]):
            self._place_group(unit, cohort=None, cost=sum(t.seat_cost for t in unit))
            return
        ready = sorted(unit, key=self._ready)
        chunks = math.ceil(len(ready) / spec.seat_limit)
        size = math.ceil(len(ready) / chunks)
        for number in range(chunks):
            self._place_group(ready[number * size : (number + 1) * size], cohort=number, cost=spec.price)

    def ready(self, task: Task) -> int:
        """The earliest week the rules allow this task to start, given what is placed so far."""
        return self._ready(task)

    def earliest(self, task: Task) -> int:
        """The first week, on or after `ready`, that the member is free for the whole task."""
        week = self._ready(task)
        while not self._fits([task], week, 0.0) and week <= MAX_WEEKS:
            week += 1
        return week

    def fits_at(self, task: Task, week: int) -> bool:
        """True when the task's member is free for its whole length from `week`."""
        return self._fits([task], week, 0.0)

    def place_at(self, task: Task, week: int) -> None:
        """Place the task in `week` (the caller checked `fits_at` and `ready`)."""
        self._place_group([task], cohort=None, cost=0.0, at=week)

    def _ready(self, task: Task) -> int:
        """The earliest week the rules allow this task to start."""
        ready = task.release
        mine = self.by_member[task.member]
        for other in mine:
            if other.index in self.schedule.starts and self._must_precede(other, task):
                ready = max(ready, self.schedule.end(other))
        if task.layer == 4:
            if self.instance.policy.l4_after_l3 == "team" and waits_for_team_l3(task.layer, task.depth):
                ready = max(ready, self.team_l3_end)
            ready = max(ready, self.first_start.get(5, 0), self.first_start.get(6, 0))
        return ready

    def _must_precede(self, before: Task, task: Task) -> bool:
        policy = self.instance.policy
        if member_precedes(policy, before, task):
            return True
        owners = self.instance.governance_owners
        if before.layer == 5 and before.member in owners and task.layer not in (1, 5):
            return True  # GOVERNANCE-DAY-ONE: the owner's first work after Layer 1 is Layer 5
        chain = (2, 3, 4)
        # Greedy also keeps a member's own 2 -> 4 and 3 -> 4 order where the policy does not ask for it.
        return before.layer in chain and task.layer == 4 and before.layer < 4

    def _place_group(
        self, group: list[Task], *, cohort: int | None, cost: float, at: int | None = None
    ) -> None:
        week = max(self._ready(t) for t in group) if at is None else at
        while not self._fits(group, week, cost):
            week += 1
            if week > MAX_WEEKS:
                raise InfeasiblePlanError(
                    f"{group[0].item} for {self.instance.name} cannot be placed within {MAX_WEEKS // 52} years; "
                    "the per-quarter budget is too small for the work. Raise the quarterly budget."
                )
        for task in group:
            self.schedule.starts[task.index] = week
            if cohort is not None:
                self.schedule.cohort_of[task.index] = cohort
            row = self._row(task.member, week + task.weeks)
            row[week : week + task.weeks] = b"\x01" * task.weeks
            self.first_start[task.layer] = min(self.first_start.get(task.layer, week), week)
            if team_l3_gate(task):
                self.team_l3_end = max(self.team_l3_end, week + task.weeks)
        if self.ledger.limit is not None and cost:
            quarter = self._quarter(week)
            self.ledger.spent[quarter] = self.ledger.spent.get(quarter, 0.0) + cost

    def _fits(self, group: list[Task], week: int, cost: float) -> bool:
        for task in group:
            row = self._row(task.member, week + task.weeks)
            if any(row[week : week + task.weeks]):
                return False
        if self.ledger.limit is None or not cost:
            return True
        quarter = self._quarter(week)
        return self.ledger.spent.get(quarter, 0.0) + cost <= self.ledger.limit + 1e-6

    def _row(self, member: str, upto: int) -> bytearray:
        row = self.busy[member]
        if len(row) < upto:
            row.extend(bytearray(upto - len(row) + 64))
        return row

    def _quarter(self, week: int) -> int:
        return quarter_index(week_start(self.instance.start, week))
