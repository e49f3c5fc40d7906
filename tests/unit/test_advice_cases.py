"""Issue 15's wrong advice, one regression test per case (today 2026-11-28, as when they were found)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from certpath.catalogue.loader import load_catalogue
from certpath.catalogue.model import Catalogue
from certpath.errors import CatalogueError
from certpath.kernel import Holding
from certpath.planning.advice import Advice, Profile
from certpath.planning.advisor import advise

TODAY = date(2026, 11, 28)


def credentials(advice: Advice) -> list[str]:
    return [s.item for s in advice.steps if s.kind == "credential"]


def messages(advice: Advice, rule: str) -> list[str]:
    return [f"{w.message} {w.fix}" for w in advice.warnings if w.rule == rule]


def test_a_cka_passed_before_april_2024_is_valid_for_36_months(catalogue: Catalogue) -> None:
    held = (Holding("CKA", date(2024, 1, 20)),)
    advice = advise(catalogue, Profile(goal="mlops-lead", held=held, ml_months=24), today=TODAY)
    assert not any("CKA expired" in m for m in messages(advice, "RENEWAL-WINDOW"))
    assert any("2027-01-20" in s.reason for s in [*advice.skipped, *advice.steps] if s.item.startswith("CKA"))


def test_a_cka_passed_after_april_2024_keeps_the_24_month_rule(catalogue: Catalogue) -> None:
    held = (Holding("CKA", date(2024, 4, 2)),)
    advice = advise(catalogue, Profile(goal="mlops-lead", held=held, ml_months=24), today=TODAY)
    assert "CKA" in credentials(advice)
    assert any("CKA expired on 2026-04-02" in m for m in messages(advice, "RENEWAL-WINDOW"))


def test_the_policy_gives_the_validity_in_force_on_the_pass_date(catalogue: Catalogue) -> None:
    policy = catalogue.renewal_policies["linux-foundation-2y"]
    assert policy.months_for(date(2024, 3, 31)) == 36
    assert policy.months_for(date(2024, 4, 1)) == 24
    assert policy.months_for(None) == 24


def test_an_azure_researcher_moving_to_mlops_lead_gets_ai_300_and_no_other_cloud(
    catalogue: Catalogue,
) -> None:
    held = (Holding("DP-100", date(2026, 3, 1)),)
    profile = Profile(background="ml-researcher", goal="mlops-lead", cloud="azure", held=held)
    advice = advise(catalogue, profile, today=TODAY)
    planned = credentials(advice)
    assert "AI-300" in planned
    assert not {"GCP-PMLE", "DBX-ML-PROFESSIONAL"} & set(planned)
    step = next(s for s in advice.steps if s.item == "AI-300")
    assert "MATCH-STACK" in step.rules
    assert "DP-100, which is retired and cannot be renewed; it lapses on 2027-03-01" in step.reason


def test_a_second_cloud_is_kept_only_when_asked(catalogue: Catalogue) -> None:
    profile = Profile(background="ml-researcher", goal="mlops-lead", cloud="azure", second_cloud="gcp")
    planned = credentials(advise(catalogue, profile, today=TODAY))
    assert "GCP-PMLE" in planned and "AI-300" in planned
    assert "DBX-ML-PROFESSIONAL" not in planned


def test_without_a_cloud_the_sources_choices_stand(catalogue: Catalogue) -> None:
    planned = credentials(advise(catalogue, Profile(background="ml-researcher"), today=TODAY))
    assert planned[:2] == ["DBX-ML-PROFESSIONAL", "GCP-PMLE"]


def test_a_data_analyst_on_aws_building_models_stays_on_aws(catalogue: Catalogue) -> None:
    profile = Profile(background="data-analyst", goal="model-builder", cloud="aws")
    advice = advise(catalogue, profile, today=TODAY)
    planned = credentials(advice)
    assert "MLA-C01" in planned
    assert not any(catalogue.credentials[c].stack in ("gcp", "azure") for c in planned)
    aws = next(s for s in advice.steps if s.item == "MLA-C01")
    assert not aws.optional and "your cloud's exam" in aws.reason


def test_the_second_cloud_step_waits_for_a_second_cloud(catalogue: Catalogue) -> None:
    alone = advise(catalogue, Profile(background="data-analyst"), today=TODAY)
    assert "MLA-C01" not in credentials(alone)
    assert any("--second-cloud" in m for m in messages(alone, "MATCH-STACK"))
    asked = advise(
        catalogue, Profile(background="data-analyst", cloud="azure", second_cloud="aws"), today=TODAY
    )
    assert "MLA-C01" in credentials(asked)


def test_a_gcp_pmle_inside_its_renewal_window_gets_a_renewal_step(catalogue: Catalogue) -> None:
    held = (Holding("GCP-PMLE", date(2024, 12, 1)),)
    advice = advise(catalogue, Profile(goal="senior-ml-engineer", held=held, ml_months=30), today=TODAY)
    first = advice.steps[0]
    assert (first.kind, first.item, first.start) == ("renewal", "GCP-PMLE", TODAY)
    assert first.cost_usd == 100.0  # the 50% renewal price of a $200 exam
    assert "expires on 2026-12-01" in first.reason and "until 2026-12-31" in first.reason
    assert "GCP-PMLE" not in [s.item for s in advice.skipped]
    late = messages(advice, "RENEWAL-WINDOW")
    assert any("after its last day 2026-12-31" in m and "h/week" in m for m in late)


def test_a_renewal_in_time_raises_no_lateness_warning(catalogue: Catalogue) -> None:
    held = (Holding("CKA", date(2024, 1, 20)),)
    advice = advise(
        catalogue, Profile(goal="mlops-lead", held=held, ml_months=24, hours_per_week=10), today=TODAY
    )
    renewal = next(s for s in advice.steps if s.kind == "renewal")
    assert renewal.item == "CKA" and renewal.end <= date(2027, 1, 20)
    assert "CKA" not in credentials(advice)
    assert not any("after its last day" in m for m in messages(advice, "RENEWAL-WINDOW"))


def test_a_credential_far_from_expiry_needs_no_renewal(catalogue: Catalogue) -> None:
    held = (Holding("GCP-PMLE", date(2026, 6, 1)),)
    advice = advise(catalogue, Profile(goal="senior-ml-engineer", held=held, ml_months=30), today=TODAY)
    assert all(s.kind != "renewal" for s in advice.steps)
    assert [s.item for s in advice.skipped] == ["GCP-PMLE"]


def test_a_microsoft_associate_renews_by_the_free_assessment(catalogue: Catalogue) -> None:
    held = (Holding("AI-300", date(2026, 4, 20)),)
    advice = advise(catalogue, Profile(goal="mlops-lead", cloud="azure", held=held), today=TODAY)
    renewal = next(s for s in advice.steps if s.kind == "renewal")
    assert (renewal.item, renewal.cost_usd) == ("AI-300", 0.0)
    assert "free online renewal assessment" in renewal.reason


def test_a_retired_fundamentals_pass_never_lapses(catalogue: Catalogue) -> None:
    held = (Holding("AI-900", date(2023, 5, 1)),)
    advice = advise(catalogue, Profile(background="non-engineer", cloud="azure", held=held), today=TODAY)
    notes = messages(advice, "CURRENT-MATERIAL")
    assert any("never expires" in m for m in notes)
    assert not any("lapse" in m for m in notes)
    assert "AI-901" not in credentials(advice)


def test_no_aws_literacy_exam_after_an_aws_ml_associate_or_specialty(catalogue: Catalogue) -> None:
    for held_id, earned in (("MLA-C01", date(2025, 3, 1)), ("MLS-C01", date(2023, 6, 1))):
        held = (Holding(held_id, earned),)
        profile = Profile(background="software-developer", cloud="aws", held=held)
        advice = advise(catalogue, profile, today=TODAY)
        assert "AIF-C01" not in credentials(advice), held_id
        reason = next(s.reason for s in advice.skipped if s.item == "AIF-C01")
        assert held_id in reason and "literacy" in reason
        assert advice.steps[0].kind != "course", "the held credential already covers the fundamentals"


def test_a_literacy_exam_on_another_cloud_is_not_set_aside(catalogue: Catalogue) -> None:
    held = (Holding("AI-300", date(2026, 5, 1)),)
    advice = advise(catalogue, Profile(goal="ai-literacy", cloud="aws", held=held), today=TODAY)
    assert credentials(advice) == ["AIF-C01"]


def test_a_non_engineer_wanting_ai_literacy_gets_a_project_without_code(catalogue: Catalogue) -> None:
    for profile in (
        Profile(goal="ai-literacy", cloud="aws"),
        Profile(background="non-engineer", cloud="azure"),
    ):
        advice = advise(catalogue, profile, today=TODAY)
        projects = [catalogue.projects[s.item] for s in advice.steps if s.kind == "project"]
        assert projects and not any(p.coding for p in projects)
    developer = advise(catalogue, Profile(background="software-developer", cloud="aws"), today=TODAY)
    assert catalogue.projects[developer.steps[1].item].coding


def test_a_non_engineering_goal_starts_with_the_course_for_everyone(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(goal="governance-lead"), today=TODAY)
    assert advice.steps[0].item == "L1-EVERYONE"


def test_a_literacy_step_comes_before_an_associate(catalogue: Catalogue) -> None:
    advice = advise(
        catalogue, Profile(background="data-analyst", goal="ai-literacy", cloud="aws"), today=TODAY
    )
    assert credentials(advice)[0] == "AIF-C01"


def test_the_genai_fundamentals_warning_spares_people_with_ml_experience(catalogue: Catalogue) -> None:
    novice = advise(catalogue, Profile(goal="genai-specialist", cloud="aws", ml_months=0), today=TODAY)
    assert messages(novice, "FUNDAMENTALS-FIRST")
    expert = advise(catalogue, Profile(goal="genai-specialist", cloud="aws", ml_months=24), today=TODAY)
    assert not messages(expert, "FUNDAMENTALS-FIRST")


def test_a_governance_lead_with_1000_dollars_keeps_the_aigp(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(goal="governance-lead", cloud="aws", budget_usd=1000), today=TODAY)
    assert "IAPP-AIGP" in credentials(advice)
    assert advice.total_cost_usd <= 1000
    # The goal's other paid steps go first; the review's optional exams (one has no public fee) after.
    assert advice.left_out[0].item == "L5-POLICY"
    budget = messages(advice, "BUDGET")[0]
    assert "carries your goal (IAPP-AIGP)" in budget and "left out: L5-POLICY ($1,000)" in budget
    assert "PECB-42001-LI (price unknown)" in budget


def test_a_data_analyst_with_400_dollars_gets_the_goal_credential(catalogue: Catalogue) -> None:
    profile = Profile(background="data-analyst", goal="senior-ml-engineer", budget_usd=400)
    advice = advise(catalogue, profile, today=TODAY)
    planned = credentials(advice)
    assert "GCP-PMLE" in planned and advice.total_cost_usd <= 400
    # Layer 1 stays: its free self-paced variant costs nothing (catalogue course variants).
    assert ("L1-TECHNICAL", 0.0) in [(s.item, s.cost_usd) for s in advice.steps]


def test_a_goal_credential_on_aws_is_its_aws_counterpart_under_a_budget(catalogue: Catalogue) -> None:
    profile = Profile(background="data-analyst", goal="senior-ml-engineer", cloud="aws", budget_usd=400)
    advice = advise(catalogue, profile, today=TODAY)
    assert "MLA-C01" in credentials(advice)
    assert "goal (MLA-C01)" in messages(advice, "BUDGET")[0]


def test_a_required_course_stays_with_its_credential_under_a_budget(catalogue: Catalogue) -> None:
    full = advise(catalogue, Profile(goal="ai-leader"), today=TODAY)
    prep = next(s for s in full.steps if s.item == "PMI-CPMAI-PREP")
    exam = next(s for s in full.steps if s.item == "PMI-CPMAI")
    budget = (prep.cost_usd or 0) + (exam.cost_usd or 0)
    advice = advise(catalogue, Profile(goal="ai-leader", budget_usd=budget), today=TODAY)
    items = [s.item for s in advice.steps]
    assert items.index("PMI-CPMAI-PREP") == items.index("PMI-CPMAI") - 1


def test_a_databricks_step_without_a_counterpart_on_the_cloud_stays(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(background="student", cloud="gcp"), today=TODAY)
    assert credentials(advice) == ["GCP-GENAI-LEADER", "DBX-ML-ASSOCIATE"]


def test_another_clouds_exam_without_a_counterpart_is_skipped(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(background="software-developer", cloud="databricks"), today=TODAY)
    assert "AIF-C01" not in credentials(advice)
    assert any("--second-cloud aws" in m for m in messages(advice, "MATCH-STACK"))
    assert advice.steps[0].item == "L1-TECHNICAL"


def test_a_retired_credential_on_another_cloud_points_to_its_successor_only_if_asked(
    catalogue: Catalogue,
) -> None:
    held = (Holding("MLS-C01", date(2024, 5, 1)),)
    profile = Profile(background="ml-researcher", cloud="gcp", ml_months=30, held=held)
    note = next(w for w in advise(catalogue, profile, today=TODAY).warnings if w.subject == "MLS-C01")
    assert "Only to keep an AWS credential" in note.fix and "--second-cloud aws" in note.fix
    on_aws = advise(catalogue, Profile(background="devops-engineer", cloud="aws", held=held), today=TODAY)
    assert next(w for w in on_aws.warnings if w.subject == "MLS-C01").fix == "Plan MLA-C01 before it lapses."


def test_a_vendor_neutral_warning_suggests_the_level_the_person_is_at(catalogue: Catalogue) -> None:
    profile = Profile(background="ml-researcher", cloud="gcp", ml_months=30)
    warning = next(w for w in advise(catalogue, profile, today=TODAY).warnings if w.rule == "VENDOR-NEUTRAL")
    assert "DBX-ML-PROFESSIONAL" in warning.fix


def test_a_counterpart_on_the_wrong_cloud_is_a_catalogue_error(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "counterparts:\n  - id: ml-engineering\n    purpose: the ML exam\n"
        "    items: {aws: GCP-PMLE, azure: AI-300}\n    source: https://example.com/x\n    as_of: 2026-11-28\n"
    )
    with pytest.raises(CatalogueError) as error:
        load_catalogue(overlays=[overlay])
    assert "'GCP-PMLE' belongs to gcp, not aws" in str(error.value)
