"""SELF-PACED: who may study an instructor-led course self-paced, and what a team then buys."""

from __future__ import annotations

from dataclasses import replace

from certpath.catalogue.model import Catalogue, Course
from certpath.planning.delivery import self_paced_place, team_delivery
from certpath.planning.instance import build_instances
from certpath.planning.pooling import pooled_courses
from certpath.planning.team_planner import plan_roster
from certpath.planning.validate import validate_plan
from tests.factories import instructor_led, member, request, roster, small_team


def _with_variants(catalogue: Catalogue, course: Course, *variants: object) -> Catalogue:
    changed = replace(course, variants=tuple(variants))  # type: ignore[arg-type]
    return replace(catalogue, courses={**catalogue.courses, course.id: changed})


def _self_paced_price(catalogue: Catalogue, course_id: str, usd: float | None) -> Catalogue:
    """The catalogue with every self-paced variant of the course priced `usd`."""
    course = catalogue.courses[course_id]
    variants = [
        replace(v, price=replace(v.price, value=usd)) if v.delivery == "self-paced" else v
        for v in course.variants
    ]
    return _with_variants(catalogue, course, *variants)


def test_a_complete_self_paced_variant_may_replace_an_instructor_led_class(catalogue: Catalogue) -> None:
    small = catalogue.team_policy("small")
    mlops = catalogue.courses["L3-MLOPS"]
    assert mlops.delivery == "instructor-led"
    chosen = self_paced_place(catalogue, mlops, small)
    assert chosen is not None and chosen.usd == 0
    assert chosen.variant.id == "datatalksclub-mlops-zoomcamp" and not chosen.variant.partial
    everyone = self_paced_place(catalogue, catalogue.courses["L1-EVERYONE"], small)
    assert everyone is not None and everyone.variant.id == "google-genai-path"


def test_a_policy_keeps_its_layers_instructor_led(catalogue: Catalogue) -> None:
    mlops = catalogue.courses["L3-MLOPS"]
    kept = replace(catalogue.team_policy("small"), instructor_led_layers=(3,))
    assert self_paced_place(catalogue, mlops, kept) is None
    # Seed 000: a mid-size team's Layer 4 is a dedicated cohort of its AI developers.
    agents = catalogue.courses["L4-AGENTS"]
    free = replace(mlops.variants[0], id="free-agents")
    with_free = _with_variants(catalogue, agents, free, *agents.variants)
    course = with_free.courses["L4-AGENTS"]
    assert self_paced_place(with_free, course, with_free.team_policy("mid")) is None
    small = self_paced_place(with_free, course, with_free.team_policy("small"))
    assert small is not None and small.variant.id == "free-agents"


def test_partial_or_unpriced_self_paced_variants_never_replace_a_class(catalogue: Catalogue) -> None:
    small = catalogue.team_policy("small")
    everyone = catalogue.courses["L1-EVERYONE"]
    only_partial = _with_variants(
        catalogue, everyone, *(v for v in everyone.variants if v.id != "google-genai-path")
    )
    assert self_paced_place(only_partial, only_partial.courses["L1-EVERYONE"], small) is None
    unpriced = _self_paced_price(catalogue, "L3-MLOPS", None)
    assert self_paced_place(unpriced, unpriced.courses["L3-MLOPS"], small) is None
    plan = team_delivery(unpriced, unpriced.courses["L3-MLOPS"], 2)
    assert plan.seat is not None and plan.seat.variant.delivery == "public-seat"


def test_a_team_studies_self_paced_when_it_serves(catalogue: Catalogue) -> None:
    people = roster(*[member(f"E{n}", "ml-engineer") for n in range(6)])
    plan = plan_roster(catalogue, people, request())
    mlops = [a for a in plan.assignments if a.item == "L3-MLOPS"]
    assert len(mlops) == 6
    assert {(a.delivery, a.variant, a.cost_usd, a.cohort) for a in mlops} == {
        ("self-paced", "datatalksclub-mlops-zoomcamp", 0.0, None)
    }
    assert not [f for f in validate_plan(catalogue, plan) if f.severity == "error"]


def test_a_policy_that_keeps_the_layer_led_buys_the_cohort(catalogue: Catalogue) -> None:
    led = instructor_led(catalogue, (3,))
    people = roster(*[member(f"E{n}", "ml-engineer") for n in range(6)])
    plan = plan_roster(led, people, request())
    mlops = [a for a in plan.assignments if a.item == "L3-MLOPS"]
    cohort = [a for a in mlops if a.member != "E0"]
    assert {a.delivery for a in cohort} == {"private-cohort"} and len({a.cohort for a in cohort}) == 1
    # E0 owns governance and reaches Layer 3 after Layer 5, 13 weeks after the others: still led,
    # on a public seat, rather than keeping five people waiting.
    assert [a.delivery for a in mlops if a.member == "E0"] == ["public-seat"]
    layer1 = [a for a in plan.assignments if a.layer == 1]
    assert {a.delivery for a in layer1} == {"self-paced"}, "only Layer 3 is kept instructor-led"


def test_a_well_filled_cohort_beats_a_dearer_self_paced_place(catalogue: Catalogue) -> None:
    paid = _self_paced_price(catalogue, "L3-MLOPS", 600.0)
    course = paid.courses["L3-MLOPS"]
    alone = self_paced_place(paid, course, paid.team_policy("small"))
    assert alone is not None and alone.usd == 600
    full = team_delivery(paid, course, 16, alone=alone)  # USD 8,000 for 16: USD 500 a head
    assert (full.cohorts, full.in_cohorts) == (1, 16)
    thin = team_delivery(paid, course, 4, alone=alone)  # USD 8,000 for 4 is more than 4 x 600
    assert (thin.cohorts, thin.in_cohorts) == (0, 0)
    assert thin.seat is not None and thin.seat.variant.delivery == "self-paced"
    dear = team_delivery(_self_paced_price(catalogue, "L3-MLOPS", 2500.0), course, 2, alone=None)
    assert dear.seat is not None and dear.seat.variant.delivery == "public-seat"


def test_a_budget_buys_self_paced_before_leaving_anything_out(catalogue: Catalogue) -> None:
    team = small_team()
    policy = catalogue.policy_for_size(len(team.members))
    instances, _ = build_instances(catalogue, team, policy, request())
    layer1 = [t for i in instances for t in i.tasks if t.layer == 1]
    assert layer1 and {t.seat_cost for t in layer1} == {0.0}
    plan = plan_roster(catalogue, team, request(budget_usd=3000))
    assert {a.member for a in plan.assignments if a.layer == 1} == {m.id for m in team.members}
    assert plan.total_cost_usd <= 3000 and plan.left_out, "the budget binds"
    deployers = {m.id for m in team.members if m.deploys_to_production}
    mlops = [a for a in plan.assignments if a.item == "L3-MLOPS"]
    assert {a.member for a in mlops} >= deployers and {a.delivery for a in mlops} == {"self-paced"}
    assert not [f for f in validate_plan(catalogue, plan) if f.severity == "error"]


def test_validate_rejects_a_partial_variant_studied_in_place_of_the_class(catalogue: Catalogue) -> None:
    plan = plan_roster(catalogue, small_team(), request())
    assert not [f for f in validate_plan(catalogue, plan) if f.rule == "SELF-PACED"]
    partial = replace(
        plan,
        assignments=tuple(
            replace(a, variant="elements-of-ai") if a.item == "L1-EVERYONE" else a for a in plan.assignments
        ),
    )
    found = [f for f in validate_plan(catalogue, partial) if f.rule == "SELF-PACED"]
    assert found and all("not a complete" in f.message for f in found)


def test_a_pooled_session_too_thin_to_pay_falls_back_to_the_self_paced_place(catalogue: Catalogue) -> None:
    paid = _self_paced_price(catalogue, "L3-MLOPS", 600.0)
    people = roster(*[member(f"E{n}", "ml-engineer") for n in range(16)])
    instances, _ = build_instances(paid, people, paid.policy_for_size(16), request())
    courses = pooled_courses(paid, instances, None)
    pooled = courses["L3-MLOPS"]
    assert pooled.seat is not None and (pooled.seat.variant.delivery, pooled.seat.usd) == ("self-paced", 600)
    assert pooled.beats_seats(16) and not pooled.beats_seats(13)  # USD 8,000 against 13 x 600
