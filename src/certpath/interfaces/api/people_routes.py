"""`/api/v1/people`, teams, status, gaps, due and the audit log: reads, within the caller's scope."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from certpath.accounts.roles import Action, Principal
from certpath.interfaces.http.audit import log_access
from certpath.interfaces.http.context import AppContext, Context, Me
from certpath.reports.tracking import due_json, gaps_json, layer_json, status_json
from certpath.services.audit_log import read_audit_log
from certpath.services.people import list_people, list_teams, person_page
from certpath.services.progress import due_report, gaps_report, status_report
from certpath.services.views import cached_view

router = APIRouter(tags=["people and progress"])

TeamQuery = Annotated[str | None, Query(max_length=200, description="Only this team.")]
PolicyQuery = Annotated[str | None, Query(max_length=64, description="small, mid or enterprise.")]


@router.get("/people", summary="Active people you can see")
def people(context: Context, me: Me, team: TeamQuery = None) -> list[dict[str, Any]]:
    found = list_people(context.unit_of_work(me.username), scope=me.narrowed(team=team))
    log_access(context, me, "read.people", "team", team or "*", count=len(found))
    return [p.as_dict() for p in found]


@router.get("/people/{person_id}", summary="One person: layers, evidence with checks, what is due, plan")
def person(person_id: str, context: Context, me: Me) -> dict[str, Any]:
    page = person_page(
        context.unit_of_work(me.username), context.catalogue, person_id, scope=me.scope, today=context.today()
    )
    log_access(context, me, "read.person", "person", person_id)
    return person_json(page)


def person_json(page: Any) -> dict[str, Any]:
    """A person's page as JSON (the web page renders the same PersonPage)."""
    return {
        "person": page.person.as_dict(),
        "policy": page.policy,
        "layers": [layer_json(s) for s in page.layers],
        "evidence": page.evidence,
        "due": [
            {"kind": d.kind, "subject": d.subject, "due_on": d.due_on.isoformat(), "action": d.action}
            for d in page.due
        ],
        "assignments": page.assignments,
    }


@router.get("/teams", summary="Teams with active people you can see")
def teams(context: Context, me: Me) -> list[dict[str, Any]]:
    return [
        {"team": team, "people": count}
        for team, count in list_teams(context.unit_of_work(me.username), scope=me.scope)
    ]


@router.get("/status", summary="Each person's needed layers: state, freshness, next action")
def status(
    context: Context,
    me: Me,
    team: TeamQuery = None,
    person: Annotated[str | None, Query(max_length=64)] = None,
    policy: PolicyQuery = None,
) -> dict[str, Any]:
    scope = me.narrowed(team=team, person=person)
    report = status_report(
        context.unit_of_work(me.username),
        context.catalogue,
        today=context.today(),
        scope=scope,
        policy=policy,
    )
    log_access(context, me, "read.status", "team", team or person or "*", people=len(report.people))
    return status_json(report)


@router.get(
    "/gaps",
    summary="Layers each team is missing, with the cheapest course to close each gap",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def gaps(
    context: Context,
    me: Me,
    team: TeamQuery = None,
    policy: PolicyQuery = None,
    bus_factor: Annotated[int, Query(ge=1, le=50)] = 2,
    min_freshness: Annotated[float, Query(ge=0, le=1)] = 0.25,
    verified_only: bool = False,
) -> Response:
    asked = (team, policy, bus_factor, min_freshness, verified_only)
    key = context.view_key(me, "gaps", *asked)
    body = cached_view(context.engine, key, lambda: _gaps_body(context, me, *asked), now=context.now())
    log_access(context, me, "read.gaps", "team", team or "*")
    return Response(body, media_type="application/json")


def _gaps_body(
    context: AppContext,
    me: Principal,
    team: str | None,
    policy: str | None,
    bus_factor: int,
    min_freshness: float,
    verified_only: bool,
) -> str:
    import json

    report = gaps_report(
        context.unit_of_work(me.username),
        context.catalogue,
        today=context.today(),
        scope=me.narrowed(team=team),
        bus_factor=bus_factor,
        min_freshness=min_freshness,
        verified_only=verified_only,
        policy=policy,
        with_members=team is not None,
        with_literacy=team is not None,
    )
    return json.dumps(gaps_json(report))


@router.get("/due", summary="Expiries, open renewal windows and stale layers, soonest first")
def due(
    context: Context,
    me: Me,
    team: TeamQuery = None,
    person: Annotated[str | None, Query(max_length=64)] = None,
    within_days: Annotated[int, Query(ge=0, le=3650)] = 90,
    policy: PolicyQuery = None,
    overdue: bool = False,
) -> dict[str, Any]:
    items = due_report(
        context.unit_of_work(me.username),
        context.catalogue,
        today=context.today(),
        within_days=within_days,
        scope=me.narrowed(team=team, person=person),
        policy=policy,
        overdue_only=overdue,
    )
    log_access(context, me, "read.due", "team", team or person or "*", items=len(items))
    return due_json(items, today=context.today(), within_days=within_days)


@router.get("/audit-log", summary="Who did what when, newest first (admins and auditors)")
def audit_log(
    context: Context,
    me: Me,
    action: Annotated[str | None, Query(max_length=64)] = None,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    me.require(Action.READ_AUDIT_LOG)
    work = context.account_work(me.username, autocommit=True)
    return read_audit_log(work, action=action, subject=subject, actor=actor, limit=limit)
