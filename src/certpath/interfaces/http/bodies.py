"""The request shapes the API takes as JSON and the dashboard's forms fill in, and the one service
call each makes: both interfaces validate alike and reach the same use case."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, Field

from certpath.accounts.roles import Action, Principal
from certpath.errors import InputError
from certpath.planning.advice import Profile
from certpath.planning.instance import PlanRequest
from certpath.reports.advice import build_advice_report
from certpath.services.advising import advise_person, parse_holding
from certpath.services.planning import parse_horizon, policy_choice
from certpath.services.plans import plan_upload
from certpath.services.store_plans import Selection, create_store_plan
from certpath.services.tracking import record_completion

if TYPE_CHECKING:
    from certpath.interfaces.http.context import AppContext
    from certpath.services.plans import StoredPlan


class Held(BaseModel):
    item: str = Field(min_length=1, max_length=64)
    earned_on: str | None = Field(default=None, description="YYYY-MM-DD")


class AdviseRequest(BaseModel):
    """A person's profile, as `certpath advise` takes it."""

    background: str | None = Field(default=None, max_length=64)
    goal: str | None = Field(default=None, max_length=64)
    title: str | None = Field(default=None, max_length=200)
    cloud: str = Field(default="none", max_length=16)
    second_cloud: str | None = Field(default=None, max_length=16)
    held: list[Held] = Field(default_factory=list, max_length=50)
    ml_months: int | None = Field(default=None, ge=0, le=600)
    budget_usd: float | None = Field(default=None, ge=0, le=1_000_000)
    hours_per_week: float = Field(default=6.0, gt=0, le=80)
    genai: bool = False
    projects_done: int = Field(default=0, ge=0, le=100)


Name = Annotated[str, Field(min_length=1, max_length=200)]


class PlanBody(BaseModel):
    """What to plan (teams or people from the store, everyone you can see, or an uploaded roster) and the limits."""

    title: str = Field(default="", max_length=200)
    team: str | None = Field(default=None, max_length=200, description="One team (or use `teams`)")
    teams: list[Name] = Field(default_factory=list, max_length=1000)
    people: list[Name] = Field(default_factory=list, max_length=10_000, description="Employee ids")
    upload_id: int | None = Field(default=None, ge=1)
    start: date | None = None
    horizon: str = Field(default="90d", max_length=16, description="e.g. 90d, 13w, 6m")
    budget_usd: float | None = Field(default=None, ge=0, le=1e9)
    quarterly_budget_usd: float | None = Field(default=None, ge=0, le=1e9)
    objective: Literal["layers-soonest", "finish-soonest", "most-coverage-by-horizon", "cheapest"] = (
        "layers-soonest"
    )
    policy: Literal["automatic", "small", "mid", "enterprise"] | None = Field(
        default=None, description="automatic or null: by the size of the whole active organisation"
    )
    cohort_size: int | None = Field(default=None, ge=1, le=1000)
    time_limit_s: float = Field(default=5.0, gt=0, le=60)


class RecordBody(BaseModel):
    """One completion typed in (stored as claimed until a badge or LMS record verifies it)."""

    member: str = Field(min_length=1, max_length=64, description="Employee id.")
    item: str = Field(min_length=1, max_length=64, description="Catalogue course or credential id.")
    completed_on: date
    credential_id: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=1000)
    note: str | None = Field(default=None, max_length=2000)


def advise_from(body: AdviseRequest, context: AppContext) -> dict[str, Any]:
    """The advice JSON for a profile (the API's /advise and the web advisor)."""
    held = tuple(parse_holding(f"{h.item}@{h.earned_on}" if h.earned_on else h.item) for h in body.held)
    profile = Profile(
        background=body.background or None,
        goal=body.goal or None,
        title=body.title or None,
        cloud=body.cloud.strip().lower(),
        second_cloud=body.second_cloud.strip().lower() if body.second_cloud else None,
        held=held,
        ml_months=body.ml_months,
        budget_usd=body.budget_usd,
        hours_per_week=body.hours_per_week,
        genai=body.genai,
        projects_done=body.projects_done,
    )
    return build_advice_report(advise_person(context.catalogue, profile, today=context.today()))


def create_from(body: PlanBody, context: AppContext, me: Principal) -> StoredPlan:
    """Plan and store (the API's POST /plans and the web plan builder): people from the store, or an upload."""
    today = context.today()
    teams = tuple(dict.fromkeys([*([body.team] if body.team else []), *body.teams]))
    request = PlanRequest(
        start=body.start or today,
        horizon_weeks=parse_horizon(body.horizon),
        objective=body.objective,
        budget_usd=body.budget_usd,
        quarterly_budget_usd=body.quarterly_budget_usd,
        cohort_size=body.cohort_size,
        time_limit_s=body.time_limit_s,
        policy=policy_choice(body.policy),
    )
    if body.upload_id is None:
        return create_store_plan(
            context.unit_of_work(me.username),
            context.catalogue,
            me,
            request,
            selection=Selection(teams, tuple(dict.fromkeys(body.people))),
            title=body.title,
        )
    if teams or body.people:
        raise InputError("Give either upload_id or teams/people from the store, not both.")
    return plan_upload(
        context.unit_of_work(me.username),
        context.catalogue,
        me,
        request,
        upload_id=body.upload_id,
        title=body.title,
        today=today,
    )


def record_from(body: RecordBody, context: AppContext, me: Principal) -> dict[str, Any]:
    """Record a completion (the API's POST /evidence and the web form)."""
    me.require(Action.RECORD_EVIDENCE)
    summary = record_completion(
        context.unit_of_work(me.username),
        context.catalogue,
        body.member,
        body.item,
        day=body.completed_on,
        today=context.today(),
        scope=me.scope,
        credential_id=body.credential_id,
        url=body.url,
        note=body.note,
    )
    return dict(asdict(summary))
