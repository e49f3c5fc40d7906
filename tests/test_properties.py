"""Invariants of the advisor and the loader over generated inputs."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certpath.catalogue import coverage
from certpath.catalogue.loader import load_catalogue
from certpath.catalogue.model import Catalogue, Credential
from certpath.errors import CatalogueError
from certpath.kernel import Holding
from certpath.planning.advice import Profile
from certpath.planning.advisor import CLOUDS, advise
from certpath.planning.verified import counted_holdings
from tests.factories import member, roster

_CATALOGUE = load_catalogue()

profiles = st.builds(
    Profile,
    background=st.none() | st.sampled_from(sorted(_CATALOGUE.backgrounds)),
    goal=st.none() | st.sampled_from(sorted(_CATALOGUE.goals)),
    cloud=st.sampled_from(CLOUDS),
    held=st.lists(
        st.builds(
            Holding,
            st.sampled_from(sorted(_CATALOGUE.credentials)),
            st.none() | st.dates(date(2019, 1, 1), date(2026, 11, 1)),
        ),
        max_size=3,
    ).map(tuple),
    ml_months=st.none() | st.integers(0, 60),
    budget_usd=st.none() | st.floats(0, 3000),
    hours_per_week=st.floats(1, 40),
    genai=st.booleans(),
)
days = st.dates(date(2025, 6, 1), date(2027, 6, 1))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, today=days)
def test_advice_invariants(profile: Profile, today: date) -> None:
    catalogue: Catalogue = _CATALOGUE
    advice = advise(catalogue, profile, today=today)
    steps = advice.steps
    for before, after in itertools.pairwise(steps):
        assert after.start > before.end, "steps never overlap"
    for step in steps:
        assert step.start >= today and step.end >= step.start
        item = catalogue.item(step.item)
        if isinstance(item, Credential) and step.kind == "credential":
            life = item.lifecycle
            assert life.retires_on is None or step.end <= life.retires_on, "never a retired exam"
            assert life.available_from is None or step.start >= life.available_from
            assert steps[steps.index(step) + 1].pairs_with == step.item, "PORTFOLIO-PAIRING"
        assert step.reason, "every step says why"
    if profile.budget_usd is not None:
        assert advice.total_cost_usd <= profile.budget_usd + 1e-6
    if steps and not advice.skipped and not profile.held and not advice.left_out:
        first = catalogue.item(steps[0].item)
        assert (isinstance(first, Credential) and first.tier == "literacy") or first.layer == 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=400))
def test_the_loader_never_crashes_on_arbitrary_bytes(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path: Path = tmp_path_factory.mktemp("overlay") / "overlay.yaml"
    path.write_bytes(content)
    try:
        load_catalogue(overlays=[path])
    except CatalogueError as error:
        assert error.issues and all(str(path) in str(issue) for issue in error.issues)


@settings(max_examples=100, deadline=None)
@given(
    data=st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.text(max_size=8)
        | st.dates().map(lambda d: d + timedelta(0)),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["credentials", "courses", "id", "price", "value", "layers", "as_of", "x"]),
                inner,
                max_size=3,
            )
        ),
        max_leaves=12,
    )
)
def test_the_loader_never_crashes_on_arbitrary_yaml(
    tmp_path_factory: pytest.TempPathFactory, data: object
) -> None:
    import yaml

    path = tmp_path_factory.mktemp("overlay") / "overlay.yaml"
    path.write_text(yaml.safe_dump(data))
    try:
        load_catalogue(overlays=[path])
    except CatalogueError as error:
        assert error.issues


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    size=st.integers(min_value=1, max_value=45),
    seed=st.integers(min_value=0, max_value=10_000),
    hours=st.sampled_from([1.0, 2.5, 4.0, 8.0, 20.0]),
    objective=st.sampled_from(["layers-soonest", "finish-soonest", "most-coverage-by-horizon", "cheapest"]),
    budget_share=st.one_of(st.none(), st.floats(min_value=0.3, max_value=1.2)),
    quarterly=st.one_of(st.none(), st.sampled_from([20_000.0, 60_000.0])),
)
def test_every_plan_passes_the_audit(
    catalogue: Catalogue,
    size: int,
    seed: int,
    hours: float,
    objective: str,
    budget_share: float | None,
    quarterly: float | None,
) -> None:
    """Whatever the roster, every plan the planner emits has no error finding from validate.py."""
    from dataclasses import replace as change

    from certpath.errors import InfeasiblePlanError
    from certpath.planning.delivery import single_place
    from certpath.planning.plan_quality import layer_cover_weeks, plan_quality
    from certpath.planning.team_planner import plan_roster
    from certpath.planning.validate import validate_plan
    from certpath.roster.synthetic import generate_org
    from tests.factories import request

    org = generate_org(size, seed=seed)
    org = change(
        org,
        members=tuple(
            change(m, hours_per_week=hours) if m.id.endswith(("1", "5")) else m for m in org.members
        ),
    )
    full = plan_roster(catalogue, org, request(objective=objective, time_limit_s=2.0))
    budget = None if budget_share is None else round(full.total_cost_usd * budget_share, 2)
    try:
        plan = plan_roster(
            catalogue,
            org,
            request(objective=objective, budget_usd=budget, quarterly_budget_usd=quarterly, time_limit_s=2.0),
        )
    except InfeasiblePlanError as error:
        assert "short" in str(error) or "quarterly" in str(error)
        return
    problems = [f for f in validate_plan(catalogue, plan) if f.severity == "error"]
    assert problems == [], problems
    assert plan.lower_bound_weeks <= plan.makespan_weeks
    quality = plan_quality(plan)
    cover = layer_cover_weeks(plan)
    for team in plan.teams:  # the cover bound is a bound, team by team
        assert team.cover_bound_weeks <= sum(w for (t, _), w in cover.items() if t == team.team), team.team
    assert quality.seat_fill is None or 0 < quality.seat_fill <= 1
    for session in plan.sessions:  # never one person in a private cohort when a seat can be bought
        if session.delivery == "private-cohort" and session.seats_filled == 1:
            assert single_place(catalogue, catalogue.courses[session.item]) is None, session.id
        assert session.seat_limit is None or session.seats_filled <= session.seat_limit, session.id
    if budget is not None:
        assert (
            plan.total_cost_usd
            <= max(budget, sum(a.cost_usd for a in plan.assignments if a.layer == 1)) + 0.01
        )


held_items = st.lists(
    st.builds(
        Holding,
        st.sampled_from(sorted([*_CATALOGUE.courses, *_CATALOGUE.credentials])),
        st.none() | st.dates(date(2022, 1, 1), date(2027, 1, 1)),
        st.booleans(),
    ),
    max_size=5,
).map(tuple)


@settings(max_examples=300, deadline=None)
@given(held=held_items, today=days, layer=st.integers(1, 6), technical=st.booleans())
def test_the_ladder_and_verified_only_agree_wherever_they_are_read(
    held: tuple[Holding, ...], today: date, layer: int, technical: bool
) -> None:
    """Status reads verified-only evidence; a plan from the store drops claimed holdings: one answer.

    And the ladder: a refresh-due layer is held, and its stage never contradicts its standing.
    """
    depth: coverage.Depth = "technical" if technical else "non-technical"
    strict = coverage.holding_standing(_CATALOGUE, held, layer, depth, today=today, verified_only=True)
    enterprise = _CATALOGUE.team_policy("enterprise")
    (kept,) = counted_holdings(roster(member("P1", "ml-engineer", held=list(held))), enterprise)[0].members
    assert coverage.holding_standing(_CATALOGUE, kept.held, layer, depth, today=today) == strict
    small = _CATALOGUE.team_policy("small")
    (same,) = counted_holdings(roster(member("P1", "ml-engineer", held=list(held))), small)[0].members
    assert same.held == held
    standing, proof = coverage.holding_standing(_CATALOGUE, held, layer, depth, today=today)
    stage = coverage.stage(proof, today=today)
    assert coverage.standing_of(stage) == standing
    if stage == "refresh-due":
        assert proof is not None and proof.last_done is not None
        assert coverage.refresh_due_on(proof.last_done) <= today <= coverage.held_until(proof.last_done)
