"""The format-neutral models of the tracking reports: status, gaps and what is due.

The services that read the store build them; every renderer (CLI tables, JSON, CSV, ICS, the
workbook, the dashboard) formats them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from certpath.tracking.model import Person
    from certpath.tracking.status import LayerStatus


@dataclass
class StatusReport:
    today: date
    policy: str
    people: list[tuple[Person, list[LayerStatus]]] = field(default_factory=list)


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
    """Whether one person holds one layer they need (fresh, unexpired, accepted evidence)."""

    person: str
    team: str
    layer: int
    holds: bool


@dataclass(frozen=True, slots=True)
class LiteracyCount:
    """One team's AI-literacy standing: active people and how many have Layer 1 evidence."""

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
    literacy: list[Any] = field(default_factory=list)  # one row per person, when asked for


@dataclass(frozen=True)
class DueItem:
    """Something a person must do by a date: renew, retake, or refresh a stale layer."""

    person: str
    name: str
    team: str
    kind: str  # expired | renewal-open | expiring | stale
    subject: str  # credential id, or "Layer N"
    due_on: date
    action: str
