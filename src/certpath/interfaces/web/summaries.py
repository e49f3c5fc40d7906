"""What the overview and team pages show, gathered from the services in one place per page.

Every figure comes from a service: the tiles are the gaps report's layer totals (what `certpath
gaps --format json` prints as `totals`), the coverage colours its bus-factor rule, the heatmap its
member cells, and the due lists `due_report`, overdue first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from certpath.accounts.roles import Principal
from certpath.interfaces.http.context import AppContext
from certpath.planning.team_audit import audit_roster
from certpath.reports.progress import DueItem
from certpath.services.overview import layer_freshness, plan_spend
from certpath.services.people import governance_owners
from certpath.services.plans import get_plan, list_plans, roster_from_store
from certpath.services.progress import due_report, gaps_report
from certpath.services.store_plans import close_costs

#: The dashboard's settings, the CLI's defaults: the same numbers on both.
BUS_FACTOR = 2
MIN_FRESHNESS = 0.25
#: Due rows a page lists (the rest are counted).
DUE_ROWS = 25
#: Gaps listed on the overview (the rest are counted).
GAPS_SHOWN = 20
#: Teams listed under "Cost to close", most expensive first (every team with a gap is priced).
CLOSE_ROWS = 20


def due_lists(items: Sequence[DueItem]) -> dict[str, Any]:
    """Overdue first, then soonest: the rows a page lists, how many are overdue, how many are left out."""
    ordered = sorted(items, key=lambda d: (not d.overdue, d.due_on, d.person, d.subject))
    return {
        "due": ordered[:DUE_ROWS],
        "overdue": sum(d.overdue for d in items),
        "due_more": max(len(items) - DUE_ROWS, 0),
    }


def overview_of(context: AppContext, me: Principal) -> dict[str, Any]:
    """Layers covered per team, gaps, freshness, spend against budget, what is overdue or due in 90 days."""

    scope, today = me.scope, context.today()
    uow = context.unit_of_work(me.username)
    gaps = gaps_report(
        uow,
        context.catalogue,
        today=today,
        scope=scope,
        bus_factor=BUS_FACTOR,
        min_freshness=MIN_FRESHNESS,
        verified_only=False,
        with_members=False,
    )
    due = due_report(uow, context.catalogue, today=today, within_days=90, scope=scope)
    teams = sorted({gap.team for gap in gaps.gaps})
    priced = close_costs(uow, context.catalogue, today=today, scope=scope, teams=teams)
    close = sorted(priced.values(), key=lambda c: (-c.total_usd, c.team))
    spend = plan_spend(uow, scope=scope)
    return {
        "gaps": gaps,
        "totals": gaps.layer_totals(),
        "gaps_shown": GAPS_SHOWN,
        "close": close[:CLOSE_ROWS],
        "close_more": max(len(close) - CLOSE_ROWS, 0),
        "freshness": layer_freshness(uow, scope=scope, today=today),
        "spend": spend,
        "spent": sum(s.cost_usd for s in spend),
        "budget": sum(s.budget_usd or 0 for s in spend),
        **due_lists(due),
        "layer_names": {n: layer.name for n, layer in context.catalogue.layers.items()},
    }


def team_of(context: AppContext, me: Principal, team: str) -> dict[str, Any]:
    """The team's heatmap cells, what is due, its latest plan (accepted first) as Gantt rows, and its findings."""

    scope, today = me.narrowed(team=team), context.today()
    uow = context.unit_of_work(me.username)
    gaps = gaps_report(
        uow,
        context.catalogue,
        today=today,
        scope=scope,
        bus_factor=BUS_FACTOR,
        min_freshness=MIN_FRESHNESS,
        verified_only=False,
        with_members=True,
    )
    roster = roster_from_store(uow, scope=scope)
    names = {m.id: m.name for m in roster.members}
    plans = list_plans(uow, scope=scope, team=team)
    chosen = next((p for p in plans if p.status == "accepted"), plans[0] if plans else None)
    plan = get_plan(uow, chosen.id, scope=scope) if chosen else None
    report = plan.report if plan and plan.report else {}
    order = {"error": 0, "warning": 1, "info": 2}
    # The heatmap's policy (the whole organisation's), not the team's own size: one set of needs;
    # the owners a plan of the team carries, named only where the reader may see them.
    owners, unseen = governance_owners(uow, context.catalogue, outside_team=team, scope=me.scope, today=today)
    audit = audit_roster(
        context.catalogue,
        roster,
        today=today,
        policy=context.catalogue.team_policy(gaps.policy),
        owners_elsewhere=owners,
        owners_unseen=unseen,
    )
    due = due_report(uow, context.catalogue, today=today, within_days=90, scope=scope)
    return {
        "gaps": gaps,
        "names": names,
        "plan": plan,
        "assignments": report.get("assignments", []),
        "plan_findings": report.get("findings", []),
        "findings": sorted(audit, key=lambda f: order[f.severity]),
        **due_lists(due),
        "layer_names": {n: layer.name for n, layer in context.catalogue.layers.items()},
    }
