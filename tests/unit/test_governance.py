"""GOVERNANCE-DAY-ONE as one programme: owners scale with the organisation, chosen by role, explained."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from certpath.catalogue.model import Catalogue
from certpath.kernel import Holding
from certpath.planning.governance import choose_owners, owners_needed
from certpath.planning.plan import Plan
from certpath.planning.team_planner import plan_roster
from certpath.planning.validate import validate_plan
from certpath.roster.synthetic import generate_org
from tests.factories import START, member, request, roster


def _errors(catalogue: Catalogue, plan: Plan, rule: str) -> list[str]:
    return [f.message for f in validate_plan(catalogue, plan) if f.severity == "error" and f.rule == rule]


@pytest.mark.parametrize(("people", "owners"), [(1, 1), (10, 1), (50, 1), (51, 2), (120, 3), (1500, 30)])
def test_the_number_of_owners_scales_with_the_organisation(
    catalogue: Catalogue, people: int, owners: int
) -> None:
    assert owners_needed(catalogue.team_policy("enterprise"), people) == owners


def test_an_overlay_changes_the_share(catalogue: Catalogue) -> None:
    policy = replace(catalogue.team_policy("enterprise"), people_per_governance_owner=20)
    assert owners_needed(policy, 120) == 6


def test_a_large_org_draws_owners_from_governance_roles_spread_over_teams(catalogue: Catalogue) -> None:
    plan = plan_roster(catalogue, generate_org(400, seed=11), request(time_limit_s=3.0))
    owners = plan.governance_owners()
    assert len(owners) == 8
    people = {m.id: m for m in plan.members}
    governance = {"ai-governance-lead", "compliance-officer", "privacy-officer", "legal-counsel"}
    assert {people[o].role for o in owners} <= governance
    teams = [people[o].team for o in owners]
    available = {m.team for m in plan.members if m.role in governance}
    assert len(set(teams)) == min(len(owners), len(available)), "one owner per team before a second"
    for owner in owners:
        mine = sorted((a for a in plan.assignments if a.member == owner), key=lambda a: a.start)
        after_l1 = [a for a in mine if a.layer != 1]
        assert after_l1 and after_l1[0].layer == 5, owner
    explained = [f for f in plan.findings if f.rule == "GOVERNANCE-DAY-ONE"]
    assert "8 Layer 5 owners for 400 people" in explained[0].message
    assert all(any(o in f.members for f in explained[1:]) for o in owners)
    assert _errors(catalogue, plan, "GOVERNANCE-DAY-ONE") == []


def test_a_lead_before_the_first_member_and_never_a_designer_when_anyone_better(catalogue: Catalogue) -> None:
    people = roster(
        member("PD1", "designer"),
        member("LD1", "ld-leader"),
        member("SW1", "software-developer"),
        member("TL1", "team-lead", leads_externally=True),
    )
    [owner] = choose_owners(catalogue, catalogue.team_policy("small"), people.members, today=START)
    assert owner.member.id == "TL1" and "lead" in owner.why
    nobody_better = roster(member("PD1", "designer"), member("SW1", "software-developer"))
    [fallback] = choose_owners(catalogue, catalogue.team_policy("small"), nobody_better.members, today=START)
    assert fallback.member.id == "SW1" and fallback.tier == 3
    plan = plan_roster(catalogue, nobody_better, request())
    warning = [f for f in plan.findings if f.rule == "GOVERNANCE-DAY-ONE" and f.severity == "warning"]
    assert warning and "SW1" in warning[0].members and "add one to the roster" in warning[0].message


def test_someone_who_manages_others_counts_as_a_lead(catalogue: Catalogue) -> None:
    people = roster(
        member("SW1", "software-developer"),
        member("SW2", "software-developer", manager_id="SW3"),
        member("SW3", "software-developer"),
    )
    [owner] = choose_owners(catalogue, catalogue.team_policy("small"), people.members, today=START)
    assert owner.member.id == "SW3" and owner.tier == 2


def test_legal_counsel_is_a_governance_role_and_a_holder_goes_first(catalogue: Catalogue) -> None:
    held = Holding("IAPP-AIGP", START - timedelta(days=60))
    people = roster(
        member("LC1", "legal-counsel", team="Legal"),
        member("CO1", "compliance-officer", team="Risk"),
        member("CO2", "compliance-officer", team="Risk", held=[held]),
        member("TL1", "team-lead", leads_externally=True),
    )
    [owner] = choose_owners(catalogue, catalogue.team_policy("small"), people.members, today=START)
    assert owner.member.id == "CO2", "already holds Layer 5: nothing to buy"
    assert owner.tier == 0
    [legal] = choose_owners(
        catalogue, catalogue.team_policy("small"), people.members[:1] + people.members[3:], today=START
    )
    assert legal.member.id == "LC1" and legal.why == "their role owns governance"


def test_validate_counts_owners_for_the_whole_organisation(catalogue: Catalogue) -> None:
    plan = plan_roster(catalogue, generate_org(120, seed=5), request(time_limit_s=3.0))
    assert _errors(catalogue, plan, "GOVERNANCE-DAY-ONE") == []
    kept = tuple(a for a in plan.assignments if a.layer != 5)
    errors = _errors(catalogue, replace(plan, assignments=kept), "GOVERNANCE-DAY-ONE")
    assert errors and "0 people own Layer 5" in errors[0] and "need 3" in errors[0]
    owners = sorted(plan.governance_owners())
    two = tuple(a for a in plan.assignments if a.layer != 5 or a.member in owners[:2])
    errors = _errors(catalogue, replace(plan, assignments=two), "GOVERNANCE-DAY-ONE")
    assert errors and "2 people own Layer 5" in errors[0]


def test_the_roster_audit_counts_owners_for_the_organisation(catalogue: Catalogue) -> None:
    from certpath.planning.team_audit import audit_roster

    teams = [member(f"E{n}", "data-engineer", team=f"T{n % 3}") for n in range(60)]
    one = roster(*teams, member("CO1", "compliance-officer", team="Risk"))
    found = [f for f in audit_roster(catalogue, one, today=START) if f.rule == "GOVERNANCE-DAY-ONE"]
    assert (
        len(found) == 1
        and "1 of 61 people can own Layer 5" in found[0].message
        and "needs 2" in found[0].message
    )
    two = roster(*one.members, member("LC1", "legal-counsel", team="Legal"))
    assert not [f for f in audit_roster(catalogue, two, today=START) if f.rule == "GOVERNANCE-DAY-ONE"]


def test_whoever_manages_others_goes_first_within_a_tier_whatever_the_row_order(
    catalogue: Catalogue,
) -> None:
    # A BambooHR export sorted by last name, as it downloads: the compliance analysts come
    # before the head of compliance they report to, and one owner is needed for 40 people.
    people = roster(
        member("101", "compliance-officer", team="Compliance", manager_id="140"),
        member("102", "legal-counsel", team="Legal", manager_id="140"),
        member("103", "compliance-officer", team="Compliance", manager_id="140"),
        *(member(f"1{n}", "software-developer", team="Engineering") for n in range(10, 40)),
        member("140", "compliance-officer", team="Compliance"),
    )
    owners = choose_owners(catalogue, catalogue.team_policy("mid"), people.members, today=START)
    assert [o.member.id for o in owners] == ["140"]
    # Spread over teams still comes first: a second owner is the lawyer, not a second analyst.
    policy = replace(catalogue.team_policy("mid"), people_per_governance_owner=20)
    assert [o.member.id for o in choose_owners(catalogue, policy, people.members, today=START)] == [
        "140",
        "102",
    ]
