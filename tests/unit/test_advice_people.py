"""Twelve people as an L&D user types them (title, cloud, holdings with dates, budget), as of 2026-11-28.

Each test states what a careful reader of the advice would check first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from certpath.catalogue.model import Catalogue
from certpath.errors import InputError
from certpath.kernel import Holding
from certpath.planning.advice import Advice, Profile
from certpath.services.advising import advise_person

TODAY = date(2026, 11, 28)


def advise_for(catalogue: Catalogue, *, held: dict[str, str] | None = None, **fields: Any) -> Advice:
    holdings = tuple(Holding(code, date.fromisoformat(day)) for code, day in (held or {}).items())
    return advise_person(catalogue, Profile(held=holdings, **fields), today=TODAY)


def credentials(advice: Advice) -> list[str]:
    return [s.item for s in advice.steps if s.kind == "credential"]


def stacks(catalogue: Catalogue, advice: Advice) -> set[str]:
    return {catalogue.credentials[c].stack for c in credentials(advice)}


def rules(advice: Advice) -> set[str]:
    return {w.rule for w in advice.warnings}


def test_senior_data_analyst_on_aws_building_models(catalogue: Catalogue) -> None:
    advice = advise_for(
        catalogue,
        title="Sr. Data Analyst",
        cloud="aws",
        goal="model-builder",
        held={"AIF-C01": "2025-02-10"},
        budget_usd=600,
        hours_per_week=5,
    )
    assert advice.profile.background == "data-analyst"
    assert "MLA-C01" in credentials(advice) and "AIF-C01" not in credentials(advice)
    assert not stacks(catalogue, advice) & {"gcp", "azure"}
    assert advice.total_cost_usd <= 600 and advice.steps[0].kind != "course"


def test_ml_researcher_on_azure_moving_to_mlops_lead(catalogue: Catalogue) -> None:
    advice = advise_for(
        catalogue,
        title="Senior Machine Learning Researcher",
        cloud="azure",
        goal="mlops-lead",
        held={"DP-100": "2025-11-20"},
        ml_months=36,
    )
    assert credentials(advice)[0] == "AI-300"
    assert not stacks(catalogue, advice) & {"gcp", "aws", "databricks"}
    assert {"TERRAFORM-ASSOCIATE", "CKA"} <= set(credentials(advice))
    expired = next(w for w in advice.warnings if w.subject == "DP-100")
    assert "expired on 2026-11-20" in expired.message and "AI-300" in expired.fix


def test_platform_engineer_on_gcp_renews_kubernetes_and_terraform(catalogue: Catalogue) -> None:
    advice = advise_for(
        catalogue,
        title="Cloud Platform Engineer",
        cloud="gcp",
        goal="mlops-lead",
        held={"CKA": "2024-01-20", "TERRAFORM-ASSOCIATE": "2025-01-15"},
        hours_per_week=10,
    )
    renewals = [(s.item, s.end) for s in advice.steps if s.kind == "renewal"]
    assert [item for item, _ in renewals] == ["TERRAFORM-ASSOCIATE", "CKA"]
    assert dict(renewals)["CKA"] <= date(2027, 1, 20)
    assert "MLA-C01" not in credentials(advice) and "GCP-PMLE" in credentials(advice)


def test_lead_ml_engineer_renewing_the_pmle_at_a_pace_that_makes_it(catalogue: Catalogue) -> None:
    advice = advise_for(
        catalogue,
        title="Lead ML Engineer",
        cloud="gcp",
        goal="senior-ml-engineer",
        held={"GCP-PMLE": "2024-12-01"},
        ml_months=48,
        projects_done=3,
        hours_per_week=12,
    )
    first = advice.steps[0]
    assert (first.kind, first.item, first.cost_usd) == ("renewal", "GCP-PMLE", 100.0)
    assert first.end <= date(2026, 12, 31)
    assert not any("after its last day" in w.message for w in advice.warnings)


def test_head_of_ai_governance_with_1000_dollars(catalogue: Catalogue) -> None:
    advice = advise_for(
        catalogue,
        title="Head of AI Governance & Compliance",
        cloud="aws",
        goal="governance-lead",
        budget_usd=1000,
    )
    assert advice.profile.background == "non-engineer"
    assert "IAPP-AIGP" in credentials(advice) and advice.total_cost_usd <= 1000
    projects = [catalogue.projects[s.item] for s in advice.steps if s.kind == "project"]
    assert projects and not any(p.coding for p in projects)


def test_ai_product_manager_holding_the_retired_azure_fundamentals(catalogue: Catalogue) -> None:
    advice = advise_for(
        catalogue,
        title="Product Manager, AI",
        cloud="azure",
        goal="ai-literacy",
        held={"AI-900": "2023-05-01"},
    )
    assert credentials(advice) == []
    assert [s.item for s in advice.skipped] == ["AI-901"]
    assert not any("lapse" in f"{w.message} {w.fix}" for w in advice.warnings)


def test_bi_developer_on_databricks_with_400_dollars(catalogue: Catalogue) -> None:
    advice = advise_for(
        catalogue,
        title="Business Intelligence Developer",
        cloud="databricks",
        goal="model-builder",
        budget_usd=400,
    )
    assert stacks(catalogue, advice) == {"databricks"}
    assert credentials(advice) == ["DBX-ML-ASSOCIATE", "DBX-ML-PROFESSIONAL"]
    # The Layer 1 course's free self-paced variant fits any budget.
    assert ("L1-TECHNICAL", 0.0) in [(s.item, s.cost_usd) for s in advice.steps] and not advice.left_out


def test_backend_engineer_on_aws_specialising_in_genai(catalogue: Catalogue) -> None:
    advice = advise_for(
        catalogue,
        title="Staff Software Engineer (Backend)",
        cloud="aws",
        genai=True,
        goal="genai-specialist",
        held={"MLA-C01": "2024-06-01"},
        ml_months=6,
    )
    assert credentials(advice) == ["NCA-GENL", "AIP-C01"]  # AWS's own GenAI professional, optional
    assert {s.item for s in advice.skipped} == {"AIF-C01", "MLA-C01"}
    assert "an associate credential on AWS" in next(s.reason for s in advice.skipped if s.item == "AIF-C01")


def test_azure_data_engineer_with_old_fundamentals(catalogue: Catalogue) -> None:
    advice = advise_for(
        catalogue, title="Data Engineer - Azure", cloud="azure", held={"AI-900": "2024-03-01"}
    )
    assert credentials(advice) == ["DBX-ML-ASSOCIATE", "AI-300"]
    assert advice.steps[0].kind == "credential", "AI-900 never lapses, so no Layer 1 course"


def test_cto_aiming_to_lead_ai_programmes(catalogue: Catalogue) -> None:
    advice = advise_for(catalogue, title="Chief Technology Officer", goal="ai-leader", budget_usd=3000)
    items = [s.item for s in advice.steps]
    assert {"L6-TECH-LITERACY", "PMI-CPMAI"} <= set(items)
    assert items.index("PMI-CPMAI-PREP") == items.index("PMI-CPMAI") - 1
    projects = [catalogue.projects[s.item] for s in advice.steps if s.kind == "project"]
    assert not any(p.coding for p in projects)


def test_graduate_data_scientist_on_gcp(catalogue: Catalogue) -> None:
    advice = advise_for(catalogue, title="Graduate Data Scientist", cloud="gcp", hours_per_week=10)
    assert stacks(catalogue, advice) <= {"gcp", "databricks"}
    pmle = next(s for s in advice.steps if s.item == "GCP-PMLE")
    assert pmle.start >= date(2027, 11, 28) and "EXPERIENCE-GATE" in pmle.rules
    assert "MLA-C01" not in credentials(advice)


def test_devops_engineer_on_aws_whose_ml_specialty_lapsed(catalogue: Catalogue) -> None:
    advice = advise_for(
        catalogue,
        title="DevOps Engineer II",
        cloud="aws",
        goal="mlops-lead",
        held={"MLS-C01": "2023-09-15"},
        budget_usd=800,
    )
    assert credentials(advice)[0] == "MLA-C01"
    assert "GCP-PMLE" not in credentials(advice)
    assert advice.total_cost_usd <= 800 and "BUDGET" in rules(advice)
    assert any(w.subject == "MLS-C01" and "MLA-C01" in w.fix for w in advice.warnings)


def test_a_title_longer_than_any_real_one_is_refused_without_echoing_it(catalogue: Catalogue) -> None:
    with pytest.raises(InputError) as error:
        advise_for(catalogue, title="x" * 5000)
    assert "at most 200 characters" in str(error.value) and "xxxxx" not in str(error.value)


def test_an_unmatched_title_names_the_closest_roles(catalogue: Catalogue) -> None:
    with pytest.raises(InputError) as error:
        advise_for(catalogue, title="Chief Vibes Officer")
    message = str(error.value)  # the service's words; each interface names its own field
    assert "no role matches" in message and "Choose a background instead" in message and "--" not in message
