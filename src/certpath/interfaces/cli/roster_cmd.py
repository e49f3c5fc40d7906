"""`certpath roster check FILE`: read an HR export and show how each person was understood."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.options import FormatOption, OverlayOption, TodayOption, load, parse_today
from certpath.interfaces.cli.output import Format, console, plain, write_json
from certpath.interfaces.cli.roster_options import (
    CloudOption,
    ColumnsOption,
    DateFormatOption,
    HoursOption,
    StrictOption,
    TitlesOption,
    roster_options,
)
from certpath.kernel import how_many

if TYPE_CHECKING:
    from certpath.errors import Issue
    from certpath.roster.model import Member, Roster

app = typer.Typer(help="Read rosters (HR exports) and check them.", no_args_is_help=True)


#: Above this many people the table is summarised by role (use --format json for everyone).
SUMMARY_ABOVE = 500


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
    strict: StrictOption = False,
    date_format: DateFormatOption = None,
    write_titles: Annotated[
        Path | None,
        typer.Option(
            "--write-titles",
            help="Write a ready-to-edit --titles file for unresolved and low-confidence titles.",
        ),
    ] = None,
    overlay: OverlayOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Every person with their resolved role and confidence, then every problem by row and column."""
    from certpath.errors import RosterError
    from certpath.services.planning import inspect_roster

    options = roster_options(columns, titles, cloud, hours_per_week, strict=strict, date_format=date_format)
    roster, problems = inspect_roster(load(overlay), file, today=parse_today(today), options=options)
    if write_titles is not None:
        _write_titles(write_titles, roster)
    if output is Format.json:
        write_json(_check_json(roster, problems))
    else:
        _print_check(roster)
    if problems:
        raise RosterError(roster.source, problems)


def _check_json(roster: Roster, problems: tuple[Issue, ...]) -> dict[str, Any]:
    from certpath.reports.roster import member_json

    return {
        "source": roster.source,
        "columns": roster.columns,
        "notes": list(roster.notes),
        "members": [
            {
                **member_json(m),
                "manager_id": m.manager_id,
                "held": [h.item_id for h in m.held],
                "other_held": list(m.other_held),
                "suggestions": list(m.suggestions),
                "line": m.line,
            }
            for m in roster.members
        ],
        "inactive": [
            {"id": i.id, "name": i.name, "reason": i.reason, "line": i.line} for i in roster.inactive
        ],
        "problems": [
            {
                "line": p.location.line,
                "column": p.location.column,
                "key": p.location.key,
                "message": p.message,
            }
            for p in problems
        ],
    }


def _print_check(roster: Roster) -> None:
    from rich.table import Table

    out = console()
    members = roster.members
    if len(members) > SUMMARY_ABOVE:
        table = Table(title=f"{how_many(len(members), 'person')} by role (--format json lists everyone)")
        for column in ("Role", "People", "From title", "Unresolved", "Low confidence"):
            table.add_column(column)
        for role, group in _by_role(members).items():
            table.add_row(
                role,
                str(len(group)),
                str(sum(m.resolved_from == "title" for m in group)),
                str(sum(m.resolved_from == "unresolved" for m in group)),
                str(sum(0 < m.confidence < 0.9 for m in group)),
            )
    else:
        table = Table()
        for column in ("Line", "Id", "Name", "Team", "Title", "Role", "From", "Conf.", "Cloud", "h/wk"):
            table.add_column(column, overflow="fold")
        for m in members:
            table.add_row(
                str(m.line or ""),
                plain(m.id),
                plain(m.name),
                plain(m.team),
                plain(m.title),
                m.role,
                m.resolved_from,
                f"{m.confidence:.2f}",
                m.cloud,
                f"{m.hours_per_week:g}",
            )
    out.print(table)
    out.print(
        f"{how_many(len(members), 'person')} in {how_many(len(roster.teams()), 'team')}; {len(roster.inactive)} not planned; "
        "columns used: " + ", ".join(f"{k}={v}" for k, v in roster.columns.items()),
        markup=False,
    )
    _print_unresolved(roster)
    for note in roster.notes:
        # a note quotes the file (names, headers): never read it as Rich markup
        out.print(f"note: {note}", style="dim", markup=False, highlight=False)


def _by_role(members: tuple[Member, ...]) -> dict[str, list[Member]]:
    grouped: dict[str, list[Member]] = {}
    for member in members:
        grouped.setdefault(member.role, []).append(member)
    return dict(sorted(grouped.items()))


def _print_unresolved(roster: Roster) -> None:
    titles = unresolved_titles(roster)
    if not titles:
        return
    out = console()
    out.print(f"{len(titles)} job titles matched no role; those people get 'everyone' (Layer 1 only):")
    for title, suggestions in list(titles.items())[:50]:
        out.print(f"  {title}: closest {', '.join(suggestions) or 'none'}", markup=False)


def unresolved_titles(roster: Roster) -> dict[str, tuple[str, ...]]:
    """Title -> suggestions for every unresolved title, in file order."""
    return {m.title: m.suggestions for m in roster.members if m.resolved_from == "unresolved"}


def _write_titles(path: Path, roster: Roster) -> None:
    """A --titles file: one line per unresolved or low-confidence title, the suggestions as comments."""
    import json

    from certpath.errors import InputError

    lines = ["# Job title: role id. Edit the role ids, then pass this file with --titles."]
    done: set[str] = set()
    for m in roster.members:
        if m.title in done or not (m.resolved_from == "unresolved" or m.confidence < 0.9):
            continue
        done.add(m.title)
        hint = (
            f"closest: {', '.join(m.suggestions)}" if m.suggestions else f"resolved with {m.confidence:.2f}"
        )
        lines.append(f"{json.dumps(m.title, ensure_ascii=False)}: {m.role}  # {hint}")
    try:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as error:
        raise InputError(
            f"--write-titles {path}: cannot write ({error.strerror}); check the folder."
        ) from None


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
    strict: StrictOption = False,
    date_format: DateFormatOption = None,
    overlay: OverlayOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Upsert people by employee id into the tracking store; leavers become inactive; history is kept."""
    from certpath.interfaces.cli.store import open_unit_of_work
    from certpath.services.planning import read_roster
    from certpath.services.tracking import import_people

    catalogue = load(overlay)
    day = parse_today(today)
    roster = read_roster(
        catalogue,
        file,
        today=day,
        options=roster_options(
            columns, titles, cloud, hours_per_week, strict=strict, date_format=date_format
        ),
    )
    uow, _ = open_unit_of_work()
    result = import_people(uow, catalogue, roster, today=day, deactivate_missing=deactivate_missing)
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
    for note in roster.notes:  # what check would say too: defaults, unused columns, outside managers
        console().print(f"note: {note}", markup=False, highlight=False)
