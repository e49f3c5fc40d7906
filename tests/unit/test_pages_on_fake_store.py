"""The person page, the overview's reads, stored plans and roster uploads on FakeUnitOfWork."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest

from certpath.catalogue.model import Catalogue
from certpath.errors import InputError, NotFoundError
from certpath.services.audit_log import read_audit_log
from certpath.services.overview import layer_freshness, plan_spend
from certpath.services.people import evidence_detail, list_people, list_teams, person_page
from certpath.services.plans import accept_plan, create_plan, get_plan, list_plans, roster_from_store
from certpath.services.rosters import preview_roster, purge_uploads, upload_roster
from certpath.services.tracking import record_completion
from certpath.services.write_scope import ORGANISATION
from certpath.tracking.model import Scope
from certpath.tracking.summary import CatalogueMaps
from tests.factories import request
from tests.fakes import FakeUnitOfWork, State, person

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def uow(state: State, actor: str = "ld", now: datetime = NOW) -> FakeUnitOfWork:
    return FakeUnitOfWork(state, actor=actor, now=now)


@pytest.fixture
def store(catalogue: Catalogue) -> State:
    state = State()
    for stored in (
        person("E1", "ml-engineer", team="Data"),
        person("E2", "data-engineer", team="Data", manager_id="E1"),
        person("E3", "ai-developer", team="Apps"),
    ):
        state.people[stored.id] = stored
        state.versions[stored.id] = 1
    record_completion(
        uow(state), catalogue, "E2", "L1-TECHNICAL", day=date(2026, 3, 1), today=TODAY, scope=ORGANISATION
    )
    record_completion(
        uow(state), catalogue, "E3", "L1-TECHNICAL", day=date(2026, 10, 1), today=TODAY, scope=ORGANISATION
    )
    return state


def test_people_and_teams_follow_the_scope(store: State) -> None:
    assert [p.id for p in list_people(uow(store), scope=Scope(manager="E1"))] == ["E1", "E2"]
    assert list_teams(uow(store), scope=Scope()) == [("Apps", 1), ("Data", 2)]


def test_a_person_page_shows_layers_evidence_due_and_the_accepted_plan(
    store: State, catalogue: Catalogue
) -> None:
    roster = roster_from_store(uow(store), scope=Scope(team="Data"))
    plan = create_plan(
        uow(store, "lead"), catalogue, roster, request(time_limit_s=1.0), title="Data", team="Data"
    )
    accepted = accept_plan(uow(store, "lead"), plan.id, scope=Scope())
    assert (accepted.status, accepted.accepted_by, accepted.accepted_at) == ("accepted", "lead", NOW)
    with pytest.raises(InputError, match=f"Plan {plan.id} was already accepted by lead"):
        accept_plan(uow(store, "lead"), plan.id, scope=Scope())
    page = person_page(uow(store), catalogue, "E2", scope=Scope(), today=TODAY)
    assert page.person.id == "E2" and page.policy == "small"
    assert {s.layer: s.standing for s in page.layers}[1] == "held"
    assert [e["item"] for e in page.evidence] == ["L1-TECHNICAL"]
    # March's course still holds Layer 1 (refresh due, not overdue: overdue means no longer held).
    assert {s.layer: s.mark for s in page.layers}[1] == "refresh-due"
    assert [(d.kind, d.subject, d.overdue) for d in page.due] == [("refresh", "Layer 1", False)]
    assert page.assignments and {a["plan_id"] for a in page.assignments} == {plan.id}
    with pytest.raises(NotFoundError, match="No active person 'E3' that you can see"):
        person_page(uow(store), catalogue, "E3", scope=Scope(manager="E1"), today=TODAY)
    actions = [e["action"] for e in read_audit_log(uow(store), action="plan.")]
    assert actions == ["plan.accept", "plan.create"]


def test_stored_plans_are_seen_only_within_scope(store: State, catalogue: Catalogue) -> None:
    apps = roster_from_store(uow(store), scope=Scope(team="Apps"))
    plan = create_plan(uow(store), catalogue, apps, request(time_limit_s=1.0), title="Apps", team="Apps")
    assert [p.id for p in list_plans(uow(store), scope=Scope())] == [plan.id]
    assert list_plans(uow(store), scope=Scope(manager="E1")) == []
    with pytest.raises(NotFoundError, match=f"No plan {plan.id} that you can see"):
        get_plan(uow(store), plan.id, scope=Scope(manager="E1"))
    assert plan_spend(uow(store), scope=Scope()) == []  # a draft spends nothing
    accept_plan(uow(store), plan.id, scope=Scope())
    (spend,) = plan_spend(uow(store), scope=Scope())
    assert (spend.plan_id, spend.cost_usd) == (plan.id, plan.total_cost_usd)


def test_freshness_bands_and_evidence_detail(store: State, catalogue: Catalogue) -> None:
    uow(store).summarise(CatalogueMaps.of(catalogue))
    (layer_1,) = layer_freshness(uow(store), scope=Scope(), today=TODAY)
    assert (layer_1.layer, layer_1.fresh, layer_1.aging, layer_1.stale) == (1, 1, 1, 0)
    assert evidence_detail(uow(store), 1, scope=Scope())["person"] == "E2"
    with pytest.raises(NotFoundError, match="No evidence 1 that you can see"):
        evidence_detail(uow(store), 1, scope=Scope(person="E3"))


def test_an_upload_is_previewed_against_the_store_and_purged_after_a_day(
    store: State, catalogue: Catalogue
) -> None:
    data = b"employee_id,name,email,job_title,team\nE1,Person E1,e1@example.com,Data Engineer,Data\nN1,Nia New,n1@example.com,ML Engineer,Data\n"
    upload = upload_roster(uow(store, "hr"), catalogue, "hr.csv", io.BytesIO(data), today=TODAY)
    preview = preview_roster(uow(store), catalogue, upload)
    assert (preview.new, preview.known, preview.committed) == (["N1"], ["E1"], False)
    assert "role" in preview.changed["E1"]
    assert purge_uploads(uow(store, now=NOW + timedelta(hours=23))) == 0
    assert purge_uploads(uow(store, now=NOW + timedelta(hours=25))) == 1
    with pytest.raises(NotFoundError, match="Upload the file again"):
        preview_roster(uow(store), catalogue, upload)
