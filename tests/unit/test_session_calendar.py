"""The session calendar across rounds: a later round's takers join the run they would wait for."""

from __future__ import annotations

from pathlib import Path

from certpath.catalogue.loader import load_catalogue
from certpath.planning.greedy import Placer, QuarterLedger
from certpath.planning.instance import build_instances
from certpath.planning.pooling import pooled_courses, without_cohorts
from certpath.planning.session_calendar import seat_round
from certpath.planning.team_planner import choose_policy
from tests.factories import member, request, roster
from tests.unit.test_pooling import OVERLAY


def test_a_later_round_joins_the_fixed_run_it_would_wait_for(tmp_path: Path) -> None:
    overlay = tmp_path / "acme.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    catalogue = load_catalogue(overlays=[overlay])
    people = roster(*[member(f"{t}{i}", "data-engineer", team=t) for t in "AB" for i in range(3)])
    policy, _ = choose_policy(catalogue, 6, None)
    built, _ = build_instances(catalogue, people, policy, request())
    course = pooled_courses(catalogue, built, None)["L2-FEATURES"]  # 8 seats, runs in fixed weeks
    instances = [without_cohorts(i, {"L2-FEATURES": course}) for i in built]
    placers = [Placer(i, QuarterLedger(None)) for i in instances]
    run = course.fixed_weeks[0]
    assert run > 10
    opened: list = []
    seated: dict = {}
    for n, ready in ((0, 3), (1, 5)):  # team A in one round, team B in a later one
        takers = [(ready, t.member, n, t) for t in instances[n].tasks if t.item == "L2-FEATURES" and t.member]
        seat_round(course, "L2-FEATURES", takers, placers, opened, seated)
    # Team B would wait for the same run anyway: it joins team A's session, not a second one.
    assert [(s.week, len(s.members)) for s in opened] == [(run, 6)]
    assert {session for session, _ in seated.values()} == {opened[0].id}
