"""Read a roster file into members: columns mapped, cells checked, roles resolved, cycles refused.

Every problem in the file is collected (row, column, value, what to do) and raised
together as one RosterError; a roster with any problem yields no members at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from certpath.catalogue.model import Catalogue
from certpath.errors import Issue, Location, RosterError, UnknownChoiceError
from certpath.roster.columns import ALIASES, map_columns, read_column_map
from certpath.roster.model import Member, Roster
from certpath.roster.reading import Row, Table, read_table
from certpath.roster.titles import TitleResolver, read_title_map
from certpath.roster.values import CellError, is_inactive, parse_cloud, parse_flag, parse_held, parse_hours


@dataclass(frozen=True)
class RosterOptions:
    """Defaults for cells a roster leaves empty, and the optional column and title map files."""

    cloud: str = "none"
    hours_per_week: float = 5.0
    columns_file: Path | None = None
    titles_file: Path | None = None


def load_roster(
    path: Path, catalogue: Catalogue, *, today: date, options: RosterOptions | None = None
) -> Roster:
    """Members of the roster at `path`; raise RosterError listing every problem."""
    return roster_from_table(read_table(path), catalogue, today=today, options=options)


def roster_from_table(
    table: Table, catalogue: Catalogue, *, today: date, options: RosterOptions | None = None
) -> Roster:
    """Members of a roster already read into a table; raise RosterError listing every problem."""
    options = options or RosterOptions()
    overrides = read_column_map(options.columns_file, table.columns) if options.columns_file else {}
    titles = read_title_map(options.titles_file, catalogue) if options.titles_file else {}
    columns, sensitive, unused = map_columns(table.columns, overrides)
    _require_columns(table, columns)
    reader = _RowReader(
        table, columns, catalogue, today=today, options=options, resolver=TitleResolver(catalogue, titles)
    )
    members = [m for row in table.rows if (m := reader.read(row)) is not None]
    reader.check_duplicates(members)
    reader.check_managers(members)
    if reader.issues:
        raise RosterError(table.source, reader.issues)
    if not members:
        raise RosterError(table.source, [Issue(Location(table.source), "no active people in the file")])
    notes = _notes(sensitive, unused, reader)
    leavers = tuple(i for i in reader.leavers if i)
    return Roster(table.source, tuple(_with_teams(members)), columns, tuple(notes), leavers)


def _require_columns(table: Table, columns: dict[str, str]) -> None:
    missing = [f for f in ("employee_id",) if f not in columns]
    if "role" not in columns and "title" not in columns:
        missing.append("title")
    if missing:
        found = _some_columns([c for c in table.columns if c])
        issues = [
            Issue(
                Location(table.source, table.header_line, key=field),
                f"no '{field}' column (looked for {', '.join(ALIASES[field][:5])}, ...; found {found}); "
                f"rename the column or map it with --columns FILE containing '{field}: <your header>'",
            )
            for field in missing
        ]
        raise RosterError(table.source, issues)


#: How many of a header's columns an error lists, and how much of each: a 20 MB header line of
#: ten million columns made a 60 MB error that was stored and sent with every view of the upload.
SHOWN_COLUMNS, SHOWN_CHARS = 20, 60


def _some_columns(names: list[str]) -> str:
    shown = [n if len(n) <= SHOWN_CHARS else n[: SHOWN_CHARS - 1] + "…" for n in names[:SHOWN_COLUMNS]]
    more = len(names) - len(shown)
    return (", ".join(shown) or "none") + (f" and {more:,} more" if more else "")


@dataclass
class _RowReader:
    table: Table
    columns: dict[str, str]
    catalogue: Catalogue
    today: date
    options: RosterOptions
    resolver: TitleResolver
    issues: list[Issue] = field(default_factory=list)
    leavers: list[str] = field(default_factory=list)
    defaulted: set[str] = field(default_factory=set)

    def read(self, row: Row) -> Member | None:
        cell = self._cell(row)
        if is_inactive(cell("status")):
            self.leavers.append(cell("employee_id"))
            return None
        employee_id = cell("employee_id")
        if not employee_id:
            self._issue(row, "employee_id", "is empty; every person needs an employee id")
            return None
        role, source, confidence = self._role(row, cell)
        values: dict[str, Any] = {
            "cloud": self._parse(row, "cloud", parse_cloud, self.options.cloud),
            "hours_per_week": self._parse(row, "hours_per_week", parse_hours, self.options.hours_per_week),
            "held": self._parse(row, "held", lambda t: parse_held(t, self.catalogue, today=self.today), ()),
        }
        known_role = self.catalogue.roles.get(role or "")
        for flag in ("deploys_to_production", "leads_externally"):
            default = bool(getattr(known_role, flag, False))
            values[flag] = self._parse(row, flag, parse_flag, default)
        background = cell("background") or (known_role.background if known_role else None)
        if background and background not in self.catalogue.backgrounds:
            self._issue(
                row,
                "background",
                f"unknown background '{background}'; use one of {', '.join(self.catalogue.backgrounds)}",
            )
        if role is None:
            return None
        return Member(
            id=employee_id,
            name=_name(cell) or employee_id,
            role=role,
            resolved_from=source or "column",
            confidence=confidence,
            team=cell("team"),
            title=cell("title"),
            email=cell("email"),
            manager_id=cell("manager_id") or None,
            background=background,
            line=row.line,
            **values,
        )

    def _cell(self, row: Row) -> Callable[[str], str]:
        return lambda name: row.values.get(self.columns.get(name, ""), "").strip()

    def _role(self, row: Row, cell: Callable[[str], str]) -> tuple[str | None, Any, float]:
        given = cell("role")
        if given:
            try:
                return self.catalogue.roles[given].id, "column", 1.0
            except KeyError:
                error = UnknownChoiceError("role", given, choices=sorted(self.catalogue.roles))
                hint = f" (did you mean '{error.closest}'?)" if error.closest else ""
                self._issue(
                    row,
                    "role",
                    f"unknown role '{given}'{hint}; use a role id from 'certpath catalogue list roles'",
                )
                return None, None, 0.0
        title = cell("title")
        if not title:
            self._issue(row, "title", "is empty and there is no role; give a job title or a role id")
            return None, None, 0.0
        found = self.resolver.resolve(title)
        if found.role is None:
            options = (
                f"closest roles: {', '.join(found.suggestions)}" if found.suggestions else "no close role"
            )
            self._issue(
                row,
                "title",
                f"job title '{title}' does not match a role ({options}); add a line "
                f"'{title}: <role-id>' to a --titles FILE, or fill a 'role' column",
            )
        return found.role, found.source, found.confidence

    def _parse(self, row: Row, name: str, parse: Callable[[str], Any], default: Any) -> Any:
        text = row.values.get(self.columns.get(name, ""), "").strip()
        if not text:
            if name in ("cloud", "hours_per_week"):
                self.defaulted.add(name)
            return default
        try:
            return parse(text)
        except CellError as error:
            self._issue(row, name, str(error))
            return default

    def _issue(self, row: Row, name: str, message: str) -> None:
        header = self.columns.get(name, name)
        column = self.table.columns.index(header) + 1 if header in self.table.columns else None
        value = row.values.get(header, "")
        shown = f" '{value}'" if value and f"'{value}'" not in message else ""
        self.issues.append(
            Issue(Location(self.table.source, row.line, column, header), f"{shown.strip()} {message}".strip())
        )

    def check_duplicates(self, members: list[Member]) -> None:
        first: dict[str, Member] = {}
        for member in members:
            if member.id in first:
                self.issues.append(
                    Issue(
                        Location(
                            self.table.source,
                            member.line,
                            self._column("employee_id"),
                            self.columns["employee_id"],
                        ),
                        f"employee id '{member.id}' is repeated (first on line {first[member.id].line}); "
                        "each person must appear once",
                    )
                )
            else:
                first[member.id] = member

    def check_managers(self, members: list[Member]) -> None:
        manager_of = {m.id: m.manager_id for m in members if m.manager_id}
        reported: set[str] = set()
        for member in members:
            chain, current = [member.id], manager_of.get(member.id)
            while current is not None and current not in chain and current in manager_of:
                chain.append(current)
                current = manager_of.get(current)
            if current is not None and current in chain and current not in reported:
                loop = [*chain[chain.index(current) :], current]
                reported.update(loop)
                self.issues.append(
                    Issue(
                        Location(
                            self.table.source,
                            member.line,
                            self._column("manager_id"),
                            self.columns.get("manager_id", ""),
                        ),
                        f"managers form a cycle: {' -> '.join(loop)}; fix the manager id of one of them",
                    )
                )

    def _column(self, name: str) -> int | None:
        header = self.columns.get(name)
        return self.table.columns.index(header) + 1 if header in self.table.columns else None


def _name(cell: Callable[[str], str]) -> str:
    return cell("name") or " ".join(p for p in (cell("given_name"), cell("family_name")) if p)


def _with_teams(members: list[Member]) -> list[Member]:
    """Members without a team column join their manager's reports ('team of <manager>')."""
    from dataclasses import replace

    names = {m.id: m.name for m in members}
    out = []
    for member in members:
        if not member.team:
            lead = member.manager_id
            team = f"team of {names.get(lead, lead)}" if lead else "team"
            member = replace(member, team=team)
        out.append(member)
    return out


def _notes(sensitive: list[str], unused: list[str], reader: _RowReader) -> list[str]:
    notes = []
    if sensitive:
        notes.append(
            f"Ignored and never read (personal data certpath does not need): {_some_columns(sensitive)}."
        )
    if unused:
        notes.append(f"Columns not used: {_some_columns(unused)}.")
    if reader.leavers:
        notes.append(f"Skipped {len(reader.leavers)} inactive or terminated people.")
    for name in sorted(reader.defaulted):
        value = reader.options.cloud if name == "cloud" else f"{reader.options.hours_per_week:g}"
        notes.append(
            f"Empty or missing '{name}' cells default to {value} (set with --{name.replace('_', '-')})."
        )
    return notes
