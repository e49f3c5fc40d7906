"""A FakeUnitOfWork with the real interface (tracking/ports.py), keeping the store in memory.

Unit tests of services run on it: no database, and a transaction that is left without commit
leaves the store as it was, as the SQL adapter's does.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import SimpleNamespace, TracebackType
from typing import Any

from certpath.tracking.evidence.keys import KeyPin, PinnedKey
from certpath.tracking.model import Completion, Person, Scope
from certpath.tracking.repository import EVIDENCE_COLUMNS
from certpath.tracking.summary import CatalogueMaps
from tests.fake_accounts import AccountState, FakeUsers
from tests.fake_reads import FakeReads


@dataclass
class State:
    """Everything the fake store holds; a transaction works on a copy and commit keeps it."""

    people: dict[str, Person] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    verifications: dict[str, int] = field(default_factory=dict)
    imports: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    keys: list[KeyPin] = field(default_factory=list)
    plans: dict[int, dict[str, Any]] = field(default_factory=dict)
    uploads: dict[int, Any] = field(default_factory=dict)
    maps: CatalogueMaps | None = None
    accounts: AccountState = field(default_factory=AccountState)


class FakePeople:
    def __init__(self, state: State) -> None:
        self.state = state

    def all(self, *, for_update: bool = False) -> dict[str, Person]:
        return dict(sorted(self.state.people.items()))

    def versions(self) -> dict[str, int]:
        return dict(self.state.versions)

    def get(self, person_id: str) -> Person | None:
        return self.state.people.get(person_id)

    def by_email(self) -> dict[str, str]:
        return {p.email.lower(): p.id for p in self.state.people.values() if p.email}

    def save(self, person: Person, *, version: int, at: datetime) -> None:
        self.state.people[person.id] = person
        self.state.versions[person.id] = version

    def save_many(self, changes: Sequence[tuple[Person, int]], *, at: datetime) -> None:
        for person, version in changes:
            self.save(person, version=version, at=at)

    def active(self, *, scope: Scope) -> list[Person]:
        found = [p for p in self.state.people.values() if self.in_scope(p.id, scope=scope)]
        return sorted(found, key=lambda p: (p.team, p.id))

    def in_scope(self, person_id: str, *, scope: Scope) -> bool:
        person = self.state.people.get(person_id)
        if person is None or not person.active:
            return False
        if scope.team is not None and person.team != scope.team:
            return False
        if scope.person is not None and person.id != scope.person:
            return False
        return scope.manager is None or self._reports_to(person, scope.manager)

    def ids_in_scope(self, *, scope: Scope) -> set[str]:
        return {p.id for p in self.active(scope=scope)}

    def _reports_to(self, person: Person, manager: str) -> bool:
        seen: set[str] = set()
        current: Person | None = person
        while current is not None and current.id not in seen:
            if current.id == manager:
                return True
            seen.add(current.id)
            current = self.state.people.get(current.manager_id or "")
        return False


class FakeEvidence:
    def __init__(self, state: State, people: FakePeople) -> None:
        self.state = state
        self.people = people
        self.touched: set[str] = set()

    def known_external_ids(self, source: str, candidates: Iterable[str]) -> set[str]:
        stored = {e["external_id"] for e in self.state.evidence if e["source"] == source}
        return stored & set(candidates)

    def verification_ids(self, records: Iterable[str]) -> dict[str, int]:
        for record in records:
            self.state.verifications.setdefault(record, len(self.state.verifications) + 1)
        return {record: self.state.verifications[record] for record in records}

    def credential_history(
        self, pairs: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[date, date]]:
        found: dict[tuple[str, str], tuple[date, date]] = {}
        for key in set(pairs):
            rows = [e for e in self._completed() if (e["person_id"], e["item_id"]) == key]
            expiries = [e["expires_on"] for e in rows if e["expires_on"] is not None]
            if expiries:
                found[key] = (min(e["completed_on"] for e in rows), max(expiries))
        return found

    def add_many(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            values = dict(zip(EVIDENCE_COLUMNS, row, strict=True))
            self.state.evidence.append({"id": len(self.state.evidence) + 1, **values})
            self.touched.add(values["person_id"])

    def void(self, source: str, external_id: str) -> dict[str, Any] | None:
        for row in self.state.evidence:
            if (row["source"], row["external_id"]) == (source, external_id):
                before = dict(row)
                row["status"] = "voided"
                self.touched.add(row["person_id"])
                return before
        return None

    def owners(self, source: str, external_ids: Iterable[str]) -> dict[str, str]:
        wanted = set(external_ids)
        return {
            e["external_id"]: e["person_id"]
            for e in self.state.evidence
            if e["source"] == source and e["external_id"] in wanted
        }

    def completed(self, *, scope: Scope) -> list[Completion]:
        found: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for e in self._completed():
            if e["item_id"] is not None and self.people.in_scope(e["person_id"], scope=scope):
                found.setdefault((e["person_id"], e["item_id"]), []).append(e)
        return [
            Completion(
                person,
                item,
                max(e["completed_on"] for e in rows),
                any(e["assurance"] == "verified" for e in rows),
                None if any(e["expires_on"] is None for e in rows) else max(e["expires_on"] for e in rows),
            )
            for (person, item), rows in sorted(found.items())
        ]

    def for_person(self, person_id: str) -> list[Any]:
        rows = [e for e in self.state.evidence if e["person_id"] == person_id]
        return [self._row(e) for e in sorted(rows, key=lambda e: e["completed_on"])]

    def unmatched(self) -> list[Any]:
        return [self._row(e) for e in self.state.evidence if e["item_id"] is None]

    def get(self, evidence_id: int) -> Any:
        found = [self._row(e) for e in self.state.evidence if e["id"] == evidence_id]
        return found[0] if found else None

    def start_import(
        self, *, kind: str, filename: str, sha256: str, rows: int, actor: str, at: datetime
    ) -> int:
        self.state.imports.append(
            {"kind": kind, "filename": filename, "rows": rows, "actor": actor, "at": at}
        )
        return len(self.state.imports)

    def _completed(self) -> list[dict[str, Any]]:
        return [e for e in self.state.evidence if e["status"] == "completed"]

    def _row(self, values: dict[str, Any]) -> SimpleNamespace:
        records = {number: record for record, number in self.state.verifications.items()}
        return SimpleNamespace(**values, checks=records.get(values["verification_id"]))


class FakeAudit:
    def __init__(self, state: State, *, actor: str, now: datetime) -> None:
        self.state = state
        self.actor = actor
        self.now = now

    def append(
        self, action: str, subject_type: str, subject_id: str, *, before: Any = None, after: Any = None
    ) -> None:
        self.append_many([(action, subject_type, subject_id, before, after)])

    def append_many(self, entries: Sequence[tuple[str, str, str, Any, Any]]) -> None:
        for action, kind, subject, before, after in entries:
            entry = {"actor": self.actor, "at": self.now, "action": action, "subject_type": kind}
            self.state.audit.append({**entry, "subject_id": subject, "before": before, "after": after})

    def entries(self, *, action: str | None, subject: str | None, actor: str | None, limit: int) -> list[Any]:
        rows = [
            SimpleNamespace(
                **{**e, "id": number, "before": _dumped(e["before"]), "after": _dumped(e["after"])}
            )
            for number, e in enumerate(self.state.audit, start=1)
            if e["action"].startswith(action or "")
            and subject in (None, e["subject_id"])
            and actor in (None, e["actor"])
        ]
        return rows[::-1][:limit]


def _dumped(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


class FakeKeys:
    def __init__(self, state: State) -> None:
        self.state = state

    def stored(self) -> list[PinnedKey]:
        return [pinned.key for pinned in self.state.keys]

    def pin(self, keys: list[PinnedKey], *, source: str, actor: str, at: datetime) -> list[PinnedKey]:
        known = {(k.issuer, k.key_id, k.as_json()) for k in self.stored()}
        fresh = {
            (k.issuer, k.key_id, k.as_json()): k
            for k in keys
            if (k.issuer, k.key_id, k.as_json()) not in known
        }
        self.state.keys.extend(
            KeyPin(replace(k, source=k.source or source), actor, at) for k in fresh.values()
        )
        return list(fresh.values())

    def pins(self) -> list[KeyPin]:
        return sorted(self.state.keys, key=lambda pinned: pinned.key.issuer)


class FakePlans:
    def __init__(self, state: State, people: FakePeople) -> None:
        self.state = state
        self.people = people

    def add(
        self,
        *,
        title: str,
        team: str | None,
        request: dict[str, Any],
        report: dict[str, Any],
        by: str,
        at: datetime,
    ) -> int:
        plan_id = len(self.state.plans) + 1
        self.state.plans[plan_id] = {
            "id": plan_id,
            "title": title,
            "team": team,
            "status": "draft",
            "request": json.dumps(request, sort_keys=True),
            "report": json.dumps(report),
            "total_cost_usd": float(report["total_cost_usd"]),
            "created_by": by,
            "created_at": at,
            "accepted_by": None,
            "accepted_at": None,
        }
        return plan_id

    def get(self, plan_id: int, scope: Scope) -> Any:
        row = self.state.plans.get(plan_id)
        if row is None:
            return None
        members = {m["id"] for m in json.loads(row["report"])["members"]}
        visible = scope == Scope() or members <= self.people.ids_in_scope(scope=scope)
        return SimpleNamespace(**row) if visible else None

    def upload(self, upload_id: int) -> Any:
        return self.state.uploads.get(upload_id)

    def mark_committed(self, upload_id: int, *, at: datetime, preview: str) -> None:
        row = self.state.uploads[upload_id]
        self.state.uploads[upload_id] = SimpleNamespace(
            **{**vars(row), "committed_at": at, "preview": preview, "data": None}
        )

    # The read side and the upload shelf.

    def listed(self, scope: Scope, *, team: str | None = None, limit: int = 200) -> list[Any]:
        found = [self.get(plan_id, scope) for plan_id in sorted(self.state.plans, reverse=True)]
        return [p for p in found if p is not None and team in (None, p.team)][:limit]

    def accept(self, plan_id: int, *, by: str, at: datetime) -> None:
        self.state.plans[plan_id].update(status="accepted", accepted_by=by, accepted_at=at)

    def accepted_for(self, person_id: str) -> list[Any]:
        found = [
            SimpleNamespace(**row)
            for row in self.state.plans.values()
            if row["status"] == "accepted"
            and person_id in {m["id"] for m in json.loads(row["report"])["members"]}
        ]
        return sorted(found, key=lambda p: (p.accepted_at, p.id), reverse=True)

    def add_upload(
        self, *, filename: str, sha256: str, data: bytes | None, preview: str, by: str, at: datetime
    ) -> int:
        upload_id = max(self.state.uploads, default=0) + 1
        self.state.uploads[upload_id] = SimpleNamespace(
            id=upload_id,
            filename=filename,
            sha256=sha256,
            data=data,
            preview=preview,
            uploaded_by=by,
            created_at=at,
            committed_at=None,
        )
        return upload_id

    def purge_uploads(self, *, before: datetime) -> int:
        old = [
            upload_id
            for upload_id, row in self.state.uploads.items()
            if row.committed_at is None and getattr(row, "created_at", before) < before
        ]
        for upload_id in old:
            del self.state.uploads[upload_id]
        return len(old)


class FakeUnitOfWork:
    """`with uow: ...; uow.commit()` over an in-memory State; leaving without commit rolls back."""

    def __init__(self, state: State | None = None, *, actor: str = "test", now: datetime) -> None:
        self.state = state or State()
        self.actor = actor
        self.now = now
        self.commits = 0
        self._open(self.state)

    def _open(self, state: State) -> None:
        self.people = FakePeople(state)
        self.evidence = FakeEvidence(state, self.people)
        self.audit = FakeAudit(state, actor=self.actor, now=self.now)
        self.keys = FakeKeys(state)
        self.users = FakeUsers(state.accounts)
        self.plans = FakePlans(state, self.people)
        self.reads = FakeReads(state, self.people)
        self._working = state

    def __enter__(self) -> FakeUnitOfWork:
        self._open(copy.deepcopy(self.state))
        return self

    def follow_catalogue(self, maps: CatalogueMaps) -> None:
        self._working.maps = maps

    def summarise(self, maps: CatalogueMaps) -> None:
        self.state.maps = maps

    def commit(self) -> None:
        self.state.__dict__.update(copy.deepcopy(self._working).__dict__)
        self.commits += 1

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._open(self.state)


def person(person_id: str, role: str = "ml-engineer", *, team: str = "Data", **fields: Any) -> Person:
    """A stored person with defaults."""
    return replace(
        Person(person_id, f"Person {person_id}", role, team, email=f"{person_id.lower()}@example.com"),
        **fields,
    )
