"""Reading a roster table row by row: people, titles, managers, leavers and every problem, in one pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from certpath.catalogue.model import Catalogue
from certpath.errors import Issue, Location, UnknownChoiceError
from certpath.roster.model import Inactive, Member, RoleSource
from certpath.roster.people import ManagerIndex, Person, display_name, person_names
from certpath.roster.reading import Row, Table
from certpath.roster.titles import EVERYONE, TitleResolver
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

if TYPE_CHECKING:
    from certpath.roster.model import RosterOptions


@dataclass
class RowReader:
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
