"""What the overview and team pages show, gathered from the services in one place per page."""

from __future__ import annotations

from typing import Any

from certpath.accounts.roles import Principal
from certpath.interfaces.http.context import AppContext
from certpath.planning.team_audit import audit_roster
from certpath.services.overview import layer_freshness, plan_spend
from certpath.services.plans import get_plan, list_plans, roster_from_store
from certpath.services.progress import due_report, gaps_report


def overview_of(context: AppContext, me: Principal) -> dict[str, Any]:
    """Layers covered per team, gaps, freshness, spend against budget, expiries in the next 90 days."""
    scope, today = me.scope, context.today()
    gaps = gaps_report(
        context.engine,
        context.catalogue,
        today=today,
        scope=scope,
        bus_factor=2,
        min_freshness=0.25,
        verified_only=False,
        with_members=False,
    )
    totals: dict[int, list[int]] = {}
    for layers in gaps.coverage.values():
        for layer, (needing, holding) in layers.items():
            totals.setdefault(layer, [0, 0])
            totals[layer][0] += needing
            totals[layer][1] += holding
    due = due_report(context.engine, context.catalogue, today=today, within_days=90, scope=scope)
    spend = plan_spend(context.engine, scope=scope)
    return {
        "gaps": gaps,
        "totals": {layer: tuple(v) for layer, v in sorted(totals.items())},
        "freshness": layer_freshness(context.engine, scope=scope, today=today),
        "spend": spend,
        "spent": sum(s.cost_usd for s in spend),
        "budget": sum(s.budget_usd or 0 for s in spend),
        "due": [d for d in due if d.kind != "stale"][:25],
        "stale": sum(1 for d in due if d.kind == "stale"),
        "layer_names": {n: layer.name for n, layer in context.catalogue.layers.items()},
    }


def team_of(context: AppContext, me: Principal, team: str) -> dict[str, Any]:
    """The team's heatmap cells, its latest plan (accepted first) as Gantt rows, and its findings."""
    scope = me.narrowed(team=team)
    gaps = gaps_report(
        context.engine,
        context.catalogue,
        today=context.today(),
        scope=scope,
        bus_factor=2,
        min_freshness=0.25,
        verified_only=False,
        with_members=True,
    )
    roster = roster_from_store(context.unit_of_work(me.username), scope=scope)
    names = {m.id: m.name for m in roster.members}
    plans = list_plans(context.engine, scope=scope, team=team)
    chosen = next((p for p in plans if p.status == "accepted"), plans[0] if plans else None)
    plan = get_plan(context.engine, chosen.id, scope=scope) if chosen else None
    report = plan.report if plan and plan.report else {}
    order = {"error": 0, "warning": 1, "info": 2}
    findings = sorted(
        audit_roster(context.catalogue, roster, today=context.today()), key=lambda f: order[f.severity]
    )
    return {
        "gaps": gaps,
        "names": names,
        "plan": plan,
        "assignments": report.get("assignments", []),
        "plan_findings": report.get("findings", []),
        "findings": findings,
        "layer_names": {n: layer.name for n, layer in context.catalogue.layers.items()},
    }
