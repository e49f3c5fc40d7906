"""Use cases for the dashboard's overview: freshness of held layers and plan spend against budget."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from certpath.catalogue.coverage import MIN_FRESHNESS, REFRESH_AT, fresh_since
from certpath.tracking.model import Scope

if TYPE_CHECKING:
    from certpath.tracking.ports import UnitOfWork


@dataclass(frozen=True)
class Freshness:
    """Per layer: people whose latest evidence is within one half-life (fresh), two (aging), or older."""

    layer: int
    fresh: int
    aging: int
    stale: int


def layer_freshness(uow: UnitOfWork, *, scope: Scope, today: date) -> list[Freshness]:
    """Freshness of every layer's latest evidence among people in scope (the six-month half-life)."""
    with uow:
        rows = uow.reads.freshness_bands(
            scope=scope,
            fresh_since=fresh_since(today, REFRESH_AT),
            aging_since=fresh_since(today, MIN_FRESHNESS),
        )
    return [Freshness(r.layer, r.fresh, r.aging, r.stale) for r in rows]


@dataclass(frozen=True)
class Spend:
    """An accepted plan's cost against the budget it was planned within."""

    plan_id: int
    title: str
    cost_usd: float
    budget_usd: float | None


def plan_spend(uow: UnitOfWork, *, scope: Scope) -> list[Spend]:
    """Accepted plans within scope with their cost and budget, newest first."""
    with uow:
        rows = [row for row in uow.plans.listed(scope) if row.status == "accepted"]
    return [Spend(r.id, r.title, r.total_cost_usd, json.loads(r.request).get("budget_usd")) for r in rows]
