"""Courses as real offerings: provenance of every price, overlays, and who buys which variant."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certpath.catalogue.loader import load_catalogue
from certpath.catalogue.model import Catalogue
from certpath.planning.advice import Profile
from certpath.planning.advisor import advise
from certpath.planning.delivery import single_place, team_delivery
from certpath.planning.instance import build_instances, redeliver
from certpath.planning.team_planner import plan_roster
from certpath.planning.validate import validate_plan
from certpath.reports.advice import build_advice_report
from tests.factories import START, instructor_led, member, request, roster

OVERLAY = """
courses:
  - id: L3-MLOPS
    variants:
      - id: acme-internal
        delivery: private-cohort
        provider: ACME platform team
        programme: MLOps bootcamp run in-house
        url: https://intranet.example.com/mlops
        as_of: 2026-12-01
        seat_limit: 10
        price: {value: 1000, estimate: two engineers' time for three days, as_of: 2026-12-01}
        sessions:
          - {start: 2027-02-01, end: 2027-02-03, location: Berlin}
"""


def test_every_course_names_real_programmes_with_dated_prices(catalogue: Catalogue) -> None:
    for course in catalogue.courses.values():
        assert course.variants, course.id
        for variant in course.variants:
            label = f"{course.id}/{variant.id}"
            assert variant.url.startswith("https://") and variant.provider and variant.as_of, label
            price = variant.price
            assert price.sources or price.estimate, f"{label}: a price needs a source or an estimate"
            assert price.value is not None or price.note, f"{label}: an unknown price needs a note"
            if price.estimate:
                assert len(price.estimate.split()) >= 6, f"{label}: say how the estimate was made"
            if variant.delivery == "private-cohort":
                assert variant.seat_limit, label


def test_the_catalogue_offers_free_paths_and_public_seats(catalogue: Catalogue) -> None:
    variants = [v for c in catalogue.courses.values() for v in c.variants]
    free = [v for v in variants if v.price.value == 0 and v.price.sources]
    assert len(free) >= 3, "free self-paced paths come from sources"
    assert {v.delivery for v in variants} == {"self-paced", "public-seat", "private-cohort"}
    for course in catalogue.courses.values():
        if course.delivery == "instructor-led":
            assert course.offers("public-seat"), f"{course.id} can be bought by the seat"


def test_one_person_gets_the_cheapest_place_never_a_private_cohort(catalogue: Catalogue) -> None:
    everyone = single_place(catalogue, catalogue.courses["L1-EVERYONE"])
    assert everyone is not None and everyone.usd == 0 and everyone.variant.delivery == "self-paced"
    for course in catalogue.courses.values():
        chosen = single_place(catalogue, course)
        assert chosen is not None and chosen.variant.delivery != "private-cohort", course.id
        assert not chosen.variant.partial, f"{course.id}: a partial offering is never bought alone"
    technical = catalogue.courses["L1-TECHNICAL"]
    (short,) = [v for v in technical.variants if v.partial]
    assert short.price.value == 0
    chosen_technical = single_place(catalogue, technical)
    assert chosen_technical is not None and chosen_technical.variant.id == "anthropic-courses"
    without_full = replace(
        technical,
        variants=tuple(
            v for v in technical.variants if v.id not in ("anthropic-courses", "fsdl-llm-bootcamp")
        ),
    )
    paid = single_place(catalogue, without_full)
    assert paid is not None and paid.variant.delivery == "public-seat", (
        "a free partial course is never bought alone"
    )
    mlops = single_place(catalogue, catalogue.courses["L4-AGENTS"])
    assert mlops is not None and mlops.variant.delivery == "public-seat"


@pytest.mark.parametrize(
    ("takers", "cohorts", "in_cohorts"),
    [(1, 0, 0), (3, 0, 0), (4, 1, 4), (16, 1, 16), (17, 1, 16), (20, 2, 20)],
)
def test_a_team_buys_a_private_cohort_only_when_it_beats_single_seats(
    catalogue: Catalogue, takers: int, cohorts: int, in_cohorts: int
) -> None:
    course = catalogue.courses["L3-MLOPS"]
    plan = team_delivery(catalogue, course, takers)
    assert plan.seat is not None and plan.cohort is not None
    assert (plan.cohorts, plan.in_cohorts) == (cohorts, in_cohorts)
    seats_cost = (takers - plan.in_cohorts) * (plan.seat.usd or 0) + plan.cohorts * (plan.cohort.usd or 0)
    assert seats_cost <= takers * (plan.seat.usd or 0)


def test_cohort_size_still_sets_the_seats_of_a_private_cohort(catalogue: Catalogue) -> None:
    plan = team_delivery(catalogue, catalogue.courses["L3-MLOPS"], 8, cohort_size=4)
    assert (plan.seat_limit, plan.cohorts, plan.in_cohorts) == (4, 2, 8)


def test_a_lone_engineer_is_planned_on_public_seats(catalogue: Catalogue) -> None:
    led = instructor_led(catalogue)
    plan = plan_roster(led, roster(member("E1", "ml-engineer")), request())
    courses = [a for a in plan.assignments if a.kind == "course"]
    assert courses and not any(a.cohort for a in courses)
    mlops = next(a for a in courses if a.item == "L3-MLOPS")
    assert (mlops.delivery, mlops.variant, mlops.cost_usd) == ("public-seat", "public-class", 2100)
    assert not [f for f in validate_plan(led, plan) if f.severity == "error"]


def test_a_larger_team_fills_a_private_cohort(catalogue: Catalogue) -> None:
    catalogue = instructor_led(catalogue)
    people = [member(f"E{n}", "ml-engineer") for n in range(6)]
    plan = plan_roster(catalogue, roster(*people), request())
    taken = [a for a in plan.assignments if a.item == "L3-MLOPS"]
    mlops = [a for a in taken if a.member != "E0"]
    assert len(mlops) == 5 and {a.delivery for a in mlops} == {"private-cohort"}
    assert len({a.cohort for a in mlops}) == 1
    assert sum(a.cost_usd for a in mlops) == 8000
    # E0 owns governance and reaches Layer 3 13 weeks after the others: a seat, not their wait.
    assert [(a.delivery, a.cost_usd) for a in taken if a.member == "E0"] == [("public-seat", 2100)]
    assert not [f for f in validate_plan(catalogue, plan) if f.severity == "error"]


def test_an_overlay_adds_a_variant_and_keeps_the_shipped_ones(tmp_path: Path) -> None:
    overlay = tmp_path / "acme.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    catalogue = load_catalogue(overlays=[overlay])
    course = catalogue.courses["L3-MLOPS"]
    assert course.variants[0].id == "acme-internal"
    assert course.variants[0].sessions[0].location == "Berlin"
    assert {"public-class", "datacouch-private"} <= {v.id for v in course.variants}
    plan = team_delivery(catalogue, course, 2)
    assert plan.cohort is not None and plan.cohort.variant.id == "acme-internal" and plan.cohorts == 1


def test_advice_names_the_offering_for_each_course(catalogue: Catalogue) -> None:
    advice = advise(catalogue, Profile(goal="governance-lead"), today=START)
    report = build_advice_report(advice)
    courses = [s for s in report["steps"] if s["kind"] == "course"]
    assert courses
    for step in courses:
        assert step["variant"]["delivery"] in ("self-paced", "public-seat")
        assert step["variant"]["url"].startswith("https://")
        assert "cheapest way for one person" in step["reason"]
    credentials = [s for s in report["steps"] if s["kind"] == "credential"]
    assert all(s["variant"] is None for s in credentials)


@given(
    takers=st.integers(1, 80),
    size=st.integers(1, 30),
    course_id=st.sampled_from(["L3-MLOPS", "L1-EVERYONE", "L4-AGENTS", "L6-STRATEGY"]),
)
@settings(max_examples=60, deadline=None)
def test_a_team_never_pays_more_than_all_seats_or_all_cohorts(
    catalogue: Catalogue, takers: int, size: int, course_id: str
) -> None:
    plan = team_delivery(catalogue, catalogue.courses[course_id], takers, cohort_size=size)
    assert plan.seat is not None and plan.cohort is not None
    seat, cohort = plan.seat.usd or 0.0, plan.cohort.usd or 0.0
    paid = (takers - plan.in_cohorts) * seat + plan.cohorts * cohort
    assert plan.in_cohorts <= plan.cohorts * size and 0 <= plan.in_cohorts <= takers
    assert paid <= takers * seat + 1e-6
    assert paid <= -(-takers // size) * cohort + 1e-6


def test_deliveries_are_chosen_again_for_what_a_budget_keeps(catalogue: Catalogue) -> None:
    catalogue = instructor_led(catalogue)
    people = roster(*[member(f"E{n}", "ml-engineer") for n in range(5)])
    policy = catalogue.policy_for_size(5)
    (instance,), _ = build_instances(catalogue, people, policy, request())
    mlops = [t for t in instance.tasks if t.item == "L3-MLOPS"]
    assert {t.delivery for t in mlops} == {"private-cohort"} and instance.cohort_count("L3-MLOPS") == 1
    kept = [t for t in instance.tasks if t.item != "L3-MLOPS" or t.member == "E0"]
    again = redeliver(catalogue, replace(instance, tasks=kept), cohort_size=None)
    (alone,) = [t for t in again.tasks if t.item == "L3-MLOPS"]
    assert (alone.delivery, alone.seat_cost) == ("public-seat", 2100)
    assert "L3-MLOPS" not in again.cohorts


def test_dated_material_is_taken_only_when_nothing_current_is_sold(catalogue: Catalogue) -> None:
    """CURRENT-MATERIAL: the 2023 LLM Bootcamp recording is free, but a current offering comes first."""
    technical = catalogue.courses["L1-TECHNICAL"]
    (dated,) = [v for v in technical.variants if v.dated]
    assert dated.id == "fsdl-llm-bootcamp" and "2023" in dated.dated and dated.price.value == 0
    chosen = single_place(catalogue, technical)
    assert chosen is not None and not chosen.variant.dated
    paid_current = replace(
        technical, variants=tuple(v for v in technical.variants if v.id != "anthropic-courses")
    )
    chosen = single_place(catalogue, paid_current)
    assert chosen is not None and chosen.variant.delivery == "public-seat" and chosen.usd
    only_dated = replace(technical, variants=(dated,))
    chosen = single_place(catalogue, only_dated)
    assert chosen is not None and chosen.variant.id == "fsdl-llm-bootcamp"
