"""The preprocessed planning instance: each team's study tasks in whole weeks, and cohorts.

Everything the greedy sequencer, the CP-SAT optimizer and the lower bounds need is
computed once here, so they all work on exactly the same problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from certpath.catalogue.model import TeamPolicy
from certpath.roster.model import Member


@dataclass(frozen=True, slots=True)
class Task:
    """One member studying one item: `weeks` long, not before `release` (a week index)."""

    index: int
    member: str
    item: str
    name: str
    kind: str  # course | credential
    layer: int
    hours: float
    weeks: int
    seat_cost: float  # exam fee, self-paced or public seat; 0 in a private cohort (paid per cohort)
    priority: int  # budget order: lower is kept first; 0 is never dropped
    release: int = 0
    after: tuple[str, ...] = ()  # items of the same member that must end first (PREREQUISITE)
    reason: str = ""
    delivery: str = ""  # a course's self-paced | public-seat | private-cohort; "" for exams
    depth: str = ""  # a course's technical | non-technical | everyone; "" for exams
    variant: str = ""  # the course variant paid for
    refresh: bool = False  # a refresher of a stale layer (ROLLING-REFRESH)
    literacy: bool = False  # a Layer 6 technical-literacy module (L6-TECH-LITERACY)
    session: str = ""  # the organisation's pooled session it sits in (pooling.py) ...
    session_week: int = (
        0  # ... and that session's week, where it must start (not a release: bounds ignore it)
    )


@dataclass(frozen=True, slots=True)
class CohortSpec:
    """A private cohort of a course: seats per cohort, the price of one cohort and its variant."""

    item: str
    seat_limit: int
    price: float
    variant: str = ""


@dataclass
class TeamInstance:
    """One team's tasks under one policy; teams are solved independently."""

    name: str
    policy: TeamPolicy
    members: tuple[Member, ...]
    tasks: list[Task]
    cohorts: dict[str, CohortSpec]
    governance_owners: tuple[str, ...]  # members who own Layer 5 from day one (GOVERNANCE-DAY-ONE)
    start: date
    quarter_of_week: tuple[int, ...] = ()
    quarter_allowance: dict[int, float] = field(default_factory=dict)

    def tasks_of(self, member: str) -> list[Task]:
        """This member's tasks, in instance order."""
        return [t for t in self.tasks if t.member == member]

    def in_cohort(self, task: Task) -> bool:
        """True when the task is a seat in one of the team's private cohorts."""
        return task.delivery == "private-cohort" and task.item in self.cohorts

    def cohort_takers(self, item: str) -> list[Task]:
        """The tasks seated in the team's private cohorts of `item`."""
        return [t for t in self.tasks if t.item == item and self.in_cohort(t)]

    def cohort_count(self, item: str) -> int:
        """How many private cohorts of an item the team needs (ceil of cohort takers / seats)."""
        takers = len(self.cohort_takers(item))
        seats = self.cohorts[item].seat_limit
        return -(-takers // seats)

    def fixed_cost(self) -> float:
        """What the team's selected tasks cost: seats and exams plus one price per cohort."""
        seats = sum(t.seat_cost for t in self.tasks)
        cohorts = sum(self.cohort_count(i) * spec.price for i, spec in self.cohorts.items() if self._has(i))
        return round(seats + cohorts, 2)

    def _has(self, item: str) -> bool:
        return any(t.item == item and self.in_cohort(t) for t in self.tasks)


#: Holders a team's layer needs to count as covered (the default of `certpath gaps --bus-factor`).
BUS_FACTOR = 2


def cover_week(finishes: list[int]) -> int:
    """The week a layer reaches the bus factor: the k-th earliest finish, k = min(BUS_FACTOR, takers)."""
    if not finishes:
        return 0
    return sorted(finishes)[min(BUS_FACTOR, len(finishes)) - 1]


def week_start(start: date, week: int) -> date:
    """The first day of week `week` (0-based) of a plan starting on `start`."""
    return start + timedelta(weeks=week)


def quarter_index(day: date) -> int:
    """A running calendar-quarter number (year * 4 + quarter), for per-quarter budgets."""
    return day.year * 4 + (day.month - 1) // 3


def l1_first(before: Task, task: Task) -> bool:
    """L1-FIRST: a member's Layer 1 work ends before any of their other work starts."""
    return before.layer == 1 and task.layer != 1


def prerequisite(before: Task, task: Task) -> bool:
    """PREREQUISITE: formal prerequisites, and a layer's courses before that layer's exam."""
    same_layer_exam = before.layer == task.layer and before.kind == "course" and task.kind == "credential"
    return before.item in task.after or same_layer_exam


def layer_order(policy: TeamPolicy, before: Task, task: Task) -> bool:
    """LAYER-ORDER: Layer 2 before 3 before 4 for one member, unless the policy runs them side by side."""
    chain = (2, 3, 4)
    if "LAYER-ORDER" not in policy.rules or before.layer not in chain or task.layer not in chain:
        return False
    return before.layer < task.layer and not set(policy.parallel_layers) >= {before.layer, task.layer}


def literacy_first(policy: TeamPolicy, before: Task, task: Task) -> bool:
    """L6-TECH-LITERACY: a member's technical-literacy module before their other Layer 6 courses,
    so a leader frames AI strategy knowing what the systems can do (seed 000's mistake 4)."""
    return (
        "L6-TECH-LITERACY" in policy.rules
        and before.literacy
        and task.layer == 6
        and task.kind == "course"
        and not task.literacy
    )


def own_l3_before_l4(policy: TeamPolicy, before: Task, task: Task) -> bool:
    """L4-AFTER-L3 for one member, under either policy: their Layer 4 waits for their own Layer 3."""
    return policy.l4_after_l3 in ("member", "team") and before.layer == 3 and task.layer == 4


def team_l3_gate(task: Task) -> bool:
    """L4-AFTER-L3 under the policy 'team': the team's Layer 3 training (its courses, the cohort)
    must end before anyone's Layer 4; a Layer 3 exam holds back only its own taker's Layer 4."""
    return task.layer == 3 and task.kind == "course"


def waits_for_team_l3(layer: int, depth: str) -> bool:
    """L4-AFTER-L3 under the policy 'team': the Layer 4 work the team's Layer 3 training holds back.

    That is the work that builds GenAI and agentic systems on the MLOps floor below: technical
    courses and the exams. A decision maker's non-technical overview of what RAG and agents can
    do builds nothing on Layer 3, and someone scoping GenAI work is better served knowing it
    early, so it is not held back (their own Layer 3, if their role has one, still comes first).
    """
    return layer == 4 and depth != "non-technical"


def member_precedes(policy: TeamPolicy, before: Task, task: Task) -> bool:
    """True when the rules require `before` to end before `task` starts (same member)."""
    return (
        l1_first(before, task)
        or prerequisite(before, task)
        or layer_order(policy, before, task)
        or own_l3_before_l4(policy, before, task)
        or literacy_first(policy, before, task)
    )
