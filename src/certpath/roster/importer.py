"""Read a roster file into members: columns mapped, cells checked, roles resolved, cycles refused.

Every problem in the file is collected (row, column, value, what to do) and raised
together as one RosterError; a roster with any problem yields no members at all.
Leavers and accounts that are not people are listed as inactive and never planned.
"""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import date
from pathlib import Path

from certpath.catalogue.model import Catalogue
from certpath.errors import Issue, Location, RosterError
from certpath.kernel import how_many
from certpath.roster.columns import ALIASES, header_score, map_columns, near_misses, read_column_map
from certpath.roster.model import Member, Roster, RosterOptions
from certpath.roster.reading import Table, read_table
from certpath.roster.rows import RowReader
from certpath.roster.titles import EVERYONE, TitleResolver, read_title_map


def load_roster(
    path: Path, catalogue: Catalogue, *, today: date, options: RosterOptions | None = None
) -> Roster:
    """Members of the roster at `path`; raise RosterError listing every problem."""
    table = read_table(path, header_score=header_score)
    return roster_from_table(table, catalogue, today=today, options=options)


def roster_from_table(
    table: Table, catalogue: Catalogue, *, today: date, options: RosterOptions | None = None
) -> Roster:
    """Members of a roster already read into a table; raise RosterError listing every problem."""
    roster, issues = inspect_table(table, catalogue, today=today, options=options)
    if issues:
        raise RosterError(roster.source, issues)
    return roster


def inspect_roster(
    path: Path, catalogue: Catalogue, *, today: date, options: RosterOptions | None = None
) -> tuple[Roster, tuple[Issue, ...]]:
    """Everyone who could be read, and every problem in the file (all of them, in one pass).

    A file that cannot be read at all (no header, no id column) still raises RosterError.
    """
    table = read_table(path, header_score=header_score)
    return inspect_table(table, catalogue, today=today, options=options)


def inspect_table(
    table: Table, catalogue: Catalogue, *, today: date, options: RosterOptions | None = None
) -> tuple[Roster, tuple[Issue, ...]]:
    """Everyone who could be read from a table already read, and every problem in it."""
    options = options or RosterOptions()
    overrides = read_column_map(options.columns_file, table.columns) if options.columns_file else {}
    titles = read_title_map(options.titles_file, catalogue) if options.titles_file else {}
    columns, sensitive, unused = map_columns(table.columns, overrides)
    id_note = _choose_id_column(table, columns)
    reader = RowReader(
        table,
        columns,
        catalogue,
        today=today,
        options=options,
        resolver=TitleResolver(catalogue, {**titles, **options.titles}),
    )
    cells = reader.index_people()
    members = [
        m for row, cell in zip(table.rows, cells, strict=True) if (m := reader.read(row, cell)) is not None
    ]
    reader.check_duplicates(members)
    reader.check_managers(members)
    if not members and not reader.issues:
        reader.issues.append(Issue(Location(table.source), "no active people in the file"))
    members = _with_teams(members)
    outside = outside_managers(members, reader)
    notes = [
        *table.notes,
        *id_note,
        *_notes(sensitive, unused, columns, reader),
        *_working_hours(members, columns),
        *outside,
    ]
    roster = Roster(
        table.source,
        tuple(members),
        columns,
        tuple(notes),
        tuple(i.id for i in reader.inactive if i.id),
        tuple(reader.inactive),
    )
    return roster, tuple(reader.issues)


def _choose_id_column(table: Table, columns: dict[str, str]) -> list[str]:
    """Without an employee id column the work e-mail (or login) is the id; else say what is missing."""
    missing = []
    if "employee_id" not in columns:
        fallback = next((f for f in ("email", "username") if f in columns), None)
        if fallback is None:
            missing.append("employee_id")
        else:
            columns["employee_id"] = columns[fallback]
    if "role" not in columns and "title" not in columns:
        missing.append("title")
    if missing:
        found = _some_columns([c for c in table.columns if c])
        issues = [
            Issue(
                Location(table.source, table.header_line, key=name),
                f"no '{name}' column (looked for {', '.join(ALIASES[name][:5])}, ...; found {found}); "
                f"rename the column or map it with --columns FILE containing '{name}: <your header>'",
            )
            for name in missing
        ]
        raise RosterError(table.source, issues)
    if columns["employee_id"] in (columns.get("email"), columns.get("username")):
        return [f"No employee id column: the work e-mail ('{columns['employee_id']}') is each person's id."]
    return []


#: How many of a header's columns an error lists, and how much of each: a 20 MB header line of
#: ten million columns made a 60 MB error that was stored and sent with every view of the upload.
SHOWN_COLUMNS, SHOWN_CHARS = 20, 60


def _some_columns(names: list[str]) -> str:
    shown = [n if len(n) <= SHOWN_CHARS else n[: SHOWN_CHARS - 1] + "…" for n in names[:SHOWN_COLUMNS]]
    more = len(names) - len(shown)
    return (", ".join(shown) or "none") + (f" and {more:,} more" if more else "")


def _with_teams(members: list[Member]) -> list[Member]:
    """Members without a team column join their manager's reports ('team of <manager>')."""
    names = {m.id: m.name for m in members}
    out = []
    for member in members:
        if not member.team:
            lead = member.manager_id
            team = f"team of {names.get(lead, lead)}" if lead else "team"
            member = replace(member, team=team)
        out.append(member)
    return out


#: How many managers outside the export are named one by one; the rest are counted.
SHOWN_MANAGERS = 10


def outside_managers(members: list[Member], reader: RowReader) -> list[str]:
    """A located warning per manager id that nobody in the file has, saying what it means.

    The id is kept as given (an outside manager): exports of part of an organisation are
    normal, and once a roster that lists the manager is imported, the link holds. Until then
    the reports are in no manager's reporting chain, so no manager's view shows them.
    """
    reports: dict[str, list[Member]] = {}
    for member in members:
        if member.manager_id and member.manager_id not in reader.managers.ids:
            reports.setdefault(member.manager_id, []).append(member)
    header = reader.columns.get("manager_id", "")
    column = reader.table.columns.index(header) + 1 if header in reader.table.columns else None
    notes = []
    for manager, people in list(reports.items())[:SHOWN_MANAGERS]:
        where = Location(reader.table.source, people[0].line, column, header)
        names = "; ".join(f"{p.name}, line {p.line}" for p in people[:3])
        more = f"; and {len(people) - 3:,} more" if len(people) > 3 else ""
        grouped = (
            f" They are grouped as '{people[0].team}'." if people[0].team == f"team of {manager}" else ""
        )
        notes.append(
            f"{where}: manager {manager} is not in this export. Their reports here ({names}{more}) keep "
            f"{manager} as their manager: unless {manager} is in certpath from another import, they will "
            f"have no manager in certpath until {manager} is, and no manager's view shows them.{grouped} "
            f"Import a roster that lists {manager} to link them."
        )
    if len(reports) > SHOWN_MANAGERS:
        notes.append(
            f"{len(reports) - SHOWN_MANAGERS:,} more managers are not in this export "
            "(roster check --format json lists every person's manager_id)."
        )
    return notes


#: A median of weekly study hours at or above this reads like contracted working hours.
WORKING_HOURS = 30.0


def _working_hours(members: list[Member], columns: dict[str, str]) -> list[str]:
    """A note when the hours column looks like contracted working hours (40, 37.5), not study time."""
    header = columns.get("hours_per_week")
    if header is None or not members:
        return []
    middle = statistics.median(m.hours_per_week for m in members)
    if middle < WORKING_HOURS:
        return []
    return [
        f"Column '{header}' gives a median of {middle:g} study hours a week; that looks like "
        "contracted working hours. If it is, leave the column out (--hours-per-week sets study "
        "time) or map a study-time column with --columns FILE."
    ]


def _notes(sensitive: list[str], unused: list[str], columns: dict[str, str], reader: RowReader) -> list[str]:
    notes = []
    if sensitive:
        notes.append(
            f"Ignored and never read (personal data certpath does not need): {_some_columns(sensitive)}."
        )
    misses = near_misses(unused, columns)
    for header, name in misses.items():
        notes.append(
            f"Column '{header}' looks like '{name}' but is not read; if it holds that, "
            f"map it with --columns FILE containing '{name}: {header}'."
        )
    rest = [c for c in unused if c not in misses]
    if rest:
        notes.append(f"Columns not used: {_some_columns(rest)}.")
    if reader.inactive:
        notes.append(
            f"Skipped {how_many(len(reader.inactive), 'inactive or terminated person', 'inactive or terminated people')} (not planned)."
        )
    if reader.unresolved:
        notes.append(
            f"{len(reader.unresolved)} job title(s) matched no role; those people get '{EVERYONE}' "
            "(Layer 1 only) until you map them (--write-titles FILE writes a mapping to edit)."
        )
    if reader.several_clouds:
        notes.append(
            f"{how_many(reader.several_clouds, 'person')} {'lists' if reader.several_clouds == 1 else 'list'} several clouds; "
            "planning uses the first one listed."
        )
    notes += reader.held_notes
    for name in sorted(reader.defaulted):
        value = reader.options.cloud if name == "cloud" else f"{reader.options.hours_per_week:g}"
        notes.append(
            f"Empty or missing '{name}' cells default to {value} (set with --{name.replace('_', '-')})."
        )
    return notes
