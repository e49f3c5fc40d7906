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
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz, process

from certpath.errors import NotInScopeError
from certpath.tracking.model import Scope

if TYPE_CHECKING:
    from certpath.tracking.ports import UnitOfWork


def check_team(uow: UnitOfWork, scope: Scope) -> None:
    """NotInScopeError unless `scope.team` (when set) has active people within the rest of `scope`
    (in an open unit of work)."""
    if scope.team is not None:
        check_teams(uow, (scope.team,), scope=replace(scope, team=None))


def check_teams(uow: UnitOfWork, teams: Iterable[str], *, scope: Scope) -> None:
    """NotInScopeError naming every team without active people in `scope`, with the closest ones."""
    teams = list(teams)
    if not teams:
        return
    known = [team for team, _ in uow.reads.teams(scope=scope)]
    check_known("team", teams, known, scope=scope)


def check_people(uow: UnitOfWork, people: Iterable[str], *, scope: Scope) -> None:
    """NotInScopeError naming every employee id not active in `scope`, with the closest ones."""
    people = list(people)
    if not people:
        return
    check_known("person", people, sorted(uow.people.ids_in_scope(scope=scope)), scope=scope)


def check_known(
    kind: Literal["team", "person"], asked: Iterable[str], known: list[str], *, scope: Scope
) -> None:
    """NotInScopeError naming every unknown value, with the closest known ones and whose people
    were searched; each interface adds where the known ones are listed."""
    present = set(known)
    unknown = [name for name in dict.fromkeys(asked) if name not in present]
    if not unknown:
        return
    parts = []
    for name in unknown:
        found = process.extract(name, known, scorer=fuzz.ratio, limit=3, score_cutoff=70)
        close = [match for match, _, _ in found]
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
        parts.append(f"'{name}'{hint}")
    what = {"team": "team", "person": "person id"}[kind] + ("s" if len(unknown) > 1 else "")
    raise NotInScopeError(
        f"No active {what} {', '.join(parts)} among the people you can see{_seen(scope)}.",
        kind=kind,
        names=unknown,
    )


def _seen(scope: Scope) -> str:
    """Whose people a scoped caller can see, so a name outside it is explained."""
    if scope.person is not None:
        return " (only your own record: other teams are outside your scope)"
    if scope.manager is not None:
        return " (your reporting chain: other teams are outside your scope)"
    return ""
