"""`/api/v1/plans`: plan a team or an uploaded roster, list, get, audit, accept, download."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Response

from certpath.accounts.roles import Action
from certpath.interfaces.http.audit import log_access
from certpath.interfaces.http.bodies import PlanBody, create_from
from certpath.interfaces.http.context import Context, Me, RowId
from certpath.reports.jsonable import to_jsonable
from certpath.reports.plan import finding_json
from certpath.services.plans import accept_plan, audit_plan, get_plan, list_plans, render_stored_plan

router = APIRouter(tags=["plans"])


@router.post("/plans", status_code=201, summary="Plan people and store the plan as a draft")
def create(body: PlanBody, context: Context, me: Me) -> dict[str, Any]:
    return plan_json(create_from(body, context, me))


def plan_json(stored: Any) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable(asdict(stored))
    return data


@router.get("/plans", summary="Plans whose people you can all see, newest first")
def listed(context: Context, me: Me) -> list[dict[str, Any]]:
    return [plan_json(p) for p in list_plans(context.unit_of_work(me.username), scope=me.scope)]


@router.get("/plans/{plan_id}", summary="One plan: what was asked and the plan JSON contract")
def get(plan_id: RowId, context: Context, me: Me) -> dict[str, Any]:
    found = get_plan(context.unit_of_work(me.username), plan_id, scope=me.scope)
    log_access(context, me, "read.plan", "plan", str(plan_id))
    return plan_json(found)


@router.get("/plans/{plan_id}/audit", summary="The plan checked against every rule again")
def audit(plan_id: RowId, context: Context, me: Me) -> dict[str, Any]:
    findings = audit_plan(context.unit_of_work(me.username), context.catalogue, plan_id, scope=me.scope)
    errors = sum(1 for f in findings if f.severity == "error")
    return {"plan_id": plan_id, "errors": errors, "findings": [finding_json(f) for f in findings]}


@router.post("/plans/{plan_id}/accept", summary="Accept a draft plan")
def accept(plan_id: RowId, context: Context, me: Me) -> dict[str, Any]:
    me.require(Action.PLAN)
    return plan_json(accept_plan(context.unit_of_work(me.username), plan_id, scope=me.scope))


@router.get(
    "/plans/{plan_id}/files/{fmt}",
    summary="The plan as a file: html, xlsx, ics, csv or json",
    response_class=Response,
    responses={200: {"content": {"text/html": {}, "application/octet-stream": {}}}},
)
def download(
    plan_id: RowId, fmt: Literal["html", "xlsx", "ics", "csv", "json"], context: Context, me: Me
) -> Response:
    name, media, body = render_stored_plan(
        context.unit_of_work(me.username), context.catalogue, plan_id, fmt, scope=me.scope
    )
    log_access(context, me, "export.plan", "plan", str(plan_id), format=fmt)
    return attachment(name, media, body)


def attachment(name: str, media: str, body: bytes) -> Response:
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
