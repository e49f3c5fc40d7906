"""Sessions pooled across the organisation: shared cohorts, seat limits, fixed dates, repair."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from certpath.catalogue.loader import load_catalogue
from certpath.catalogue.model import Catalogue
from certpath.planning.instance import build_instances
from certpath.planning.plan import Plan
from certpath.planning.pooling import pool_sessions, pooled_courses, repair_sessions
from certpath.planning.session_calendar import WAIT_WEEK_USD, blocks_of
from certpath.planning.team_planner import choose_policy, plan_roster
from certpath.planning.validate import validate_plan
from certpath.roster.importer import load_roster
from certpath.roster.model import Roster
from tests.factories import member, request, roster


def errors(catalogue: Catalogue, plan: Plan) -> list[str]:
    return [f.message for f in validate_plan(catalogue, plan) if f.severity == "error"]


def engineers(**teams: int) -> Roster:
    return roster(
        *[
            member(f"{team}{i}", "data-engineer", team=team)
            for team, count in teams.items()
            for i in range(count)
        ]
    )


def cohorts(plan: Plan, item: str) -> list[tuple[str, tuple[str, ...], float, date]]:
    return [
        (s.id, s.members, s.cost_usd, s.start)
        for s in plan.sessions
        if s.item == item and s.delivery == "private-cohort"
    ]


def test_two_teams_share_one_cohort_and_split_its_price(catalogue: Catalogue) -> None:
    plan = plan_roster(catalogue, engineers(A=3, B=3), request())
    assert errors(catalogue, plan) == []
    [(sid, members, cost, start)] = cohorts(plan, "L2-FEATURES")
    assert set(members) == {"A1", "A2", "B0", "B1", "B2"}
    taken = [a for a in plan.assignments if a.item == "L2-FEATURES"]
    seats = [a for a in taken if a.member != "A0"]
    assert {a.cohort for a in seats} == {sid} and {a.team for a in seats} == {"A", "B"}
    assert {a.start for a in seats} == {start}
    assert cost == 6000.0 and {a.cost_usd for a in seats} == {1200.0}
    # A0 owns governance and is ready 13 weeks later, after Layer 5: five people waiting
    # that long to save one USD 1,400 seat is no saving, so A0 buys a public seat.
    [owner] = [a for a in taken if a.member == "A0"]
    assert owner.delivery == "public-seat" and owner.cost_usd == 1400.0 and owner.start > start


def test_a_block_closes_before_late_takers_only_when_both_parts_pay(catalogue: Catalogue) -> None:
    policy, _ = choose_policy(catalogue, 10, None)
    instances, _ = build_instances(catalogue, engineers(A=10), policy, request())
    tasks = [t for t in instances[0].tasks if t.item == "L2-FEATURES"]
    early, late = [(2, 0, t) for t in tasks[:5]], [(20, 0, t) for t in tasks[5:10]]
    # 16 seats for USD 6,000: five beat 5 x 1,400 in seats on each side of the gap, so the early
    # five do not wait 18 weeks for the late ones.
    course = pooled_courses(catalogue, instances, None)["L2-FEATURES"]
    assert [[r[0] for r in b] for b in blocks_of(course, early + late)] == [[2] * 5, [20] * 5]
    # One late taker alone buys a seat: five people waiting 18 weeks would cost more than it saves.
    assert [len(b) for b in blocks_of(course, early + late[:1])] == [5, 1]
    # 4 seats a cohort: USD 6,000 never beats 4 x 1,400 in seats, so everyone buys their own seat.
    course = pooled_courses(catalogue, instances, 4)["L2-FEATURES"]
    assert [len(b) for b in blocks_of(course, early + late)] == [1] * 10


def test_another_session_opens_only_when_it_saves_more_waiting_than_its_seats(
    catalogue: Catalogue,
) -> None:
    policy, _ = choose_policy(catalogue, 14, None)
    instances, _ = build_instances(catalogue, engineers(A=14), policy, request())
    tasks = [t for t in instances[0].tasks if t.item == "L2-FEATURES"]
    course = pooled_courses(catalogue, instances, None)["L2-FEATURES"]  # 16 seats
    assert course.seat_limit == 16 and WAIT_WEEK_USD == 100.0  # a USD 6,000 session: 60 weeks

    def weeks(ready: list[int]) -> list[list[int]]:
        return [
            [r[0] for r in b]
            for b in blocks_of(course, [(w, 0, t) for w, t in zip(ready, tasks, strict=False)])
        ]

    # Eight wait 5 weeks for six (40 person-weeks): less than a second session's 60 weeks.
    assert weeks([2] * 8 + [7] * 6) == [[2] * 8 + [7] * 6]
    # Eight would wait 8 weeks (64 person-weeks): a second session pays for itself.
    assert weeks([2] * 8 + [10] * 6) == [[2] * 8, [10] * 6]
    # Waiting is counted for everyone in a block, so the cut falls where the gap is.
    assert weeks([1, 1, 1, 1, 1, 15, 15, 15, 15, 15, 15, 15]) == [[1] * 5, [15] * 7]
    # Five a week apart from seven: one session, the five waiting a week each.
    assert weeks([1] * 5 + [2] * 7) == [[1] * 5 + [2] * 7]


def test_sessions_respect_the_seat_limit_and_a_lone_taker_buys_a_seat(catalogue: Catalogue) -> None:
    plan = plan_roster(catalogue, engineers(A=6, B=5), request(cohort_size=5))
    assert errors(catalogue, plan) == []
    sessions = cohorts(plan, "L2-FEATURES")
    assert [len(members) for _, members, _, _ in sessions] == [5, 5]
    seated = {m for _, members, _, _ in sessions for m in members}
    [lone] = [a for a in plan.assignments if a.item == "L2-FEATURES" and a.member not in seated]
    assert lone.delivery == "public-seat" and lone.cohort is None and lone.cost_usd == 1400.0


def test_a_cohort_that_does_not_beat_single_seats_becomes_public_seats(catalogue: Catalogue) -> None:
    # 5 takers, 4 seats a cohort: the block of 4 costs USD 6,000 against 4 x 1,400 = 5,600 in seats.
    plan = plan_roster(catalogue, engineers(A=3, B=2), request(cohort_size=4))
    assert cohorts(plan, "L2-FEATURES") == []
    assert {a.delivery for a in plan.assignments if a.item == "L2-FEATURES"} == {"public-seat"}


OVERLAY = """
courses:
  - id: L2-FEATURES
    variants:
      - id: acme-features
        delivery: private-cohort
        provider: ACME data team
        programme: Feature engineering workshop run in-house
        url: https://intranet.example.com/features
        as_of: 2026-12-01
        seat_limit: 8
        price: {value: 2000, estimate: two engineers' time for two days, as_of: 2026-12-01}
        sessions:
          - {start: 2027-09-06, end: 2027-09-07}
          - {start: 2028-01-10, end: 2028-01-11}
"""


def test_fixed_session_dates_from_an_overlay_set_the_session_week(tmp_path: Path) -> None:
    overlay = tmp_path / "acme.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    catalogue = load_catalogue(overlays=[overlay])
    plan = plan_roster(catalogue, engineers(A=2, B=2), request())
    assert errors(catalogue, plan) == []
    [(_, members, cost, start)] = cohorts(plan, "L2-FEATURES")
    assert len(members) == 4 and cost == 2000.0
    assert start == date(2027, 9, 6)  # the overlay's first run on or after the week everyone is ready


def test_validate_catches_an_over_full_session(catalogue: Catalogue) -> None:
    plan = plan_roster(catalogue, engineers(A=3, B=3), request())
    crowded = tuple(
        replace(s, seat_limit=4) if s.item == "L2-FEATURES" and s.delivery == "private-cohort" else s
        for s in plan.sessions
    )
    found = errors(catalogue, replace(plan, sessions=crowded))
    assert any(m.startswith("Session L2-FEATURES #1 lists 5 people for 4 seats") for m in found), found


def test_repair_turns_a_session_left_too_thin_into_public_seats(catalogue: Catalogue) -> None:
    policy, _ = choose_policy(catalogue, 6, None)
    instances, _ = build_instances(catalogue, engineers(A=3, B=3), policy, request())
    pooled = pool_sessions(catalogue, instances)
    courses = pooled_courses(catalogue, instances, None)
    features = [t for i in pooled.instances for t in i.tasks if t.item == "L2-FEATURES" and t.session]
    assert {t.session for t in features} == {"L2-FEATURES #1"} and {t.seat_cost for t in features} == {1200.0}
    assert len(features) == 5  # A0 is ready late, after Layer 5, and buys a seat
    # Team B's takers leave the session: two seats at USD 1,400 cost less than the USD 6,000 cohort.
    team_b = pooled.instances[1]
    left = [replace(team_b, tasks=[t for t in team_b.tasks if t.item != "L2-FEATURES"])]
    repaired = repair_sessions([pooled.instances[0], *left], pooled.schedules, courses)
    kept = [t for t in repaired[0].tasks if t.item == "L2-FEATURES"]
    assert [(t.session, t.delivery, t.seat_cost) for t in kept] == [("", "public-seat", 1400.0)] * 3


def test_sessions_starting_together_are_evened_out(catalogue: Catalogue) -> None:
    # A 40-person scale-up (HiBob export): 23 people of its 25-person engineering team are ready
    # for the Layer 2 cohort in the same week. They used to sit 16 and 7, the seven paying
    # USD 857 each and the sixteen USD 375 for the same course on the same day.
    policy, _ = choose_policy(catalogue, 23, None)
    instances, _ = build_instances(catalogue, engineers(A=23), policy, request())
    tasks = [t for t in instances[0].tasks if t.item == "L2-FEATURES"]
    course = pooled_courses(catalogue, instances, None)["L2-FEATURES"]  # 16 seats
    blocks = blocks_of(course, [(6, 0, t) for t in tasks])
    assert [len(b) for b in blocks] == [12, 11]
    # A block of one taker is a seat bought singly: it is not merged into a session.
    blocks = blocks_of(course, [(6, 0, t) for t in tasks[:16]] + [(40, 0, tasks[16])])
    assert [len(b) for b in blocks] == [16, 1]
    export = Path(__file__).parent.parent / "data" / "trial" / "scaleup.hibob.csv"
    people = load_roster(export, catalogue, today=date(2027, 1, 4))
    plan = plan_roster(catalogue, people, request(start=date(2027, 1, 4), time_limit_s=2.0))
    assert errors(catalogue, plan) == []
    sessions = cohorts(plan, "L2-FEATURES")
    assert sorted(len(members) for _, members, _, _ in sessions) == [11, 12]
    assert len({start for _, _, _, start in sessions}) == 1
    shares = {a.cost_usd for a in plan.assignments if a.item == "L2-FEATURES"}
    assert max(shares) < 1.1 * min(shares), shares  # was USD 375 against 857
