"""The objectives a team's CP-SAT model can minimise, one function each.

`layers-soonest` is lexicographic: first the sum over the team's layers of the week each is
covered at the bus factor, then the makespan. Cost is fixed before sequencing (the items chosen
and the fewest cohorts that seat their takers), so no schedule can change it. The weights make
one week of layer cover worth more than any change of the makespan, which cannot exceed the
model's horizon.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from certpath.planning.bounds import layer_cover_bounds
from certpath.planning.optimizer.model import TeamModel
from certpath.planning.team_model import BUS_FACTOR

#: A member-layer finished by the horizon is worth this many weeks of makespan (coverage objective).
COVERAGE_WEIGHT = 1000


def cover_weeks(tm: TeamModel) -> list[cp_model.IntVar]:
    """One variable per planned layer: the week it reaches the bus factor among the people it trains."""
    m = tm.model
    bounds = layer_cover_bounds(tm.instance)
    by_layer: dict[int, dict[str, list[int]]] = {}
    for task in tm.instance.tasks:
        by_layer.setdefault(task.layer, {}).setdefault(task.member, []).append(task.index)
    weeks = []
    for layer, takers in sorted(by_layer.items()):
        week = m.new_int_var(min(bounds[layer], tm.horizon), tm.horizon, f"cover_l{layer}")
        needed = min(BUS_FACTOR, len(takers))
        if needed == len(takers):
            for tasks in takers.values():
                for index in tasks:
                    m.add(tm.ends[index] <= week)
        else:
            done = []
            for member, tasks in takers.items():
                flag = m.new_bool_var(f"cover_l{layer}_{member}")
                for index in tasks:
                    m.add(tm.ends[index] <= week).only_enforce_if(flag)
                done.append(flag)
            m.add(sum(done) >= needed)
        weeks.append(week)
    return weeks


def set_objective(
    tm: TeamModel, objective: str, horizon_weeks: int
) -> tuple[str, cp_model.LinearExprT | None]:
    """Set the objective; its kind (makespan, layers, coverage) and the expression a tidy pass keeps."""
    assert tm.makespan is not None
    if objective == "most-coverage-by-horizon":
        _most_coverage(tm, horizon_weeks)
        return "coverage", None
    if objective == "layers-soonest":
        goal = (tm.horizon + 1) * sum(cover_weeks(tm)) + tm.makespan
        tm.model.minimize(goal)
        return "layers", goal
    tm.model.minimize(tm.makespan)
    return "makespan", tm.makespan


def _most_coverage(tm: TeamModel, horizon_weeks: int) -> None:
    assert tm.makespan is not None
    done = []
    for member, tasks in tm.tasks_by_member().items():
        for layer in sorted({t.layer for t in tasks}):
            flag = tm.model.new_bool_var(f"done_{member}_{layer}")
            for task in (t for t in tasks if t.layer == layer):
                tm.model.add(tm.ends[task.index] <= horizon_weeks).only_enforce_if(flag)
            done.append(flag)
    tm.model.maximize(COVERAGE_WEIGHT * sum(done) - tm.makespan)
