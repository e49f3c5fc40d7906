"""`certpath catalogue list|show|validate`: browse and check the catalogue."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.options import (
    FormatOption,
    OverlayOption,
    TodayOption,
    load,
    parse_today,
)
from certpath.interfaces.cli.output import Format, console, write_json

app = typer.Typer(
    help="Browse and validate the catalogue of layers, roles, credentials and courses.",
    no_args_is_help=True,
)


class Kind(enum.StrEnum):
    credentials = "credentials"
    courses = "courses"
    projects = "projects"
    roles = "roles"
    layers = "layers"
    pathways = "pathways"
    backgrounds = "backgrounds"
    goals = "goals"
    rules = "rules"
    policies = "policies"
    salaries = "salaries"
    avoid = "avoid"


@app.command("list")
@guarded
def list_entries(
    kind: Annotated[Kind, typer.Option("--kind", help="Which entries to list.")] = Kind.credentials,
    today: TodayOption = None,
    overlay: OverlayOption = None,
    output: FormatOption = Format.table,
) -> None:
    """List catalogue entries of one kind (credentials show their status on --today)."""
    from certpath.services.catalogue import list_rows

    rows = list_rows(load(overlay), kind.value, today=parse_today(today))
    if output is Format.json:
        write_json(rows)
        return
    from rich.table import Table

    table = Table(title=f"{kind.value} ({len(rows)})")
    columns = list(rows[0]) if rows else []
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row[c]) for c in columns))
    console().print(table)


@app.command("show")
@guarded
def show(
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A credential, course, project, role, layer "
            "(1-6), pathway, background, goal, rule or policy id.",
        ),
    ],
    today: TodayOption = None,
    overlay: OverlayOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Show every field of one entry, with its sources."""
    from certpath.services.catalogue import describe_entry

    kind, data = describe_entry(load(overlay), entry_id, today=parse_today(today))
    if output is Format.json:
        write_json({"kind": kind, **data})
        return
    from rich.table import Table

    table = Table(title=f"{kind} {entry_id}", show_header=False, show_lines=True)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key, value in data.items():
        table.add_row(key, _cell(value))
    console().print(table)


@app.command("validate")
@guarded
def validate(
    overlay: OverlayOption = None,
    today: TodayOption = None,
    catalogue_dir: Annotated[
        Path | None,
        typer.Option(
            "--catalogue",
            help="Validate this folder of catalogue YAML files instead of the shipped one.",
        ),
    ] = None,
    output: FormatOption = Format.table,
) -> None:
    """Check the catalogue (and overlays): schemas, references, cycles, coverage. Exit 2 on problems."""
    from certpath.errors import CatalogueError
    from certpath.services.catalogue import catalogue_counts, overlay_dates, overlay_warnings

    try:
        catalogue = load(overlay, catalogue_dir)
    except CatalogueError as error:
        if output is Format.json:
            write_json({"ok": False, "issues": [_issue(i) for i in error.issues]})
            raise typer.Exit(2) from None
        raise
    counts = catalogue_counts(catalogue)
    notes = overlay_warnings(list(overlay or ()), catalogue_dir=catalogue_dir, today=parse_today(today))
    dates = overlay_dates(list(overlay or ()))
    if output is Format.json:
        warnings = [
            {"rule": n.rule, "overlay": n.overlay, "subject": n.subject, "message": n.message, "fix": n.fix}
            for n in notes
        ]
        write_json(
            {
                "ok": True,
                "as_of": catalogue.as_of.isoformat(),
                "overlays": [{"path": path, "as_of": day and day.isoformat()} for path, day in dates],
                "counts": counts,
                "issues": [],
                "warnings": warnings,
            }
        )
        return
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    overlaid = "".join(f"; overlay {path} as of {day or 'no date'}" for path, day in dates)
    console().print(f"Catalogue OK (facts as of {catalogue.as_of}{overlaid}): {summary}.")
    for note in notes:
        console().print(f"[yellow]warning[/] {note.rule} {note.overlay}: {note.message} {note.fix}")


@app.command("diff")
@guarded
def diff(
    old: Annotated[
        Path, typer.Argument(metavar="OLD", help="The earlier catalogue folder, catalogue file or overlay.")
    ],
    new: Annotated[
        Path, typer.Argument(metavar="NEW", help="The later catalogue folder, catalogue file or overlay.")
    ],
    today: TodayOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Show what changed from OLD to NEW: added, changed (field by field), retiring, retired, removed."""
    from certpath.services.catalogue import diff_catalogues, diff_report

    report = diff_report(diff_catalogues(old, new, today=parse_today(today)))
    if output is Format.json:
        write_json(report)
        return
    from rich.table import Table

    counts = ", ".join(f"{n} {kind}" for kind, n in report["counts"].items())
    table = Table(title=f"{old} -> {new}: {counts}", show_lines=True)
    for column in ("change", "entry", "details"):
        table.add_column(column, overflow="fold")
    for change in report["changes"]:
        table.add_row(change["change"], f"{change['section']} {change['key']}", _details(change))
    console().print(table)


def _details(change: dict[str, object]) -> str:
    lines = []
    if change["retires_on"]:
        successor = f", successor {change['successor']}" if change["successor"] else ""
        lines.append(f"retires on {change['retires_on']}{successor}")
    fields = change["fields"]
    assert isinstance(fields, list)
    lines += [f"{f['field']}: {_cell(f['old']) or '-'} -> {_cell(f['new']) or '-'}" for f in fields]
    return "\n".join(lines)


def _issue(issue: object) -> dict[str, object]:
    from certpath.errors import Issue

    assert isinstance(issue, Issue)
    loc = issue.location
    return {
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
        "key": loc.key,
        "message": issue.message,
    }


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "\n".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items() if v not in (None, [], ""))
    return "" if value is None else str(value)
