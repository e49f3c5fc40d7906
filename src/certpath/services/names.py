"""The one check of team names and employee ids a caller asks for, used by every read and by plans.

`certpath status`, `gaps`, `due` and `plan`, their API routes and the dashboard's pages all
refuse a team (or person) nobody in the caller's scope belongs to, with the closest names they
can see, rather than answering with an empty list. A name outside the caller's scope reads
the same as one that does not exist, so the answer leaks nothing about the rest of the
organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from certpath.errors import NotFoundError
from certpath.tracking import queries
from certpath.tracking.model import Scope

if TYPE_CHECKING:
    from certpath.tracking.database import Connection


def check_team(connection: Connection, scope: Scope) -> None:
    """NotFoundError unless `scope.team` (when set) has active people within the rest of `scope`."""
    if scope.team is not None:
        check_teams(connection, (scope.team,), scope=replace(scope, team=None))


def check_teams(connection: Connection, teams: Iterable[str], *, scope: Scope) -> None:
    """NotFoundError naming every team without active people in `scope`, with the closest ones."""
    known = [row.team for row in queries.teams(connection, scope=scope)]
    check_known("team", teams, known, scope=scope, listing="`certpath gaps` lists the teams")


def check_people(connection: Connection, people: Iterable[str], *, scope: Scope) -> None:
    """NotFoundError naming every employee id not active in `scope`, with the closest ones."""
    ids = sorted(queries.ids_in_scope(connection, scope=scope))
    check_known("person id", people, ids, scope=scope, listing="`certpath status` lists the people")


def check_known(what: str, asked: Iterable[str], known: list[str], *, scope: Scope, listing: str) -> None:
    """NotFoundError naming every unknown value, with the closest known ones and whose people were searched."""
    unknown = [name for name in dict.fromkeys(asked) if name not in set(known)]
    if not unknown:
        return
    parts = []
    for name in unknown:
        found = process.extract(name, known, scorer=fuzz.ratio, limit=3, score_cutoff=70)
        close = [match for match, _, _ in found]
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
        parts.append(f"'{name}'{hint}")
    plural = "s" if len(unknown) > 1 else ""
    raise NotFoundError(
        f"No active {what}{plural} {', '.join(parts)} among the people you can see{_seen(scope)}; {listing}."
    )


def _seen(scope: Scope) -> str:
    """Whose people a scoped caller can see, so a name outside it is explained."""
    if scope.person is not None:
        return " (only your own record: other teams are outside your scope)"
    if scope.manager is not None:
        return " (your reporting chain: other teams are outside your scope)"
    return ""
