"""`certpath roster check FILE`: read an HR export and show how each person was understood."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.options import FormatOption, OverlayOption, TodayOption, load, parse_today
from certpath.interfaces.cli.output import Format, console, write_json
from certpath.interfaces.cli.roster_options import (
    CloudOption,
    ColumnsOption,
    HoursOption,
    TitlesOption,
    roster_options,
)

app = typer.Typer(help="Read rosters (HR exports) and check them.", no_args_is_help=True)


@app.command("check")
@guarded
def check(
    file: Annotated[
        Path, typer.Argument(help="HR export: CSV (any delimiter, UTF-8 or UTF-16), XLSX or YAML.")
    ],
    today: TodayOption = None,
    hours_per_week: HoursOption = 5.0,
    cloud: CloudOption = "none",
    columns: ColumnsOption = None,
    titles: TitlesOption = None,
    overlay: OverlayOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Every person with their resolved role and confidence, or every problem by row and column."""
    from certpath.reports.roster import member_json
    from certpath.services.planning import read_roster

    options = roster_options(columns, titles, cloud, hours_per_week)
    roster = read_roster(load(overlay), file, today=parse_today(today), options=options)
    if output is Format.json:
        write_json(
            {
                "source": roster.source,
                "columns": roster.columns,
                "notes": list(roster.notes),
                "members": [
                    {
                        **member_json(m),
                        "manager_id": m.manager_id,
                        "held": [h.item_id for h in m.held],
                        "line": m.line,
                    }
                    for m in roster.members
                ],
            }
        )
        return
    from rich.table import Table

    out = console()
    table = Table()
    for column in ("Line", "Id", "Name", "Team", "Title", "Role", "From", "Conf.", "Cloud", "h/wk"):
        table.add_column(column, overflow="fold")
    for m in roster.members:
        table.add_row(
            str(m.line or ""),
            m.id,
            m.name,
            m.team,
            m.title,
            m.role,
            m.resolved_from,
            f"{m.confidence:.2f}",
            m.cloud,
            f"{m.hours_per_week:g}",
        )
    out.print(table)
    out.print(
        f"{len(roster.members)} people in {len(roster.teams())} teams; columns used: "
        + ", ".join(f"{k}={v}" for k, v in roster.columns.items())
    )
    for note in roster.notes:
        out.print(f"[dim]note: {note}[/dim]")


@app.command("import")
@guarded
def import_(
    file: Annotated[Path, typer.Argument(help="HR export: CSV, XLSX or YAML.")],
    deactivate_missing: Annotated[
        bool,
        typer.Option(
            "--deactivate-missing", help="Mark people absent from the file inactive (default: leave them)."
        ),
    ] = False,
    today: TodayOption = None,
    hours_per_week: HoursOption = 5.0,
    cloud: CloudOption = "none",
    columns: ColumnsOption = None,
    titles: TitlesOption = None,
    overlay: OverlayOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Upsert people by employee id into the tracking store; leavers become inactive; history is kept."""
    from certpath.interfaces.cli.store import open_engine
    from certpath.services.planning import read_roster
    from certpath.services.tracking import import_people

    catalogue = load(overlay)
    day = parse_today(today)
    roster = read_roster(
        catalogue, file, today=day, options=roster_options(columns, titles, cloud, hours_per_week)
    )
    engine, settings = open_engine()
    result = import_people(
        engine, catalogue, roster, actor=settings.actor, today=day, deactivate_missing=deactivate_missing
    )
    if output is Format.json:
        write_json(result.__dict__)
        return
    console().print(
        f"{result.source}: {len(result.added)} added, {len(result.changed)} changed, "
        f"{len(result.deactivated)} made inactive, {result.unchanged} unchanged; "
        f"{result.claims} self-reported credentials stored as claimed."
    )
    if result.users_deactivated:
        console().print(f"Users of people who left, deactivated: {', '.join(result.users_deactivated)}.")
