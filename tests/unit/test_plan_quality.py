"""Plan quality figures and sessions: defined by hand on a tiny plan, then checked on real plans."""

from __future__ import annotations

import json
from datetime import date, timedelta

from certpath.catalogue.model import Catalogue
from certpath.planning.plan import Assignment, Plan, Session, TeamResult
from certpath.planning.plan_quality import plan_quality
from certpath.planning.team_planner import plan_roster
from certpath.reports.plan import build_plan_report, quality_line
from certpath.reports.plan_html import render_html
from certpath.reports.plan_reading import read_plan_report
from certpath.roster.synthetic import generate_org
from tests.factories import START, member, request, small_team


def _a(
    who: str, item: str, layer: int, week: int, weeks: int, cost: float, cohort: str | None = None
) -> Assignment:
    start = START + timedelta(weeks=week)
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    return Assignment(who, item, item, "course", layer, start, end, cost, cohort=cohort, team="T")


def _hand_made(catalogue: Catalogue) -> Plan:
    """A: L1 cohort weeks 0-1, L2 weeks 4-5 (idle 2). B: L1 cohort weeks 0-1, L2 weeks 2-3. C: alone in a cohort."""
    assignments = (
        _a("A", "L1-EVERYONE", 1, 0, 2, 1500.0, "L1-EVERYONE #1 / T"),
        _a("B", "L1-EVERYONE", 1, 0, 2, 1500.0, "L1-EVERYONE #1 / T"),
        _a("A", "L2-OVERVIEW", 2, 4, 2, 100.0),
        _a("B", "L2-OVERVIEW", 2, 2, 2, 100.0),
        _a("C", "L6-STRATEGY", 6, 1, 3, 7500.0, "L6-STRATEGY #1 / T"),
    )
    sessions = (
        Session(
            "L1-EVERYONE #1 / T",
            "L1-EVERYONE",
            "private-cohort",
            25,
            START,
            assignments[0].end,
            3000.0,
            ("A", "B"),
        ),
        Session(
            "L6-STRATEGY #1 / T",
            "L6-STRATEGY",
            "private-cohort",
            15,
            assignments[4].start,
            assignments[4].end,
            7500.0,
            ("C",),
        ),
    )
    people = tuple(member(m, "product-manager") for m in ("A", "B", "C", "D"))
    team = TeamResult("T", 4, "A", 6, 6, "optimal", "greedy", 0.0, cover_bound_weeks=2 + 4 + 3)
    return Plan(
        policy=catalogue.team_policy("small"),
        start=START,
        horizon_weeks=5,
        objective="finish-soonest",
        members=people,
        assignments=assignments,
        teams=(team,),
        sessions=sessions,
    )


def test_quality_figures_follow_their_definitions(catalogue: Catalogue) -> None:
    q = plan_quality(_hand_made(catalogue))
    assert q.cost_per_person_usd == round(10_700 / 4, 2)  # D has nothing to do and still counts
    assert q.seat_fill == round(3 / 40, 4)
    assert (q.single_person_cohorts, q.single_person_cohorts_cost_usd) == (1, 7500.0)
    # A waits weeks 2-3; B never waits; C waits week 0.
    assert (q.idle_weeks_mean, q.idle_weeks_max) == (1.0, 2.0)
    # Layer 1 covered in week 2 (both finish), Layer 2 in week 6 (the second finisher), Layer 6 in week 4 (one trained).
    assert q.layer_cover_weeks_mean == round((2 + 6 + 4) / 3, 2)
    assert q.layer_cover_weeks_bound == 3.0
    # A ends in week 6, after the 5-week horizon; B and C are done.
    assert q.done_within_horizon == round(2 / 3, 4)


def test_every_assignment_sits_in_one_session_that_adds_up(catalogue: Catalogue) -> None:
    plan = plan_roster(catalogue, small_team(), request())
    seats = [(m, s.item) for s in plan.sessions for m in s.members]
    assert sorted(seats) == sorted((a.member, a.item) for a in plan.assignments)
    assert round(sum(s.cost_usd for s in plan.sessions), 2) == plan.total_cost_usd
    for session in plan.sessions:
        mine = [a for a in plan.assignments if a.item == session.item and a.member in session.members]
        assert session.start == min(a.start for a in mine) and session.end == max(a.end for a in mine)
        if session.delivery == "private-cohort":
            assert session.seat_limit is not None and session.seats_filled <= session.seat_limit
            assert {a.cohort for a in mine} == {session.id}
        else:
            assert session.seat_limit is None and all(a.cohort is None for a in mine)


def test_the_cover_bound_never_exceeds_the_plan(catalogue: Catalogue) -> None:
    for size, seed in ((15, 3), (40, 5), (90, 8)):
        plan = plan_roster(catalogue, generate_org(size, seed=seed), request(time_limit_s=3.0))
        q = plan_quality(plan)
        assert 0 < q.layer_cover_weeks_bound <= q.layer_cover_weeks_mean, (size, q)
        assert q.idle_weeks_max >= q.idle_weeks_mean >= 0


def test_quality_survives_the_json_contract_and_shows_in_reports(catalogue: Catalogue) -> None:
    plan = plan_roster(catalogue, small_team(), request())
    report = json.loads(json.dumps(build_plan_report(plan)))
    assert set(report["quality"]) >= {
        "cost_per_person_usd",
        "seat_fill",
        "single_person_cohorts",
        "idle_weeks_mean",
        "idle_weeks_max",
        "layer_cover_weeks_mean",
        "layer_cover_weeks_bound",
        "done_within_horizon",
    }
    assert {s["delivery"] for s in report["sessions"]} <= {"private-cohort", "public-seat", "self-paced"}
    # A session outside a cohort says how its members take the item, as their assignments do.
    taken = {
        (a.member, a.item, a.start): a.delivery or "self-paced" for a in plan.assignments if not a.cohort
    }
    for s in plan.sessions:
        if s.delivery != "private-cohort":
            assert {taken[(m, s.item, s.start)] for m in s.members} == {s.delivery}
    assert all(s["seats_filled"] == len(s["members"]) for s in report["sessions"])
    again = read_plan_report(catalogue, report)
    assert plan_quality(again) == plan_quality(plan)
    assert "Quality: USD" in quality_line(plan)
    html = render_html(plan, catalogue)[2].decode()
    assert "Plan quality" in html and "Single-person cohorts" in html


def test_a_plan_with_nothing_to_do_has_neutral_figures(catalogue: Catalogue) -> None:
    plan = Plan(
        policy=catalogue.team_policy("small"),
        start=date(2026, 12, 7),
        horizon_weeks=13,
        objective="finish-soonest",
        members=(),
        assignments=(),
    )
    q = plan_quality(plan)
    assert (q.cost_per_person_usd, q.seat_fill, q.idle_weeks_max, q.done_within_horizon) == (
        0.0,
        None,
        0.0,
        1.0,
    )
