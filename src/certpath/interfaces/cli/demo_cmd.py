"""`certpath demo`: plan the bundled example team, write its HTML report, advise three people."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from certpath.interfaces.cli.advise_cmd import print_advice
from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.options import OverlayOption, TodayOption, load, parse_today
from certpath.interfaces.cli.output import console, write_file
from certpath.interfaces.cli.plan_cmd import print_plan


@guarded
def demo(
    today: TodayOption = None,
    out: Annotated[Path, typer.Option("--out", help="Where to write the example team's HTML report.")] = Path(
        "certpath-demo-plan.html"
    ),
    overlay: OverlayOption = None,
) -> None:
    """Run certpath on the bundled example data and show what it produces."""
    from certpath.planning.instance import PlanRequest
    from certpath.roster.model import RosterOptions
    from certpath.services.advising import advise_person
    from certpath.services.catalogue import catalogue_counts
    from certpath.services.demo import EXAMPLE_PEOPLE, example_roster
    from certpath.services.planning import plan_team, read_roster, render_plan

    catalogue = load(overlay)
    day = parse_today(today)
    screen = console()
    counts = ", ".join(f"{n} {k}" for k, n in catalogue_counts(catalogue).items())
    screen.print(f"[bold]certpath demo[/bold]: catalogue valid ({counts}; facts as of {catalogue.as_of}).\n")
    roster_path = example_roster("small")
    screen.rule(f"Team plan for the example roster {roster_path.name}")
    roster = read_roster(catalogue, roster_path, today=day, options=RosterOptions())
    plan = plan_team(catalogue, roster, PlanRequest(start=day, time_limit_s=10))
    print_plan(plan)
    write_file(out, render_plan(plan, catalogue, "html")[2])
    screen.print(f"\n[bold]HTML report:[/bold] {out.resolve()} (open it in a browser)\n")
    for person in EXAMPLE_PEOPLE:
        screen.rule(f"{person.name}: {person.story}")
        print_advice(advise_person(catalogue, person.profile, today=day))
        screen.print()
