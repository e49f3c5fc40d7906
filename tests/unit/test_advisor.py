"""The individual advisor's rules, one behaviour per test."""

from __future__ import annotations

from datetime import date

from certpath.catalogue.model import Catalogue
from certpath.kernel import Holding
from certpath.planning.advice import Advice, Profile
from certpath.planning.advisor import advise

NOV = date(2026, 11, 22)
JAN = date(2026, 1, 15)


def credentials(advice: Advice) -> list[str]:
    return [s.item for s in advice.steps if s.kind == "credential"]


def rules(advice: Advice) -> set[str]:
    return {w.rule for w in advice.warnings}


def test_each_credential_is_followed_by_its_portfolio_project(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(background="software-developer", cloud="aws"), today=NOV)
    for index, step in enumerate(advice.steps):
        if step.kind == "credential":
            follower = advice.steps[index + 1]
            assert (follower.kind, follower.pairs_with) == ("project", step.item)
            assert step.portfolio == follower.item


def test_steps_run_one_after_another_from_today(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(goal="model-builder", ml_months=24, hours_per_week=10), today=NOV)
    assert advice.steps[0].start == NOV
    for before, after in zip(advice.steps, advice.steps[1:], strict=False):
        assert after.start > before.end
    assert advice.total_weeks == advice.steps[-1].end_week


def test_fundamentals_first_puts_the_layer_one_course_before_an_engineer_exam(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(background="devops-engineer", cloud="aws"), today=NOV)
    assert advice.steps[0].item == "L1-TECHNICAL"
    assert "FUNDAMENTALS-FIRST" in advice.steps[0].rules


def test_a_held_literacy_credential_satisfies_fundamentals(catalogue: Catalogue) -> None:
    held = (Holding("AIF-C01", date(2025, 5, 1)),)
    advice = advise(catalogue, Profile(background="devops-engineer", cloud="aws", held=held), today=NOV)
    assert advice.steps[0].item == "MLA-C01"


def test_held_valid_credentials_are_skipped_and_expired_ones_are_not(catalogue: Catalogue) -> None:
    held = (Holding("AIF-C01", date(2025, 5, 1)), Holding("MLA-C01", date(2022, 1, 10)))
    advice = advise(catalogue, Profile(background="software-developer", cloud="aws", held=held), today=NOV)
    assert [s.item for s in advice.skipped] == ["AIF-C01"]
    assert "valid until 2028-05-01" in advice.skipped[0].reason
    assert "MLA-C01" in credentials(advice)
    expired = [w for w in advice.warnings if w.rule == "RENEWAL-WINDOW"]
    assert expired and "expired on 2025-01-10" in expired[0].message


def test_a_held_predecessor_covers_its_successor(catalogue: Catalogue) -> None:
    held = (Holding("AI-900", date(2024, 2, 1)),)
    advice = advise(catalogue, Profile(goal="ai-literacy", cloud="azure", held=held), today=NOV)
    assert credentials(advice) == []
    assert advice.skipped[0].item == "AI-901"


def test_a_retired_step_is_replaced_by_its_successor_with_the_reason(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(goal="app-developer", cloud="azure"), today=NOV)
    step = next(s for s in advice.steps if s.kind == "credential")
    assert step.item == "AI-103"
    assert "AI-102, which retired on 2026-06-30" in step.reason
    assert "CURRENT-MATERIAL" in step.rules


def test_a_credential_retiring_before_its_exam_date_is_swapped(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(goal="app-developer", cloud="azure", hours_per_week=2), today=JAN)
    step = next(s for s in advice.steps if s.kind == "credential" and s.layer == 4)
    assert step.item == "AI-103"
    assert "retires on 2026-06-30, before this exam date" in step.reason


def test_an_experience_gate_moves_the_step_later_and_says_when_it_opens(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(background="data-analyst", cloud="aws", ml_months=3), today=NOV)
    assert credentials(advice) == ["DBX-ML-ASSOCIATE", "MLA-C01", "DBX-ML-PROFESSIONAL"]
    gated = next(s for s in advice.steps if s.item == "DBX-ML-PROFESSIONAL")
    assert gated.start >= date(2027, 8, 22)
    assert "opens on 2027-08-22" in gated.reason and "EXPERIENCE-GATE" in gated.rules


def test_genai_credentials_wait_until_genai_is_meaningful(catalogue: Catalogue) -> None:
    without = advise(catalogue, Profile(cloud="aws", ml_months=12), today=NOV)
    assert "NCA-GENL" not in credentials(without)
    assert "GENAI-WHEN-MEANINGFUL" in rules(without)
    with_genai = advise(catalogue, Profile(cloud="aws", ml_months=12, genai=True), today=NOV)
    assert credentials(with_genai)[-1] == "NCA-GENL"


def test_a_budget_keeps_the_steps_that_fit_and_lists_the_rest(catalogue: Catalogue) -> None:
    advice = advise(
        catalogue, Profile(background="software-developer", cloud="aws", budget_usd=200), today=NOV
    )
    assert advice.total_cost_usd <= 200
    assert credentials(advice) == ["AIF-C01"]
    assert [s.item for s in advice.left_out] == ["MLA-C01", "NCA-GENL"]
    budget = next(w for w in advice.warnings if w.rule == "BUDGET")
    assert "left out: MLA-C01 ($150), NCA-GENL ($125)" in budget.message
    assert "Another $175" in budget.fix


def test_vendor_neutral_warns_a_mid_career_engineer_with_only_cloud_credentials(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(goal="app-developer", cloud="azure", ml_months=12), today=NOV)
    assert "VENDOR-NEUTRAL" in rules(advice)
    neutral = advise(catalogue, Profile(background="devops-engineer", cloud="aws"), today=NOV)
    assert "VENDOR-NEUTRAL" not in rules(neutral)


def test_three_credentials_without_projects_is_collecting(catalogue: Catalogue) -> None:
    held = tuple(Holding(c, date(2026, 1, 1)) for c in ("AIF-C01", "MLA-C01", "NCA-GENL"))
    advice = advise(catalogue, Profile(goal="senior-ml-engineer", held=held, ml_months=24), today=NOV)
    assert "NO-COLLECTING" in rules(advice)
    builder = advise(
        catalogue, Profile(goal="senior-ml-engineer", held=held, ml_months=24, projects_done=2), today=NOV
    )
    assert "NO-COLLECTING" not in rules(builder)


def test_a_mandatory_prep_course_comes_before_its_exam(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(goal="ai-leader"), today=NOV)
    items = [s.item for s in advice.steps]
    assert items.index("PMI-CPMAI-PREP") == items.index("PMI-CPMAI") - 1
    assert any(w.rule == "BUDGET" and "PMI-CPMAI" in w.message for w in advice.warnings)


def test_an_old_catalogue_warns(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(goal="ai-literacy"), today=date(2027, 6, 1))
    assert "STALE-CATALOGUE" in rules(advice)
