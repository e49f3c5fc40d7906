"""What every evidence reader needs besides the file: the map, the people, the date, an attribution."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from certpath.errors import Issue, Location
from certpath.tracking.evidence.badge_map import BadgeMap
from certpath.tracking.evidence.identity import Recipients

#: Largest badge document read (badges are small; this stops a hostile file from exhausting canonicalisation).
MAX_BADGE_BYTES = 256 * 1024


@dataclass
class ReadContext:
    """Shared inputs plus the problems found so far in the current file."""

    source: str
    badge_map: BadgeMap
    recipients: Recipients
    today: date
    member: str | None = None  # attribute every badge in the file to this employee id
    issues: list[Issue] = field(default_factory=list)
    status_lists: Mapping[str, dict[str, Any]] = field(default_factory=dict)  # list URL -> list credential
    fetch: Callable[[str], bytes] | None = None  # only when network access is allowed
    date_format: str | None = None  # strptime format of a CSV's non-ISO dates (--date-format)

    def problem(
        self,
        message: str,
        *,
        key: str = "",
        line: int | None = None,
        column: int | None = None,
        unknown_person: bool = False,
    ) -> None:
        self.issues.append(Issue(Location(self.source, line, column, key), message, unknown_person))


def as_object(value: object) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one (untrusted files nest anything anywhere)."""
    return value if isinstance(value, dict) else {}


def parse_day(value: object) -> date | None:
    """The date of an ISO 8601 date or date-time string (with Z or an offset), or None."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None
