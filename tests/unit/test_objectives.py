"""The lexicographic objective: every team's layers covered at the bus factor first, then the finish."""

from __future__ import annotations

from datetime import date

import pytest

from certpath.catalogue.model import Catalogue
from certpath.planning.greedy import schedule_greedy
from certpath.planning.instance import build_instances
from certpath.planning.optimizer.solve import solve_team
from certpath.planning.plan_quality import layer_cover_weeks, plan_quality
from certpath.planning.team_planner import plan_roster
from certpath.planning.validate import validate_plan
from certpath.roster.importer import load_roster
from certpath.roster.synthetic import generate_org
from certpath.services.demo import example_roster
from tests.factories import request, small_team


def test_layers_soonest_is_the_default(catalogue: Catalogue) -> None:
    assert request().objective == "layers-soonest"


@pytest.mark.parametrize("name", ["small", "mid"])
def test_layers_come_first_then_the_finish(catalogue: Catalogue, name: str) -> None:
    people = load_roster(example_roster(name), catalogue, today=date(2026, 11, 22))
    layers = plan_roster(catalogue, people, request(objective="layers-soonest", time_limit_s=10.0))
    soonest = plan_roster(catalogue, people, request(objective="finish-soonest", time_limit_s=10.0))
    for plan in (layers, soonest):
        assert not [f for f in validate_plan(catalogue, plan) if f.severity == "error"]
    assert sum(layer_cover_weeks(layers).values()) <= sum(layer_cover_weeks(soonest).values())
    assert soonest.makespan_weeks <= layers.makespan_weeks
    quality = plan_quality(layers)
    assert quality.layer_cover_weeks_bound <= quality.layer_cover_weeks_mean


def test_cp_sat_never_covers_later_than_greedy(catalogue: Catalogue) -> None:
    people = generate_org(40, seed=12)
    instances, _ = build_instances(catalogue, people, catalogue.team_policy("mid"), request())
    for instance in instances:
        greedy = schedule_greedy(instance)
        result = solve_team(instance, greedy, objective="layers-soonest", horizon_weeks=13, time_limit=3)
        before, after = greedy.cover_weeks(instance), result.schedule.cover_weeks(instance)
        assert after < before or (
            after == before and result.schedule.makespan(instance) <= greedy.makespan(instance)
        )


def test_the_status_is_optimal_only_when_both_keys_meet_their_bounds(catalogue: Catalogue) -> None:
    plan = plan_roster(catalogue, small_team(), request(objective="layers-soonest"))
    for team in plan.teams:
        cover = sum(w for (t, _), w in layer_cover_weeks(plan).items() if t == team.team)
        met = cover <= team.cover_bound_weeks and team.makespan_weeks == team.lower_bound_weeks
        assert (team.status == "optimal") == met
