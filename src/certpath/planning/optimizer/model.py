"""Variables of one team's CP-SAT model: a start, end and interval per task, cohorts, makespan."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from certpath.planning.team_model import Task, TeamInstance, quarter_index, week_start


@dataclass
class TeamModel:
    """The CP-SAT model of one team and handles to its variables."""

    instance: TeamInstance
    horizon: int  # no task ends after this week
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    starts: dict[int, cp_model.IntVar] = field(default_factory=dict)
    ends: dict[int, cp_model.IntVar] = field(default_factory=dict)
    intervals: dict[int, cp_model.IntervalVar] = field(default_factory=dict)
    cohort_starts: dict[str, list[cp_model.IntVar]] = field(default_factory=dict)
    in_cohort: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    makespan: cp_model.IntVar | None = None

    def tasks_by_member(self) -> dict[str, list[Task]]:
        grouped: dict[str, list[Task]] = {}
        for task in self.instance.tasks:
            grouped.setdefault(task.member, []).append(task)
        return grouped

    def quarters(self) -> dict[int, tuple[int, int]]:
        """Quarter number -> (first week, last week) inside the horizon."""
        spans: dict[int, tuple[int, int]] = {}
        for week in range(self.horizon + 1):
            q = quarter_index(week_start(self.instance.start, week))
            first, _ = spans.get(q, (week, week))
            spans[q] = (first, week)
        return spans


def build_variables(instance: TeamInstance, horizon: int) -> TeamModel:
    """A TeamModel with one interval per task, cohort start variables and the makespan."""
    tm = TeamModel(instance, horizon)
    m = tm.model
    for task in instance.tasks:
        if task.session:  # a seat in a pooled session starts in the session's week
            start = m.new_int_var(task.session_week, task.session_week, f"s{task.index}")
        else:
            start = m.new_int_var(task.release, max(task.release, horizon - task.weeks), f"s{task.index}")
        end = m.new_int_var(0, horizon, f"e{task.index}")
        tm.starts[task.index] = start
        tm.ends[task.index] = end
        tm.intervals[task.index] = m.new_interval_var(start, task.weeks, end, f"i{task.index}")
    for item in instance.cohorts:
        count = instance.cohort_count(item)
        tm.cohort_starts[item] = [m.new_int_var(0, horizon, f"c_{item}_{k}") for k in range(count)]
    tm.makespan = m.new_int_var(0, horizon, "makespan")
    m.add_max_equality(tm.makespan, list(tm.ends.values()) or [m.new_constant(0)])
    return tm
