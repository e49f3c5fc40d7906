"""Fit the work into the total budget (BUDGET): keep Layer 1, then the most important items.

Teams are coupled only by the budget, so selection is done once for the whole roster
before the teams are scheduled independently. Items are kept in priority order (Layer 1,
the governance owner's Layer 5, then layer by layer, courses before optional exams); an
item that does not fit is left out with what it would cost, and smaller ones may still fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from certpath.errors import BudgetTooSmallError
from certpath.kernel import Finding, how_many
from certpath.planning.requirements import REQUIRED
from certpath.planning.team_model import Task, TeamInstance


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A task dropped to stay within budget, with what adding it back would cost."""

    team: str
    member: str
    item: str
    layer: int
    cost_usd: float


def select_within_budget(
    instances: list[TeamInstance], budget: float | None
) -> tuple[list[TeamInstance], list[LeftOut], list[Finding]]:
    """Instances whose tasks fit the budget, the tasks left out, and a BUDGET finding if any were."""
    if budget is None:
        return instances, [], []
    layer1 = sum(i.fixed_cost() for i in _only(instances, lambda t: t.priority == 0))
    if layer1 > budget + 1e-6:
        raise BudgetTooSmallError(
            f"The budget (BUDGET) of USD {budget:,.0f} cannot pay for Layer 1, which costs USD {layer1:,.0f} "
            f"for everyone on the roster: USD {layer1 - budget:,.0f} short.",
            kind="budget",
            given=budget,
            required=layer1,
            otherwise="plan fewer people",
        )
    required = sum(i.fixed_cost() for i in _only(instances, lambda t: t.priority in REQUIRED))
    if required > budget + 1e-6:
        raise BudgetTooSmallError(
            f"The budget (BUDGET) of USD {budget:,.0f} pays for Layer 1 but not for what no plan may leave out: each "
            "team's governance owner's Layer 5 (GOVERNANCE-DAY-ONE) and Layer 3 for everyone who deploys to production "
            f"(L3-BEFORE-PRODUCTION). Together they cost USD {required:,.0f}, USD {required - budget:,.0f} short.",
            kind="budget",
            given=budget,
            required=required,
            otherwise="mark who does not deploy to production (deploys_to_production: no)",
        )
    kept: dict[str, list[Task]] = {i.name: [] for i in instances}
    seats_used: dict[tuple[str, str], int] = {}
    left: list[LeftOut] = []
    spent = 0.0
    by_name = {i.name: i for i in instances}
    ordered = sorted(
        ((t.priority not in REQUIRED, t.priority, i.name, t.index), t) for i in instances for t in i.tasks
    )
    dropped: set[tuple[str, str]] = set()  # (member, item) left out
    dropped_layers: set[tuple[str, int]] = set()
    for (_, _, team, _), task in ordered:
        instance = by_name[team]
        cost = _marginal(instance, task, seats_used)
        blocked = (task.member, task.layer - 1) in dropped_layers and task.layer in (3, 4)
        blocked = (
            blocked or (task.member, task.layer) in dropped_layers
        )  # a layer is kept whole or cut from the end
        blocked = blocked or any((task.member, pre) in dropped for pre in task.after)
        if task.priority in REQUIRED or (not blocked and spent + cost <= budget + 1e-6):
            spent += cost
            kept[team].append(task)
            seats_used[(team, task.item)] = seats_used.get((team, task.item), 0) + 1
        else:
            dropped.add((task.member, task.item))
            dropped_layers.add((task.member, task.layer))
            left.append(LeftOut(team, task.member, task.item, task.layer, round(cost, 2)))
    selected = [replace(i, tasks=sorted(kept[i.name], key=lambda t: t.index)) for i in instances]
    return selected, left, budget_finding(left, budget, spent)


def _marginal(instance: TeamInstance, task: Task, seats_used: dict[tuple[str, str], int]) -> float:
    spec = instance.cohorts.get(task.item)
    if spec is None or not instance.in_cohort(task):
        return task.seat_cost
    used = seats_used.get((instance.name, task.item), 0)
    return spec.price if used % spec.seat_limit == 0 else 0.0


def _only(instances: list[TeamInstance], keep: Callable[[Task], bool]) -> list[TeamInstance]:
    return [replace(i, tasks=[t for t in i.tasks if keep(t)]) for i in instances]


def budget_finding(
    left: list[LeftOut], budget: float, spent: float, *, full: float | None = None
) -> list[Finding]:
    """The BUDGET warning for the items `left` out when `spent` of `budget` is used (none if none are).

    `full` is what everything would cost in the plan's own pricing (sessions pooled across the
    organisation); without it the left-out items are summed as each team would buy them alone,
    cohort by cohort, which overstates what pooled sessions cost."""
    if not left:
        return []
    worth = sum(item.cost_usd for item in left)
    raise_by = worth
    if full is not None and full > budget:
        worth, raise_by = full - spent, full - budget
    layers = sorted({item.layer for item in left})
    return [
        Finding(
            "BUDGET",
            "warning",
            f"The budget of USD {budget:,.0f} covers USD {spent:,.0f} of work; {how_many(len(left), 'item')} "
            f"(Layers {', '.join(map(str, layers))}) are left out, worth about USD {worth:,.0f}.",
            f"Raise the budget by about USD {raise_by:,.0f} to plan everything, or accept the gaps listed under left_out.",
            members=tuple(dict.fromkeys(item.member for item in left)),
        )
    ]
