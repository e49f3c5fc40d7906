"""A team plan: dated assignments, the policy they follow, the bound, findings, solver facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from certpath.catalogue.model import TeamPolicy
from certpath.kernel import Finding
from certpath.planning.selection import LeftOut
from certpath.roster.model import Member


@dataclass(frozen=True, slots=True)
class Assignment:
    """One member studying one item from `start` to `end` (the exam date for a credential)."""

    member: str
    item: str
    name: str
    kind: str
    layer: int
    start: date
    end: date
    cost_usd: float
    hours: float = 0.0
    cohort: str | None = None
    team: str = ""
    reason: str = ""
    delivery: str = ""  # a course's self-paced | public-seat | private-cohort; "" for exams
    variant: str = ""  # the course variant paid for
    refresh: bool = False  # a refresher of a layer whose evidence is stale (ROLLING-REFRESH)


@dataclass(frozen=True, slots=True)
class TeamResult:
    """How one team's schedule was found and how close it is to its bound."""

    team: str
    size: int
    governance_owner: str | None
    makespan_weeks: int
    lower_bound_weeks: int
    status: str  # optimal | feasible
    engine: str  # greedy | cp-sat
    seconds: float
    #: Sum over the team's planned layers of the earliest week each could reach the bus factor.
    cover_bound_weeks: int = 0
    governance_owners: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Session:
    """One run of an item that members attend: a private cohort, or self-paced seats started together."""

    id: str
    item: str
    delivery: str  # private-cohort | public-seat | self-paced
    seat_limit: int | None
    start: date
    end: date
    cost_usd: float
    members: tuple[str, ...]

    @property
    def seats_filled(self) -> int:
        return len(self.members)


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """What the plan would reach by its horizon under one change of its inputs (planning/horizon.py)."""

    change: str
    done_within_horizon: float
    layers_done: int
    cost_usd: float


@dataclass(frozen=True, slots=True)
class SolverInfo:
    status: str  # optimal | feasible
    seconds: float
    teams: int
    teams_optimal: int
    engine: str


@dataclass(frozen=True)
class Plan:
    """Everything `certpath plan` computes; reports render it, the audit checks it."""

    policy: TeamPolicy
    start: date
    horizon_weeks: int
    objective: str
    members: tuple[Member, ...]
    assignments: tuple[Assignment, ...]
    budget_usd: float | None = None
    quarterly_budget_usd: float | None = None
    cohort_size: int | None = None
    teams: tuple[TeamResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    left_out: tuple[LeftOut, ...] = ()
    sessions: tuple[Session, ...] = ()
    sensitivity: tuple[Sensitivity, ...] = ()
    solver: SolverInfo | None = None
    notes: tuple[str, ...] = field(default=())
    #: The organisation's Layer 5 owners when the plan covers part of it (a plan from the store of
    #: some teams or people); None: the plan is the whole organisation and names its own.
    governance_programme: tuple[str, ...] | None = None

    @property
    def total_cost_usd(self) -> float:
        return round(sum(a.cost_usd for a in self.assignments), 2)

    @property
    def finish(self) -> date | None:
        return max((a.end for a in self.assignments), default=None)

    @property
    def horizon_end(self) -> date:
        """The last day of the planning horizon."""
        return self.start + timedelta(weeks=self.horizon_weeks) - timedelta(days=1)

    @property
    def makespan_weeks(self) -> int:
        return max((t.makespan_weeks for t in self.teams), default=0)

    @property
    def lower_bound_weeks(self) -> int:
        return max((t.lower_bound_weeks for t in self.teams), default=0)

    @property
    def optimality_gap(self) -> float:
        """(makespan - bound) / bound: 0 means proven optimal, 0.05 means within 5% of the bound."""
        if not self.lower_bound_weeks:
            return 0.0
        return round((self.makespan_weeks - self.lower_bound_weeks) / self.lower_bound_weeks, 4)

    def governance_owners(self) -> set[str]:
        """Everyone who owns Layer 5 from day one, over all teams."""
        return {o for t in self.teams for o in (t.governance_owners or (t.governance_owner,)) if o}
