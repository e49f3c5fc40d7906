"""Advice a new user's trial found wrong, as the people concerned typed it (today 2026-12-05)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from certpath.catalogue.model import Catalogue
from certpath.planning.advice import Advice, Profile
from certpath.services.advising import advise_person

TODAY = date(2026, 12, 5)


def advise_for(catalogue: Catalogue, **fields: Any) -> Advice:
    return advise_person(catalogue, Profile(**fields), today=TODAY)


def items(advice: Advice) -> list[str]:
    return [s.item for s in advice.steps if s.kind != "project"]


def test_a_student_with_no_budget_gets_the_free_fundamentals_and_the_exam_price_for_later(
    catalogue: Catalogue,
) -> None:
    advice = advise_for(catalogue, background="student", budget_usd=0)
    assert advice.steps, "free Layer 1 learning exists, so the pathway is not empty"
    first = advice.steps[0]
    assert first.kind == "course" and first.layer == 1 and first.cost_usd == 0
    assert first.variant is not None and first.variant.dated is None
    assert "AIF-C01 ($100)" in first.reason and "later" in first.reason
    assert advice.total_cost_usd == 0
    assert {s.item: s.cost_usd for s in advice.left_out}["AIF-C01"] == 100
    assert "FUNDAMENTALS-FIRST" not in {w.rule for w in advice.warnings}


def test_a_non_engineer_with_no_budget_gets_the_everyone_track_free(catalogue: Catalogue) -> None:
    advice = advise_for(catalogue, goal="ai-literacy", cloud="aws", budget_usd=0)
    assert items(advice) == ["L1-EVERYONE"] and advice.steps[0].cost_usd == 0
    assert [s.item for s in advice.left_out] == ["AIF-C01"]


def test_a_budget_that_buys_the_exam_keeps_the_exam(catalogue: Catalogue) -> None:
    advice = advise_for(catalogue, goal="ai-literacy", cloud="aws", budget_usd=100)
    assert items(advice)[0] == "AIF-C01" and "L1-EVERYONE" not in items(advice)


def test_a_governance_head_without_a_goal_gets_the_governance_path(catalogue: Catalogue) -> None:
    advice = advise_for(catalogue, title="Head of AI Governance & Compliance", cloud="aws")
    assert advice.profile.goal == "governance-lead"
    assert "IAPP-AIGP" in items(advice) and "L5-POLICY" in items(advice)
    note = advice.warnings[0]
    assert note.rule == "ROLE-TRACKS" and "the goal governance-lead" in note.message
    assert "the goal" in note.fix and "--" not in note.fix  # each interface names its own field


def test_a_goal_given_with_a_title_is_kept(catalogue: Catalogue) -> None:
    advice = advise_for(catalogue, title="Chief Compliance Officer", goal="ai-literacy", cloud="aws")
    assert advice.profile.goal == "ai-literacy" and "IAPP-AIGP" not in items(advice)
    assert "the goal" not in advice.warnings[0].message


def test_a_title_whose_role_names_no_goal_keeps_the_background_pathway(catalogue: Catalogue) -> None:
    advice = advise_for(catalogue, title="Senior Data Engineer", cloud="gcp")
    assert advice.profile.goal is None and advice.profile.background == "data-engineer"


def test_the_advisor_prefers_current_material_to_the_2023_bootcamp_recording(catalogue: Catalogue) -> None:
    advice = advise_for(catalogue, background="devops-engineer", cloud="aws")
    courses = [s for s in advice.steps if s.kind == "course"]
    assert courses, "an engineer's pathway has a Layer 1 course here"
    for step in courses:
        assert step.variant is None or step.variant.dated is None, step.variant
        assert "Bootcamp" not in step.reason


def test_vendor_neutral_explains_the_exam_match_stack_swapped_away(catalogue: Catalogue) -> None:
    """certpath demo's Chen: the GCP researcher's Databricks step became GCP-PMLE."""
    advice = advise_for(catalogue, background="ml-researcher", cloud="gcp", ml_months=30)
    assert "DBX-ML-PROFESSIONAL" not in items(advice)
    (neutral,) = [w for w in advice.warnings if w.rule == "VENDOR-NEUTRAL"]
    assert neutral.severity == "info" and "took the place of DBX-ML-PROFESSIONAL" in neutral.message
    assert neutral.fix == "To hold DBX-ML-PROFESSIONAL as well, rerun with --second-cloud databricks."
    followed = advise_for(
        catalogue, background="ml-researcher", cloud="gcp", ml_months=30, second_cloud="databricks"
    )
    assert "DBX-ML-PROFESSIONAL" in items(followed)
    assert "VENDOR-NEUTRAL" not in {w.rule for w in followed.warnings}


def test_no_advice_asks_to_add_back_what_it_swapped_away(catalogue: Catalogue) -> None:
    for background in catalogue.backgrounds:
        for goal in (None, *catalogue.goals):
            for cloud in ("aws", "azure", "gcp", "databricks"):
                advice = advise_for(catalogue, background=background, goal=goal, cloud=cloud, ml_months=24)
                named = {w for s in advice.steps for w in re.findall(r"[A-Z][A-Z0-9-]+", s.reason)}
                swapped = named & set(catalogue.credentials)
                swapped -= set(items(advice))
                for finding in advice.warnings:
                    if finding.rule == "VENDOR-NEUTRAL" and "Add " in finding.fix:
                        assert not any(item in finding.fix for item in swapped), (background, goal, cloud)
