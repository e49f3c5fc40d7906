"""What closing a team's gaps costs: exactly what an unbudgeted plan for the team would pay.

The overview's "cost to close" and a plan built for the team must agree, so the cost is read
off the planner's own instances after the planner's own pricing steps, not estimated apart from
them: `priced_instances` chooses each course's delivery again (`instance.redeliver`, as
`plan_roster` does after its budget cut) and seats instructor-led courses in the sessions of the
organisation's calendar (`pooling.pool_sessions`), where a session closes when its takers are
ready weeks apart, so twelve takers of a sixteen-seat course may fill two sessions. What is left
is a price on every task (an exam, a seat, or a seat's share of its session, to the cent) and, for
a course with no pooled calendar, one cohort price per group of up to its seat limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from certpath.catalogue.model import Catalogue
from certpath.planning.instance import redeliver
from certpath.planning.pooling import pool_sessions
from certpath.planning.team_model import TeamInstance


@dataclass(frozen=True, slots=True)
class LayerCost:
    """One layer of one team: the items a plan schedules, for how many people, at what cost."""

    layer: int
    items: tuple[str, ...]
    people: int
    cost_usd: float


@dataclass(frozen=True, slots=True)
class TeamCost:
    """What a plan for one team schedules, layer by layer (only layers someone lacks)."""

    team: str
    people: int  # people with anything to do
    layers: tuple[LayerCost, ...]

    @property
    def total_usd(self) -> float:
        return round(sum(layer.cost_usd for layer in self.layers), 2)

    def layer(self, number: int) -> LayerCost | None:
        """The cost of one layer, or None when nobody in the team lacks it."""
        return next((c for c in self.layers if c.layer == number), None)


def priced_instances(
    catalogue: Catalogue, instances: Iterable[TeamInstance], *, cohort_size: int | None = None
) -> list[TeamInstance]:
    """The teams as an unbudgeted plan pays for them: deliveries chosen and sessions pooled, by the planner's steps."""
    delivered = [redeliver(catalogue, i, cohort_size=cohort_size) for i in instances]
    if not delivered:
        return []
    return pool_sessions(catalogue, delivered, cohort_size=cohort_size).instances


def team_costs(instances: Iterable[TeamInstance]) -> dict[str, TeamCost]:
    """Team -> what its plan would pay, layer by layer (parts of a team split above 60 are summed)."""
    costs: dict[str, dict[int, float]] = {}
    items: dict[str, dict[int, dict[str, None]]] = {}
    people: dict[str, dict[int, set[str]]] = {}
    for instance in instances:
        team = instance.members[0].team if instance.members else instance.name
        layer_costs = costs.setdefault(team, {})
        for layer, cost in _instance_costs(instance).items():
            layer_costs[layer] = layer_costs.get(layer, 0.0) + cost
        for task in instance.tasks:
            items.setdefault(team, {}).setdefault(task.layer, {})[task.item] = None
            people.setdefault(team, {}).setdefault(task.layer, set()).add(task.member)
    out = {}
    for team, layers in costs.items():
        rows = tuple(
            LayerCost(n, tuple(items[team][n]), len(people[team][n]), round(cost, 2))
            for n, cost in sorted(layers.items())
        )
        everyone = set().union(*people.get(team, {}).values()) if people.get(team) else set()
        out[team] = TeamCost(team, len(everyone), rows)
    return out


def _instance_costs(instance: TeamInstance) -> dict[int, float]:
    """Layer -> seats and exams at their price plus one price per cohort, as a schedule pays."""
    spend: dict[int, float] = {}
    for task in instance.tasks:
        spend[task.layer] = spend.get(task.layer, 0.0) + task.seat_cost
    for item, spec in instance.cohorts.items():
        layer = next(t.layer for t in instance.tasks if t.item == item)
        spend[layer] = spend.get(layer, 0.0) + spec.price * instance.cohort_count(item)
    return spend
