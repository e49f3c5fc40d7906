"""`certpath status`, `gaps`, `due` and `audit-log`: read the tracking store."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import typer

from certpath.errors import InputError
from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.options import OverlayOption, TodayOption, load, parse_today
from certpath.interfaces.cli.output import console, money, plain, write_json
from certpath.interfaces.cli.store import (
    PolicyOption,
    TeamOption,
    TrackFormat,
    TrackFormatOption,
    open_account_work,
    open_unit_of_work,
    write_bytes,
)
from certpath.kernel import how_many

if TYPE_CHECKING:
    from certpath.catalogue.coverage import Stage
    from certpath.reports.progress import GapsReport


@guarded
def status(
    member: Annotated[
        str | None, typer.Argument(help="One person's employee id (default: everyone).")
    ] = None,
    team: TeamOption = None,
    policy: PolicyOption = None,
    today: TodayOption = None,
    overlay: OverlayOption = None,
    output: TrackFormatOption = TrackFormat.table,
) -> None:
    """Per person and layer: complete, in progress, stale, missing, expired or renewal open; freshness; next action."""
    from certpath.reports.tracking import status_csv, status_json
    from certpath.services.progress import Scope, status_report

    uow, _ = open_unit_of_work()
    scope = Scope(team, member)
    report = status_report(uow, load(overlay), today=parse_today(today), scope=scope, policy=policy)
    if output is TrackFormat.json:
        write_json(status_json(report))
        return
    if output is TrackFormat.csv:
        write_bytes(status_csv(report)[2], None)
        return
    from rich.table import Table

    from certpath.reports.legend import claimed_note, percent, terminal_legend, terminal_mark

    table = Table(title=f"Status on {report.today} ({report.policy} policy)")
    for column in ("Person", "Layer", "Standing", "Last", "Valid until", "Fresh", "Next action", "Date"):
        table.add_column(column, overflow="fold")
    for person, layers in report.people:
        for index, s in enumerate(layers):
            table.add_row(
                plain(f"{person.id}\n{person.name}\n{person.team}") if index == 0 else "",
                f"L{s.layer}",
                terminal_mark(s.mark)
                + ("" if s.state in ("complete", "missing", s.mark) else f"\n{s.state}")
                + ("\n[bold red]OVERDUE[/]" if s.overdue else "")
                + (f"\n{claimed_note(report.policy)}" if s.claimed else ""),
                str(s.last_evidence or ""),
                str(s.valid_until or ""),
                "" if s.freshness is None else percent(s.freshness),
                plain(s.next_action),
                str(s.next_date or ""),
            )
    out = console()
    out.print(table)
    out.print(terminal_legend())
    if report.verified_only:
        out.print(
            f"Only verified evidence counts under the {report.policy} policy (VERIFIED-LAYERS); a layer "
            f"claimed evidence would hold says: {claimed_note(report.policy)}."
        )


@guarded
def gaps(
    team: TeamOption = None,
    bus_factor: Annotated[
        int, typer.Option("--bus-factor", help="Holders a layer needs to count as covered.")
    ] = 2,
    min_freshness: Annotated[
        float, typer.Option("--min-freshness", help="Lowest freshness that counts (0.25 = twelve months).")
    ] = 0.25,
    verified_only: Annotated[
        bool,
        typer.Option(
            "--verified-only", help="Count only evidence with a verified signature by a trusted key."
        ),
    ] = False,
    members: Annotated[bool, typer.Option("--members", help="Include the member x layer matrix.")] = False,
    literacy: Annotated[
        bool,
        typer.Option(
            "--literacy", help="List every person's Layer 1 evidence (EU AI Act Art. 4); on with --team."
        ),
    ] = False,
    policy: PolicyOption = None,
    today: TodayOption = None,
    overlay: OverlayOption = None,
    output: TrackFormatOption = TrackFormat.table,
) -> None:
    """Which layers each team is missing (bus factor), what closing each gap costs and takes, and AI literacy."""
    from certpath.reports.tracking import gaps_csv, gaps_json
    from certpath.services.progress import Scope, gaps_report

    uow, _ = open_unit_of_work()
    report = gaps_report(
        uow,
        load(overlay),
        today=parse_today(today),
        scope=Scope(team),
        bus_factor=bus_factor,
        min_freshness=min_freshness,
        verified_only=verified_only,
        policy=policy,
        with_members=members or team is not None,
        with_literacy=literacy or team is not None,
    )
    if output is TrackFormat.json:
        write_json(gaps_json(report))
        return
    if output is TrackFormat.csv:
        write_bytes(gaps_csv(report)[2], None)
        return
    _print_gaps(report)


def _print_gaps(report: GapsReport) -> None:
    from rich.table import Table

    from certpath.reports.legend import legend_entry, terminal_legend
    from certpath.reports.tracking import literacy_json

    out = console()
    coverage = Table(
        title=f"Layer coverage on {report.today}: hold / need = people who hold it / people who need it",
        caption=f"Green: covered, at least {report.bus_factor} holders (the bus factor: the layer survives"
        f" {report.bus_factor - 1} of them leaving), or all who need it when fewer; red: a gap."
        + (
            f" Only verified evidence counts ({report.policy} policy, VERIFIED-LAYERS, or --verified-only)."
            if report.accepted == ("verified",)
            else ""
        ),
    )
    coverage.add_column("Team")
    for layer in range(1, 7):
        coverage.add_column(f"L{layer}", justify="right")
    rows = [(team, layers) for team, layers in sorted(report.coverage.items())]
    rows.append(("All teams", report.layer_totals()))
    for team, layers in rows:
        cells = []
        for layer in range(1, 7):
            if layer not in layers:
                cells.append("")
                continue
            needing, holding = layers[layer]
            style = "green" if report.covers(needing, holding) else "red"
            cells.append(
                f"[{style}]{holding}/{needing}[/]" if team != "All teams" else f"{holding}/{needing}"
            )
        coverage.add_row(plain(team), *cells)
    out.print(coverage)
    if report.matrix:
        matrix = Table(title="Members: where each person stands on each layer")
        matrix.add_column("Id")
        for layer in range(1, 7):
            matrix.add_column(f"L{layer}", justify="center")
        grid: dict[str, dict[int, Stage]] = {}
        for row in report.matrix:
            grid.setdefault(row.person, {})[row.layer] = row.mark
        for person, marks in grid.items():
            entries = (
                legend_entry(marks[n]) if n in marks else legend_entry("not-needed") for n in range(1, 7)
            )
            matrix.add_row(plain(person), *(f"[{e.terminal}]{e.symbol}[/]" for e in entries))
        out.print(matrix)
        out.print(terminal_legend())
    if report.gaps:
        table = Table(title=f"{len(report.gaps)} gaps and what closing each takes")
        for column in ("Team", "Layer", "Hold / need", "Short", "Close with", "Cost", "Weeks"):
            table.add_column(column)
        for g in report.gaps[:200]:
            table.add_row(
                plain(g.team),
                f"L{g.layer}",
                f"{g.holding} / {g.needing}",
                str(g.required - g.holding),
                plain(g.item or "-"),
                money(g.cost_usd),
                str(g.weeks or "-"),
            )
        out.print(table)
        if len(report.gaps) > 200:
            out.print(f"… and {len(report.gaps) - 200} more (use --format json or csv for all).")
    else:
        out.print("[green]No gaps: every layer has enough holders with fresh evidence.[/]")
    done = sum(c.with_layer_1 for c in report.literacy_counts)
    everyone = sum(c.people for c in report.literacy_counts)
    out.print(
        f"AI literacy (EU AI Act Article 4): {done} of {how_many(everyone, 'person')} hold Layer 1"
        " (fresh and unexpired, at the depth they need)."
    )
    if report.literacy:
        table = Table(title="Layer 1 evidence per person")
        for column in ("Id", "Name", "Team", "Layer 1", "Completed", "Item", "Source", "Assurance"):
            table.add_column(column)
        for row, standing in report.literacy:
            entry = literacy_json(row, standing)
            mark = legend_entry(standing)
            table.add_row(
                *(plain(entry[k] or "-") for k in ("id", "name", "team")),
                f"[{mark.terminal}]{mark.symbol} {mark.word}[/]",
                *(plain(entry[k] or "-") for k in ("completed_on", "item", "source", "assurance")),
            )
        out.print(table)


def parse_within(text: str) -> int:
    """Days from '90d', '12w', '6m' or a plain number of days."""
    match = re.fullmatch(r"\s*(\d+)\s*([dwm]?)\s*", text)
    if not match:
        raise InputError(f"--within '{text}': write a period such as 90d, 12w or 6m.")
    number, unit = int(match.group(1)), match.group(2) or "d"
    return number * {"d": 1, "w": 7, "m": 30}[unit]


@guarded
def due(
    within: Annotated[str, typer.Option("--within", help="How far ahead: 90d, 12w, 6m.")] = "90d",
    team: TeamOption = None,
    member: Annotated[
        str | None, typer.Option("--member", help="Only this employee id.", show_default=False)
    ] = None,
    policy: PolicyOption = None,
    today: TodayOption = None,
    overlay: OverlayOption = None,
    output: Annotated[str, typer.Option("--format", help="table, json, csv or ics.")] = "table",
    out: Annotated[
        str | None, typer.Option("--out", help="Write to this file instead of stdout.", show_default=False)
    ] = None,
    overdue: Annotated[
        bool,
        typer.Option("--overdue", help="Only what is past due: expired credentials and overdue refreshes."),
    ] = False,
) -> None:
    """Expiries, open renewal windows and stale needed layers, soonest first; --format ics for reminders."""
    from certpath.reports.tracking import due_csv, due_ics, due_json
    from certpath.services.progress import Scope, due_report

    if output not in ("table", "json", "csv", "ics"):
        raise InputError(f"--format '{output}': choose table, json, csv or ics.")
    days = parse_within(within)
    uow, _ = open_unit_of_work()
    day = parse_today(today)
    items = due_report(
        uow,
        load(overlay),
        today=day,
        within_days=days,
        scope=Scope(team, member),
        policy=policy,
        overdue_only=overdue,
    )
    if output == "json":
        write_json(due_json(items, today=day, within_days=days))
    elif output in ("csv", "ics"):
        write_bytes((due_csv(items) if output == "csv" else due_ics(items, today=day))[2], out)
    else:
        from rich.table import Table

        late = sum(i.overdue for i in items)
        scope_words = "Past due" if overdue else f"Due within {how_many(days, 'day')}"
        table = Table(title=f"{scope_words} on {day}: {how_many(len(items), 'item')}, {late} overdue")
        for column in ("Due", "Kind", "Id", "Name", "Team", "What", "Action"):
            table.add_column(column, overflow="fold")
        for i in items[:500]:
            style = "yellow" if i.kind == "renewal-open" else ""
            table.add_row(
                f"[{style}]{i.due_on}[/]" if style else str(i.due_on),
                f"{i.kind}\n[bold red]OVERDUE[/]" if i.overdue else i.kind,
                plain(i.person),
                plain(i.name),
                plain(i.team),
                plain(i.subject),
                plain(i.action),
            )
        console().print(table)


@guarded
def audit_log(
    action: Annotated[
        str | None,
        typer.Option("--action", help="Actions starting with this, e.g. person. or evidence.import."),
    ] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="Only entries about this id.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only entries by this actor.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Newest entries to show.")] = 50,
    output: TrackFormatOption = TrackFormat.table,
) -> None:
    """The append-only log of every write: who, when, what, before and after. Newest first."""
    from certpath.services.audit_log import read_audit_log

    rows = read_audit_log(open_account_work(), action=action, subject=subject, actor=actor, limit=limit)
    if output is TrackFormat.json:
        write_json(rows)
        return
    if output is TrackFormat.csv:
        from certpath.reports.tracking import AUDIT_COLUMNS, csv_rendered

        write_bytes(
            csv_rendered("audit.csv", AUDIT_COLUMNS, ([r[c] for c in AUDIT_COLUMNS] for r in rows))[2], None
        )
        return
    from rich.table import Table

    table = Table(title="Audit log (newest first)")
    for column in ("#", "At", "Actor", "Action", "Subject", "Change"):
        table.add_column(column, overflow="fold")
    for r in rows:
        change = _change(r["before"], r["after"])
        table.add_row(
            str(r["id"]),
            r["at"][:19],
            plain(r["actor"]),
            plain(r["action"]),
            plain(f"{r['subject_type']} {r['subject_id']}"),
            plain(change),
        )
    console().print(table)


def _change(before: object, after: object) -> str:
    if isinstance(before, dict) and isinstance(after, dict):
        changed = [f"{k}: {before.get(k)} → {after.get(k)}" for k in after if before.get(k) != after.get(k)]
        return "; ".join(changed)
    if isinstance(after, dict):
        return ", ".join(f"{k}={v}" for k, v in list(after.items())[:6])
    return ""
