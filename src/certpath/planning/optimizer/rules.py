"""One function per rule id: each adds that rule's constraints to a team's CP-SAT model.

The same rules are checked without the solver by planning/validate.py; requirement-level
rules (ROLE-TRACKS, L3-BEFORE-PRODUCTION, L6-TECH-LITERACY, HELD-CURRENT) are settled
when the tasks are built and need no constraint here.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from certpath.planning.optimizer.model import TeamModel
from certpath.planning.team_model import (
    Task,
    l1_first,
    layer_order,
    literacy_first,
    own_l3_before_l4,
    prerequisite,
    team_l3_gate,
    waits_for_team_l3,
)


def add_weekly_hours(tm: TeamModel) -> None:
    """WEEKLY-HOURS: one item at a time per member (durations already follow their hours)."""
    for tasks in tm.tasks_by_member().values():
        tm.model.add_no_overlap([tm.intervals[t.index] for t in tasks])


def _pairs(tm: TeamModel, related: object) -> None:
    for tasks in tm.tasks_by_member().values():
        for before in tasks:
            for task in tasks:
                if before is not task and related(before, task):  # type: ignore[operator]
                    tm.model.add(tm.starts[task.index] >= tm.ends[before.index])


def add_l1_first(tm: TeamModel) -> None:
    """L1-FIRST: each member's Layer 1 ends before their other work starts."""
    _pairs(tm, l1_first)


def add_prerequisite(tm: TeamModel) -> None:
    """PREREQUISITE: formal prerequisites, and a layer's courses before its exam."""
    _pairs(tm, prerequisite)


def add_layer_order(tm: TeamModel) -> None:
    """LAYER-ORDER: a member's Layer 2, 3 and 4 work in order, except the policy's parallel layers."""
    policy = tm.instance.policy
    _pairs(tm, lambda before, task: layer_order(policy, before, task))


def add_l6_tech_literacy(tm: TeamModel) -> None:
    """L6-TECH-LITERACY: each member's technical-literacy module before their other Layer 6 courses."""
    policy = tm.instance.policy
    _pairs(tm, lambda before, task: literacy_first(policy, before, task))


def add_l4_after_l3(tm: TeamModel) -> None:
    """L4-AFTER-L3: Layer 4 after the member's own Layer 3, and (small) after the team's Layer 3 training."""
    policy = tm.instance.policy
    _pairs(tm, lambda before, task: own_l3_before_l4(policy, before, task))
    if policy.l4_after_l3 != "team":
        return
    layer3 = [t for t in tm.instance.tasks if team_l3_gate(t)]
    for task in (t for t in tm.instance.tasks if waits_for_team_l3(t.layer, t.depth)):
        for before in layer3:
            tm.model.add(tm.starts[task.index] >= tm.ends[before.index])


def add_governance_day_one(tm: TeamModel) -> None:
    """GOVERNANCE-DAY-ONE: each owner's first work after Layer 1 is Layer 5."""
    for owner in tm.instance.governance_owners:
        mine = [t for t in tm.instance.tasks if t.member == owner]
        layer5 = [t for t in mine if t.layer == 5]
        if not layer5:
            continue
        first5 = tm.model.new_int_var(0, tm.horizon, f"owner_first_l5_{owner}")
        tm.model.add_min_equality(first5, [tm.starts[t.index] for t in layer5])
        for task in mine:
            if task.layer not in (1, 5):
                tm.model.add(tm.starts[task.index] >= first5)


def _first_start(tm: TeamModel, tasks: list[Task], name: str) -> cp_model.IntVar:
    first = tm.model.new_int_var(0, tm.horizon, name)
    tm.model.add_min_equality(first, [tm.starts[t.index] for t in tasks])
    return first


def add_l5_with_l4(tm: TeamModel) -> None:
    """L5-WITH-L4: the team's first Layer 5 start is no later than its first Layer 4 start."""
    _with_l4(tm, 5)


def add_l6_with_l4(tm: TeamModel) -> None:
    """L6-WITH-L4: the team's first Layer 6 start is no later than its first Layer 4 start."""
    _with_l4(tm, 6)


def _with_l4(tm: TeamModel, layer: int) -> None:
    layer4 = [t for t in tm.instance.tasks if t.layer == 4]
    other = [t for t in tm.instance.tasks if t.layer == layer]
    if layer4 and other:
        tm.model.add(
            _first_start(tm, other, f"first_l{layer}") <= _first_start(tm, layer4, f"first_l4_{layer}")
        )


def add_cohort_seats(tm: TeamModel) -> None:
    """COHORT-SEATS: each taker joins one cohort, cohorts hold at most the seat limit, members start together."""
    m = tm.model
    for item, starts in tm.cohort_starts.items():
        takers = tm.instance.cohort_takers(item)
        seats = tm.instance.cohorts[item].seat_limit
        if len(starts) == 1:
            for task in takers:
                m.add(tm.starts[task.index] == starts[0])
            continue
        for k in range(len(starts) - 1):
            m.add(starts[k] <= starts[k + 1])
        for task in takers:
            choice = [m.new_bool_var(f"x{task.index}_{k}") for k in range(len(starts))]
            m.add_exactly_one(choice)
            for k, chosen in enumerate(choice):
                tm.in_cohort[(task.index, k)] = chosen
                m.add(tm.starts[task.index] == starts[k]).only_enforce_if(chosen)
        for k in range(len(starts)):
            m.add(sum(tm.in_cohort[(t.index, k)] for t in takers) <= seats)


def add_budget(tm: TeamModel) -> None:
    """BUDGET per quarter: what starts in a quarter costs no more than the team's allowance for it."""
    allowance = tm.instance.quarter_allowance
    if not allowance:
        return
    m = tm.model
    spend: dict[int, list[cp_model.LinearExprT]] = {}
    payments = [(tm.starts[t.index], t.seat_cost, f"t{t.index}") for t in tm.instance.tasks if t.seat_cost]
    payments += [
        (start, tm.instance.cohorts[item].price, f"{item}{k}")
        for item, starts in tm.cohort_starts.items()
        for k, start in enumerate(starts)
    ]
    quarters = tm.quarters()
    for start, cost, name in payments:
        flags = []
        for q, (first, last) in quarters.items():
            flag = m.new_bool_var(f"q{q}_{name}")
            m.add_linear_constraint(start, first, last).only_enforce_if(flag)
            spend.setdefault(q, []).append(flag * round(cost * 100))
            flags.append(flag)
        m.add_exactly_one(flags)
    for q, terms in spend.items():
        m.add(sum(terms) <= round(allowance.get(q, 0.0) * 100))


RULES = {
    "WEEKLY-HOURS": add_weekly_hours,
    "L1-FIRST": add_l1_first,
    "PREREQUISITE": add_prerequisite,
    "LAYER-ORDER": add_layer_order,
    "L4-AFTER-L3": add_l4_after_l3,
    "GOVERNANCE-DAY-ONE": add_governance_day_one,
    "L5-WITH-L4": add_l5_with_l4,
    "L6-WITH-L4": add_l6_with_l4,
    "L6-TECH-LITERACY": add_l6_tech_literacy,
    "COHORT-SEATS": add_cohort_seats,
    "BUDGET": add_budget,
}
