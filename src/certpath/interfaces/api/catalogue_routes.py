"""`/api/v1/catalogue` and `/api/v1/advise`: the catalogue and the individual advisor."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from certpath.interfaces.http.context import Context, Me

router = APIRouter(tags=["catalogue"])

Kind = Literal[
    "credentials",
    "courses",
    "projects",
    "roles",
    "layers",
    "pathways",
    "backgrounds",
    "goals",
    "rules",
    "policies",
    "salaries",
    "avoid",
]


@router.get("/catalogue", summary="How many entries of each kind the catalogue holds")
def catalogue_counts(context: Context, me: Me) -> dict[str, int]:
    from certpath.services.catalogue import catalogue_counts as counts

    return counts(context.catalogue)


@router.get("/catalogue/{kind}", summary="Every entry of one kind, as the CLI lists it")
def catalogue_rows(kind: Kind, context: Context, me: Me) -> list[dict[str, Any]]:
    from certpath.services.catalogue import list_rows

    return list_rows(context.catalogue, kind, today=context.today())


@router.get("/catalogue/entries/{entry_id}", summary="One entry with every field and its sources")
def catalogue_entry(entry_id: str, context: Context, me: Me) -> dict[str, Any]:
    from certpath.services.catalogue import describe_entry

    kind, data = describe_entry(context.catalogue, entry_id, today=context.today())
    return {"kind": kind, "entry": data}


class Held(BaseModel):
    item: str = Field(min_length=1, max_length=64)
    earned_on: str | None = Field(default=None, description="YYYY-MM-DD")


class AdviseRequest(BaseModel):
    """A person's profile, as `certpath advise` takes it."""

    background: str | None = Field(default=None, max_length=64)
    goal: str | None = Field(default=None, max_length=64)
    cloud: str = Field(default="none", max_length=16)
    held: list[Held] = Field(default_factory=list, max_length=50)
    ml_months: int | None = Field(default=None, ge=0, le=600)
    budget_usd: float | None = Field(default=None, ge=0, le=1_000_000)
    hours_per_week: float = Field(default=6.0, gt=0, le=80)
    genai: bool = False
    projects_done: int = Field(default=0, ge=0, le=100)


@router.post("/advise", summary="Which credential first, then what: steps, cost, time, projects, reasons")
def advise(body: AdviseRequest, context: Context, me: Me) -> dict[str, Any]:
    return advise_from(body, context)


def advise_from(body: AdviseRequest, context: Context) -> dict[str, Any]:
    """The advice JSON for a profile (shared with the web advisor)."""
    from certpath.planning.advice import Profile
    from certpath.reports.advice import build_advice_report
    from certpath.services.advising import advise_person, parse_holding

    held = tuple(parse_holding(f"{h.item}@{h.earned_on}" if h.earned_on else h.item) for h in body.held)
    profile = Profile(
        background=body.background or None,
        goal=body.goal or None,
        cloud=body.cloud.strip().lower(),
        held=held,
        ml_months=body.ml_months,
        budget_usd=body.budget_usd,
        hours_per_week=body.hours_per_week,
        genai=body.genai,
        projects_done=body.projects_done,
    )
    return build_advice_report(advise_person(context.catalogue, profile, today=context.today()))
