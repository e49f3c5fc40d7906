"""Read a roster file into members: columns mapped, cells checked, roles resolved, cycles refused.

Every problem in the file is collected (row, column, value, what to do) and raised
together as one RosterError; a roster with any problem yields no members at all.
Leavers and accounts that are not people are listed as inactive and never planned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from certpath.catalogue.model import Catalogue
from certpath.errors import Issue, Location, RosterError, UnknownChoiceError
from certpath.roster.columns import ALIASES, header_score, map_columns, near_misses, read_column_map
from certpath.roster.model import Inactive, Member, RoleSource, Roster
from certpath.roster.people import ManagerIndex, Person, display_name, person_names
from certpath.roster.reading import Row, Table, read_table
from certpath.roster.titles import EVERYONE, TitleResolver, read_title_map
from certpath.roster.values import (
    CellError,
    HeldCell,
    is_inactive,
    is_not_person,
    parse_cloud,
    parse_flag,
    parse_held,
    parse_hours,
)


@dataclass(frozen=True)
class RosterOptions:
    """Defaults for empty cells, the optional column and title map files, and how strict to be."""

    cloud: str = "none"
    hours_per_week: float = 5.0
    columns_file: Path | None = None
    titles_file: Path | None = None
    strict: bool = False  # an unresolved job title stops the run instead of getting the everyone role
    date_format: str | None = None  # for dates that are not ISO, e.g. 'DD.MM.YYYY'
    titles: dict[str, str] = field(default_factory=dict)  # title -> role chosen outside a file


def load_roster(
    path: Path, catalogue: Catalogue, *, today: date, options: RosterOptions | None = None
) -> Roster:
    """Members of the roster at `path`; raise RosterError listing every problem."""
    roster, issues = inspect_roster(path, catalogue, today=today, options=options)
    if issues:
        raise RosterError(roster.source, issues)
    return roster


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
    reader = _RowReader(
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
    notes = [*table.notes, *id_note, *_notes(sensitive, unused, columns, reader)]
    roster = Roster(
        table.source,
        tuple(_with_teams(members)),
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


@dataclass
class _RowReader:
    table: Table
    columns: dict[str, str]
    catalogue: Catalogue
    today: date
    options: RosterOptions
    resolver: TitleResolver
    issues: list[Issue] = field(default_factory=list)
    inactive: list[Inactive] = field(default_factory=list)
    defaulted: set[str] = field(default_factory=set)
    unresolved: dict[str, tuple[str, ...]] = field(default_factory=dict)
    held_notes: list[str] = field(default_factory=list)
    several_clouds: int = 0
    managers: ManagerIndex = field(default_factory=ManagerIndex)

    def index_people(self) -> list[Callable[[str], str]]:
        """Index every row's id, e-mails and names first, so managers can be named in any order."""
        cells = [self._cell(row) for row in self.table.rows]
        for cell in cells:
            if cell("employee_id"):
                self.managers.add(
                    Person(
                        cell("employee_id"),
                        emails=tuple(e for e in (cell("email"), cell("username")) if e),
                        names=person_names(**self._names(cell)),
                    )
                )
        return cells

    def _names(self, cell: Callable[[str], str]) -> dict[str, str]:
        return {
            "name": cell("name"),
            "given": cell("given_name"),
            "family": cell("family_name"),
            "preferred": cell("preferred_name"),
        }

    def read(self, row: Row, cell: Callable[[str], str]) -> Member | None:
        employee_id = cell("employee_id")
        reason = self._not_planned(cell)
        if reason:
            name = display_name(**self._names(cell)) or employee_id or cell("username") or cell("email")
            self.inactive.append(Inactive(employee_id, name, reason, row.line))
            return None
        if not employee_id:
            self._issue(row, "employee_id", "is empty; every person needs an employee id")
            return None
        role, source, confidence = self._role(row, cell)
        values = self._values(row)
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
        manager = self._manager(row, cell)
        if role is None:
            return None
        return Member(
            id=employee_id,
            name=display_name(**self._names(cell)) or employee_id,
            role=role,
            resolved_from=source or "column",
            confidence=confidence,
            team=cell("team"),
            title=cell("title"),
            email=cell("email") or (employee_id if "@" in employee_id else ""),
            manager_id=manager,
            background=background,
            line=row.line,
            suggestions=self.unresolved.get(cell("title"), ()) if source == "unresolved" else (),
            **values,
        )

    def _not_planned(self, cell: Callable[[str], str]) -> str | None:
        for name in ("status", "employment_status", "account_enabled"):
            if name in self.columns and is_inactive(cell(name)):
                return f"{self.columns[name]} = {cell(name)}"
        if is_not_person(cell("user_type"), cell("username"), cell("email"), cell("employee_id")):
            return "not a person (guest or service account)"
        return None

    def _values(self, row: Row) -> dict[str, Any]:
        held: HeldCell = self._parse(
            row,
            "held",
            lambda t: parse_held(t, self.catalogue, today=self.today, date_format=self.options.date_format),
            HeldCell(()),
        )
        self.held_notes += [f"line {row.line}: {note}" for note in held.notes]
        cloud_text = row.values.get(self.columns.get("cloud", ""), "")
        if any(sep in cloud_text for sep in "/,;&+|"):
            self.several_clouds += 1
        return {
            "cloud": self._parse(row, "cloud", parse_cloud, self.options.cloud),
            "hours_per_week": self._parse(row, "hours_per_week", parse_hours, self.options.hours_per_week),
            "held": held.holdings,
            "other_held": held.others,
        }

    def _manager(self, row: Row, cell: Callable[[str], str]) -> str | None:
        text = cell("manager_id")
        if not text:
            return None
        manager, problem = self.managers.resolve(text)
        if problem:
            self._issue(row, "manager_id", problem)
        return manager

    def _cell(self, row: Row) -> Callable[[str], str]:
        # one dict per row, not a lookup per call: rosters run to hundreds of thousands of rows
        found = {name: row.values.get(header, "").strip() for name, header in self.columns.items()}
        return lambda name: found.get(name, "")

    def _role(self, row: Row, cell: Callable[[str], str]) -> tuple[str | None, RoleSource | None, float]:
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
        if found.role is not None:
            return found.role, found.source, found.confidence
        if self.options.strict or EVERYONE not in self.catalogue.roles:
            options = (
                f"closest roles: {', '.join(found.suggestions)}" if found.suggestions else "no close role"
            )
            self._issue(
                row,
                "title",
                f"job title '{title}' does not match a role ({options}); add a line "
                f"'{title}: <role-id>' to a --titles FILE, or fill a 'role' column",
            )
            return None, None, 0.0
        self.unresolved[title] = found.suggestions
        return EVERYONE, "unresolved", 0.0

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
        shown = f" '{value}'" if value and f"'{value}'" not in message and value not in message else ""
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


def _notes(sensitive: list[str], unused: list[str], columns: dict[str, str], reader: _RowReader) -> list[str]:
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
        notes.append(f"Skipped {len(reader.inactive)} inactive or terminated people (not planned).")
    if reader.unresolved:
        notes.append(
            f"{len(reader.unresolved)} job title(s) matched no role; those people get '{EVERYONE}' "
            "(Layer 1 only) until you map them (--write-titles FILE writes a mapping to edit)."
        )
    if reader.several_clouds:
        notes.append(
            f"{reader.several_clouds} people list several clouds; planning uses the first one listed."
        )
    notes += reader.held_notes
    for name in sorted(reader.defaulted):
        value = reader.options.cloud if name == "cloud" else f"{reader.options.hours_per_week:g}"
        notes.append(
            f"Empty or missing '{name}' cells default to {value} (set with --{name.replace('_', '-')})."
        )
    return notes
