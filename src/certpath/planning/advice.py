"""The values the advisor takes and gives: a person's profile, steps, findings and the advice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from certpath.catalogue.model import CourseVariant
from certpath.kernel import Finding, Holding


@dataclass(frozen=True, slots=True)
class Profile:
    """What the advisor knows about one person."""

    background: str | None = None
    goal: str | None = None
    cloud: str = "none"
    title: str | None = None  # a job title, read as the background when none is given
    second_cloud: str | None = None
    held: tuple[Holding, ...] = ()
    ml_months: int | None = None
    budget_usd: float | None = None
    hours_per_week: float = 6.0
    genai: bool = False
    projects_done: int = 0


@dataclass(frozen=True, slots=True)
class Step:
    """One dated step of a pathway: a credential, a course or a portfolio project."""

    item: str
    name: str
    kind: str
    layer: int
    cost_usd: float | None
    study_hours: float
    start: date
    end: date
    start_week: int
    end_week: int
    reason: str
    rules: tuple[str, ...]
    portfolio: str | None = None
    pairs_with: str | None = None
    optional: bool = False
    variant: CourseVariant | None = None  # for a course: the offering one person buys


@dataclass(frozen=True, slots=True)
class SetAside:
    """A pathway item that is not in the schedule, and why (held already, or over budget)."""

    item: str
    name: str
    reason: str
    cost_usd: float | None = None


@dataclass(frozen=True)
class Advice:
    """The advisor's answer: ordered steps with reasons, totals and warnings."""

    profile: Profile
    today: date
    pathways: tuple[str, ...]
    steps: tuple[Step, ...]
    warnings: tuple[Finding, ...]
    skipped: tuple[SetAside, ...]
    left_out: tuple[SetAside, ...]
    catalogue_as_of: date

    @property
    def total_cost_usd(self) -> float:
        """Sum of known step costs in USD (unknown prices are flagged in warnings)."""
        return round(sum(step.cost_usd or 0 for step in self.steps), 2)

    @property
    def total_study_hours(self) -> float:
        return sum(step.study_hours for step in self.steps)

    @property
    def total_weeks(self) -> int:
        return max((step.end_week for step in self.steps), default=0)

    @property
    def finish(self) -> date | None:
        return max((step.end for step in self.steps), default=None)
