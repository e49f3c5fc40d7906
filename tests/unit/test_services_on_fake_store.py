"""The tracking and planning use cases, run on FakeUnitOfWork: no database, the real services."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from certpath.accounts.roles import Principal, Role
from certpath.catalogue.model import Catalogue
from certpath.errors import (
    AccessDeniedError,
    EvidenceError,
    InputError,
    UnknownChoiceError,
    UnknownPersonError,
    WriteScopeError,
)
from certpath.services.plans import create_plan, roster_from_store
from certpath.services.store_plans import Selection, create_store_plan
from certpath.services.tracking import import_evidence, import_people, load_badge_map, record_completion
from certpath.services.write_scope import ORGANISATION
from certpath.tracking.model import Scope
from tests.factories import request, small_team
from tests.fakes import FakeUnitOfWork, State, person

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


@pytest.fixture
def store() -> State:
    state = State()
    for stored in (
        person("E1", "ml-engineer", team="Data"),
        person("E2", "data-engineer", team="Data", manager_id="E1"),
        person("E3", "ai-developer", team="Apps"),
    ):
        state.people[stored.id] = stored
        state.versions[stored.id] = 1
    return state


def uow(state: State, actor: str = "ld") -> FakeUnitOfWork:
    return FakeUnitOfWork(state, actor=actor, now=NOW)


def test_record_stores_a_claimed_completion_stamped_with_the_callers_clock(
    store: State, catalogue: Catalogue
) -> None:
    work = uow(store)
    summary = record_completion(
        work, catalogue, "E2", "L1-EVERYONE", day=date(2026, 11, 1), today=TODAY, scope=ORGANISATION
    )
    assert summary.added == 1 and work.commits == 1
    (row,) = store.evidence
    assert (row["person_id"], row["item_id"], row["assurance"]) == ("E2", "L1-EVERYONE", "claimed")
    assert row["created_at"] == NOW
    assert [(e["action"], e["actor"], e["at"]) for e in store.audit] == [("evidence.import", "ld", NOW)]


def test_record_refuses_without_writing(store: State, catalogue: Catalogue) -> None:
    with pytest.raises(UnknownPersonError, match=r"^No one with employee id 'E9' is in the store\.$"):
        record_completion(
            uow(store), catalogue, "E9", "L1-EVERYONE", day=TODAY, today=TODAY, scope=ORGANISATION
        )
    with pytest.raises(InputError, match=r"completion date 2026-12-01 is after today \(2026-11-22\)"):
        record_completion(
            uow(store), catalogue, "E1", "L1-EVERYONE", day=date(2026, 12, 1), today=TODAY, scope=ORGANISATION
        )
    with pytest.raises(UnknownChoiceError, match="L1-EVERYON"):
        record_completion(
            uow(store), catalogue, "E1", "L1-EVERYON", day=TODAY, today=TODAY, scope=ORGANISATION
        )
    with pytest.raises(WriteScopeError, match=r"names E3"):
        record_completion(
            uow(store), catalogue, "E3", "L1-EVERYONE", day=TODAY, today=TODAY, scope=Scope(manager="E1")
        )
    assert store.evidence == [] and store.audit == []


def test_record_twice_adds_nothing_the_second_time(store: State, catalogue: Catalogue) -> None:
    record_completion(
        uow(store), catalogue, "E1", "MLA-C01", day=date(2026, 5, 1), today=TODAY, scope=ORGANISATION
    )
    with pytest.raises(InputError, match="already has MLA-C01 recorded on 2026-05-01"):
        record_completion(
            uow(store), catalogue, "E1", "MLA-C01", day=date(2026, 5, 1), today=TODAY, scope=ORGANISATION
        )
    (row,) = store.evidence
    assert row["expires_on"] is not None  # dated by the vendor's renewal rule


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lms.csv"
    path.write_text(text)
    return path


def test_import_evidence_writes_every_row_in_one_commit(
    store: State, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        "employee_id,item,completed_on\nE1,L1-TECHNICAL,2026-10-01\nE2,L1-TECHNICAL,2026-10-02\nE2,MLA-C01,2026-10-03\n",
    )
    work = uow(store)
    (summary,) = import_evidence(
        work,
        catalogue,
        [path],
        badge_map=load_badge_map(catalogue, None, None),
        today=TODAY,
        scope=ORGANISATION,
    )
    assert (summary.added, work.commits) == (3, 1)
    assert sorted((e["person_id"], e["item_id"], e["assurance"]) for e in store.evidence) == [
        ("E1", "L1-TECHNICAL", "recorded"),
        ("E2", "L1-TECHNICAL", "recorded"),
        ("E2", "MLA-C01", "recorded"),
    ]
    assert store.maps is not None  # the store was told the catalogue's maps before the summary refresh
    again = import_evidence(
        uow(store),
        catalogue,
        [path],
        badge_map=load_badge_map(catalogue, None, None),
        today=TODAY,
        scope=ORGANISATION,
    )
    assert (again[0].added, again[0].already_there) == (0, 3)


def test_import_evidence_with_one_bad_file_writes_nothing(
    store: State, catalogue: Catalogue, tmp_path: Path
) -> None:
    good = _csv(tmp_path, "employee_id,item,completed_on\nE1,L1-TECHNICAL,2026-10-01\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("employee_id,item,completed_on\nE1,L1-TECHNICAL,yesterday\n")
    with pytest.raises(EvidenceError, match=r"bad\.csv"):
        import_evidence(
            uow(store),
            catalogue,
            [good, bad],
            badge_map=load_badge_map(catalogue, None, None),
            today=TODAY,
            scope=ORGANISATION,
        )
    assert store.evidence == [] and store.imports == [] and store.audit == []


def test_a_narrowed_writer_cannot_import_for_someone_outside_the_chain(
    store: State, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path, "employee_id,item,completed_on\nE2,L1-TECHNICAL,2026-10-01\nE3,L1-TECHNICAL,2026-10-01\n"
    )
    with pytest.raises(WriteScopeError, match=r"lms\.csv:3.*names E3"):
        import_evidence(
            uow(store, "E1"),
            catalogue,
            [path],
            badge_map=load_badge_map(catalogue, None, None),
            today=TODAY,
            scope=Scope(manager="E1"),
        )
    assert store.evidence == []


def test_import_people_adds_changes_and_deactivates(catalogue: Catalogue) -> None:
    state = State()
    first = import_people(uow(state, "hr"), catalogue, small_team(), today=TODAY)
    assert len(first.added) == 8 and state.versions["DE1"] == 1
    smaller = small_team()
    smaller = type(smaller)(smaller.source, smaller.members[1:], {}, leavers=(smaller.members[0].id,))
    second = import_people(uow(state, "hr"), catalogue, smaller, today=TODAY)
    assert second.deactivated == ["DE1"] and not state.people["DE1"].active and state.versions["DE1"] == 2
    assert [e["action"] for e in state.audit].count("person.deactivate") == 1


def test_plans_are_made_from_the_people_and_evidence_in_the_store(store: State, catalogue: Catalogue) -> None:
    record_completion(
        uow(store), catalogue, "E1", "L1-TECHNICAL", day=date(2026, 10, 1), today=TODAY, scope=ORGANISATION
    )
    roster = roster_from_store(uow(store), scope=Scope(team="Data"))
    assert [m.id for m in roster.members] == ["E1", "E2"]
    assert [h.item_id for h in roster.members[0].held] == ["L1-TECHNICAL"]
    stored = create_plan(
        uow(store, "lead"), catalogue, roster, request(time_limit_s=1.0), title="Data", team="Data"
    )
    assert (stored.id, stored.status, stored.created_by, stored.created_at) == (1, "draft", "lead", NOW)
    assert stored.report is not None and {m["id"] for m in stored.report["members"]} == {"E1", "E2"}
    assert store.audit[-1]["action"] == "plan.create"


def test_planning_needs_the_plan_permission_and_titles_the_plan_after_the_team(
    store: State, catalogue: Catalogue
) -> None:
    lead = Principal(1, "lead", Role.MANAGER, person_id="E1")
    stored = create_store_plan(
        uow(store, "lead"), catalogue, lead, request(time_limit_s=1.0), selection=Selection(), title=""
    )
    assert stored.title == "Everyone from 2026-12-07"
    assert {m["id"] for m in (stored.report or {})["members"]} == {"E1", "E2"}  # E1's chain only
    assert stored.request is not None and stored.request["policy"] is None
    assert stored.report is not None and stored.report["policy"] == "small"
    team = create_store_plan(
        uow(store, "lead"),
        catalogue,
        lead,
        request(time_limit_s=1.0),
        selection=Selection(("Data",)),
        title="",
    )
    assert (team.title, team.team) == ("Data from 2026-12-07", "Data")
    member = Principal(2, "e3", Role.MEMBER, person_id="E3")
    with pytest.raises(AccessDeniedError, match=r"e3 \(member\) may not plan"):
        create_store_plan(uow(store, "e3"), catalogue, member, request(), selection=Selection(), title="")
    assert len(store.plans) == 2


def test_the_fake_and_the_sql_adapter_both_have_every_member_of_the_port(store: State) -> None:
    import certpath.tracking.unit_of_work as sql
    from certpath.tracking import ports

    parts = {"people": ports.PeopleStore, "evidence": ports.EvidenceStore, "audit": ports.AuditTrail}
    parts.update(keys=ports.KeyStore, users=ports.UserStore, plans=ports.PlanRecords)
    parts.update(reads=ports.ProgressReads)
    fake = uow(store)
    for name, protocol in parts.items():
        members = {m for m in vars(protocol) if not m.startswith("_")}
        adapter = getattr(sql, sql.SqlUnitOfWork.__annotations__[name])  # the class the adapter hands out
        assert members <= set(dir(getattr(fake, name))), name
        assert members - {"touched"} <= set(dir(adapter)), name
    assert {m for m in vars(ports.UnitOfWork) if not m.startswith("_")} <= set(dir(fake))


def test_an_uploaded_roster_is_imported_once(store: State, catalogue: Catalogue) -> None:
    from types import SimpleNamespace

    from certpath.services.rosters import commit_roster

    kept = (
        b"employee_id,name,email,job_title,team,manager_id\nN1,Nia New,n1@example.com,ML Engineer,Data,E1\n"
    )
    store.uploads[1] = SimpleNamespace(id=1, filename="hr.csv", committed_at=None, data=kept, preview="{}")
    result = commit_roster(uow(store, "hr"), catalogue, 1, today=TODAY)
    assert result.added == ["N1"] and store.people["N1"].role == "ml-engineer"
    assert store.uploads[1].committed_at == NOW and store.uploads[1].data is None
    with pytest.raises(InputError, match=r"Upload 1 \(hr\.csv\) was already imported"):
        commit_roster(uow(store, "hr"), catalogue, 1, today=TODAY)
