"""Issue 13 item 4: one legend, overdue marked, and a team page's findings that agree with its heatmap."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import get_args

from certpath.catalogue import coverage
from certpath.catalogue.model import Catalogue
from certpath.interfaces.web.views import heatmap
from certpath.kernel import Holding
from certpath.planning.team_audit import audit_roster, member_cells
from certpath.reports.legend import LEGEND, Mark, legend_entry, percent, terminal_legend
from certpath.reports.plan_html import render_html
from certpath.reports.progress import MemberCell, covered_by
from certpath.services.planning import plan_team
from certpath.tracking.status import LayerEvidence, layer_status
from tests.factories import START, member, request, roster

TODAY = date(2026, 11, 22)
CSS = (Path(__file__).resolve().parents[2] / "src/certpath/interfaces/web/static/app.css").read_text()


def test_the_legend_names_every_standing_and_not_needed_once() -> None:
    assert [e.mark for e in LEGEND] == [*get_args(coverage.Stage), "not-needed"]
    assert set(get_args(Mark)) == {e.mark for e in LEGEND}
    assert len({e.word for e in LEGEND}) == len({e.symbol for e in LEGEND}) == len(LEGEND)


def test_the_stylesheet_draws_each_mark_in_the_legends_colours() -> None:
    for entry in LEGEND:
        rule = re.search(rf"\.mark-{entry.mark} \{{([^}}]*)\}}", CSS)
        assert rule, f".mark-{entry.mark} is not in app.css"
        assert f"color: {entry.colour};" in rule.group(
            1
        ) and f"background: {entry.background};" in rule.group(1)


def test_the_terminal_legend_uses_the_same_words() -> None:
    printed = terminal_legend()
    for entry in LEGEND:
        assert f"{entry.symbol} {entry.word}[/]: {entry.meaning}" in printed


def test_the_heatmap_shows_refresh_due_stale_and_expired_not_only_held_and_missing() -> None:
    cells = [
        MemberCell("P1", "T", 1, "held"),
        MemberCell("P1", "T", 2, "stale"),
        MemberCell("P1", "T", 3, "expired"),
        MemberCell("P1", "T", 4, "missing"),
        MemberCell("P1", "T", 5, "held", refresh_due=True),
    ]
    (row,) = heatmap(cells, {"P1": "Pia"})
    assert [e.mark for e in row.cells] == ["held", "stale", "expired", "missing", "refresh-due", "not-needed"]
    assert cells[4].holds and row.cells[4].word == "refresh due"
    assert row.cells[2] == legend_entry("expired")


def test_the_bus_factor_asks_for_everyone_when_fewer_need_the_layer() -> None:
    assert covered_by(1, 1, bus_factor=2) and not covered_by(3, 1, bus_factor=2)
    assert covered_by(3, 2, bus_factor=2) and not covered_by(3, 2, bus_factor=3)


def test_a_held_layer_past_the_half_life_is_refresh_due_never_overdue() -> None:
    # A new user saw "held" beside "overdue": the refresh fell due at six months while the layer
    # held for twelve. A held layer's refresh is due by its last held day; overdue means stale.
    last = TODAY - timedelta(days=250)  # past the half-life, still within twelve months: held
    status = layer_status(
        "P1", 1, "technical", LayerEvidence(last, None, True, None, None, False), today=TODAY
    )
    assert (status.standing, status.state, status.mark, status.overdue) == (
        "held",
        "refresh-due",
        "refresh-due",
        False,
    )
    assert (
        status.next_date == coverage.held_until(last)
        and f"by {coverage.held_until(last)}" in status.next_action
    )
    stale = layer_status(
        "P1",
        1,
        "technical",
        LayerEvidence(last - timedelta(days=200), None, True, None, None, False),
        today=TODAY,
    )
    assert (stale.standing, stale.overdue) == ("stale", True)
    assert stale.next_date == coverage.held_until(last - timedelta(days=200))
    fresh = layer_status(
        "P1", 1, "technical", LayerEvidence(TODAY, None, True, None, None, False), today=TODAY
    )
    assert not fresh.overdue and fresh.next_date == coverage.refresh_due_on(TODAY) and fresh.mark == "held"


def test_an_expired_layer_is_overdue_since_it_expired() -> None:
    lapsed = date(2025, 3, 29)
    found = LayerEvidence(date(2024, 3, 29), lapsed, False, None, None, False)
    status = layer_status("P1", 2, "technical", found, today=TODAY)
    assert (status.standing, status.state, status.next_date, status.overdue) == (
        "expired",
        "expired",
        lapsed,
        True,
    )


def test_a_team_without_an_owner_is_warned_only_when_the_organisation_has_none(catalogue: Catalogue) -> None:
    team = roster(member("D1", "data-engineer", team="Data"), member("D2", "data-engineer", team="Data"))
    policy = catalogue.team_policy("enterprise")
    alone = [
        f for f in audit_roster(catalogue, team, today=TODAY, policy=policy) if f.rule == "GOVERNANCE-DAY-ONE"
    ]
    assert [f.severity for f in alone] == ["warning"]
    assert "0 of 2 people can own Layer 5" in alone[0].message
    inside = audit_roster(catalogue, team, today=TODAY, policy=policy, owners_elsewhere=["Ana Ode (Risk)"])
    (noted,) = [f for f in inside if f.rule == "GOVERNANCE-DAY-ONE"]
    assert noted.severity == "info" and "Ana Ode (Risk)" in noted.message
    assert "nobody owns Layer 5" not in noted.message


def test_the_html_report_shows_where_the_team_stands_in_the_legend(catalogue: Catalogue) -> None:
    old = START - timedelta(days=500)
    team = roster(
        member("DE1", "data-engineer", held=[Holding("L1-TECHNICAL", START - timedelta(days=30))]),
        member("DE2", "data-engineer", held=[Holding("L1-TECHNICAL", old)]),
        member("CO1", "compliance-officer"),
    )
    plan = plan_team(catalogue, team, request(time_limit_s=2.0))
    html = render_html(plan, catalogue)[2].decode()
    cells = member_cells(catalogue, team, today=plan.start, policy=plan.policy)
    shown = re.findall(r'<td class="mark" data-state="([a-z-]+)"', html)
    expected = [cells.get((m.id, n), "not-needed") for m in plan.members for n in range(1, 7)]
    assert shown == expected and {"held", "stale", "missing", "not-needed"} <= set(shown)
    for entry in LEGEND:
        assert f"background: {entry.background}" in html and f"</span> {entry.word}</dt>" in html


def test_the_freshness_shown_never_reaches_the_threshold_of_a_layer_that_lost_it() -> None:
    # The person page said "complete" at 25% freshness beside a heatmap saying otherwise: the shown
    # number was rounded up past the line. Rounded down, 25% and more is held, 24% and less is not.
    edge = coverage.max_age_days(coverage.MIN_FRESHNESS)
    for age in range(edge - 3, edge + 4):
        found = LayerEvidence(TODAY - timedelta(days=age), None, True, None, None, False)
        status = layer_status("P1", 1, "technical", found, today=TODAY)
        assert status.freshness is not None
        shown = int(percent(status.freshness).rstrip("%"))
        assert (status.standing == "held") == (age <= edge) == (status.freshness >= 0.25) == (shown >= 25)
