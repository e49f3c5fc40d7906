"""Use cases that read people: who is in scope, teams, and one person's page (status, evidence, plan)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from certpath.catalogue.model import Catalogue
from certpath.errors import InputError, NotFoundError
from certpath.services.names import check_team
from certpath.services.plans import accepted_assignments
from certpath.services.progress import due_report, status_report
from certpath.services.store_plans import programme_members
from certpath.tracking.model import Scope

if TYPE_CHECKING:
    from certpath.reports.progress import DueItem
    from certpath.tracking.model import Person
    from certpath.tracking.ports import UnitOfWork
    from certpath.tracking.status import LayerStatus


def list_people(uow: UnitOfWork, *, scope: Scope) -> list[Person]:
    """Active people in scope, by team then id (NotInScopeError for a team nobody in scope is in)."""
    with uow:
        check_team(uow, scope)
        return uow.people.active(scope=scope)


def list_teams(uow: UnitOfWork, *, scope: Scope) -> list[tuple[str, int]]:
    """(team, active people in scope), by team."""
    with uow:
        return uow.reads.teams(scope=scope)


def governance_owners(
    uow: UnitOfWork, catalogue: Catalogue, *, outside_team: str, scope: Scope, today: date
) -> tuple[list[str], int]:
    """The organisation's Layer 5 owners outside `outside_team` (the programme a plan of the team
    carries, `store_plans.programme_owners`): "Name (team)" of those within `scope`, and how many
    others there are, whom the caller may not see named."""
    outside = [m for m in programme_members(uow, catalogue, None, today=today) if m.team != outside_team]
    with uow:
        visible = uow.people.ids_in_scope(scope=replace(scope, team=None))
    named = [f"{m.name} ({m.team})" for m in outside if m.id in visible]
    return named, len(outside) - len(named)


def check_in_scope(uow: UnitOfWork, person_id: str, *, scope: Scope) -> None:
    """NotFoundError unless the person is active and within scope (asked of the store)."""
    with uow:
        if not uow.people.in_scope(person_id, scope=scope):
            raise NotFoundError(f"No active person '{person_id}' that you can see.")


def person_evidence(uow: UnitOfWork, person_id: str) -> list[dict[str, Any]]:
    """A person's evidence, oldest first, each with its verification checks (InputError if unknown)."""
    with uow:
        if uow.people.get(person_id) is None:
            raise InputError(f"No one with employee id '{person_id}' is in the store.")
        return [evidence_json(row) for row in uow.evidence.for_person(person_id)]


def unmatched_evidence(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Evidence no catalogue item matched, oldest import first."""
    with uow:
        return [
            {
                "id": r.id,
                "person": r.person_id,
                "source": r.source,
                "issuer": r.issuer,
                "achievement": r.achievement,
                "completed_on": r.completed_on.isoformat(),
            }
            for r in uow.evidence.unmatched()
        ]


@dataclass
class PersonPage:
    """Everything about one person: layers, evidence with its checks, what is due, the accepted plan."""

    person: Person
    policy: str
    layers: list[LayerStatus]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    due: list[DueItem] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)


def person_page(
    uow: UnitOfWork, catalogue: Catalogue, person_id: str, *, scope: Scope, today: date
) -> PersonPage:
    """One person's page, within scope."""
    check_in_scope(uow, person_id, scope=scope)
    own = Scope(team=scope.team, person=person_id, manager=scope.manager)
    report = status_report(uow, catalogue, today=today, scope=own)
    person, layers = report.people[0]
    return PersonPage(
        person,
        report.policy,
        layers,
        evidence=evidence_of(uow, person_id),
        due=due_report(uow, catalogue, today=today, within_days=365, scope=own),
        assignments=accepted_assignments(uow, person_id),
    )


def evidence_of(uow: UnitOfWork, person_id: str) -> list[dict[str, Any]]:
    """The person's evidence, oldest first, each with its verification checks."""
    with uow:
        return [evidence_json(row) for row in uow.evidence.for_person(person_id)]


def evidence_json(row: Any) -> dict[str, Any]:
    """One evidence row as JSON, with its verification record."""
    record = json.loads(row.checks) if row.checks else {}
    return {
        "id": row.id,
        "person": row.person_id,
        "item": row.item_id,
        "source": row.source,
        "status": row.status,
        "completed_on": row.completed_on.isoformat(),
        "expires_on": row.expires_on.isoformat() if row.expires_on else None,
        "assurance": row.assurance,
        "issuer": row.issuer,
        "achievement": row.achievement,
        "external_id": row.external_id,
        "credential_id": row.credential_id,
        "url": row.url,
        "note": row.note,
        "verification": record,
    }


def evidence_detail(uow: UnitOfWork, evidence_id: int, *, scope: Scope) -> dict[str, Any]:
    """One evidence record with its checks, when its person is within scope."""
    with uow:
        row = uow.evidence.get(evidence_id)
        if row is None or not uow.people.in_scope(row.person_id, scope=scope):
            raise NotFoundError(f"No evidence {evidence_id} that you can see.")
        return evidence_json(row)
