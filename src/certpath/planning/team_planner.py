"""Plan a roster: build the instance, fit the budget, sequence greedily, improve with CP-SAT.

Teams are independent once the budget is allocated, so each is sequenced on its own.
The greedy schedule is kept when it already meets the team's lower bound (it is then
proven optimal); otherwise CP-SAT improves it within a share of the time limit. Every
schedule is checked by validate.py before it is returned.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from certpath.catalogue.model import Catalogue, TeamPolicy
from certpath.errors import BudgetTooSmallError, InfeasiblePlanError
from certpath.kernel import Finding, how_many
from certpath.planning.bounds import layer_cover_bounds, lower_bound
from certpath.planning.greedy import QuarterLedger, Schedule, schedule_greedy
from certpath.planning.horizon import Replan, sample_note, sample_teams, sensitivity
from certpath.planning.instance import PlanRequest, build_instances
from certpath.planning.plan import Assignment, Plan, Session, SolverInfo, TeamResult
from certpath.planning.plan_assembly import assignments_for, pooled_sessions, sessions_for
from certpath.planning.plan_findings import plan_findings
from certpath.planning.pooling import Pooled
from certpath.planning.reoffer import select_and_pool
from certpath.planning.requirements import REQUIRED
from certpath.planning.selection import LeftOut
from certpath.planning.team_model import TeamInstance, quarter_index, week_start
from certpath.planning.team_policy import named_policy
from certpath.roster.model import Roster

Progress = Callable[[int, int], None]


def choose_policy(
    catalogue: Catalogue, size: int, override: str | None, *, org_size: int | None = None
) -> tuple[TeamPolicy, Finding]:
    """The policy for a roster of `size` people, part of an organisation of `org_size` if given
    (or the one asked for), and a TEAM-SIZE note."""
    counted = f"the roster has {how_many(size, 'person')}"
    if org_size is not None:
        counted = f"the active organisation has {how_many(org_size, 'person')}, {size} of them planned here"
    if override:
        policy = named_policy(catalogue, override)
        why = f"policy {policy.id} was asked for ({counted})"
    else:
        policy = catalogue.policy_for_size(org_size or size)
        why = counted
        if (org_size or size) < 5:
            why += "; teams under 5 are planned as small teams"
    message = f"{policy.name} policy: {why}."
    return policy, Finding(
        "TEAM-SIZE", "info", message, "Use --policy small|mid|enterprise|automatic to choose another."
    )


def plan_roster(
    catalogue: Catalogue, roster: Roster, request: PlanRequest, *, progress: Progress | None = None
) -> Plan:
    """A validated, optimised plan for everyone on the roster."""
    began = time.perf_counter()
    if any(m.hours_per_week <= 0 for m in roster.members):
        raise InfeasiblePlanError(
            "WEEKLY-HOURS: someone has 0 study hours a week; nothing can be scheduled for them."
        )
    policy, size_note = choose_policy(
        catalogue, len(roster.members), request.policy, org_size=request.org_size
    )
    built, findings = build_instances(catalogue, roster, policy, request)
    selected = select_and_pool(catalogue, built, request)
    left_out, budget_findings = selected.left_out, selected.findings
    instances, left_q = _fit_quarterly(selected.instances, request.quarterly_budget_usd)
    assignments, sessions, teams = _pooled_or_per_team(selected.pooled, instances, request, began, progress)
    plan = Plan(
        policy=policy,
        start=request.start,
        horizon_weeks=request.horizon_weeks,
        objective=request.objective,
        members=roster.members,
        assignments=tuple(assignments),
        budget_usd=request.budget_usd,
        quarterly_budget_usd=request.quarterly_budget_usd,
        cohort_size=request.cohort_size,
        teams=teams,
        left_out=tuple(left_out + left_q),
        sessions=tuple(sessions),
        notes=roster.notes,
        governance_programme=request.governance_owners,
    )
    seconds = round(time.perf_counter() - began, 3)
    optimal = sum(1 for t in plan.teams if t.status == "optimal")
    engine = "cp-sat" if any(t.engine == "cp-sat" for t in plan.teams) else "greedy"
    status = "optimal" if optimal == len(plan.teams) else "feasible"
    extra = plan_findings(catalogue, plan)
    if request.sensitivity:
        sample, scale = sample_teams(roster)
        replan = _replanner(catalogue, sample, request, plan, scale=scale)
        plan = replace(plan, sensitivity=sensitivity(plan, replan, scale=scale))
        extra += [sample_note(roster, sample)] if scale > 1 else []
    return replace(
        plan,
        solver=SolverInfo(status, seconds, len(plan.teams), optimal, engine),
        findings=(size_note, *findings, *budget_findings, *extra),
    )


def _pooled_or_per_team(
    pooled: Pooled | None,
    instances: list[TeamInstance],
    request: PlanRequest,
    began: float,
    progress: Progress | None,
) -> tuple[list[Assignment], list[Session], tuple[TeamResult, ...]]:
    """Assignments, sessions and team results with sessions pooled across the organisation
    (pooling.py); per team when a per-quarter budget is set, or when pooling would break the budget."""
    if pooled is not None:
        results = _sequence(pooled.instances, request, began, progress, greedy_done=pooled.schedules)
        out = _assemble(pooled.instances, results, pooled.seat_limits)
        total = sum(a.cost_usd for a in out[0])
        if request.budget_usd is None or total <= request.budget_usd + 1e-6:
            return out
    return _assemble(instances, _sequence(instances, request, began, progress), {})


def _assemble(
    instances: list[TeamInstance], results: list[tuple[Schedule, TeamResult]], seat_limits: dict[str, int]
) -> tuple[list[Assignment], list[Session], tuple[TeamResult, ...]]:
    assignments: list[Assignment] = []
    sessions: list[Session] = []
    pooled_ids = {t.session for i in instances for t in i.tasks if t.session}
    pooled: list[Assignment] = []
    for instance, (schedule, _) in zip(instances, results, strict=True):
        mine = assignments_for(instance, schedule)
        assignments += mine
        pooled += [a for a in mine if a.cohort in pooled_ids]
        sessions += sessions_for(instance, [a for a in mine if a.cohort not in pooled_ids])
    sessions += pooled_sessions(pooled, seat_limits)
    return assignments, sessions, tuple(team for _, team in results)


def _replanner(
    catalogue: Catalogue, roster: Roster, request: PlanRequest, plan: Plan, *, scale: float
) -> Replan:
    """Re-plan the roster (or a sample of 1/scale of it, under the organisation's policy and
    governance owners) with scaled weekly hours and another budget, quickly (sensitivity rows)."""
    owners = request.governance_owners or tuple(o for t in plan.teams for o in t.governance_owners)
    org = request.org_size or len(plan.members)

    def replan(hours_factor: float, budget: float | None) -> Plan:
        people = tuple(replace(m, hours_per_week=m.hours_per_week * hours_factor) for m in roster.members)
        quick = replace(
            request,
            budget_usd=None if budget is None else budget / scale,
            sensitivity=False,
            time_limit_s=min(request.time_limit_s, 2.0),
            org_size=org if scale > 1 else request.org_size,
            governance_owners=owners if scale > 1 else request.governance_owners,
        )
        return plan_roster(catalogue, replace(roster, members=people), quick)

    return replan


def _fit_quarterly(
    instances: list[TeamInstance], limit: float | None
) -> tuple[list[TeamInstance], list[LeftOut]]:
    """Drop items that cost more than a whole quarter's budget on their own (Layer 1: infeasible)."""
    if limit is None:
        return instances, []
    left: list[LeftOut] = []
    out = []
    for instance in instances:
        keep = []
        for task in instance.tasks:
            spec = instance.cohorts.get(task.item) if instance.in_cohort(task) else None
            cost = spec.price if spec else task.seat_cost
            if cost <= limit + 1e-6:
                keep.append(task)
            elif task.priority in REQUIRED:
                raise BudgetTooSmallError(
                    f"BUDGET: one {task.item} {'cohort' if spec else 'seat'} costs USD {cost:,.0f}, more than the "
                    f"quarterly budget of USD {limit:,.0f} (short by USD {cost - limit:,.0f}); it cannot be left out (L1-FIRST, "
                    "L3-BEFORE-PRODUCTION).",
                    kind="quarterly",
                    given=limit,
                    required=cost,
                )
            else:
                left.append(LeftOut(instance.name, task.member, task.item, task.layer, round(cost, 2)))
        out.append(replace(instance, tasks=keep))
    return out, left


def _sequence(
    instances: list[TeamInstance],
    request: PlanRequest,
    began: float,
    progress: Progress | None,
    *,
    greedy_done: list[Schedule] | None = None,
) -> list[tuple[Schedule, TeamResult]]:
    ledger = QuarterLedger(request.quarterly_budget_usd)
    greedy = []
    for n, instance in enumerate(instances):
        team_began = time.perf_counter()
        schedule = greedy_done[n] if greedy_done else schedule_greedy(instance, ledger)
        greedy.append((schedule, lower_bound(instance), time.perf_counter() - team_began))
    if request.quarterly_budget_usd is not None:
        instances[:] = [
            replace(i, quarter_allowance=_spend_by_quarter(i, s))
            for i, (s, _, _) in zip(instances, greedy, strict=True)
        ]
    results: list[tuple[Schedule, TeamResult] | None] = [None] * len(instances)
    todo = []
    for n, (instance, (schedule, bound, seconds)) in enumerate(zip(instances, greedy, strict=True)):
        result = _result(instance, schedule, bound, "greedy", seconds, objective=request.objective)
        if result.status == "optimal" and request.objective != "most-coverage-by-horizon":
            results[n] = (schedule, result)
        else:
            todo.append(n)
    todo.sort(key=lambda n: -greedy[n][0].makespan(instances[n]))
    done = len(instances) - len(todo)
    if progress:
        progress(done, len(instances))
    deadline = began + request.time_limit_s
    for position, n in enumerate(todo):
        schedule, bound, seconds = greedy[n]
        results[n] = _improve(instances[n], schedule, bound, request, deadline, left=len(todo) - position)
        if progress:
            progress(done + position + 1, len(instances))
    return [r for r in results if r is not None]


def _improve(
    instance: TeamInstance,
    schedule: Schedule,
    bound: int,
    request: PlanRequest,
    deadline: float,
    *,
    left: int,
) -> tuple[Schedule, TeamResult]:
    remaining = deadline - time.perf_counter()
    if remaining < 0.05:
        return schedule, _result(instance, schedule, bound, "greedy", 0.0, objective=request.objective)
    from certpath.planning.optimizer.solve import solve_team

    result = solve_team(
        instance,
        schedule,
        objective=request.objective,
        horizon_weeks=request.horizon_weeks,
        time_limit=min(remaining, remaining / left * 2),
    )
    best = result.schedule if result.status != "timeout" else schedule
    new_bound = max(bound, result.bound)
    return best, _result(instance, best, new_bound, "cp-sat", result.seconds, objective=request.objective)


def _result(
    instance: TeamInstance, schedule: Schedule, bound: int, engine: str, seconds: float, *, objective: str
) -> TeamResult:
    """The team's figures; optimal when the schedule meets the bound of every key of its objective."""
    makespan = schedule.makespan(instance)
    bound = min(bound, makespan)
    cover_bound = sum(layer_cover_bounds(instance).values())
    met = makespan == bound
    if objective == "layers-soonest":
        met = met and schedule.cover_weeks(instance) <= cover_bound
    status = "optimal" if met else "feasible"
    return TeamResult(
        instance.name,
        len(instance.members),
        instance.governance_owners[0] if instance.governance_owners else None,
        makespan,
        bound,
        status,
        engine,
        round(seconds, 3),
        cover_bound,
        instance.governance_owners,
    )


def _spend_by_quarter(instance: TeamInstance, schedule: Schedule) -> dict[int, float]:
    spend: dict[int, float] = {}
    paid: set[tuple[str, int]] = set()
    for task in instance.tasks:
        quarter = quarter_index(week_start(instance.start, schedule.starts[task.index]))
        if instance.in_cohort(task):
            key = (task.item, schedule.cohort_of.get(task.index, 0))
            if key in paid:
                continue
            paid.add(key)
            cost = instance.cohorts[task.item].price
        else:
            cost = task.seat_cost
        spend[quarter] = spend.get(quarter, 0.0) + cost
    return spend
