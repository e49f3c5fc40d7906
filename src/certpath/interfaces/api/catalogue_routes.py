"""`/api/v1/catalogue` and `/api/v1/advise`: the catalogue and the individual advisor."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter

from certpath.interfaces.http.bodies import AdviseRequest, advise_from
from certpath.interfaces.http.context import Context, Me
from certpath.services.catalogue import catalogue_counts as counts
from certpath.services.catalogue import describe_entry, list_rows

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
    return counts(context.catalogue)


@router.get("/catalogue/{kind}", summary="Every entry of one kind, as the CLI lists it")
def catalogue_rows(kind: Kind, context: Context, me: Me) -> list[dict[str, Any]]:
    return list_rows(context.catalogue, kind, today=context.today())


@router.get("/catalogue/entries/{entry_id}", summary="One entry with every field and its sources")
def catalogue_entry(entry_id: str, context: Context, me: Me) -> dict[str, Any]:
    kind, data = describe_entry(context.catalogue, entry_id, today=context.today())
    return {"kind": kind, "entry": data}


@router.post("/advise", summary="Which credential first, then what: steps, cost, time, projects, reasons")
def advise(body: AdviseRequest, context: Context, me: Me) -> dict[str, Any]:
    return advise_from(body, context)
