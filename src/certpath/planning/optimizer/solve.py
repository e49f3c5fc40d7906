"""Solve one team with CP-SAT, starting from the greedy schedule, and report the proven bound."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from certpath.planning.greedy import Schedule
from certpath.planning.optimizer.model import TeamModel, build_variables
from certpath.planning.optimizer.objectives import set_objective
from certpath.planning.optimizer.rules import RULES
from certpath.planning.team_model import TeamInstance


@dataclass(frozen=True)
class SolveResult:
    schedule: Schedule
    status: str  # optimal | feasible | timeout (greedy kept)
    bound: int  # proven lower bound on the makespan (0 when unknown)
    seconds: float


def solve_team(
    instance: TeamInstance, hint: Schedule, *, objective: str, horizon_weeks: int, time_limit: float
) -> SolveResult:
    """The best schedule CP-SAT finds within `time_limit`, never worse than `hint`."""
    began = time.perf_counter()
    makespan = max(hint.makespan(instance), 1)
    # Layer cover comes before the finish date, so a later finish may buy earlier layers.
    horizon = makespan + (-(-makespan // 4) if objective == "layers-soonest" else 0)
    tm = build_variables(instance, horizon)
    for rule in instance.policy.rules:
        if rule in RULES:
            RULES[rule](tm)
    _hint(tm, hint)
    kind, goal = set_objective(tm, objective, horizon_weeks)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.05)
    solver.parameters.num_workers = 2 if len(instance.tasks) > 150 else 1
    status = solver.solve(tm.model)
    seconds = time.perf_counter() - began
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolveResult(hint, "timeout", 0, seconds)
    schedule = _read(tm, solver)
    bound = int(solver.best_objective_bound + 0.999) if kind == "makespan" else 0
    name = "optimal" if status == cp_model.OPTIMAL else "feasible"
    if goal is not None:
        schedule = _tidy(tm, schedule, solver, goal, time_limit - seconds)
    return SolveResult(schedule, name, bound, time.perf_counter() - began)


def _tidy(
    tm: TeamModel, schedule: Schedule, solver: cp_model.CpSolver, goal: cp_model.LinearExprT, time_left: float
) -> Schedule:
    """Second pass at the same objective value: finish each item as early as possible (no idle gaps)."""
    if time_left < 0.1:
        return schedule
    tm.model.add(goal <= round(solver.objective_value))
    tm.model.minimize(sum(tm.ends.values()))
    tm.model.clear_hints()  # type: ignore[no-untyped-call]
    _hint(tm, schedule)
    solver.parameters.max_time_in_seconds = min(time_left, 2.0)
    status = solver.solve(tm.model)
    return _read(tm, solver) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else schedule


def _hint(tm: TeamModel, hint: Schedule) -> None:
    for index, start in hint.starts.items():
        tm.model.add_hint(tm.starts[index], start)
    for item, starts in tm.cohort_starts.items():
        for k, var in enumerate(starts):
            weeks = [
                hint.starts[t.index]
                for t in tm.instance.cohort_takers(item)
                if hint.cohort_of.get(t.index) == k
            ]
            if weeks:
                tm.model.add_hint(var, weeks[0])
    for (index, k), flag in tm.in_cohort.items():
        tm.model.add_hint(flag, hint.cohort_of.get(index) == k)


def _read(tm: TeamModel, solver: cp_model.CpSolver) -> Schedule:
    schedule = Schedule()
    for index, var in tm.starts.items():
        schedule.starts[index] = int(solver.value(var))
    for item, starts in tm.cohort_starts.items():
        for task in tm.instance.cohort_takers(item):
            if len(starts) == 1:
                schedule.cohort_of[task.index] = 0
            else:
                schedule.cohort_of[task.index] = next(
                    k for k in range(len(starts)) if solver.boolean_value(tm.in_cohort[(task.index, k)])
                )
    return schedule
