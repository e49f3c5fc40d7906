"""The planner, validate.py, the roster audit and tracking (status, gaps, the heatmap's cells) agree.

Issue 13: each of them decided on its own who holds which layer. They now ask one coverage model;
these tests generate teams with random roles, flags and holdings, and check the answers cell by
cell, in the domain and through a real (SQLite) store.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, update

from certpath.catalogue import coverage
from certpath.catalogue.loader import load_catalogue
from certpath.catalogue.model import TeamPolicy
from certpath.kernel import Holding
from certpath.planning.plan import Assignment, Plan
from certpath.planning.requirements import member_layers
from certpath.planning.team_audit import member_cells
from certpath.planning.team_planner import plan_roster
from certpath.planning.validate import validate_plan
from certpath.roster.model import Member, Roster
from certpath.services.plans import roster_from_store
from certpath.services.progress import Scope, gaps_report, status_report
from certpath.services.store_plans import Selection, plan_from_store
from certpath.services.tracking import import_people
from certpath.tracking.database import make_engine, upgrade
from certpath.tracking.summary import refresh
from certpath.tracking.tables import evidence
from tests.factories import member, request, roster, unit_of_work

CATALOGUE = load_catalogue()
ITEMS = sorted([*CATALOGUE.courses, *CATALOGUE.credentials])
Cells = dict[tuple[str, int], bool]


@st.composite
def teams(draw: st.DrawFn) -> tuple[Roster, date, str]:
    """Up to six people with random roles, flags and holdings (some undated), a day, and a policy."""
    today = draw(st.dates(date(2026, 1, 1), date(2027, 6, 1)))
    people = []
    for n in range(draw(st.integers(1, 6))):
        held = draw(
            st.lists(
                st.tuples(st.sampled_from(ITEMS), st.none() | st.integers(0, 2200), st.booleans()),
                max_size=4,
                unique_by=lambda drawn: drawn[0],
            )
        )
        people.append(
            member(
                f"P{n}",
                draw(st.sampled_from(sorted(CATALOGUE.roles))),
                team=draw(st.sampled_from(["Alpha", "Beta"])),
                cloud=draw(st.sampled_from(["aws", "azure", "gcp"])),
                deploys_to_production=draw(st.booleans()),
                leads_externally=draw(st.booleans()),
                held=[
                    Holding(i, None if ago is None else today - timedelta(days=ago), verified=ok)
                    for i, ago, ok in held
                ],
            )
        )
    return roster(*people), today, draw(st.sampled_from(sorted(CATALOGUE.team_policies)))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty store at the current schema, copied for every example (migrating each is slow)."""
    path = tmp_path_factory.mktemp("coverage") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def store_with(template: Path, team: Roster, today: date) -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "store.db"
        shutil.copy(template, copy)
        engine = make_engine(f"sqlite:///{copy}")
        import_people(unit_of_work(engine, "hr"), CATALOGUE, team, today=today)
        _verify(engine, team)
        yield engine
        engine.dispose()


def _verify(engine: Engine, team: Roster) -> None:
    """Mark the store's evidence of the holdings drawn as verified `verified`, as a checked badge would be."""
    with engine.begin() as connection:
        for person in team.members:
            for held in person.held:
                if held.verified:
                    connection.execute(
                        update(evidence)
                        .where(evidence.c.person_id == person.id, evidence.c.item_id == held.item_id)
                        .values(assurance="verified")
                    )
        refresh(connection, [m.id for m in team.members])


def audit_cells(team: Roster, today: date, policy: TeamPolicy, *, verified_only: bool = False) -> Cells:
    cells = member_cells(CATALOGUE, team, today=today, policy=policy, verified_only=verified_only)
    return {cell: coverage.standing_of(state) == "held" for cell, state in cells.items()}


def held_needs(team: Roster, today: date, policy: TeamPolicy) -> set[tuple[str, int]]:
    return {cell for cell, held in audit_cells(team, today, policy).items() if held}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=teams())
def test_planner_and_validate_follow_the_coverage_model(drawn: tuple[Roster, date, str]) -> None:
    """The planner schedules no layer the model calls held; validate.py catches what the planner's rules forbid."""
    team, today, policy_id = drawn
    plan = plan_roster(CATALOGUE, team, request(start=today, policy=policy_id, time_limit_s=1.0))
    held = held_needs(team, today, plan.policy)
    scheduled = {(a.member, a.layer) for a in plan.assignments}
    assert not scheduled & held, "the planner scheduled a layer the member holds, fresh and valid"
    found = validate_plan(CATALOGUE, plan)
    assert [f for f in found if f.severity == "error" or f.rule == "HELD-CURRENT"] == []
    for person in team.members:
        _check_mutations(plan, person, today)
        _check_refreshes(plan, person, today)


def _check_mutations(plan: Plan, person: Member, today: date) -> None:
    mine = [a for a in plan.assignments if a.member == person.id]
    needs = member_layers(CATALOGUE, plan.policy, person, owner=True)
    if person.deploys_to_production and not coverage.holds(
        CATALOGUE, person.held, 3, "technical", today=today
    ):
        cut = [a for a in plan.assignments if not (a.member == person.id and a.layer == 3)]
        assert "L3-BEFORE-PRODUCTION" in _errors(replace(plan, assignments=tuple(cut))), "mistake 3 passed"
    l1_depth = needs[1]
    if any(a.layer == 1 for a in mine) and any(a.layer != 1 for a in mine):
        assert not coverage.holds(CATALOGUE, person.held, 1, l1_depth, today=today)
        cut = [a for a in plan.assignments if not (a.member == person.id and a.layer == 1)]
        assert "L1-FIRST" in _errors(replace(plan, assignments=tuple(cut))), "work without Layer 1 passed"
    for layer, depth in needs.items():
        if coverage.holds(CATALOGUE, person.held, layer, depth, today=today):
            extra = _course_for(layer, depth, person, today)
            warned = validate_plan(CATALOGUE, replace(plan, assignments=(*plan.assignments, extra)))
            assert any(f.rule == "HELD-CURRENT" and person.id in f.members for f in warned)


def _check_refreshes(plan: Plan, person: Member, today: date) -> None:
    """A refresher is scheduled exactly for a needed layer whose evidence status calls stale."""
    needs = member_layers(CATALOGUE, plan.policy, person, owner=True)
    mine = [a for a in plan.assignments if a.member == person.id]
    for layer, depth in needs.items():
        state = coverage.holding_standing(CATALOGUE, person.held, layer, depth, today=today)[0]
        planned = [a for a in mine if a.layer == layer]
        if state == "held":
            assert not planned, "a held layer was scheduled"
        elif state == "stale" and planned:
            assert any(a.refresh for a in planned), "a stale layer was planned as new work"
        else:
            assert not any(a.refresh for a in planned), f"Layer {layer} is {state}, not stale: no refresher"


def _errors(plan: Plan) -> set[str]:
    return {f.rule for f in validate_plan(CATALOGUE, plan) if f.severity == "error"}


def _course_for(layer: int, depth: coverage.Depth, person: Member, today: date) -> Assignment:
    courses = CATALOGUE.courses.values()
    course = next(c for c in courses if c.layer == layer and coverage.proves(CATALOGUE, c.id, layer, depth))
    start = today + timedelta(days=400)
    return Assignment(person.id, course.id, course.name, "course", layer, start, start, 0.0, team=person.team)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=teams())
def test_audit_gaps_heatmap_and_status_agree_cell_by_cell(
    template: Path, drawn: tuple[Roster, date, str]
) -> None:
    """Through the store: the heatmap's cells, gaps' counts, status and the roster audit are one answer."""
    team, today, policy_id = drawn
    policy = CATALOGUE.team_policy(policy_id)
    # Under VERIFIED-LAYERS (enterprise) a roster's word counts for nothing: its holdings are claimed.
    strict = coverage.counts_verified_only(policy)
    expected = audit_cells(team, today, policy, verified_only=strict)
    for engine in store_with(template, team, today):
        gaps = gaps_report(
            unit_of_work(engine),
            CATALOGUE,
            today=today,
            scope=Scope(),
            bus_factor=2,
            min_freshness=coverage.MIN_FRESHNESS,
            verified_only=False,
            policy=policy_id,
            with_members=True,
        )
        assert {(c.person, c.layer): c.holds for c in gaps.matrix} == expected
        recount: dict[str, dict[int, tuple[int, int]]] = {}
        for c in gaps.matrix:
            needing, holding = recount.setdefault(c.team, {}).get(c.layer, (0, 0))
            recount[c.team][c.layer] = (needing + 1, holding + c.holds)
        assert recount == gaps.coverage
        status = status_report(unit_of_work(engine), CATALOGUE, today=today, scope=Scope(), policy=policy_id)
        assert {(p.id, s.layer): s.held for p, layers in status.people for s in layers} == expected
        stored = roster_from_store(unit_of_work(engine), scope=Scope())
        assert audit_cells(stored, today, policy, verified_only=strict) == expected
        # A plan from the store counts what status counts: it schedules no layer status holds,
        # except as nothing at all, and validate.py finds no error in it.
        plan = plan_from_store(
            unit_of_work(engine),
            CATALOGUE,
            request(start=today, policy=policy_id, time_limit_s=0.5),
            scope=Scope(),
            selection=Selection(),
        )
        held = {cell for cell, holds in expected.items() if holds}
        assert not {(a.member, a.layer) for a in plan.assignments} & held
        assert not [f for f in validate_plan(CATALOGUE, plan) if f.severity == "error"]


@pytest.mark.parametrize(
    ("role", "item", "layers"),
    [
        ("ml-engineer", "MLA-C01", {2: True, 3: True}),  # the exam tests Layer 2 too
        ("ai-product-manager", "GCP-GENAI-LEADER", {1: True, 6: True}),  # literacy, for a non-engineer
        ("ml-engineer", "GCP-GENAI-LEADER", {1: False}),  # literacy does not make an engineer's Layer 1
        ("data-scientist", "L3-OVERVIEW", {3: False}),  # an overview is not a deployer's MLOps
    ],
)
def test_issue_13_examples_count_the_same_in_tracking_the_audit_and_planning(
    template: Path, role: str, item: str, layers: dict[int, bool]
) -> None:
    today = date(2026, 11, 22)
    person = member(
        "P1",
        role,
        deploys_to_production=role == "data-scientist",
        held=[Holding(item, today - timedelta(days=40))],
    )
    team = roster(person)
    policy = CATALOGUE.team_policy("small")
    cells = audit_cells(team, today, policy)
    assert {n: cells[("P1", n)] for n in layers} == layers
    plan = plan_roster(CATALOGUE, team, request(start=today, policy="small"))
    scheduled = {a.layer for a in plan.assignments}
    assert {n for n in layers if n not in scheduled} == {n for n, held in layers.items() if held}
    for engine in store_with(template, team, today):
        gaps = gaps_report(
            unit_of_work(engine),
            CATALOGUE,
            today=today,
            scope=Scope(),
            bus_factor=1,
            min_freshness=coverage.MIN_FRESHNESS,
            verified_only=False,
            policy="small",
            with_members=True,
        )
        assert {c.layer: c.holds for c in gaps.matrix if c.layer in layers} == layers
