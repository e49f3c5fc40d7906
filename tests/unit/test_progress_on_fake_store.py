"""Status, gaps and due run on FakeUnitOfWork: the real services over a small store in memory.

The store: E1 (ML engineer, Data) with a technical Layer 1 course last month and MLA-C01 in May
(Layers 2 and 3), E2 (data engineer, Data) with Layer 1 in March and an MLA-C01 that expired in
2025, and E3 (AI developer in Apps who deploys to production) whose only evidence is the Layer 1
course for everyone, which does not hold the technical Layer 1 a deployer needs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from certpath.catalogue.model import Catalogue
from certpath.errors import InputError, NotFoundError
from certpath.reports.progress import GapsReport
from certpath.services.progress import due_report, gaps_report, status_report
from certpath.services.tracking import record_completion
from certpath.services.write_scope import ORGANISATION
from certpath.tracking.model import Scope
from tests.fakes import FakeUnitOfWork, State, person

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
EVIDENCE = (
    ("E1", "L1-TECHNICAL", date(2026, 10, 1)),
    ("E1", "MLA-C01", date(2026, 5, 1)),
    ("E2", "L1-TECHNICAL", date(2026, 3, 1)),
    ("E2", "MLA-C01", date(2022, 6, 1)),
    ("E3", "L1-EVERYONE", date(2026, 9, 1)),
)


def uow(state: State) -> FakeUnitOfWork:
    return FakeUnitOfWork(state, actor="ld", now=NOW)


@pytest.fixture
def store(catalogue: Catalogue) -> State:
    state = State()
    for stored in (
        person("E1", "ml-engineer", team="Data"),
        person("E2", "data-engineer", team="Data"),
        person("E3", "ai-developer", team="Apps", deploys_to_production=True),
    ):
        state.people[stored.id] = stored
        state.versions[stored.id] = 1
    for who, item, day in EVIDENCE:
        record_completion(uow(state), catalogue, who, item, day=day, today=TODAY, scope=ORGANISATION)
    return state


def _gaps(
    state: State,
    catalogue: Catalogue,
    *,
    bus_factor: int = 2,
    min_freshness: float = 0.25,
    verified_only: bool = False,
    detail: bool = False,
) -> GapsReport:
    return gaps_report(
        uow(state),
        catalogue,
        today=TODAY,
        scope=Scope(),
        bus_factor=bus_factor,
        min_freshness=min_freshness,
        verified_only=verified_only,
        with_members=detail,
        with_literacy=detail,
    )


def test_status_says_who_holds_which_layer(store: State, catalogue: Catalogue) -> None:
    report = status_report(uow(store), catalogue, today=TODAY, scope=Scope())
    assert report.policy == "small"  # three people: the small-team policy
    standings = {(p.id, s.layer): s.standing for p, layers in report.people for s in layers}
    assert standings == {
        ("E3", 1): "missing",  # the course for everyone is not the technical Layer 1 a deployer needs
        ("E3", 3): "missing",
        ("E3", 4): "missing",
        ("E1", 1): "held",
        ("E1", 2): "held",  # MLA-C01 proves Layers 2 and 3
        ("E1", 3): "held",
        ("E2", 1): "held",
        ("E2", 2): "expired",
    }
    e2_layer_2 = next(s for p, layers in report.people if p.id == "E2" for s in layers if s.layer == 2)
    assert (e2_layer_2.state, e2_layer_2.valid_until, e2_layer_2.overdue) == (
        "expired",
        date(2025, 6, 1),
        True,
    )
    assert e2_layer_2.next_action == "renew or retake: expired 2025-06-01"


def test_status_of_one_person_and_of_nobody(store: State, catalogue: Catalogue) -> None:
    one = status_report(uow(store), catalogue, today=TODAY, scope=Scope(person="E1"))
    assert [p.id for p, _ in one.people] == ["E1"]
    with pytest.raises(NotFoundError, match="No active team 'Ops' among the people you can see"):
        status_report(uow(store), catalogue, today=TODAY, scope=Scope(team="Ops"))
    with pytest.raises(InputError, match="The store has no people yet"):
        status_report(uow(State()), catalogue, today=TODAY, scope=Scope())


def test_gaps_count_holders_per_team_and_price_what_closes_them(store: State, catalogue: Catalogue) -> None:
    report = _gaps(store, catalogue, detail=True)
    assert report.coverage == {
        "Apps": {1: (1, 0), 3: (1, 0), 4: (1, 0)},
        "Data": {1: (2, 2), 2: (2, 1), 3: (1, 1)},
    }
    gaps = {(g.team, g.layer): (g.needing, g.holding, g.required) for g in report.gaps}
    assert gaps == {
        ("Apps", 1): (1, 0, 1),
        ("Apps", 3): (1, 0, 1),
        ("Apps", 4): (1, 0, 1),
        ("Data", 2): (2, 1, 2),  # E2's expired MLA-C01 no longer counts
    }
    data_2 = next(g for g in report.gaps if (g.team, g.layer) == ("Data", 2))
    assert data_2.cost_usd is not None and data_2.cost_usd > 0 and data_2.item
    literacy = {row.id: standing for row, standing in report.literacy}
    assert literacy == {"E1": "held", "E2": "held", "E3": "missing"}


def test_a_lower_bus_factor_and_a_stricter_freshness_change_the_counts(
    store: State, catalogue: Catalogue
) -> None:
    one = _gaps(store, catalogue, bus_factor=1)
    assert ("Data", 2) not in {(g.team, g.layer) for g in one.gaps}
    fresh = _gaps(
        store, catalogue, min_freshness=0.5
    )  # six months: E1's May exam and E2's March course age out
    assert fresh.coverage["Data"] == {1: (2, 1), 2: (2, 0), 3: (1, 0)}
    verified = _gaps(store, catalogue, verified_only=True)  # every record here is claimed
    assert all(holding == 0 for layers in verified.coverage.values() for _, holding in layers.values())


def test_gaps_refuse_settings_that_count_nothing(store: State, catalogue: Catalogue) -> None:
    with pytest.raises(InputError, match="at least one holder"):
        _gaps(store, catalogue, bus_factor=0)
    with pytest.raises(InputError, match="above 0 and at most 1"):
        _gaps(store, catalogue, min_freshness=1.5)


def test_due_lists_the_expired_credential_and_the_overdue_refreshes(
    store: State, catalogue: Catalogue
) -> None:
    items = due_report(uow(store), catalogue, today=TODAY, within_days=90, scope=Scope())
    listed = [(i.person, i.kind, i.subject, i.due_on, i.overdue) for i in items]
    # One lapse, one item: the expired exam, whose renewal restores E2's Layer 2 (no separate refresh).
    # E1's exam (May) and E2's course (March) still hold their layers: refreshes due, not overdue,
    # and not due within 90 days.
    assert listed == [("E2", "expired", "MLA-C01", date(2025, 6, 1), True)]
    assert items[0].restores and 2 in items[0].restores
    later = due_report(uow(store), catalogue, today=TODAY, within_days=365, scope=Scope(person="E1"))
    # A refresh is due by the last day its layer holds: a year after the evidence.
    assert [(i.kind, i.subject, i.due_on) for i in later] == [
        ("refresh", "Layer 2", date(2027, 5, 1)),
        ("refresh", "Layer 3", date(2027, 5, 1)),
        ("refresh", "Layer 1", date(2027, 10, 1)),
    ]
    overdue = due_report(
        uow(store), catalogue, today=TODAY, within_days=365, scope=Scope(), overdue_only=True
    )
    assert all(i.overdue for i in overdue) and len(overdue) == 1


def test_due_for_someone_outside_the_store_says_so(store: State, catalogue: Catalogue) -> None:
    with pytest.raises(NotFoundError, match="'E9'"):
        due_report(uow(store), catalogue, today=TODAY, within_days=90, scope=Scope(person="E9"))
    with pytest.raises(InputError, match="0 or more"):
        due_report(uow(store), catalogue, today=TODAY, within_days=-1, scope=Scope())
