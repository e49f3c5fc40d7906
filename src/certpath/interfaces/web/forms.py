"""Dashboard pages with forms: the advisor, roster upload with preview, the plan builder, recording evidence."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from certpath.accounts.roles import Action
from certpath.errors import FileProblemsError, InputError
from certpath.interfaces.http.audit import log_access
from certpath.interfaces.http.bodies import (
    AdviseRequest,
    PlanBody,
    RecordBody,
    advise_from,
    create_from,
    record_from,
)
from certpath.interfaces.http.context import Context, RowId
from certpath.interfaces.http.errors import validation_issues
from certpath.interfaces.http.uploads import check_files
from certpath.interfaces.web.pages import CsrfField, Visitor, check_csrf, render
from certpath.interfaces.web.views import gantt
from certpath.services.people import list_teams
from certpath.services.plans import accept_plan, get_plan, list_plans
from certpath.services.rosters import commit_roster, preview_roster, upload_roster
from certpath.services.store_plans import automatic_policy

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Text = Annotated[str, Form(max_length=200)]


def _invalid(error: ValidationError, where: str) -> InputError:
    return FileProblemsError("The form", validation_issues(error.errors(), where), outcome="nothing was done")


def _choices(context: Context) -> dict[str, Any]:
    catalogue = context.catalogue
    return {
        "backgrounds": sorted(catalogue.backgrounds.values(), key=lambda b: b.name),
        "goals": sorted(catalogue.goals.values(), key=lambda g: g.name),
    }


def _held(text: str) -> dict[str, str | None]:
    """CODE or CODE@YYYY-MM-DD from the advisor form's holdings field."""
    item, _, earned = text.strip().partition("@")
    return {"item": item.strip(), "earned_on": earned.strip() or None}


@router.get("/advisor")
def advisor_form(request: Request, context: Context, caller: Visitor) -> Response:
    return render(request, "advisor.html.j2", caller, advice=None, asked={}, **_choices(context))


@router.post("/advisor")
def advisor(
    request: Request,
    context: Context,
    caller: Visitor,
    csrf: CsrfField,
    background: Text = "",
    goal: Text = "",
    cloud: Text = "none",
    second_cloud: Text = "",
    title: Text = "",
    hours_per_week: Annotated[str, Form(max_length=10)] = "6",
    budget_usd: Annotated[str, Form(max_length=20)] = "",
    have: Annotated[str, Form(max_length=1000)] = "",
    genai: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    check_csrf(caller, csrf)
    asked = {"background": background, "goal": goal, "cloud": cloud, "hours_per_week": hours_per_week}
    asked.update(budget_usd=budget_usd, have=have, genai=genai, second_cloud=second_cloud, title=title)
    try:
        body = AdviseRequest(
            background=background or None,
            goal=goal or None,
            cloud=cloud,
            second_cloud=second_cloud or None,
            title=title or None,
            hours_per_week=hours_per_week,
            budget_usd=budget_usd or None,
            held=[_held(h) for h in have.split(",") if h.strip()],
            genai=bool(genai),
        )
    except ValidationError as error:
        raise _invalid(error, "advisor") from None
    advice = advise_from(body, context)
    return render(request, "advisor.html.j2", caller, advice=advice, asked=asked, **_choices(context))


@router.get("/rosters")
def roster_form(request: Request, caller: Visitor) -> Response:
    caller.principal.require(Action.IMPORT_ROSTER)
    return render(request, "roster_upload.html.j2", caller)


@router.post("/rosters")
async def roster_upload(
    request: Request, context: Context, caller: Visitor, csrf: CsrfField, file: UploadFile
) -> Response:
    from starlette.concurrency import run_in_threadpool

    check_csrf(caller, csrf)
    caller.principal.require(Action.IMPORT_ROSTER)
    check_files([file], context.settings.limits)
    upload_id = await run_in_threadpool(
        upload_roster,
        context.unit_of_work(caller.principal.username),
        context.catalogue,
        file.filename or "roster.csv",
        file.file,
        today=context.today(),
    )
    return RedirectResponse(f"/rosters/{upload_id}", status_code=303)


@router.get("/rosters/{upload_id}")
def roster_preview(request: Request, upload_id: RowId, context: Context, caller: Visitor) -> Response:
    caller.principal.require(Action.IMPORT_ROSTER)
    preview = preview_roster(context.unit_of_work(caller.principal.username), context.catalogue, upload_id)
    return render(request, "roster_preview.html.j2", caller, preview=preview)


@router.post("/rosters/{upload_id}/commit")
async def roster_commit(
    request: Request, upload_id: RowId, context: Context, caller: Visitor, csrf: CsrfField
) -> Response:
    from starlette.concurrency import run_in_threadpool

    check_csrf(caller, csrf)
    caller.principal.require(Action.IMPORT_ROSTER)
    result = await run_in_threadpool(
        commit_roster,
        context.unit_of_work(caller.principal.username),
        context.catalogue,
        upload_id,
        today=context.today(),
        titles=await _title_choices(request),
    )
    return render(request, "roster_done.html.j2", caller, result=result)


async def _title_choices(request: Request) -> dict[str, str]:
    """Role chosen per job title in the preview: paired 'choice_title' and 'choice_role' fields."""
    form = await request.form()
    titles = [str(t) for t in form.getlist("choice_title")]
    roles = [str(r) for r in form.getlist("choice_role")]
    if len(titles) != len(roles) or len(titles) > 10_000:
        raise InputError("The role choices are incomplete; open the preview again and choose once more.")
    return {title: role for title, role in zip(titles, roles, strict=True) if role}


@router.get("/plans")
def plans_page(request: Request, context: Context, caller: Visitor) -> Response:
    me = caller.principal
    uow = context.unit_of_work(me.username)
    found = list_plans(uow, scope=me.scope)
    teams = list_teams(uow, scope=me.scope)
    automatic, org_size = automatic_policy(uow, context.catalogue)
    return render(
        request,
        "plans.html.j2",
        caller,
        plans=found,
        teams=teams,
        today=context.today(),
        chosen=request.query_params.getlist("team"),
        policies=sorted(context.catalogue.team_policies.values(), key=lambda p: p.min_size),
        automatic=context.catalogue.team_policy(automatic),
        org_size=org_size,
    )


@router.post("/plans")
def build_plan(
    request: Request,
    context: Context,
    caller: Visitor,
    csrf: CsrfField,
    team: Annotated[list[str] | None, Form()] = None,
    people: Annotated[str, Form(max_length=20_000)] = "",
    policy: Text = "automatic",
    budget_usd: Annotated[str, Form(max_length=20)] = "",
    start: Annotated[str, Form(max_length=10)] = "",
    horizon: Annotated[str, Form(max_length=16)] = "90d",
    objective: Text = "layers-soonest",
    title: Text = "",
) -> Response:
    check_csrf(caller, csrf)
    try:
        body = PlanBody(
            title=title,
            teams=[t for t in team or [] if t],
            people=[p for p in people.replace(",", " ").split() if p],
            policy=policy or None,
            budget_usd=budget_usd or None,
            start=start or None,
            horizon=horizon,
            objective=objective,
        )
    except ValidationError as error:
        raise _invalid(error, "plan builder") from None
    stored = create_from(body, context, caller.principal)
    return RedirectResponse(f"/plans/{stored.id}", status_code=303)


@router.get("/plans/{plan_id}")
def plan_page(request: Request, plan_id: RowId, context: Context, caller: Visitor) -> Response:
    me = caller.principal
    stored = get_plan(context.unit_of_work(me.username), plan_id, scope=me.scope)
    log_access(context, me, "read.plan", "plan", str(plan_id))
    report = stored.report or {}
    names = {m["id"]: m["name"] for m in report.get("members", [])}
    bars, ticks = gantt(report.get("assignments", []), names)
    return render(request, "plan.html.j2", caller, plan=stored, report=report, bars=bars, ticks=ticks)


@router.post("/plans/{plan_id}/accept")
def accept(request: Request, plan_id: RowId, context: Context, caller: Visitor, csrf: CsrfField) -> Response:
    check_csrf(caller, csrf)
    me = caller.principal
    me.require(Action.PLAN)
    accept_plan(context.unit_of_work(me.username), plan_id, scope=me.scope)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.post("/people/{person_id}/evidence")
def record(
    request: Request,
    person_id: str,
    context: Context,
    caller: Visitor,
    csrf: CsrfField,
    item: Text,
    completed_on: Annotated[str, Form(max_length=10)],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    check_csrf(caller, csrf)
    try:
        day = date.fromisoformat(completed_on)
    except ValueError:
        raise InputError(f"completed_on '{completed_on}': write the date as YYYY-MM-DD.") from None
    try:
        body = RecordBody(member=person_id, item=item, completed_on=day, note=note or None)
    except ValidationError as error:
        raise _invalid(error, "record form") from None
    record_from(body, context, caller.principal)
    return RedirectResponse(f"/people/{person_id}", status_code=303)
