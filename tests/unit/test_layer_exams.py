"""The exam the team planner picks for each layer and platform (layer_exams in teams.yaml)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from certpath.catalogue.model import Catalogue, ExamChoice
from certpath.catalogue.validation import check_catalogue
from certpath.planning.team_planner import plan_roster
from tests.factories import member, request, roster


def _exams(catalogue: Catalogue, role: str, cloud: str, policy: str | None = None) -> set[str]:
    plan = plan_roster(catalogue, roster(member("P1", role, cloud=cloud)), request(policy=policy))
    return {a.item for a in plan.assignments if a.item in catalogue.credentials}


@pytest.mark.parametrize(
    ("cloud", "exam"),
    [
        ("aws", "DEA-C01"),
        ("azure", "DP-700"),
        ("gcp", "GCP-PDE"),
        ("databricks", "DBX-DE-ASSOCIATE"),
        ("none", "DBX-DE-ASSOCIATE"),
    ],
)
def test_a_data_engineer_sits_the_data_engineering_exam_of_their_platform(
    catalogue: Catalogue, cloud: str, exam: str
) -> None:
    assert exam in _exams(catalogue, "data-engineer", cloud)


def test_a_deeper_exam_that_tests_layer_2_replaces_the_layer_2_exam(catalogue: Catalogue) -> None:
    aws = _exams(catalogue, "ml-engineer", "aws")
    assert "MLA-C01" in aws and "DEA-C01" not in aws, "MLA-C01 tests data preparation (Layer 2)"
    azure = _exams(catalogue, "ml-engineer", "azure")
    assert {"AI-300", "DP-700"} <= azure, "AI-300 does not test Layer 2, so DP-700 stays"


def test_an_ai_developer_on_aws_sits_aws_generative_ai_exam(catalogue: Catalogue) -> None:
    assert "AIP-C01" in _exams(catalogue, "ai-developer", "aws")


def test_layer_2_studied_only_in_the_full_team_cohort_has_no_exam(catalogue: Catalogue) -> None:
    assert "DP-700" in _exams(catalogue, "data-engineer", "azure", policy="mid")
    assert "DP-700" not in _exams(catalogue, "ai-developer", "azure", policy="mid")


def test_an_exam_option_no_one_can_reach_is_reported(catalogue: Catalogue) -> None:
    # Review: a second option for a stack was silently unreachable when an earlier option of
    # that stack took every role (the first that fits wins).
    layer_3 = catalogue.layer_exams[3]
    general_first = (ExamChoice("neutral", "NCA-GENL"), *layer_3.choices)
    broken = replace(
        catalogue, layer_exams={**catalogue.layer_exams, 3: replace(layer_3, choices=general_first)}
    )
    found = [p.message for p in check_catalogue(broken)]
    assert found == [
        "the neutral option CKA is never chosen: option 1 (NCA-GENL) already takes every role;"
        " list the option with roles first",
        "the neutral option DBX-ML-ASSOCIATE is never chosen: option 1 (NCA-GENL) already takes every"
        " role; list the option with roles first",
    ]
    assert check_catalogue(catalogue) == []
