"""Use cases for stored plans: plan an upload, store a plan, list, get, audit, accept, render."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from certpath.accounts.roles import Action, Principal
from certpath.catalogue.model import Catalogue
from certpath.errors import InputError, NotFoundError
from certpath.kernel import Finding, Holding
from certpath.planning.instance import PlanRequest
from certpath.planning.plan_findings import plan_findings
from certpath.reports.plan import build_plan_report
from certpath.reports.plan_reading import read_plan_report
from certpath.roster.model import Member, Roster
from certpath.services.planning import plan_team, render_plan
from certpath.services.rosters import read_upload
from certpath.tracking.model import Completion, Person, Scope

if TYPE_CHECKING:
    from certpath.planning.plan import Plan
    from certpath.tracking.ports import UnitOfWork


@dataclass(frozen=True)
class StoredPlan:
    """A plan as kept in the store: its summary, what was asked, and the plan JSON contract."""

    id: int
    title: str
    team: str | None
    status: str  # draft | accepted
    total_cost_usd: float
    created_by: str
    created_at: datetime
    accepted_by: str | None
    accepted_at: datetime | None
    request: dict[str, Any] | None = None
    report: dict[str, Any] | None = None


def _stored(row: Any, *, full: bool) -> StoredPlan:
    extra = {"request": json.loads(row.request), "report": json.loads(row.report)} if full else {}
    return StoredPlan(
        row.id,
        row.title,
        row.team,
        row.status,
        row.total_cost_usd,
        row.created_by,
        row.created_at,
        row.accepted_by,
        row.accepted_at,
        **extra,
    )


def roster_from_store(uow: UnitOfWork, *, scope: Scope) -> Roster:
    """Active people in scope as a roster, holding what their completed evidence shows."""
    with uow:
        people = uow.people.active(scope=scope)
        done = uow.evidence.completed(scope=scope)
    return stored_roster(people, done)


def stored_roster(people: list[Person], done: list[Completion]) -> Roster:
    """The roster of these people from the store, each holding their completions (verified or not,
    with the store's expiry); NotFoundError when there is nobody."""
    if not people:
        raise NotFoundError(
            "No active people that you can see in that team; import a roster or pick another team."
        )
    held: dict[str, list[Holding]] = {}
    for row in done:
        holding = Holding(row.item_id, row.completed_on, row.verified, row.expires_on, expiry_known=True)
        held.setdefault(row.person_id, []).append(holding)
    members = tuple(
        Member(
            id=p.id,
            name=p.name,
            role=p.role,
            resolved_from="column",
            confidence=1.0,
            team=p.team,
            title=p.title,
            manager_id=p.manager_id,
            background=p.background,
            cloud=p.cloud,
            hours_per_week=p.hours_per_week,
            deploys_to_production=p.deploys_to_production,
            leads_externally=p.leads_externally,
            held=tuple(held.get(p.id, ())),
        )
        for p in people
    )
    return Roster("store", members, {})


def plan_upload(
    uow: UnitOfWork,
    catalogue: Catalogue,
    me: Principal,
    request: PlanRequest,
    *,
    upload_id: int,
    title: str,
    today: date,
) -> StoredPlan:
    """Plan an uploaded roster not imported yet and store the plan as a draft titled `title` or
    after the upload. People already in the store are planned by `store_plans.create_store_plan`."""
    me.require(Action.PLAN)
    me.require(Action.IMPORT_ROSTER)
    roster = read_upload(uow, catalogue, upload_id, today=today)
    return create_plan(
        uow, catalogue, roster, request, title=title or f"Upload {upload_id} from {request.start}"
    )


def create_plan(
    uow: UnitOfWork,
    catalogue: Catalogue,
    roster: Roster,
    request: PlanRequest,
    *,
    title: str,
    team: str | None = None,
) -> StoredPlan:
    """Plan the roster and store the result as a draft (`team`: the one team it plans, if so)."""
    plan = plan_team(catalogue, roster, request)
    return save_plan(uow, plan, request, title=title, team=team)


def save_plan(
    uow: UnitOfWork, plan: Plan, request: PlanRequest, *, title: str, team: str | None = None
) -> StoredPlan:
    """Store a plan as a draft with what was asked, and log who made it."""
    report = build_plan_report(plan)
    asked = {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(request).items()}
    with uow:
        plan_id = uow.plans.add(
            title=title, team=team, request=asked, report=report, by=uow.actor, at=uow.now
        )
        summary = {"title": title, "people": len(plan.members), "total_cost_usd": plan.total_cost_usd}
        uow.audit.append("plan.create", "plan", str(plan_id), after=summary)
        uow.commit()
        return _stored(uow.plans.get(plan_id, Scope()), full=True)


def list_plans(uow: UnitOfWork, *, scope: Scope, team: str | None = None) -> list[StoredPlan]:
    """Plans whose people are all within scope (of one team, if given), newest first."""
    with uow:
        return [_stored(row, full=False) for row in uow.plans.listed(scope, team=team)]


def get_plan(uow: UnitOfWork, plan_id: int, *, scope: Scope) -> StoredPlan:
    """One plan with its request and report; NotFoundError when absent or outside scope."""
    with uow:
        return _get(uow, plan_id, scope=scope)


def _get(uow: UnitOfWork, plan_id: int, *, scope: Scope) -> StoredPlan:
    row = uow.plans.get(plan_id, scope)
    if row is None:
        raise NotFoundError(f"No plan {plan_id} that you can see; list the plans to find its id.")
    return _stored(row, full=True)


def accept_plan(uow: UnitOfWork, plan_id: int, *, scope: Scope) -> StoredPlan:
    """Mark a draft plan accepted (it then shows on each person's page), by the unit of work's actor."""
    with uow:
        plan = _get(uow, plan_id, scope=scope)
        if plan.status == "accepted":
            raise InputError(
                f"Plan {plan_id} was already accepted by {plan.accepted_by} on {plan.accepted_at}."
            )
        uow.plans.accept(plan_id, by=uow.actor, at=uow.now)
        uow.audit.append(
            "plan.accept", "plan", str(plan_id), before={"status": plan.status}, after={"status": "accepted"}
        )
        uow.commit()
    return get_plan(uow, plan_id, scope=scope)


def plan_of(catalogue: Catalogue, stored: StoredPlan) -> Plan:
    """The Plan a stored plan's report describes."""
    assert stored.report is not None
    return read_plan_report(catalogue, stored.report)


def audit_plan(uow: UnitOfWork, catalogue: Catalogue, plan_id: int, *, scope: Scope) -> list[Finding]:
    """Check a stored plan against every rule again (the catalogue may have changed since), with the
    plan's own notes derived again as `certpath audit PLAN.json` does."""
    return plan_findings(catalogue, plan_of(catalogue, get_plan(uow, plan_id, scope=scope)))


def render_stored_plan(
    uow: UnitOfWork, catalogue: Catalogue, plan_id: int, fmt: str, *, scope: Scope
) -> tuple[str, str, bytes]:
    """(filename, media type, bytes) of a stored plan as json, csv, xlsx, ics or html."""
    name, media, body = render_plan(plan_of(catalogue, get_plan(uow, plan_id, scope=scope)), catalogue, fmt)
    stem, _, suffix = name.rpartition(".")
    return f"{stem}-{plan_id}.{suffix}", media, body


def accepted_assignments(uow: UnitOfWork, person_id: str) -> list[dict[str, Any]]:
    """The person's assignments in their most recently accepted plan (with the plan's id and title)."""
    with uow:
        rows = uow.plans.accepted_for(person_id)
    if not rows:
        return []
    latest = rows[0]
    report = json.loads(latest.report)
    return [
        {**a, "plan_id": latest.id, "plan_title": latest.title}
        for a in report["assignments"]
        if a["member"] == person_id
    ]
