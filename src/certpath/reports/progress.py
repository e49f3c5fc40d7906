"""The format-neutral models of the tracking reports: status, gaps and what is due.

The services that read the store build them; every renderer (CLI tables, JSON, CSV, ICS, the
workbook, the dashboard) formats them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from certpath.catalogue.coverage import Stage, Standing

if TYPE_CHECKING:
    from certpath.tracking.model import Person
    from certpath.tracking.status import LayerStatus


@dataclass
class StatusReport:
    today: date
    policy: str
    people: list[tuple[Person, list[LayerStatus]]] = field(default_factory=list)
    verified_only: bool = False  # the policy counts verified evidence only (VERIFIED-LAYERS)


@dataclass(frozen=True)
class Gap:
    """A layer a team is missing: who holds it, how many should, and what closing it costs and takes."""

    team: str
    layer: int
    needing: int
    holding: int
    required: int
    item: str | None
    cost_usd: float | None
    weeks: int | None


@dataclass(frozen=True, slots=True)
class MemberCell:
    """Where one person stands on one layer they need: held (fresh, unexpired, accepted), stale, expired, missing."""

    person: str
    team: str
    layer: int
    standing: Standing
    refresh_due: bool = False  # held, past one half-life: the legend's `refresh-due`

    @property
    def holds(self) -> bool:
        return self.standing == "held"

    @property
    def mark(self) -> Stage:
        """The legend's mark of the cell: the standing, or `refresh-due` for a held layer past one half-life."""
        return "refresh-due" if self.refresh_due and self.holds else self.standing


@dataclass(frozen=True, slots=True)
class LiteracyCount:
    """One team's AI-literacy standing: active people and how many hold Layer 1 (the Layer 1 cell's count)."""

    team: str
    people: int
    with_layer_1: int


@dataclass
class GapsReport:
    today: date
    policy: str
    bus_factor: int
    min_freshness: float
    accepted: tuple[str, ...]
    coverage: dict[str, dict[int, tuple[int, int]]]  # team -> layer -> (needing, holding)
    gaps: list[Gap]
    matrix: list[MemberCell] = field(default_factory=list)  # when asked for members
    literacy_counts: list[LiteracyCount] = field(default_factory=list)
    literacy: list[tuple[Any, Standing]] = field(default_factory=list)  # per person: row, Layer 1 standing

    def layer_totals(self) -> dict[int, tuple[int, int]]:
        """Layer -> (people who need it, people who hold it) over every team: the overview's tiles."""
        totals: dict[int, tuple[int, int]] = {}
        for layers in self.coverage.values():
            for layer, (needing, holding) in layers.items():
                was = totals.get(layer, (0, 0))
                totals[layer] = (was[0] + needing, was[1] + holding)
        return dict(sorted(totals.items()))

    def covers(self, needing: int, holding: int) -> bool:
        """A layer is covered when min(bus factor, people who need it) of them hold it."""
        return covered_by(needing, holding, bus_factor=self.bus_factor)


def covered_by(needing: int, holding: int, *, bus_factor: int) -> bool:
    """The bus factor rule: covered when min(bus_factor, needing) people hold the layer."""
    return holding >= min(bus_factor, needing)


@dataclass(frozen=True)
class DueItem:
    """Something a person must do by a date: renew, retake, or refresh a stale layer."""

    person: str
    name: str
    team: str
    kind: str  # expired | renewal-open | expiring | refresh (past the half-life, ROLLING-REFRESH)
    subject: str  # credential id, or "Layer N"
    due_on: date  # the last day it holds: a credential's expiry, a layer's last fresh-enough day
    action: str
    overdue: bool = False  # due before today: an expired credential or a stale layer, never a held one
    restores: tuple[int, ...] = ()  # an expired credential: the lapsed layers renewing it restores
