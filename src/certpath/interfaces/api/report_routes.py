"""`/api/v1/reports`: the training matrix (XLSX), the due calendar (ICS), status and gaps as CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from certpath.interfaces.api.plan_routes import attachment
from certpath.interfaces.http.audit import log_access
from certpath.interfaces.http.context import Context, Me
from certpath.reports.matrix_xlsx import render_matrix
from certpath.reports.tracking import due_ics
from certpath.reports.tracking import status_csv as render
from certpath.services.progress import due_report, status_report

router = APIRouter(tags=["reports"])

TeamQuery = Annotated[str | None, Query(max_length=200)]
_FILE: dict[int | str, dict[str, Any]] = {200: {"content": {"application/octet-stream": {}}}}


@router.get("/reports/matrix.xlsx", response_class=Response, responses=_FILE, summary="Training matrix")
def matrix(context: Context, me: Me, team: TeamQuery = None) -> Response:
    report = status_report(
        context.unit_of_work(me.username),
        context.catalogue,
        today=context.today(),
        scope=me.narrowed(team=team),
    )
    log_access(context, me, "export.matrix", "team", team or "*", people=len(report.people))
    return attachment(*render_matrix(report))


@router.get("/reports/due.ics", response_class=Response, responses=_FILE, summary="Renewals as a calendar")
def due_calendar(
    context: Context, me: Me, team: TeamQuery = None, within_days: Annotated[int, Query(ge=0, le=3650)] = 365
) -> Response:
    items = due_report(
        context.unit_of_work(me.username),
        context.catalogue,
        today=context.today(),
        within_days=within_days,
        scope=me.narrowed(team=team),
    )
    log_access(context, me, "export.due", "team", team or "*", items=len(items))
    return attachment(*due_ics(items, today=context.today()))


@router.get("/reports/status.csv", response_class=Response, responses=_FILE, summary="Status as CSV")
def status_csv(context: Context, me: Me, team: TeamQuery = None) -> Response:
    report = status_report(
        context.unit_of_work(me.username),
        context.catalogue,
        today=context.today(),
        scope=me.narrowed(team=team),
    )
    log_access(context, me, "export.status", "team", team or "*", people=len(report.people))
    return attachment(*render(report))
