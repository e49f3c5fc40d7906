"""The catalogue as the rest of certpath sees it: frozen values and a small query API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeVar

from certpath.catalogue.course_model import Course as Course  # re-exported
from certpath.catalogue.course_model import CourseVariant as CourseVariant
from certpath.catalogue.course_model import Delivery as Delivery
from certpath.catalogue.course_model import Session as Session
from certpath.catalogue.fact import Fact as Fact
from certpath.catalogue.lifecycle import RETIRING_NOTICE_DAYS as RETIRING_NOTICE_DAYS
from certpath.catalogue.lifecycle import Lifecycle as Lifecycle
from certpath.catalogue.lifecycle import LifecycleState as LifecycleState
from certpath.catalogue.lifecycle import LifecycleStatus as LifecycleStatus
from certpath.catalogue.pathway_model import Background as Background
from certpath.catalogue.pathway_model import Counterpart as Counterpart
from certpath.catalogue.pathway_model import Goal as Goal
from certpath.catalogue.pathway_model import Option as Option
from certpath.catalogue.pathway_model import Pathway as Pathway
from certpath.catalogue.pathway_model import PathwayStep as PathwayStep
from certpath.errors import UnknownChoiceError

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Rule:
    """A roadmap rule with a stable id that findings, reasons and tests cite."""

    id: str
    title: str
    scope: str
    summary: str
    sources: tuple[str, ...]
    as_of: date
    mistake: int | None = None


@dataclass(frozen=True, slots=True)
class Layer:
    number: int
    name: str
    short: str
    audience: tuple[str, ...]
    core_skills: tuple[str, ...]
    technical_extras: tuple[str, ...]
    summary: str
    sources: tuple[str, ...]
    as_of: date


@dataclass(frozen=True, slots=True)
class RoleLayer:
    layer: int
    depth: Literal["technical", "non-technical"]


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    technical: bool
    layers: tuple[RoleLayer, ...]
    deploys_to_production: bool
    leads_externally: bool
    owns_governance: bool
    background: str | None
    title_patterns: tuple[str, ...]
    sources: tuple[str, ...]
    as_of: date
    note: str | None = None
    #: Layer 1 only, never the policy's full-team layers (interns and students: literacy and the basics).
    basics_only: bool = False
    #: The career goal the advisor assumes for someone in this role who names none.
    goal: str | None = None


@dataclass(frozen=True, slots=True)
class EarlierValidity:
    """The validity that applied to passes before `passed_before` (a vendor's dated rule change)."""

    passed_before: date
    validity_months: int
    sources: tuple[str, ...]
    as_of: date


@dataclass(frozen=True, slots=True)
class RenewalPolicy:
    id: str
    vendor: str
    validity_months: int | None
    method: str
    basis: str
    window_days: int | None
    grace_days: int
    renewal_discount_pct: int
    minimum_active_days: int
    summary: str
    sources: tuple[str, ...]
    as_of: date
    earlier_validity: tuple[EarlierValidity, ...] = ()

    def months_for(self, passed_on: date | None) -> int | None:
        """Months of validity for a pass on `passed_on`: the rule in force on that date."""
        if passed_on is not None:
            for earlier in sorted(self.earlier_validity, key=lambda e: e.passed_before):
                if passed_on < earlier.passed_before:
                    return earlier.validity_months
        return self.validity_months


@dataclass(frozen=True, slots=True)
class Experience:
    text: str
    gate_ml_months: int | None
    sources: tuple[str, ...]
    as_of: date


@dataclass(frozen=True, slots=True)
class Credential:
    id: str
    name: str
    awards: str
    vendor: str
    tier: str
    stack: str
    layers: tuple[int, ...]
    skills: tuple[str, ...]
    genai: bool
    price: Fact
    exam_minutes: Fact
    study_hours: Fact
    renewal_policy: str
    experience: Experience
    lifecycle: Lifecycle
    prerequisites: tuple[str, ...]
    summary: str
    sources: tuple[str, ...]
    as_of: date
    seed_tier: str | None = None

    kind = "credential"

    @property
    def layer(self) -> int:
        """The layer this credential mainly proves."""
        return self.layers[0]

    @property
    def cloud_neutral(self) -> bool:
        """True unless the credential belongs to one cloud or vendor platform (VENDOR-NEUTRAL)."""
        return self.stack in ("databricks", "neutral")


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    name: str
    pairs_with: tuple[str, ...]
    deliverable: str
    hours: Fact
    sources: tuple[str, ...]
    as_of: date
    coding: bool = True

    kind = "project"


@dataclass(frozen=True, slots=True)
class AvoidRule:
    id: str
    title: str
    rule: str
    advice: str
    applies_to: tuple[str, ...]
    sources: tuple[str, ...]
    as_of: date


@dataclass(frozen=True, slots=True)
class Salary:
    role: str
    typical_credentials: tuple[str, ...]
    median_usd: Fact
    region: str
    sources: tuple[str, ...]
    as_of: date


@dataclass(frozen=True, slots=True)
class ExchangeRate:
    currency: str
    usd_per_unit: float
    sources: tuple[str, ...]
    as_of: date


@dataclass(frozen=True, slots=True)
class TitleMapping:
    role: str
    pattern: str


@dataclass(frozen=True, slots=True)
class TeamPolicy:
    """Seed 000's sequencing for one team size: which rules apply and how layers are shared."""

    id: str
    name: str
    summary: str
    min_size: int
    max_size: int | None
    rules: tuple[str, ...]
    full_team_layers: tuple[int, ...]
    l4_after_l3: Literal["team", "member"]
    parallel_layers: tuple[int, ...]
    exams: Literal["optional", "required"]
    sources: tuple[str, ...]
    as_of: date
    #: GOVERNANCE-DAY-ONE as a programme: one Layer 5 owner per this many people, at least one.
    people_per_governance_owner: int = 50
    #: SELF-PACED: layers whose instructor-led courses are never swapped for a self-paced variant.
    instructor_led_layers: tuple[int, ...] = ()

    def fits(self, size: int) -> bool:
        """True when a team of `size` people falls inside this policy's range."""
        return self.min_size <= size and (self.max_size is None or size <= self.max_size)


@dataclass(frozen=True, slots=True)
class ExamChoice:
    """One stack's exam for a layer, planned for `roles` only (None: every role)."""

    stack: str
    item: str
    roles: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class LayerExam:
    layer: int
    #: in file order; a stack may list several, each for its own roles (the first that fits wins)
    choices: tuple[ExamChoice, ...]
    sources: tuple[str, ...]
    as_of: date

    def exam_for(self, cloud: str, role: str) -> str | None:
        """The credential proving this layer for someone on `cloud` (else the neutral one) in `role`."""
        stack = cloud if any(c.stack == cloud for c in self.choices) else "neutral"
        fits = (c for c in self.choices if c.stack == stack and (c.roles is None or role in c.roles))
        return next((c.item for c in fits), None)


Item = Credential | Course | Project


@dataclass(frozen=True)
class Catalogue:
    """Everything certpath knows about layers, roles, credentials, courses and pathways."""

    as_of: date
    rules: Mapping[str, Rule]
    layers: Mapping[int, Layer]
    roles: Mapping[str, Role]
    renewal_policies: Mapping[str, RenewalPolicy]
    credentials: Mapping[str, Credential]
    courses: Mapping[str, Course]
    projects: Mapping[str, Project]
    pathways: Mapping[str, Pathway]
    backgrounds: Mapping[str, Background]
    goals: Mapping[str, Goal]
    avoid: Mapping[str, AvoidRule]
    salaries: tuple[Salary, ...]
    exchange_rates: Mapping[str, ExchangeRate]
    title_mappings: tuple[TitleMapping, ...]
    team_policies: Mapping[str, TeamPolicy] = field(default_factory=dict)
    layer_exams: Mapping[int, LayerExam] = field(default_factory=dict)
    counterparts: Mapping[str, Counterpart] = field(default_factory=dict)
    _by_upper_id: dict[str, Item] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for items in (self.credentials, self.courses, self.projects):
            for key, item in items.items():
                self._by_upper_id[key.upper()] = item

    def item(self, item_id: str) -> Item:
        """Return the credential, course or project with this id (any letter case)."""
        try:
            return self._by_upper_id[item_id.strip().upper()]
        except KeyError:
            raise UnknownChoiceError(
                "credential or course", item_id, choices=sorted(self._by_upper_id)
            ) from None

    def credential(self, credential_id: str) -> Credential:
        """Return the credential with this id (any letter case)."""
        item = self._by_upper_id.get(credential_id.strip().upper())
        if not isinstance(item, Credential):
            raise UnknownChoiceError("credential", credential_id, choices=sorted(self.credentials))
        return item

    def background(self, background_id: str) -> Background:
        """Return the background with this id."""
        return _pick("background", self.backgrounds, background_id)

    def goal(self, goal_id: str) -> Goal:
        """Return the career goal with this id."""
        return _pick("goal", self.goals, goal_id)

    def projects_for(self, credential_id: str) -> tuple[Project, ...]:
        """The portfolio projects that pair with a credential (PORTFOLIO-PAIRING)."""
        return tuple(p for p in self.projects.values() if credential_id in p.pairs_with)

    def counterpart(self, credential_id: str, cloud: str) -> tuple[str, Counterpart] | None:
        """The credential doing the same job as `credential_id` (or a successor) on `cloud`."""
        lineage = [credential_id]
        while (current := self.credentials.get(lineage[-1])) and current.lifecycle.successor:
            if current.lifecycle.successor in lineage:
                break
            lineage.append(current.lifecycle.successor)
        for group in self.counterparts.values():
            if cloud in group.items and any(i in group.items.values() for i in lineage):
                return group.items[cloud], group
        return None

    def team_policy(self, policy_id: str) -> TeamPolicy:
        """Return the team policy with this id (small, mid, enterprise, or an overlay's)."""
        return _pick("team policy", self.team_policies, policy_id)

    def policy_for_size(self, size: int) -> TeamPolicy:
        """The team policy whose size range holds `size` (the smallest policy below its range)."""
        ordered = sorted(self.team_policies.values(), key=lambda p: p.min_size)
        for policy in ordered:
            if policy.fits(size):
                return policy
        return ordered[0] if size < ordered[0].min_size else ordered[-1]

    def to_usd(self, fact: Fact) -> float | None:
        """The fact's value in US dollars, using the catalogue's exchange rates."""
        if fact.value is None:
            return None
        if fact.currency == "USD":
            return fact.value
        return round(fact.value * self.exchange_rates[fact.currency].usd_per_unit, 2)


def _pick(what: str, entries: Mapping[str, _T], key: str) -> _T:
    try:
        return entries[key.strip().lower()]
    except KeyError:
        raise UnknownChoiceError(what, key, choices=sorted(entries)) from None
