"""Reading and writing tracking rows on one connection; the unit of work owns the transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, tuple_, update

from certpath.tracking.model import Person
from certpath.tracking.tables import audit_log, evidence, imports, people, person_versions

_PERSON_FIELDS = tuple(f.name for f in fields(Person))
#: Rows per INSERT statement in bulk writes (SQLite allows 32,766 bound parameters).
CHUNK = 1000


def person_from_row(row: Any) -> Person:
    """A Person from a `people` row."""
    return Person(**{name: getattr(row, name) for name in _PERSON_FIELDS})


class PeopleRepository:
    """People keyed by employee id, with a version row for every change."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def all(self, *, for_update: bool = False) -> dict[str, Person]:
        """Everyone, by id; `for_update` locks the rows (PostgreSQL) so concurrent imports queue up."""
        query = select(people).order_by(people.c.id)
        rows = self.connection.execute(query.with_for_update() if for_update else query)
        return {row.id: person_from_row(row) for row in rows}

    def versions(self) -> dict[str, int]:
        rows = self.connection.execute(select(people.c.id, people.c.version))
        return {row.id: row.version for row in rows}

    def get(self, person_id: str) -> Person | None:
        row = self.connection.execute(select(people).where(people.c.id == person_id)).first()
        return None if row is None else person_from_row(row)

    def by_email(self) -> dict[str, str]:
        rows = self.connection.execute(select(people.c.email, people.c.id).where(people.c.email != ""))
        return {row.email.lower(): row.id for row in rows}

    def save(self, person: Person, *, version: int, at: datetime) -> None:
        """Insert or update `person` at `version` and keep that version in the history."""
        values = {**person.as_dict(), "version": version, "updated_at": at}
        if version == 1:
            self.connection.execute(insert(people), [values])
        else:
            self.connection.execute(update(people).where(people.c.id == person.id).values(values))
        self.connection.execute(
            insert(person_versions),
            [
                {
                    "person_id": person.id,
                    "version": version,
                    "recorded_at": at,
                    "data": _dump(person.as_dict()),
                }
            ],
        )

    def history(self, person_id: str) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            select(person_versions)
            .where(person_versions.c.person_id == person_id)
            .order_by(person_versions.c.version)
        )
        return [{"version": r.version, "recorded_at": r.recorded_at, **json.loads(r.data)} for r in rows]


class EvidenceRepository:
    """Evidence rows; bulk inserts in chunks, idempotency by (source, external id)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def known_external_ids(self, source: str, candidates: Iterable[str]) -> set[str]:
        found: set[str] = set()
        wanted = list(candidates)
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            rows = self.connection.execute(
                select(evidence.c.external_id).where(
                    and_(evidence.c.source == source, evidence.c.external_id.in_(chunk))
                )
            )
            found.update(row.external_id for row in rows)
        return found

    def credential_history(
        self, pairs: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[date, date]]:
        """(person, item) -> (first award, latest expiry) for items that already have evidence."""
        wanted = list(pairs)
        result: dict[tuple[str, str], tuple[date, date]] = {}
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            rows = self.connection.execute(
                select(
                    evidence.c.person_id,
                    evidence.c.item_id,
                    func.min(evidence.c.completed_on).label("first"),
                    func.max(evidence.c.expires_on).label("last_expiry"),
                )
                .where(evidence.c.status == "completed")
                .where(tuple_(evidence.c.person_id, evidence.c.item_id).in_(chunk))
                .group_by(evidence.c.person_id, evidence.c.item_id)
            )
            for row in rows:
                if row.last_expiry is not None:
                    result[(row.person_id, row.item_id)] = (row.first, row.last_expiry)
        return result

    def add_many(self, rows: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(rows), CHUNK):
            self.connection.execute(insert(evidence), list(rows[start : start + CHUNK]))

    def void(self, source: str, external_id: str) -> dict[str, Any] | None:
        """Mark one statement's evidence voided; its row as it was, or None when it is unknown."""
        row = self.connection.execute(
            select(evidence).where(and_(evidence.c.source == source, evidence.c.external_id == external_id))
        ).first()
        if row is None:
            return None
        self.connection.execute(update(evidence).where(evidence.c.id == row.id).values(status="voided"))
        return dict(row._mapping)

    def for_person(self, person_id: str) -> list[Any]:
        return list(
            self.connection.execute(
                select(evidence).where(evidence.c.person_id == person_id).order_by(evidence.c.completed_on)
            )
        )

    def get(self, evidence_id: int) -> Any:
        return self.connection.execute(select(evidence).where(evidence.c.id == evidence_id)).first()

    def unmatched(self) -> list[Any]:
        return list(
            self.connection.execute(
                select(evidence).where(evidence.c.item_id.is_(None)).order_by(evidence.c.id)
            )
        )

    def start_import(
        self, *, kind: str, filename: str, sha256: str, rows: int, actor: str, at: datetime
    ) -> int:
        result = self.connection.execute(
            insert(imports).values(
                kind=kind, filename=filename, sha256=sha256, rows=rows, actor=actor, created_at=at
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


class AuditLog:
    """The append-only log of every write: who, when, what, before and after."""

    def __init__(self, connection: Connection, *, actor: str, now: datetime) -> None:
        self.connection = connection
        self.actor = actor
        self.now = now

    def append(
        self, action: str, subject_type: str, subject_id: str, *, before: Any = None, after: Any = None
    ) -> None:
        self.connection.execute(
            insert(audit_log),
            [
                {
                    "at": self.now,
                    "actor": self.actor,
                    "action": action,
                    "subject_type": subject_type,
                    "subject_id": subject_id,
                    "before": None if before is None else _dump(before),
                    "after": None if after is None else _dump(after),
                }
            ],
        )

    def entries(
        self,
        *,
        action: str | None = None,
        subject: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
    ) -> Iterator[Any]:
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if action:
            query = query.where(audit_log.c.action.like(f"{action}%"))
        if subject:
            query = query.where(audit_log.c.subject_id == subject)
        if actor:
            query = query.where(audit_log.c.actor == actor)
        if since:
            query = query.where(audit_log.c.at >= since)
        yield from self.connection.execute(query)


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
