"""Plans from the store: who is picked, which policy, clear errors, and the cost to close a team's gaps.

The regression from issue 13: on the enterprise example a plan for team Data Platform 6 scheduled
Layer 1 for all 11 people although 9 held it, under the small-team policy inside a 120-person
organisation, while the overview priced closing the team's gaps at a fraction of the plan.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from certpath.catalogue.model import Catalogue
from certpath.errors import EmptyStoreError, NotFoundError
from certpath.kernel import Holding
from certpath.planning.validate import validate_plan
from certpath.roster.importer import load_roster
from certpath.roster.model import Roster, RosterOptions
from certpath.services.demo import example_roster
from certpath.services.planning import policy_choice
from certpath.services.plans import roster_from_store
from certpath.services.progress import status_report
from certpath.services.store_plans import Selection, close_costs, plan_from_store
from certpath.services.tracking import import_evidence, import_people, load_badge_map
from certpath.services.trust import pin_trusted_keys
from certpath.services.write_scope import ORGANISATION
from certpath.tracking.model import Scope
from certpath.tracking.summary import refresh
from certpath.tracking.tables import evidence
from tests.factories import member, request, roster, unit_of_work
from tests.unit.test_evidence_corpus import genuine

TODAY = date(2026, 12, 7)
TEAM = "Data Platform 6"


def enterprise(catalogue: Catalogue, *, holders: int = 9) -> Roster:
    """The enterprise example, the first `holders` of Data Platform 6 holding the technical Layer 1."""
    roster = load_roster(example_roster("enterprise"), catalogue, today=TODAY, options=RosterOptions())
    team = [m.id for m in roster.members if m.team == TEAM][:holders]
    earned = Holding("L1-TECHNICAL", TODAY - timedelta(days=60))
    members = tuple(replace(m, held=(*m.held, earned)) if m.id in team else m for m in roster.members)
    return replace(roster, members=members)


@pytest.fixture
def org(engine: Engine, catalogue: Catalogue) -> Engine:
    import_people(unit_of_work(engine, "hr"), catalogue, enterprise(catalogue), today=TODAY)
    return engine


def test_a_team_plan_skips_held_layer_1_uses_the_org_policy_and_costs_what_the_overview_says(
    org: Engine, catalogue: Catalogue
) -> None:
    # Under the mid policy claimed evidence counts: the 9 holders of Layer 1 are not planned for it.
    mid = plan_from_store(
        unit_of_work(org),
        catalogue,
        request(start=TODAY, policy="mid", time_limit_s=2.0),
        scope=Scope(),
        selection=Selection((TEAM,)),
    )
    holders = {m.id for m in mid.members if any(h.item_id == "L1-TECHNICAL" for h in m.held)}
    assert len(holders) == 9
    assert {a.member for a in mid.assignments if a.layer == 1} == {m.id for m in mid.members} - holders

    plan = plan_from_store(
        unit_of_work(org),
        catalogue,
        request(start=TODAY, time_limit_s=2.0),
        scope=Scope(),
        selection=Selection((TEAM,)),
    )
    assert len(plan.members) == 11 and {m.team for m in plan.members} == {TEAM}
    assert plan.policy.id == "enterprise", "a team of 11 in an org of 120 follows the enterprise policy"
    note = next(f for f in plan.findings if f.rule == "TEAM-SIZE")
    assert "120 people, 11 of them planned" in note.message
    # VERIFIED-LAYERS: the holders' Layer 1 is claimed (a roster's word), so the enterprise plan
    # counts it as status and gaps do, as missing, and says whose evidence it set aside.
    assert {a.member for a in plan.assignments if a.layer == 1} == {m.id for m in plan.members}
    (set_aside,) = [f for f in plan.findings if f.rule == "VERIFIED-LAYERS"]
    assert (
        holders <= set(set_aside.members) and "not counted under the enterprise policy" in set_aside.message
    )
    status = status_report(unit_of_work(org), catalogue, today=TODAY, scope=Scope(team=TEAM))
    assert status.verified_only and not [
        s for _, layers in status.people for s in layers if s.layer == 1 and s.held
    ]
    assert {p.id for p, layers in status.people if any(s.layer == 1 and s.claimed for s in layers)} == holders

    cost = close_costs(unit_of_work(org), catalogue, today=TODAY, scope=Scope(), teams=[TEAM])[TEAM]
    assert plan.total_cost_usd == cost.total_usd
    for layer in cost.layers:
        mine = [a for a in plan.assignments if a.layer == layer.layer]
        assert round(sum(a.cost_usd for a in mine), 2) == layer.cost_usd
        assert {a.item for a in mine} == set(layer.items)
        assert len({a.member for a in mine}) == layer.people
    assert {a.layer for a in plan.assignments} == {c.layer for c in cost.layers}


def test_people_teams_and_everyone(org: Engine, catalogue: Catalogue) -> None:
    ask = request(start=TODAY, time_limit_s=1.0)
    one = plan_from_store(
        unit_of_work(org), catalogue, ask, scope=Scope(), selection=Selection(people=("E000001",))
    )
    assert [m.id for m in one.members] == ["E000001"] and one.policy.id == "enterprise"
    mixed = Selection(teams=(TEAM,), people=("E000001",))
    both = plan_from_store(unit_of_work(org), catalogue, ask, scope=Scope(), selection=mixed)
    assert len(both.members) == 12
    small = plan_from_store(
        unit_of_work(org),
        catalogue,
        replace(ask, policy="small"),
        scope=Scope(),
        selection=Selection((TEAM,)),
    )
    assert small.policy.id == "small"
    everyone = plan_from_store(unit_of_work(org), catalogue, ask, scope=Scope(), selection=Selection())
    assert len(everyone.members) == 120


def test_a_manager_plans_only_their_chain(org: Engine, catalogue: Catalogue) -> None:
    ask = request(start=TODAY, time_limit_s=1.0)
    with pytest.raises(NotFoundError, match="No active team 'Data Platform 6'"):
        plan_from_store(
            unit_of_work(org), catalogue, ask, scope=Scope(person="E000001"), selection=Selection((TEAM,))
        )


def test_unknown_names_are_listed_with_close_matches(org: Engine, catalogue: Catalogue) -> None:
    ask = request(start=TODAY, time_limit_s=1.0)
    with pytest.raises(NotFoundError) as error:
        plan_from_store(
            unit_of_work(org),
            catalogue,
            ask,
            scope=Scope(),
            selection=Selection(("Data Platfrm 6", "Nowhere")),
        )
    message = str(error.value)
    assert "'Data Platfrm 6' (did you mean 'Data Platform 6'" in message and "'Nowhere'" in message
    with pytest.raises(NotFoundError, match=r"'E00001' \(did you mean 'E000001'"):
        plan_from_store(
            unit_of_work(org), catalogue, ask, scope=Scope(), selection=Selection(people=("E00001",))
        )


def test_an_empty_store_is_an_error_each_interface_words(engine: Engine, catalogue: Catalogue) -> None:
    with pytest.raises(EmptyStoreError, match="nobody to plan") as error:
        plan_from_store(unit_of_work(engine), catalogue, request(), scope=Scope(), selection=Selection())
    assert "certpath" not in str(error.value)  # the CLI and the dashboard add their own way to import


def test_policy_choice_reads_automatic_as_none() -> None:
    assert policy_choice("automatic") is None and policy_choice("") is None and policy_choice(None) is None
    assert policy_choice("Mid") == "mid"


def test_verified_evidence_is_told_apart_from_claimed_in_a_store_plan(
    org: Engine, catalogue: Catalogue, tmp_path: Path
) -> None:
    """VERIFIED-LAYERS names only people whose holdings are not all verified."""
    by, signed = genuine("vc2", "jcs", "did:web", "plain")
    (tmp_path / "did.json").write_text(json.dumps(by.did_document()))
    (tmp_path / "badge.json").write_text(json.dumps(signed))
    (tmp_path / "map.yaml").write_text(
        "achievements:\n- achievement: https://academy.example/achievements/l5-policy\n  item: L5-POLICY\n"
    )
    pin_trusted_keys(unit_of_work(org, "admin"), [tmp_path / "did.json"])
    import_evidence(
        unit_of_work(org, "ld"),
        catalogue,
        [tmp_path / "badge.json"],
        badge_map=load_badge_map(catalogue, [tmp_path / "map.yaml"], None),
        today=TODAY,
        scope=ORGANISATION,
    )
    roster = roster_from_store(unit_of_work(org), scope=Scope())
    verified = {m.id for m in roster.members if m.held and all(h.verified for h in m.held)}
    claimed = {m.id for m in roster.members if any(not h.verified for h in m.held)}
    assert verified == {"E000003"} and claimed and "E000003" not in claimed
    chosen = Selection(people=(*verified, *sorted(claimed)[:1]))
    plan = plan_from_store(
        unit_of_work(org), catalogue, request(start=TODAY, time_limit_s=1.0), scope=Scope(), selection=chosen
    )
    (finding,) = [f for f in plan.findings if f.rule == "VERIFIED-LAYERS"]
    assert finding.members == tuple(sorted(claimed)[:1])


def test_a_plan_reads_the_stores_expiry_as_status_does(engine: Engine, catalogue: Catalogue) -> None:
    """An expiry the store knows (an issuer's date, a renewal's basis) wins over the vendor's rule."""
    earned = TODAY - timedelta(days=90)  # the vendor's three years would run to 2029
    person = member("P1", "ml-engineer", held=[Holding("MLA-C01", earned)])
    import_people(unit_of_work(engine, "hr"), catalogue, roster(person), today=TODAY)
    with engine.begin() as connection:
        connection.execute(update(evidence).values(expires_on=TODAY - timedelta(days=1)))
        refresh(connection, ["P1"])
    status = status_report(unit_of_work(engine), catalogue, today=TODAY, scope=Scope(), policy="small")
    layer_3 = next(s for _, layers in status.people for s in layers if s.layer == 3)
    assert layer_3.standing == "expired"
    (stored,) = roster_from_store(unit_of_work(engine), scope=Scope()).members
    assert stored.held[0].expires_on == TODAY - timedelta(days=1) and stored.held[0].expiry_known
    plan = plan_from_store(
        unit_of_work(engine),
        catalogue,
        request(start=TODAY, policy="small", time_limit_s=1.0),
        scope=Scope(),
        selection=Selection(),
    )
    assert any(a.layer == 3 and not a.refresh for a in plan.assignments), "an expired layer is planned anew"


def test_a_team_plan_names_the_organisations_governance_owners_not_one_of_its_own(
    org: Engine, catalogue: Catalogue
) -> None:
    # Tried on a real store: each team plan made one of its own engineers the Layer 5 owner
    # (USD 1,799 of L5-POLICY and IAPP-AIGP) although the organisation had governance leads.
    ask = request(start=TODAY, time_limit_s=1.0)
    everyone = plan_from_store(unit_of_work(org), catalogue, ask, scope=Scope(), selection=Selection())
    owners = {m for f in everyone.findings if f.rule == "GOVERNANCE-DAY-ONE" for m in f.members}
    assert owners and TEAM not in {m.team for m in everyone.members if m.id in owners}
    team = plan_from_store(unit_of_work(org), catalogue, ask, scope=Scope(), selection=Selection((TEAM,)))
    assert not [a for a in team.assignments if a.layer == 5], "nobody in the team owns the programme"
    note = next(f for f in team.findings if f.rule == "GOVERNANCE-DAY-ONE")
    assert "chosen over its 120 active people; 0 of them are in this plan" in note.message
    assert set(team.governance_programme or ()) == owners, "the plan carries the programme for its audit"
    assert not [f for f in validate_plan(catalogue, team) if f.severity == "error"]
    cost = close_costs(unit_of_work(org), catalogue, today=TODAY, scope=Scope(), teams=[TEAM])[TEAM]
    assert cost.layer(5) is None and cost.total_usd == team.total_cost_usd


def test_the_cost_to_close_is_the_plan_cost_of_every_team_even_when_sessions_split(
    org: Engine, catalogue: Catalogue
) -> None:
    # Tried on the enterprise example: ML Engineering 7's plan ran two L3-MLOPS sessions (a session
    # closes when its takers are ready weeks apart) while the cost to close priced one cohort,
    # USD 8,000 less than the plan. Now takers far from a session buy seats instead, so a course
    # is split over a session and public seats (Governance and Risk 1: 20 in an L5-POLICY
    # session, 4 on seats), which costing must price the same way.
    teams = sorted({m.team for m in roster_from_store(unit_of_work(org, "hr"), scope=Scope()).members})
    costs = close_costs(unit_of_work(org), catalogue, today=TODAY, scope=Scope(), teams=teams)
    split = []
    for team in teams:
        ask = request(start=TODAY, time_limit_s=1.0)
        plan = plan_from_store(unit_of_work(org), catalogue, ask, scope=Scope(), selection=Selection((team,)))
        assert costs[team].total_usd == plan.total_cost_usd, team
        sessions = [s.item for s in plan.sessions if s.delivery == "private-cohort"]
        seats = {a.item for a in plan.assignments if a.delivery == "public-seat"}
        split += [item for item in set(sessions) if sessions.count(item) > 1 or item in seats]
    assert split, "no team's plan splits a course over sessions or seats, the case costing once missed"
