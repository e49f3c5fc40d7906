"""The fake store answers status, gaps and due as the SQL store does (SQLite and PostgreSQL):
the same people and evidence, written through the same services, give the same reports."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from certpath.catalogue.model import Catalogue
from certpath.reports.tracking import gaps_json, status_json
from certpath.services.progress import due_report, gaps_report, status_report
from certpath.services.tracking import import_people, record_completion
from certpath.services.write_scope import ORGANISATION
from certpath.tracking.database import Engine
from certpath.tracking.model import Scope
from certpath.tracking.ports import UnitOfWork
from tests.factories import member, roster, unit_of_work
from tests.fakes import FakeUnitOfWork, State

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, tzinfo=UTC)
TEAM = roster(
    member("E1", "ml-engineer", team="Data"),
    member("E2", "data-engineer", team="Data", manager_id="E1"),
    member("E3", "ai-developer", team="Apps", deploys_to_production=True),
    member("E4", "product-manager", team="Apps", leads_externally=True),
    member("E5", "compliance-officer", team="Risk"),
)
EVIDENCE = (
    ("E1", "L1-TECHNICAL", date(2026, 10, 1)),
    ("E1", "MLA-C01", date(2026, 5, 1)),
    ("E2", "L1-TECHNICAL", date(2026, 3, 1)),
    ("E2", "MLA-C01", date(2022, 6, 1)),
    ("E3", "L1-EVERYONE", date(2026, 9, 1)),
    ("E4", "AIF-C01", date(2025, 12, 1)),
    ("E5", "L1-EVERYONE", date(2025, 1, 10)),
)


def _fill(make: Any, catalogue: Catalogue) -> None:
    import_people(make(), catalogue, TEAM, today=TODAY)
    for who, item, day in EVIDENCE:
        record_completion(make(), catalogue, who, item, day=day, today=TODAY, scope=ORGANISATION)


def _answers(work: UnitOfWork, catalogue: Catalogue, scope: Scope) -> dict[str, Any]:
    gaps = gaps_report(
        work,
        catalogue,
        today=TODAY,
        scope=scope,
        bus_factor=2,
        min_freshness=0.25,
        verified_only=False,
        with_members=True,
        with_literacy=True,
    )
    due = due_report(work, catalogue, today=TODAY, within_days=365, scope=scope)
    return {
        "status": status_json(status_report(work, catalogue, today=TODAY, scope=scope)),
        "gaps": gaps_json(gaps),
        "due": [(d.person, d.kind, d.subject, d.due_on, d.action, d.overdue) for d in due],
    }


def test_the_fake_store_answers_as_the_sql_store(engine: Engine, catalogue: Catalogue) -> None:
    state = State()
    _fill(lambda: FakeUnitOfWork(state, actor="hr", now=NOW), catalogue)
    _fill(lambda: unit_of_work(engine, "hr", now=NOW), catalogue)
    for scope in (Scope(), Scope(team="Apps"), Scope(manager="E1"), Scope(person="E4")):
        fake = _answers(FakeUnitOfWork(state, now=NOW), catalogue, scope)
        sql = _answers(unit_of_work(engine, now=NOW), catalogue, scope)
        assert fake == sql, scope
    everyone = _answers(FakeUnitOfWork(state, now=NOW), catalogue, Scope())
    assert everyone["due"] and everyone["gaps"]["gaps"]  # the store is not trivially empty
