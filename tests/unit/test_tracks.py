"""Tracks reviewed against seed 000: who gets CKA, Layer 2 before Layer 3, interns get the basics."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from certpath.catalogue.coverage import needed_layers
from certpath.catalogue.loader import load_catalogue
from certpath.catalogue.model import Catalogue
from certpath.errors import CatalogueError
from certpath.planning.plan import Plan
from certpath.planning.plan_quality import plan_quality
from certpath.planning.team_planner import plan_roster
from certpath.planning.validate import validate_plan
from certpath.roster.importer import load_roster
from certpath.roster.synthetic import generate_org
from tests.factories import member, request, roster

PLATFORM_ROLES = {"platform-engineer", "mlops-engineer", "devops-engineer"}


def _items(plan: Plan, who: str) -> set[str]:
    return {a.item for a in plan.assignments if a.member == who}


@pytest.mark.parametrize("policy", ["small", "mid", "enterprise"])
def test_cka_only_for_platform_mlops_and_devops_roles(catalogue: Catalogue, policy: str) -> None:
    # A roster resolved from titles has no cloud column: everyone is on the neutral stack.
    roles = [
        "ml-engineer",
        "data-scientist",
        "student",
        "cloud-architect",
        "ai-developer",
        *sorted(PLATFORM_ROLES),
    ]
    people = roster(
        *(
            member(f"P{n}", role, cloud="none", deploys_to_production=role != "student")
            for n, role in enumerate(roles)
        ),
        member("CO", "compliance-officer", cloud="none"),
    )
    plan = plan_roster(catalogue, people, request(policy=policy))
    takers = {m.role for m in people.members if "CKA" in _items(plan, m.id)}
    if policy == "enterprise":  # exams are required there, so every platform role takes it
        assert takers == PLATFORM_ROLES
    else:
        assert takers <= PLATFORM_ROLES
    assert not [f for f in validate_plan(catalogue, plan) if f.severity == "error"]


def test_the_layer_3_exam_of_a_cloud_stack_is_for_every_role(catalogue: Catalogue) -> None:
    people = roster(
        member("DS", "data-scientist", cloud="aws", deploys_to_production=True),
        member("CO", "compliance-officer"),
    )
    plan = plan_roster(catalogue, people, request(policy="enterprise"))
    assert "MLA-C01" in _items(plan, "DS") and "CKA" not in _items(plan, "DS")


@pytest.mark.parametrize(("size", "seed"), [(12, 1), (14, 9), (30, 2), (45, 6), (90, 4)])
def test_anyone_with_layers_2_and_3_finishes_layer_2_first(
    catalogue: Catalogue, size: int, seed: int
) -> None:
    plan = plan_roster(catalogue, generate_org(size, seed=seed), request(time_limit_s=3.0))
    checked = 0
    for m in plan.members:
        mine = [a for a in plan.assignments if a.member == m.id]
        layer2 = [a.end for a in mine if a.layer == 2]
        layer3 = [a.start for a in mine if a.layer == 3]
        if layer2 and layer3:
            checked += 1
            assert max(layer2) < min(layer3), (m.id, m.role, plan.policy.id)
    assert checked, "the org should have data roles with both layers"
    assert not [f for f in validate_plan(catalogue, plan) if f.severity == "error"]


@pytest.mark.parametrize("policy", ["small", "mid", "enterprise"])
def test_interns_get_literacy_and_the_basics(catalogue: Catalogue, policy: str) -> None:
    assert needed_layers(catalogue, catalogue.team_policy(policy), "student", deploys=False, leads=False) == {
        1: "technical"
    }
    people = roster(
        member("IN1", "student", cloud="none"),
        member("DE1", "data-engineer"),
        member("ML1", "ml-engineer", deploys_to_production=True),
        member("CO1", "compliance-officer"),
        member("TL1", "team-lead", leads_externally=True),
    )
    plan = plan_roster(catalogue, people, request(policy=policy))
    assert _items(plan, "IN1") == {"L1-EVERYONE", "L1-TECHNICAL"}
    # Mid-size teams still run Layers 1-3 for everyone else.
    if policy == "mid":
        assert any(a.layer == 2 for a in plan.assignments if a.member == "CO1")


def test_an_exam_restricted_to_an_unknown_role_is_refused(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "layer_exams:\n  - layer: 3\n    options:\n"
        "      - {stack: neutral, item: CKA, roles: [platform-enginer]}\n"
        "    source: https://example.org\n    as_of: 2026-08-01\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match=r"overlay.yaml:4:.*unknown role 'platform-enginer'"):
        load_catalogue(overlays=[overlay])


TRIAL = Path(__file__).parent.parent / "data" / "trial"


def test_off_any_cloud_model_builders_take_the_neutral_ml_exam_not_a_data_engineering_one(
    catalogue: Catalogue,
) -> None:
    # A 9-person startup's BambooHR export (no cloud column): its ML engineer used to prepare the
    # Databricks *data engineering* exam for 12 weeks before any MLOps course, which held the
    # small team's Layer 3 training and so a full-stack engineer's Layer 4 back by 25 weeks.
    people = load_roster(TRIAL / "startup.bamboohr.csv", catalogue, today=date(2027, 1, 4))
    plan = plan_roster(catalogue, people, request(start=date(2027, 1, 4)))
    ml, data, full_stack = "204", "206", "205"
    assert "DBX-ML-ASSOCIATE" in _items(plan, ml) and "DBX-DE-ASSOCIATE" not in _items(plan, ml)
    assert "DBX-DE-ASSOCIATE" in _items(plan, data)  # the data engineer keeps their own exam
    mine = sorted((a for a in plan.assignments if a.member == ml), key=lambda a: a.start)
    layer2_end = max(a.end for a in mine if a.layer == 2)
    layer3_start = min(a.start for a in mine if a.layer == 3)
    assert (layer3_start - layer2_end).days == 1  # MLOps right after the Layer 2 courses
    layer3_training_end = max(a.end for a in plan.assignments if a.layer == 3 and a.kind == "course")
    first_l4 = min(a.start for a in plan.assignments if a.member == full_stack and a.layer == 4)
    assert (first_l4 - layer3_training_end).days == 1
    assert plan_quality(plan).idle_weeks_max <= 13  # was 25: the small-team rule's wait only
    assert not [f for f in validate_plan(catalogue, plan) if f.severity == "error"]


@pytest.mark.parametrize("role", ["ml-engineer", "data-scientist"])
def test_the_neutral_ml_exam_is_for_model_builders_only(catalogue: Catalogue, role: str) -> None:
    exams = catalogue.layer_exams[3]
    assert exams.exam_for("none", role) == "DBX-ML-ASSOCIATE"
    assert exams.exam_for("aws", role) == "MLA-C01"
    # Their own Layer 3 exam would hold back the Layer 4 work these roles have.
    assert exams.exam_for("none", "senior-data-scientist") is None
    assert exams.exam_for("none", "software-developer") is None
    assert exams.exam_for("none", "platform-engineer") == "CKA"


def test_a_layer_the_policy_adds_is_course_work_without_an_exam(catalogue: Catalogue) -> None:
    # A hand-made 22-person sheet with a cloud column (mid-size policy: Layers 1-3 for the whole
    # team). The CTO, the CISO and the head of data used to prepare the AWS ML engineer exam for
    # twelve weeks, the data analyst GCP's professional ML engineer exam, and a data engineer on
    # AWS took MLA-C01 in place of their own data engineering exam.
    people = load_roster(TRIAL / "mixedcloud.handmade.xlsx", catalogue, today=date(2027, 1, 4))
    plan = plan_roster(catalogue, people, request(start=date(2027, 1, 4), time_limit_s=2.0))
    role_of = {m.id: m.role for m in plan.members}
    exams = {
        m: {a.item for a in plan.assignments if a.member == m and a.kind == "credential"} for m in role_of
    }
    for who in ("vic.lowe", "tom.reid", "aiko.tanaka", "ravi.iyer"):  # CTO, CISO, head of data, analyst
        layer3 = {a.item for a in plan.assignments if a.member.startswith(who) and a.layer == 3}
        assert layer3 and not layer3 & {"MLA-C01", "GCP-PMLE", "AI-300"}, (who, layer3)
    assert exams["ben.carter@mixed.example"] == {"DEA-C01"}
    assert exams["clara.ruiz@mixed.example"] == {"DP-700"}
    # Roles that list Layer 3 keep their stack's exam.
    assert exams["liam.fox@mixed.example"] == {"MLA-C01"}  # platform engineer, AWS
    assert exams["maya.singh@mixed.example"] == {"AI-300"}  # DevOps engineer, Azure
    assert "AI-300" in exams["gita.rao@mixed.example"]  # AI developer, Azure
    assert not [f for f in validate_plan(catalogue, plan) if f.severity == "error"]


def test_leaders_read_technical_literacy_before_strategy(catalogue: Catalogue) -> None:
    # A 60-person Mittelstand company (Personio export, German titles): its CEO and CTO took the
    # four-week AI strategy course and only then the technical-literacy module (seed 000's
    # mistake 4 is strategy without that literacy).
    people = load_roster(TRIAL / "mittelstand.personio.csv", catalogue, today=date(2027, 1, 4))
    plan = plan_roster(catalogue, people, request(start=date(2027, 1, 4), time_limit_s=2.0))
    leaders = 0
    for m in plan.members:
        mine = [a for a in plan.assignments if a.member == m.id and a.layer == 6]
        literacy = [a for a in mine if a.item == "L6-TECH-LITERACY"]
        if literacy and len(mine) > 1:
            leaders += 1
            assert all(a.start > literacy[0].end for a in mine if a is not literacy[0]), m.role
    assert leaders >= 2
    assert not [f for f in validate_plan(catalogue, plan) if f.severity == "error"]
    # validate.py says so when a plan puts strategy first.
    ceo = {a.item: a for a in plan.assignments if a.member == "1"}
    first, then = ceo["L6-TECH-LITERACY"], ceo["L6-STRATEGY"]
    swapped = tuple(
        replace(a, start=first.start) if a is then else replace(a, start=then.start) if a is first else a
        for a in plan.assignments
    )
    found = validate_plan(catalogue, replace(plan, assignments=swapped))
    assert any(f.rule == "L6-TECH-LITERACY" and "before their technical-literacy" in f.message for f in found)
