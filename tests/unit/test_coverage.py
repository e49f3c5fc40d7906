"""The coverage model (catalogue/coverage.py), and issue 13's examples of the places that disagreed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from certpath.catalogue import coverage
from certpath.catalogue.coverage import Evidence, LayerProof
from certpath.catalogue.model import Catalogue
from certpath.kernel import Holding
from certpath.planning.plan import Plan
from certpath.planning.requirements import member_layers, needs_for
from certpath.planning.team_audit import audit_roster, member_cells
from certpath.planning.team_planner import plan_roster
from certpath.planning.validate import validate_plan
from certpath.tracking.status import LayerEvidence, layer_status
from tests.factories import START, member, request, roster

TODAY = START


def planned(plan: Plan, member_id: str) -> set[str]:
    return {a.item for a in plan.assignments if a.member == member_id}


def test_freshness_halves_every_six_months_and_fresh_since_is_its_exact_inverse() -> None:
    assert coverage.freshness(TODAY, TODAY) == 1.0
    assert coverage.freshness(
        TODAY - timedelta(days=round(6 * coverage.DAYS_PER_MONTH)), TODAY
    ) == pytest.approx(0.5, abs=0.002)
    for min_freshness in (0.9, 0.5, 0.25, 0.1):
        since = coverage.fresh_since(TODAY, min_freshness)
        assert coverage.freshness(since, TODAY) >= min_freshness
        assert coverage.freshness(since - timedelta(days=1), TODAY) < min_freshness
    last = date(2026, 1, 31)
    assert coverage.freshness(last, coverage.refresh_due_on(last) - timedelta(days=1)) >= coverage.REFRESH_AT
    assert coverage.freshness(last, coverage.refresh_due_on(last)) < coverage.REFRESH_AT


def test_what_items_prove(catalogue: Catalogue) -> None:
    proves = coverage.proves
    # Every layer a credential lists, at both depths: MLA-C01 tests data preparation too.
    assert all(proves(catalogue, "MLA-C01", n, "technical") for n in (2, 3, 4))
    # Literacy credentials prove their layers for non-engineers only.
    assert proves(catalogue, "GCP-GENAI-LEADER", 1, "non-technical")
    assert proves(catalogue, "GCP-GENAI-LEADER", 6, "non-technical")
    assert not proves(catalogue, "GCP-GENAI-LEADER", 1, "technical")
    # A course proves its layer at its depth; technical covers non-technical, never the reverse.
    assert proves(catalogue, "L3-MLOPS", 3, "non-technical")
    assert not proves(catalogue, "L3-OVERVIEW", 3, "technical")
    # A course for everyone is the technical track only where there is no technical course.
    assert not proves(catalogue, "L1-EVERYONE", 1, "technical")
    assert proves(catalogue, "L6-STRATEGY", 6, "technical")


def test_what_people_need(catalogue: Catalogue) -> None:
    policy = catalogue.team_policy("small")
    pm = coverage.needed_layers(catalogue, policy, "technical-program-manager", deploys=False, leads=False)
    assert pm[3] == "non-technical"
    deployer = coverage.needed_layers(
        catalogue, policy, "technical-program-manager", deploys=True, leads=False
    )
    assert deployer[3] == "technical"  # mistake 3: deploying needs MLOps, not an overview
    owner = coverage.needed_layers(catalogue, policy, "data-engineer", deploys=False, leads=True, owner=True)
    assert owner[5] == "non-technical" and owner[6] == "non-technical" and owner[1] == "technical"


def test_standing_reads_expiry_before_freshness() -> None:
    old = TODAY - timedelta(days=800)
    assert coverage.standing(None, today=TODAY) == "missing"
    assert coverage.standing(LayerProof(old, TODAY - timedelta(days=1), False), today=TODAY) == "expired"
    assert coverage.standing(LayerProof(old, None, True), today=TODAY) == "stale"
    assert coverage.standing(LayerProof(TODAY, None, True), today=TODAY) == "held"
    assert coverage.standing(LayerProof(None, None, True, undated=True), today=TODAY) == "held"


def test_verified_only_accepts_only_verified_evidence(catalogue: Catalogue) -> None:
    claimed = Evidence("L1-TECHNICAL", TODAY, None)
    assert coverage.layer_proof(catalogue, [claimed], 1, "technical") is not None
    assert coverage.layer_proof(catalogue, [claimed], 1, "technical", verified_only=True) is None


def test_the_planner_does_not_buy_layer_2_for_a_valid_mla_c01(catalogue: Catalogue) -> None:
    """Issue 13: the planner bought L2-FEATURES and L2-PIPELINES although MLA-C01 proves Layer 2."""
    holder = member(
        "ML1",
        "ml-engineer",
        deploys_to_production=True,
        held=[Holding("MLA-C01", TODAY - timedelta(days=60))],
    )
    plan = plan_roster(catalogue, roster(holder), request())
    assert not planned(plan, "ML1") & {"L2-FEATURES", "L2-PIPELINES", "L3-MLOPS", "MLA-C01"}
    assert not any(a.layer in (2, 3) for a in plan.assignments)
    held = " ".join(f.message for f in plan.findings if f.rule == "HELD-CURRENT")
    assert "Layer 2 through MLA-C01" in held and "Layer 3 through MLA-C01" in held
    cells = member_cells(catalogue, roster(holder), today=TODAY, policy=plan.policy)
    assert cells[("ML1", 2)] == cells[("ML1", 3)] == "held"


def test_validate_rejects_a_deployer_whose_only_layer_3_is_an_old_overview(catalogue: Catalogue) -> None:
    """Issue 13: deleting Layer 3 passed the checker when an old non-technical L3-OVERVIEW was on record."""
    for earned in (date(2021, 3, 1), TODAY - timedelta(days=3)):  # years old, and fresh: depth decides
        deployer = member(
            "DS1", "data-scientist", deploys_to_production=True, held=[Holding("L3-OVERVIEW", earned)]
        )
        plan = plan_roster(catalogue, roster(deployer), request())
        assert any(a.layer == 3 for a in plan.assignments)
        cut = replace(plan, assignments=tuple(a for a in plan.assignments if a.layer != 3))
        rules = {f.rule for f in validate_plan(catalogue, cut) if f.severity == "error"}
        assert "L3-BEFORE-PRODUCTION" in rules
        audit = {(f.rule, f.severity) for f in audit_roster(catalogue, roster(deployer), today=TODAY)}
        assert ("L3-BEFORE-PRODUCTION", "error") in audit


def test_validate_accepts_layer_3_left_out_for_a_deployer_who_holds_it(catalogue: Catalogue) -> None:
    deployer = member(
        "DS1",
        "data-scientist",
        deploys_to_production=True,
        held=[Holding("L3-MLOPS", TODAY - timedelta(days=30))],
    )
    plan = plan_roster(catalogue, roster(deployer), request())
    assert "L3-MLOPS" not in planned(plan, "DS1")
    assert not [f for f in validate_plan(catalogue, plan) if f.severity == "error"]


@pytest.mark.parametrize(
    ("role", "extra", "counted"),
    [("ai-product-manager", {}, {1, 6}), ("ml-engineer", {"deploys_to_production": True}, set())],
)
def test_gcp_genai_leader_counts_the_same_in_planning_and_the_audit(
    catalogue: Catalogue, role: str, extra: dict[str, bool], counted: set[int]
) -> None:
    """Issue 13: GCP-GENAI-LEADER counted as Layers 1 and 6 in the audit and as neither in planning."""
    person = member("P1", role, held=[Holding("GCP-GENAI-LEADER", TODAY - timedelta(days=90))], **extra)
    team = roster(person)
    policy = catalogue.policy_for_size(1)
    layers = member_layers(catalogue, policy, person, owner=False)
    needs, _ = needs_for(catalogue, policy, person, owner=False, start=TODAY)
    planned_layers = {n.layer for n in needs}
    cells = member_cells(catalogue, team, today=TODAY, policy=policy)
    held = {layer for (_, layer), state in cells.items() if state == "held"}
    assert held == counted & set(layers)
    assert not held & planned_layers
    assert set(layers) - held <= planned_layers | {5}


def test_an_expired_credential_holds_nothing_and_is_planned_again(catalogue: Catalogue) -> None:
    lapsed = member(
        "ML1", "ml-engineer", deploys_to_production=True, held=[Holding("MLA-C01", date(2022, 1, 10))]
    )
    standing, _ = coverage.holding_standing(catalogue, lapsed.held, 3, "technical", today=TODAY)
    assert standing == "expired"
    plan = plan_roster(catalogue, roster(lapsed), request())
    assert {"L3-MLOPS", "MLA-C01"} <= planned(plan, "ML1")


def test_status_calls_unexpired_but_old_evidence_stale_not_complete() -> None:
    """Issue 13: the person page said complete at 25% freshness where the heatmap said missing."""

    def status(last: date) -> tuple[str, bool]:
        found = LayerEvidence(last, None, True, None, None, False)
        s = layer_status("P1", 1, "technical", found, today=TODAY)
        return s.state, s.held

    since = coverage.fresh_since(TODAY)
    assert status(since) == ("refresh-due", True)
    assert status(since - timedelta(days=1)) == ("stale", False)
    expired = LayerEvidence(TODAY - timedelta(days=30), TODAY - timedelta(days=1), False, None, None, True)
    assert layer_status("P1", 3, "technical", expired, today=TODAY).state == "expired"


def test_the_audit_warns_when_a_deployers_layer_3_is_valid_but_stale(catalogue: Catalogue) -> None:
    earned = TODAY - timedelta(days=800)  # MLA-C01 is valid three years; the skill is stale after one
    deployer = member("OP1", "mlops-engineer", deploys_to_production=True, held=[Holding("MLA-C01", earned)])
    found = [
        f for f in audit_roster(catalogue, roster(deployer), today=TODAY) if f.rule == "L3-BEFORE-PRODUCTION"
    ]
    assert [f.severity for f in found] == ["warning"]
    assert f"MLA-C01, last {earned}" in found[0].message and "365 days" in found[0].message
    plan = plan_roster(catalogue, roster(deployer), request())
    assert "L3-MLOPS" in planned(plan, "OP1") and "MLA-C01" not in planned(plan, "OP1")  # study, not the exam
