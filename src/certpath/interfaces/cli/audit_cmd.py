"""`certpath audit FILE`: check a plan or a team against every rule and the five mistakes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from certpath.services.auditing import AuditReport

from certpath.interfaces.cli.exit_status import ExitStatus
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
from certpath.kernel import how_many


@guarded
def audit(
    file: Annotated[
        Path, typer.Argument(help="A plan (certpath JSON, or CSV with member,item,start,end) or a roster.")
    ],
    roster: Annotated[Path | None, typer.Option(help="The roster a hand-made CSV plan is for.")] = None,
    policy: Annotated[
        str | None, typer.Option(help="small, mid or enterprise (default: from the roster's size).")
    ] = None,
    today: TodayOption = None,
    hours_per_week: HoursOption = 5.0,
    cloud: CloudOption = "none",
    columns: ColumnsOption = None,
    titles: TitlesOption = None,
    overlay: OverlayOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Findings with rule id, severity, members, message and fix; exit 1 if any is an error."""
    from certpath.reports.plan import finding_json
    from certpath.services.auditing import audit_file

    options = roster_options(columns, titles, cloud, hours_per_week)
    report = audit_file(
        load(overlay), file, today=parse_today(today), roster=roster, policy=policy, options=options
    )
    if output is Format.json:
        write_json(
            {
                "source": report.source,
                "kind": report.kind,
                "people": report.people,
                "errors": report.errors,
                "findings": [finding_json(f) for f in report.findings],
            }
        )
    else:
        _print(report)
    if report.errors:
        raise typer.Exit(int(ExitStatus.FINDINGS))


def _print(report: AuditReport) -> None:
    from rich.table import Table

    out = console()
    findings = report.findings
    out.print(
        f"Audit of {report.kind} {report.source}: {how_many(report.people, 'person')}, "
        f"{how_many(report.errors, 'error')}, {how_many(len(findings), 'finding')}."
    )
    if not findings:
        out.print("[green]No rule is broken.[/green]")
        return
    table = Table(show_lines=True)
    for column in ("Severity", "Rule", "Members", "Finding", "Fix"):
        table.add_column(column, overflow="fold")
    for f in findings:
        colour = {"error": "red", "warning": "yellow", "info": "cyan"}[f.severity]
        members = ", ".join(f.members[:5]) + (f" +{len(f.members) - 5}" if len(f.members) > 5 else "")
        table.add_row(f"[{colour}]{f.severity}[/{colour}]", f.rule, members, f.message, f.fix)
    out.print(table)
