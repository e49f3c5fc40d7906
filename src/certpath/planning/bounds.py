"""Lower bounds on a team's makespan that hold for every feasible schedule.

Three arguments, each valid on its own: a member studies one thing at a time (with
release dates); a team-level Layer 3 must end before anyone's Layer 4; and a single
cohort cannot start before its slowest member is ready, after which each member still
has the cohort and everything the rules put after it.
"""

from __future__ import annotations

from collections.abc import Callable

from certpath.planning.team_model import (
    Task,
    TeamInstance,
    cover_week,
    member_precedes,
    team_l3_gate,
    waits_for_team_l3,
)


def lower_bound(instance: TeamInstance) -> int:
    """The largest of the bounds below (0 for a team with nothing to do)."""
    if not instance.tasks:
        return 0
    by_member: dict[str, list[Task]] = {}
    for task in instance.tasks:
        by_member.setdefault(task.member, []).append(task)
    return max(_member_load(by_member), _team_l3(instance, by_member), _cohort_sync(instance, by_member))


def _member_load(by_member: dict[str, list[Task]]) -> int:
    best = 0
    for tasks in by_member.values():
        for release in {t.release for t in tasks}:
            best = max(best, release + sum(t.weeks for t in tasks if t.release >= release))
    return best


def _team_l3(instance: TeamInstance, by_member: dict[str, list[Task]]) -> int:
    if instance.policy.l4_after_l3 != "team":
        return 0
    l3_done = 0
    for tasks in by_member.values():
        layer3 = [t for t in tasks if team_l3_gate(t)]
        if layer3:
            before = sum(t.weeks for t in tasks if t.layer == 1)
            l3_done = max(l3_done, before + sum(t.weeks for t in layer3))
    longest = max((_gated_weeks(tasks) for tasks in by_member.values()), default=0)
    return l3_done + longest if longest else 0


def _cohort_sync(instance: TeamInstance, by_member: dict[str, list[Task]]) -> int:
    policy = instance.policy
    best = 0
    for item in instance.cohorts:
        takers = instance.cohort_takers(item)
        if instance.cohort_count(item) != 1:
            continue
        start = 0
        for task in takers:
            mine = by_member[task.member]
            start = max(start, task.release, sum(o.weeks for o in mine if member_precedes(policy, o, task)))
        for task in takers:
            mine = by_member[task.member]
            after = sum(o.weeks for o in mine if member_precedes(policy, task, o))
            best = max(best, start + task.weeks + after)
    return best


def layer_cover_bounds(instance: TeamInstance) -> dict[int, int]:
    """Per planned layer, the earliest week it could reach the bus factor, ignoring cohorts and budget.

    A member cannot finish a layer before they have studied it and everything their own rules
    put before it (one item at a time), nor before an item's release; the layer's bound is the
    k-th smallest of those finishes, as for the actual cover week.
    """
    by_member: dict[str, list[Task]] = {}
    for task in instance.tasks:
        by_member.setdefault(task.member, []).append(task)
    finishes: dict[int, list[int]] = {}
    for tasks in by_member.values():
        for layer in {t.layer for t in tasks}:
            finishes.setdefault(layer, []).append(_earliest_finish(instance, tasks, layer))
    if instance.policy.l4_after_l3 == "team" and "L4-AFTER-L3" in instance.policy.rules and 3 in finishes:
        # Nobody's Layer 4 starts before the team's Layer 3 training is done.
        l3_done = max(
            (_earliest_finish(instance, tasks, 3, gate=team_l3_gate) for tasks in by_member.values()),
            default=0,
        )
        finishes[4] = [
            _gated_finish(instance, tasks, l3_done)
            for tasks in by_member.values()
            if any(t.layer == 4 for t in tasks)
        ]
    return {layer: cover_week(weeks) for layer, weeks in sorted(finishes.items())}


def _earliest_finish(
    instance: TeamInstance, tasks: list[Task], layer: int, *, gate: Callable[[Task], bool] | None = None
) -> int:
    """Weeks of the member's tasks of `layer` (those `gate` picks, if given) and of everything
    that must precede them."""
    needed = {t.index: t for t in tasks if t.layer == layer and (gate is None or gate(t))}
    if not needed:
        return 0
    frontier = list(needed.values())
    while frontier:
        task = frontier.pop()
        for other in tasks:
            if other.index not in needed and member_precedes(instance.policy, other, task):
                needed[other.index] = other
                frontier.append(other)
    load = sum(t.weeks for t in needed.values())
    released = max(t.release + t.weeks for t in needed.values() if t.layer == layer)
    return max(load, released)


def _gated_finish(instance: TeamInstance, tasks: list[Task], l3_done: int) -> int:
    """A member's earliest Layer 4 finish when the work the team's Layer 3 holds back starts after it."""
    gated = _gated_weeks(tasks)
    alone = _earliest_finish(instance, tasks, 4)
    return max(alone, l3_done + gated) if gated else alone


def _gated_weeks(tasks: list[Task]) -> int:
    """Weeks of a member's Layer 4 work that the team's Layer 3 training holds back (L4-AFTER-L3)."""
    return sum(t.weeks for t in tasks if waits_for_team_l3(t.layer, t.depth))
