"""`certpath advise`: a sequenced certification pathway for one person."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.options import (
    FormatOption,
    OverlayOption,
    TodayOption,
    load,
    parse_today,
)
from certpath.interfaces.cli.output import Format, console, money, write_json

if TYPE_CHECKING:
    from certpath.planning.advice import Advice


@guarded
def advise(
    background: Annotated[
        str | None,
        typer.Option(
            help="Where you come from, e.g. software-developer, data-analyst, ml-researcher, devops-engineer."
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            help="Your job title as HR writes it, read as the background when --background is not given."
        ),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option(
            help="Where you want to go, e.g. ai-literacy, app-developer, "
            "model-builder, genai-specialist, senior-ml-engineer."
        ),
    ] = None,
    cloud: Annotated[
        str, typer.Option(help="Your cloud stack: aws, azure, gcp, databricks or none.")
    ] = "none",
    second_cloud: Annotated[
        str | None,
        typer.Option(help="A second cloud you want credentials on too: aws, azure, gcp or databricks."),
    ] = None,
    have: Annotated[
        list[str] | None,
        typer.Option(
            help="A credential or course you hold, as CODE or "
            "CODE@YYYY-MM-DD; repeat or separate with commas."
        ),
    ] = None,
    ml_months: Annotated[
        int | None,
        typer.Option(help="Months of hands-on ML work so far (default: typical for the background)."),
    ] = None,
    budget: Annotated[float | None, typer.Option(help="Budget in USD for the whole pathway.")] = None,
    hours_per_week: Annotated[float, typer.Option(help="Study hours per week.")] = 6.0,
    genai: Annotated[
        bool, typer.Option("--genai", help="Generative AI is a real part of your role.")
    ] = False,
    projects: Annotated[int, typer.Option(help="Public portfolio projects you have already built.")] = 0,
    today: TodayOption = None,
    overlay: OverlayOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Which credential first, then what: steps with cost, study time, projects and reasons."""
    from certpath.planning.advice import Profile
    from certpath.services.advising import advise_person, parse_holding

    held = tuple(parse_holding(part) for text in have or () for part in text.split(",") if part.strip())
    profile = Profile(
        background=background,
        goal=goal,
        title=title,
        cloud=cloud.strip().lower(),
        second_cloud=second_cloud.strip().lower() if second_cloud else None,
        held=held,
        ml_months=ml_months,
        budget_usd=budget,
        hours_per_week=hours_per_week,
        genai=genai,
        projects_done=projects,
    )
    advice = advise_person(load(overlay), profile, today=parse_today(today))
    if output is Format.json:
        from certpath.reports.advice import build_advice_report

        write_json(build_advice_report(advice))
    else:
        print_advice(advice)


def print_advice(advice: Advice) -> None:
    """The advice as a table with totals, warnings, skipped and left-out items."""
    from rich.table import Table

    out = console()
    p = advice.profile
    out.print(
        f"[bold]{' + '.join(advice.pathways)}[/bold]  as of {advice.today}, cloud {p.cloud}, "
        f"{p.hours_per_week:g} h/week (catalogue as of {advice.catalogue_as_of})"
    )
    table = Table(show_lines=True)
    for column in ("#", "Weeks", "Item", "Layer", "Cost", "Hours", "Why"):
        table.add_column(column, overflow="fold")
    for number, step in enumerate(advice.steps, start=1):
        label = f"[bold]{step.item}[/bold] ({step.kind})\n{step.name}\n{step.start} → {step.end}"
        table.add_row(
            str(number),
            f"{step.start_week}-{step.end_week}",
            label,
            str(step.layer or "-"),
            money(step.cost_usd),
            f"{step.study_hours:g}",
            f"{step.reason}\n[dim]{', '.join(step.rules)}[/dim]",
        )
    out.print(table)
    out.print(
        f"Total: {money(advice.total_cost_usd)}, {advice.total_study_hours:g} study hours, "
        f"{advice.total_weeks} weeks (finish {advice.finish or '-'})"
    )
    for s in advice.skipped:
        out.print(f"[green]skipped[/green] {s.item}: {s.reason}")
    for s in advice.left_out:
        out.print(f"[yellow]left out[/yellow] {s.item} ({money(s.cost_usd)}): {s.reason}")
    for w in advice.warnings:
        colour = {"error": "red", "warning": "yellow", "info": "cyan"}[w.severity]
        out.print(f"[{colour}]{w.severity}[/{colour}] {w.rule}: {w.message} [dim]Fix: {w.fix}[/dim]")
