"""Tracking use cases that write: open the store, import people, record and import evidence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from certpath.catalogue.model import Catalogue
from certpath.errors import (
    CertpathError,
    EvidenceError,
    InputError,
    Issue,
    Location,
    UnknownChoiceError,
    UnknownPersonError,
    WriteScopeError,
)
from certpath.services.trust import pin_files, read_status_lists
from certpath.services.users import deactivate_users_of
from certpath.services.write_scope import ORGANISATION, check_evidence, check_person, whom
from certpath.tracking.database import ensure_current, make_engine
from certpath.tracking.evidence.badge_map import load_badge_map as load
from certpath.tracking.evidence.checks import Checklist
from certpath.tracking.evidence.context import ReadContext
from certpath.tracking.evidence.identity import Recipients
from certpath.tracking.evidence.reading import file_digest, read_evidence
from certpath.tracking.model import EvidenceBatch, NewEvidence, Person
from certpath.tracking.recording import store_batch

if TYPE_CHECKING:
    from certpath.config import Settings
    from certpath.roster.model import Member, Roster
    from certpath.tracking.database import Engine
    from certpath.tracking.evidence.badge_map import BadgeMap
    from certpath.tracking.model import Scope
    from certpath.tracking.ports import UnitOfWork
    from certpath.tracking.recording import ImportSummary


def open_store(settings: Settings) -> Engine:
    """The tracking database, created on first use; refuses a schema that is behind."""
    engine = make_engine(settings.database_url)
    ensure_current(engine)
    return engine


@dataclass
class PeopleImport:
    """What a roster import changed."""

    source: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    users_deactivated: list[str] = field(default_factory=list)  # users of people who left
    unchanged: int = 0
    claims: int = 0


def person_from(member: Member) -> Person:
    """The stored form of a roster member."""
    return Person(
        id=member.id,
        name=member.name,
        role=member.role,
        team=member.team,
        email=member.email.lower(),
        title=member.title,
        manager_id=member.manager_id,
        cloud=member.cloud,
        hours_per_week=member.hours_per_week,
        deploys_to_production=member.deploys_to_production,
        leads_externally=member.leads_externally,
        background=member.background,
    )


def import_people(
    uow: UnitOfWork,
    catalogue: Catalogue,
    roster: Roster,
    *,
    today: date,
    deactivate_missing: bool = False,
) -> PeopleImport:
    """Upsert the roster's people by employee id in one transaction; leavers become inactive, never
    deleted, and their users are deactivated (sessions end, API tokens stop working) in the same one."""
    result = PeopleImport(roster.source)
    with uow:
        stored = uow.people.all(for_update=True)
        versions = uow.people.versions()
        changes, entries = [], []
        for member in roster.members:
            person = person_from(member)
            old = stored.get(person.id)
            if old == person:
                result.unchanged += 1
                continue
            changes.append((person, versions.get(person.id, 0) + 1))
            action = "person.add" if old is None else "person.update"
            entries.append((action, "person", person.id, old and old.as_dict(), person.as_dict()))
            (result.added if old is None else result.changed).append(person.id)
        # one statement per kind of write: a 200,000-person roster imports in seconds, not minutes
        uow.people.save_many(changes, at=uow.now)
        uow.audit.append_many(entries)
        listed = {m.id for m in roster.members}
        leaving = set(roster.leavers) | (
            {i for i in stored if i not in listed} if deactivate_missing else set()
        )
        for person_id in sorted(leaving):
            old = stored.get(person_id)
            if old is None or not old.active:
                continue
            uow.people.save(replace(old, active=False), version=versions[person_id] + 1, at=uow.now)
            uow.audit.append(
                "person.deactivate", "person", person_id, before={"active": True}, after={"active": False}
            )
            result.deactivated.append(person_id)
        # Also users still active for someone already inactive (made before users followed the roster).
        gone = [i for i in leaving if i in stored]
        result.users_deactivated = deactivate_users_of(uow.users, gone, audit=uow.audit)
        result.claims = _store_claims(uow, catalogue, roster.members, today=today)
        _audit_import(uow, result)
        uow.commit()
    return result


def _audit_import(uow: UnitOfWork, result: PeopleImport) -> None:
    """One entry per import naming the file (the name as uploaded, never a server path) and who changed."""
    after = {"file": result.source, **{k: v for k, v in asdict(result).items() if k != "source"}}
    uow.audit.append("roster.import", "roster", Path(result.source).name[:200], after=after)


def _store_claims(uow: UnitOfWork, catalogue: Catalogue, members: tuple[Member, ...], *, today: date) -> int:
    """Credentials the roster says people hold, stored as claimed (self-reported) evidence."""
    checks = Checklist("manual")
    checks.passed("structure", "listed in the roster's credentials column")
    checks.skipped("signature", "self-reported in the HR export; import the badge to verify it")
    verification = checks.record()
    claims = [
        NewEvidence(
            m.id,
            h.item_id,
            "roster",
            "completed",
            h.earned_on or today,
            verification,
            external_id=f"{m.id}|{h.item_id}|{h.earned_on}",
            note="listed in the roster",
        )
        for m in members
        for h in m.held
    ]
    if not claims:
        return 0
    summary = store_batch(
        uow, catalogue, EvidenceBatch("roster", "roster claims", claims), file="roster", sha256="-"
    )
    return summary.added


def record_completion(
    uow: UnitOfWork,
    catalogue: Catalogue,
    member: str,
    item: str,
    *,
    day: date,
    today: date,
    scope: Scope,
    credential_id: str | None = None,
    url: str | None = None,
    note: str | None = None,
) -> ImportSummary:
    """Record one completion typed in by a person (assurance: claimed), for someone in the writer's `scope`."""
    if item not in catalogue.courses and item not in catalogue.credentials:
        raise UnknownChoiceError(
            "catalogue item", item, choices=sorted({*catalogue.courses, *catalogue.credentials})
        )
    if day > today:
        raise InputError(
            f"The completion date {day} is after today ({today}); record completions once they happen."
        )
    checks = Checklist("manual")
    checks.passed("structure", f"entered by {uow.actor}")
    checks.skipped("signature", "typed in; import the badge or LMS record to verify it")
    checks.passed("dates", f"completed {day}, not in the future")
    with uow:
        check_person(uow.people, member, scope=scope, where=Location("(record)", key="member"))
        if uow.people.get(member) is None:
            raise UnknownPersonError(member)
        evidence = NewEvidence(
            member,
            item,
            "record",
            "completed",
            day,
            checks.record(),
            external_id=f"{member}|{item}|{day}",
            credential_id=credential_id,
            url=url,
            note=note,
        )
        summary = store_batch(
            uow, catalogue, EvidenceBatch("record", "manual record", [evidence]), file="(record)", sha256="-"
        )
        if summary.added == 0:
            raise InputError(f"{member} already has {item} recorded on {day}; nothing was added.")
        uow.commit()
    return summary


def import_evidence(
    uow: UnitOfWork,
    catalogue: Catalogue,
    paths: list[Path],
    *,
    badge_map: BadgeMap,
    today: date,
    scope: Scope,
    member: str | None = None,
    names: list[str] | None = None,
    trust: list[Path] | None = None,
    status_lists: Sequence[str | Path] | None = None,
    fetch: Callable[[str], bytes] | None = None,
    date_format: str | None = None,
) -> list[ImportSummary]:
    """Read and verify every file, check every person they name against the writer's `scope`,
    then write them all in one transaction, or nothing.

    `names` are the files as the caller knows them (an upload's own name rather than the
    server's temporary path): messages, summaries and the audit log use them. `trust` files
    (DID documents, JWKS) and the badge map's `trust:` files are pinned in the store in the
    same transaction; `status_lists` are status list credentials; `fetch` reads a status list
    from its URL and is given only when network access is allowed; `date_format` (strptime) reads
    a completions CSV's dates that are neither ISO nor plain day/month.
    """
    shown = names if names is not None else [str(p) for p in paths]
    with uow:
        if member is not None:
            check_person(uow.people, member, scope=scope, where=Location("the request", key="member"))
        recipients = Recipients(frozenset(uow.people.versions()), uow.people.by_email())
        if member is not None and member not in recipients.ids:
            raise UnknownPersonError(member, named_by="member")
        lists = read_status_lists(status_lists or [])
        trusting = badge_map.with_pinned(pin_files(uow, trust or [], badge_map=badge_map))
        batches = []
        for path, name in zip(paths, shown, strict=True):
            data = _read_bytes(path, name)
            context = ReadContext(
                name,
                trusting,
                recipients,
                today,
                member,
                status_lists=lists,
                fetch=fetch,
                date_format=date_format,
            )
            try:
                batches.append((name, file_digest(data), read_evidence(path, data, context=context)))
            except EvidenceError as error:
                raise _unknown_as_outside(error, scope=scope) from None
        check_evidence(uow, [(n, b) for n, _, b in batches], scope=scope)
        # Only the organisation's own imports (admins, L&D, the CLI) are records; a member's or a
        # manager's unsigned file is what they say, however it is formatted.
        self_reported = scope != ORGANISATION
        summaries = [
            store_batch(uow, catalogue, b, file=n, sha256=d, self_reported=self_reported)
            for n, d, b in batches
        ]
        uow.commit()
    return summaries


def _unknown_as_outside(error: EvidenceError, *, scope: Scope) -> CertpathError:
    """To a writer with a narrowed scope, a file naming someone unknown is refused like one naming
    someone outside the scope (403), so that nobody can learn from the answer who is on the roster."""
    unknown = [i for i in error.issues if i.unknown_person]
    if scope == ORGANISATION or not unknown:
        return error
    return WriteScopeError(
        [Issue(i.location, "names someone you may not write evidence for") for i in unknown],
        allowed=whom(scope),
    )


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise EvidenceError(name, [Issue(Location(name), f"cannot be read: {error.strerror}")]) from None


def load_badge_map(catalogue: Catalogue, paths: list[Path] | None, environ_value: str | None) -> BadgeMap:
    """The badge map: catalogue names, then CERTPATH_BADGE_MAP files, then the files given in `paths`."""
    import os

    files = [Path(p) for p in (environ_value or "").split(os.pathsep) if p] + list(paths or [])
    return load(catalogue, files)
