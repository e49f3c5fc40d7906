"""The shapes of catalogue YAML files: the only place that knows them.

Every model forbids unknown keys, so a typo in a file is an error with its line,
not a silently ignored value. `loader.py` turns validated files into the domain
model of `model.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from certpath.catalogue.schema_base import (
    Cloud as Cloud,
)
from certpath.catalogue.schema_base import (
    Depth as Depth,
)
from certpath.catalogue.schema_base import (
    Fact as Fact,
)
from certpath.catalogue.schema_base import (
    Id as Id,
)
from certpath.catalogue.schema_base import (
    LayerNumber as LayerNumber,
)
from certpath.catalogue.schema_base import (
    Pattern as Pattern,
)
from certpath.catalogue.schema_base import (
    Sourced as Sourced,
)
from certpath.catalogue.schema_base import (
    Sources as Sources,
)
from certpath.catalogue.schema_base import (
    Stack as Stack,
)
from certpath.catalogue.schema_base import (
    Strict as Strict,
)
from certpath.catalogue.schema_base import (
    Tier as Tier,
)
from certpath.catalogue.schema_base import (
    Url as Url,
)
from certpath.catalogue.schema_courses import (
    CourseFile as CourseFile,
)
from certpath.catalogue.schema_courses import (
    CourseVariantFile as CourseVariantFile,
)
from certpath.catalogue.schema_courses import (
    Delivery as Delivery,
)
from certpath.catalogue.schema_courses import (
    SessionFile as SessionFile,
)


class LayerFile(Sourced):
    number: LayerNumber
    name: str
    short: str
    audience: list[str]
    core_skills: list[str]
    technical_extras: list[str] = []
    summary: str


class RoleLayer(Strict):
    layer: LayerNumber
    depth: Depth


class RoleFile(Sourced):
    id: Id
    name: str
    technical: bool
    layers: list[RoleLayer] = Field(min_length=1)
    deploys_to_production: bool = False
    leads_externally: bool = False
    owns_governance: bool = False
    basics_only: bool = Field(
        default=False, description="Layer 1 only: never the policy's full-team layers (interns, students)"
    )
    background: Id | None = None
    goal: Id | None = Field(
        default=None, description="the career goal the advisor assumes for this role when none is given"
    )
    title_patterns: list[Pattern] = Field(min_length=1)
    note: str | None = None


class EarlierValidityFile(Sourced):
    """A validity that applied to passes before a date, when a vendor changed its rule."""

    passed_before: date
    validity_months: int = Field(ge=1)


class RenewalPolicyFile(Sourced):
    id: Id
    vendor: str
    validity_months: int | None = Field(ge=1, description="None: the credential never expires")
    method: Literal["re-exam", "free-assessment", "continuing-education", "none"]
    basis: Literal["from-completion", "from-previous-expiry", "fixed-anniversary"]
    window_days: int | None = Field(default=None, ge=0)
    grace_days: int = Field(default=0, ge=0)
    renewal_discount_pct: int = Field(default=0, ge=0, le=100)
    minimum_active_days: int = Field(default=0, ge=0)
    earlier_validity: list[EarlierValidityFile] = []
    summary: str


class Experience(Sourced):
    text: str
    gate_ml_months: int | None = Field(default=None, ge=1)


class Lifecycle(Sourced):
    """`available_from` is the first day the exam can be sat, a beta included."""

    available_from: date | None = None
    beta: bool = False
    general_availability: date | None = None
    retires_on: date | None = None
    successor: Id | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check_beta(self) -> Self:
        if self.general_availability is not None and not self.beta:
            raise ValueError("'general_availability' ends a beta; add 'beta: true' or remove the date")
        if self.beta and self.available_from is None:
            raise ValueError("a beta needs 'available_from', the day the beta exam opened")
        if (
            self.general_availability is not None
            and self.available_from is not None
            and self.general_availability <= self.available_from
        ):
            raise ValueError(
                f"'general_availability' ({self.general_availability}) must come after "
                f"'available_from' ({self.available_from}), the beta's first day"
            )
        return self


class CredentialFile(Sourced):
    id: Id
    name: str
    awards: str | None = None
    vendor: str
    tier: Tier
    seed_tier: str | None = None
    stack: Stack
    layers: list[LayerNumber] = Field(min_length=1)
    skills: list[str] = Field(min_length=1)
    genai: bool = False
    price: Fact
    exam_minutes: Fact
    study_hours: Fact
    renewal_policy: Id
    experience: Experience
    lifecycle: Lifecycle
    prerequisites: list[Id] = []
    summary: str


class ProjectFile(Sourced):
    id: Id
    name: str
    pairs_with: list[Id] = Field(min_length=1)
    deliverable: str
    hours: Fact
    coding: bool = Field(default=True, description="False: the project needs no programming")


class Option(Strict):
    item: Id | None = None
    cloud: Cloud | None = None
    default: bool = False
    why: str | None = None

    @model_validator(mode="after")
    def _check_skip(self) -> Self:
        if self.item is None and not self.why:
            raise ValueError("an option without an 'item' skips the step and needs a 'why'")
        return self


class PathwayStep(Strict):
    purpose: str
    options: list[Option] = Field(min_length=1)
    rules: list[str] = []
    when: Literal["always", "genai"] = "always"
    optional: bool = False
    second_cloud: bool = Field(
        default=False, description="the step adds a second cloud: taken only when the person asks for one"
    )


class CounterpartFile(Sourced):
    """Credentials that do the same job on different clouds (MATCH-STACK swaps between them)."""

    id: Id
    purpose: str
    items: dict[Literal["aws", "azure", "gcp", "databricks"], Id] = Field(min_length=2)


class PathwayFile(Sourced):
    id: Id
    title: str
    kind: Literal["background", "goal", "verdict"]
    summary: str
    steps: list[PathwayStep] = Field(min_length=1)


class BackgroundFile(Strict):
    id: Id
    name: str
    engineer: bool
    mid_career: bool
    typical_ml_months: int = Field(ge=0)
    pathway: Id


class GoalFile(Strict):
    id: Id
    name: str
    pathway: Id
    implies_genai: bool = False
    engineer: bool = Field(default=True, description="False: a non-engineering goal (projects without code)")


class AvoidFile(Sourced):
    id: Id
    title: str
    rule: str
    advice: str
    applies_to: list[Id] = []


class SalaryFile(Sourced):
    role: str
    typical_credentials: list[str]
    median_usd: Fact
    region: str


class ExchangeRateFile(Sourced):
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    usd_per_unit: float = Field(gt=0)


class TitleMappingFile(Strict):
    role: Id
    pattern: Pattern


class TeamPolicyFile(Sourced):
    """How a team of a given size is sequenced through the layers (seed 000)."""

    id: Id
    name: str
    summary: str
    min_size: int = Field(ge=1)
    max_size: int | None = Field(default=None, ge=1, description="None: no upper limit")
    rules: list[Annotated[str, Field(pattern=r"^[A-Z0-9]+(-[A-Z0-9]+)*$")]] = Field(min_length=1)
    full_team_layers: list[LayerNumber] = [1]
    l4_after_l3: Literal["team", "member"] = "member"
    parallel_layers: list[LayerNumber] = []
    exams: Literal["optional", "required"] = "optional"
    people_per_governance_owner: int = Field(
        default=50, ge=1, description="one Layer 5 owner per this many people in the organisation"
    )
    instructor_led_layers: list[LayerNumber] = Field(
        default=[], description="SELF-PACED: layers whose instructor-led courses are never taken self-paced"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.max_size is not None and self.max_size < self.min_size:
            raise ValueError(f"'max_size' ({self.max_size}) is below 'min_size' ({self.min_size})")
        return self


class ExamOption(Strict):
    stack: Stack
    item: Id
    roles: list[Id] | None = Field(
        default=None, description="plan this exam only for these roles (default: every role)"
    )


class LayerExamFile(Sourced):
    """The exam that proves a layer at technical depth, one option per cloud stack."""

    layer: LayerNumber
    options: list[ExamOption] = Field(min_length=1)


class RuleFile(Sourced):
    id: Annotated[str, Field(pattern=r"^[A-Z0-9]+(-[A-Z0-9]+)*$")]
    title: str
    scope: Literal["team", "individual", "both"]
    summary: str
    mistake: int | None = Field(default=None, ge=1, le=5)


class CatalogueFile(Strict):
    """One shipped catalogue file: any of the sections; the loader merges them by id."""

    as_of: date | None = None
    rules: list[RuleFile] = []
    layers: list[LayerFile] = []
    roles: list[RoleFile] = []
    renewal_policies: list[RenewalPolicyFile] = []
    credentials: list[CredentialFile] = []
    courses: list[CourseFile] = []
    projects: list[ProjectFile] = []
    pathways: list[PathwayFile] = []
    counterparts: list[CounterpartFile] = []
    backgrounds: list[BackgroundFile] = []
    goals: list[GoalFile] = []
    avoid: list[AvoidFile] = []
    salaries: list[SalaryFile] = []
    exchange_rates: list[ExchangeRateFile] = []
    title_mappings: list[TitleMappingFile] = []
    team_policies: list[TeamPolicyFile] = []
    layer_exams: list[LayerExamFile] = []
