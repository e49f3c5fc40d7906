"""`certpath report`: files for people who live in spreadsheets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.options import OverlayOption, TodayOption, load, parse_today
from certpath.interfaces.cli.output import console, write_file
from certpath.interfaces.cli.store import PolicyOption, TeamOption, open_unit_of_work
from certpath.kernel import how_many

app = typer.Typer(help="Reports from the tracking store.", no_args_is_help=True)


@app.command("matrix")
@guarded
def matrix(
    out: Annotated[Path, typer.Option("--out", help="The .xlsx file to write.")],
    team: TeamOption = None,
    policy: PolicyOption = None,
    today: TodayOption = None,
    overlay: OverlayOption = None,
) -> None:
    """The training matrix: people x layers, due dates coloured green / amber / red, legend, % compliant."""
    from certpath.reports.matrix_xlsx import render_matrix
    from certpath.services.progress import Scope, status_report

    uow, _ = open_unit_of_work()
    report = status_report(uow, load(overlay), today=parse_today(today), scope=Scope(team), policy=policy)
    _, _, data = render_matrix(report)
    write_file(out, data)
    console().print(f"wrote {out}: {how_many(len(report.people), 'person')} x 6 layers.")
