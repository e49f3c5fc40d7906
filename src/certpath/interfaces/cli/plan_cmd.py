"""`certpath plan [ROSTER]`: an optimised, audited training schedule for a roster file or people in the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.options import OverlayOption, load, parse_today
from certpath.interfaces.cli.output import console, money, write_file
from certpath.interfaces.cli.roster_options import (
    CloudOption,
    ColumnsOption,
    HoursOption,
    TitlesOption,
    roster_options,
)
from certpath.kernel import how_many

if TYPE_CHECKING:
    from certpath.planning.plan import Assignment, Plan

#: Above this many people the table shows teams instead of people.
TABLE_PEOPLE = 40


@guarded
def plan(
    roster: Annotated[
        Path | None,
        typer.Argument(
            help="HR export: CSV (any delimiter, UTF-8 or UTF-16), XLSX or YAML. "
            "Leave out to plan the people in the store.",
            show_default=False,
        ),
    ] = None,
    team: Annotated[
        list[str] | None,
        typer.Option("--team", help="Plan this team from the store (repeatable).", show_default=False),
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option(
            "--person",
            help="Plan this person from the store, by employee id (repeatable).",
            show_default=False,
        ),
    ] = None,
    budget: Annotated[float | None, typer.Option(help="Total budget in USD.")] = None,
    quarterly_budget: Annotated[
        float | None, typer.Option(help="Budget per calendar quarter in USD.")
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="First day of the plan, YYYY-MM-DD (default: today).")
    ] = None,
    horizon: Annotated[
        str | None,
        typer.Option(help="Target length, e.g. 90d, 13w, 6m (default 90d); given, adds a sensitivity table."),
    ] = None,
    hours_per_week: HoursOption = 5.0,
    cloud: CloudOption = "none",
    cohort_size: Annotated[
        int | None, typer.Option(help="Seats per cohort for every instructor-led course.")
    ] = None,
    objective: Annotated[
        str, typer.Option(help="layers-soonest, finish-soonest, most-coverage-by-horizon or cheapest.")
    ] = "layers-soonest",
    policy: Annotated[
        str | None,
        typer.Option(
            help="small, mid, enterprise or automatic (default: from the roster's size, or the whole "
            "active organisation's when planning from the store)."
        ),
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Seconds the optimiser may use.")] = 20.0,
    columns: ColumnsOption = None,
    titles: TitlesOption = None,
    output: Annotated[str, typer.Option("--format", help="table, json, csv, xlsx, ics or html.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file (needed for xlsx).")] = None,
    overlay: OverlayOption = None,
) -> None:
    """Who takes which layer, course and exam, when, within budget, with the bound and findings."""
    from certpath.planning.instance import PlanRequest
    from certpath.services.planning import FORMATS, parse_horizon, policy_choice, read_roster, render_plan

    if output not in FORMATS:
        from certpath.errors import InputError

        raise InputError(f"--format '{output}': use one of {', '.join(FORMATS)}.")
    if roster is not None and (team or person):
        from certpath.errors import InputError

        raise InputError(
            f"Both a roster file ({roster}) and --team/--person were given: plan either the file, "
            "or people from the store (leave out the file)."
        )
    first = parse_today(start, option="--start")
    catalogue = load(overlay)
    request = PlanRequest(
        start=first,
        horizon_weeks=parse_horizon(horizon or "90d"),
        objective=objective,
        budget_usd=budget,
        quarterly_budget_usd=quarterly_budget,
        cohort_size=cohort_size,
        time_limit_s=time_limit,
        policy=policy_choice(policy),
        sensitivity=horizon is not None,
    )
    if roster is None:
        result = _from_store(catalogue, request, teams=team or [], people=person or [])
    else:
        people = read_roster(
            catalogue, roster, today=first, options=roster_options(columns, titles, cloud, hours_per_week)
        )
        result = _solve(catalogue, people, request)
    if output == "table":
        print_plan(result)
        return
    name, _, body = render_plan(result, catalogue, output)
    if out is None and output == "xlsx":
        out = Path(name)
    if out is None:
        sys.stdout.write(body.decode("utf-8"))
        return
    write_file(out, body)
    typer.echo(f"Wrote {out} ({len(body):,} bytes).", err=True)


def _from_store(catalogue: Any, request: Any, *, teams: list[str], people: list[str]) -> Plan:
    from certpath.interfaces.cli.store import open_unit_of_work
    from certpath.services.store_plans import Selection, plan_from_store
    from certpath.tracking.model import Scope

    uow, _ = open_unit_of_work()
    try:
        selection = Selection(tuple(teams), tuple(people))
        return plan_from_store(uow, catalogue, request, scope=Scope(), selection=selection)
    finally:
        uow.engine.dispose()


def _solve(catalogue: Any, people: Any, request: Any) -> Plan:
    from certpath.services.planning import plan_team

    if len(people.members) < 500 or not sys.stderr.isatty():
        return plan_team(catalogue, people, request)
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("Sequencing teams", total=None)
        return plan_team(
            catalogue,
            people,
            request,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )


def _line(a: Assignment) -> str:
    refresh = " (refresh)" if a.refresh else ""
    return f"L{a.layer} {a.item}{refresh}  {a.start} → {a.end}"


def print_plan(plan: Plan) -> None:
    """Summary, the schedule (per person, or per team for large plans), findings."""
    from rich.table import Table

    from certpath.reports.plan import horizon_lines, quality_line

    out = console()
    solver = plan.solver
    out.print(
        f"[bold]{plan.policy.name}[/bold] policy, {how_many(len(plan.members), 'person')} in {how_many(len(plan.teams), 'team')}, from {plan.start}\n"
        f"Finish {plan.finish or '-'} · {plan.makespan_weeks} weeks (best possible {plan.lower_bound_weeks}, gap "
        f"{plan.optimality_gap:.1%}) · total {money(plan.total_cost_usd)}"
        + (f" of {money(plan.budget_usd)}" if plan.budget_usd is not None else "")
        + (
            f" · solver {solver.engine}, {solver.teams_optimal}/{solver.teams} teams optimal, {solver.seconds:g} s"
            if solver
            else ""
        )
    )
    out.print(quality_line(plan), highlight=False)
    for line in horizon_lines(plan):
        out.print(line, highlight=False)
    table = Table(show_lines=len(plan.members) <= TABLE_PEOPLE)
    if len(plan.members) <= TABLE_PEOPLE:
        for column in ("Member", "Role", "Schedule", "Cost"):
            table.add_column(column, overflow="fold")
        for member in plan.members:
            mine = sorted((a for a in plan.assignments if a.member == member.id), key=lambda a: a.start)
            lines = "\n".join(_line(a) for a in mine) or "-"
            table.add_row(
                f"{member.name}\n[dim]{member.id} · {member.team}[/dim]",
                member.role,
                lines,
                money(sum(a.cost_usd for a in mine)),
            )
    else:
        for column in ("Team", "People", "Owner", "Weeks", "Bound", "Status", "Cost"):
            table.add_column(column)
        for team in plan.teams:
            cost = sum(a.cost_usd for a in plan.assignments if a.team == team.team)
            table.add_row(
                team.team,
                str(team.size),
                team.governance_owner or "-",
                str(team.makespan_weeks),
                str(team.lower_bound_weeks),
                team.status,
                money(cost),
            )
    out.print(table)
    for f in plan.findings:
        colour = {"error": "red", "warning": "yellow", "info": "cyan"}[f.severity]
        out.print(f"[{colour}]{f.severity}[/{colour}] {f.rule}: {f.message} [dim]Fix: {f.fix}[/dim]")
    for note in plan.notes:
        out.print(f"[dim]note: {note}[/dim]")
