"""A roster as the planner sees it: members with a resolved role, grouped into teams."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from certpath.kernel import Holding

RoleSource = Literal["column", "title", "fuzzy", "mapping", "unresolved", "chosen"]


@dataclass(frozen=True, slots=True)
class Member:
    """One person on the roster, with everything planning needs and nothing sensitive."""

    id: str
    name: str
    role: str
    resolved_from: RoleSource
    confidence: float
    team: str
    title: str = ""
    email: str = ""
    manager_id: str | None = None
    background: str | None = None
    cloud: str = "none"
    hours_per_week: float = 5.0
    deploys_to_production: bool = False
    leads_externally: bool = False
    held: tuple[Holding, ...] = ()
    line: int | None = None
    other_held: tuple[str, ...] = ()  # held credentials the catalogue does not know, kept as written
    suggestions: tuple[str, ...] = ()  # closest roles when the title did not resolve


@dataclass(frozen=True, slots=True)
class Inactive:
    """Someone the file lists who is not planned: a leaver, a disabled account or not a person."""

    id: str
    name: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class Roster:
    """The members read from one file, plus what the reader noticed (ignored columns, defaults)."""

    source: str
    members: tuple[Member, ...]
    columns: dict[str, str]  # certpath field -> the file's column header
    notes: tuple[str, ...] = ()
    leavers: tuple[str, ...] = ()  # employee ids the file marks inactive or terminated
    inactive: tuple[Inactive, ...] = ()  # everyone not planned, with the reason

    def teams(self) -> dict[str, tuple[Member, ...]]:
        """Members grouped by team, teams and members in file order."""
        grouped: dict[str, list[Member]] = {}
        for member in self.members:
            grouped.setdefault(member.team, []).append(member)
        return {team: tuple(members) for team, members in grouped.items()}


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
