"""Writes scoped by what they say: every person a write names must be within the writer's scope.

A request names people in its path, its form or body, and inside its files (CSV rows, xAPI
statements and voids, badges). Each one is checked here, before anything is written; one person
outside the scope refuses the whole request and the error lists every place that names one.
The API, the web forms and the CLI all call these functions; the CLI passes ORGANISATION.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from certpath.errors import EvidenceError, Issue, Location, WriteScopeError
from certpath.tracking.model import EvidenceBatch, NewEvidence, Scope, Void

if TYPE_CHECKING:
    from certpath.tracking.ports import EvidenceStore, PeopleStore, UnitOfWork

#: The operator's scope at the command line, and an org-wide role's: everyone in the store.
ORGANISATION = Scope()
#: Places listed in one error; the rest are counted (a million-row file stays readable).
MAX_LISTED = 100

#: (file name as the caller knows it, what was read from it)
NamedBatch = tuple[str, EvidenceBatch]


def whom(scope: Scope) -> str:
    """The people a scope may write for, in words."""
    if scope.person is not None:
        return f"yourself only ({scope.person})"
    if scope.manager is not None:
        return f"your reporting chain ({scope.manager} and everyone under them)"
    return f"team {scope.team}" if scope.team is not None else "everyone"


def check_person(people: PeopleStore, person: str, *, scope: Scope, where: Location) -> None:
    """WriteScopeError unless `person` is someone the caller may write for (an unknown id reads the same)."""
    if scope == ORGANISATION or people.in_scope(person, scope=scope):
        return
    issue = Issue(where, f"names {person}")
    raise WriteScopeError([issue], allowed=whom(scope))


def check_evidence(uow: UnitOfWork, files: Sequence[NamedBatch], *, scope: Scope) -> None:
    """Refuse the import when any file voids an unknown statement (EvidenceError) or names,
    in a row, statement, badge or void, someone outside `scope` (WriteScopeError)."""
    voided = void_owners(uow.evidence, files)
    if scope == ORGANISATION:
        return
    allowed = uow.people.ids_in_scope(scope=scope)
    issues = list(islice(_outside(files, voided, allowed), MAX_LISTED + 1))
    if len(issues) > MAX_LISTED:
        named = [e.person_id for _, b in files for e in b.evidence] + [p for v in voided for _, p in v]
        more = sum(person not in allowed for person in named) - MAX_LISTED
        issues[MAX_LISTED] = Issue(Location(files[0][0]), f"and {more} more places like these")
    if issues:
        raise WriteScopeError(issues, allowed=whom(scope))


def _outside(
    files: Sequence[NamedBatch], voided: list[list[tuple[Void, str]]], allowed: set[str]
) -> Iterator[Issue]:
    """Each row, statement, badge and void that names someone not in `allowed`, where it is."""
    for (name, batch), voids in zip(files, voided, strict=True):
        for evidence in batch.evidence:
            if evidence.person_id not in allowed:
                yield Issue(_place(name, evidence.line, evidence.key), _names(evidence))
        for void, person in voids:
            if person not in allowed:
                message = f"voiding statement '{void.statement_id}' voids '{void.target}' of {person}"
                yield Issue(_place(name, void.line, void.key), message)


def void_owners(repository: EvidenceStore, files: Sequence[NamedBatch]) -> list[list[tuple[Void, str]]]:
    """Per file, each void with the person whose statement it voids: stored, or earlier in this import.

    A void of a statement certpath has not seen would do nothing, and could not be checked
    against a scope, so it is an error that names the voiding statement.
    """
    wanted: dict[str, set[str]] = {}
    for _, batch in files:
        for void in batch.voids:
            wanted.setdefault(void.source, set()).add(void.target)
    if not wanted:  # the common import: nothing to resolve
        return [[] for _ in files]
    stored = {source: repository.owners(source, targets) for source, targets in wanted.items()}
    seen: dict[tuple[str, str], str] = {}
    owners: list[list[tuple[Void, str]]] = []
    unknown: list[Issue] = []
    for name, batch in files:
        # Files are stored in order, each one's evidence before its voids: those statements count.
        if batch.source in wanted:
            seen.update(_statement_people(batch.evidence))
        found = []
        for void in batch.voids:
            person = stored[void.source].get(void.target) or seen.get((void.source, void.target))
            if person is None:
                unknown.append(_unknown(name, void))
            else:
                found.append((void, person))
        owners.append(found)
    if unknown:
        raise EvidenceError(unknown[0].location.file, unknown)
    return owners


def _statement_people(evidence: list[NewEvidence]) -> dict[tuple[str, str], str]:
    return {(e.source, e.external_id): e.person_id for e in evidence if e.external_id is not None}


def _unknown(name: str, void: Void) -> Issue:
    return Issue(
        _place(name, void.line, void.key),
        f"voiding statement '{void.statement_id}' voids '{void.target}', which is not in the store "
        "nor earlier in this import; import that statement first, or leave the void out",
    )


def _place(name: str, line: int | None, key: str) -> Location:
    return Location(name, line, None, key)


def _names(evidence: NewEvidence) -> str:
    what = {
        "xapi": f"statement '{evidence.external_id}'",
        "credly": f"Credly badge '{evidence.external_id}'",
        "csv": "the row",
    }.get(evidence.source, "the badge")
    return f"{what} names {evidence.person_id}"
