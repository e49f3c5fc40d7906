"""Reading and writing tracking rows on one connection; the unit of work owns the transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, String, and_, bindparam, insert, select, text, update

from certpath.tracking.model import Person
from certpath.tracking.tables import audit_log, evidence, imports, people, person_versions, verifications

_PERSON_FIELDS = tuple(f.name for f in fields(Person))
#: Rows per statement in bulk reads and writes (SQLite allows 32,766 bound parameters).
CHUNK = 1000
#: The columns of an evidence row as `EvidenceRepository.add_many` takes it, in this order.
EVIDENCE_COLUMNS = (
    "person_id",
    "item_id",
    "source",
    "external_id",
    "status",
    "completed_on",
    "expires_on",
    "window_opens",
    "assurance",
    "credential_id",
    "url",
    "note",
    "issuer",
    "achievement",
    "verification_id",
    "artifact_sha256",
    "artifact",
    "import_id",
    "created_at",
)


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

    def save_many(self, changes: Sequence[tuple[Person, int]], *, at: datetime) -> None:
        """Save many (person, version) pairs with one statement per kind, as `save` would one by one."""
        rows = [({**p.as_dict(), "version": v, "updated_at": at}, p, v) for p, v in changes]
        added = [values for values, _, version in rows if version == 1]
        changed = [{**values, "key": person.id} for values, person, version in rows if version > 1]
        if added:
            self.connection.execute(insert(people), added)
        if changed:
            columns: dict[str, Any] = {name: bindparam(name) for name in changed[0] if name != "key"}
            self.connection.execute(
                update(people).where(people.c.id == bindparam("key")).values(columns), changed
            )
        if rows:
            self.connection.execute(
                insert(person_versions),
                [
                    {"person_id": p.id, "version": v, "recorded_at": at, "data": _dump(p.as_dict())}
                    for _, p, v in rows
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
        #: People whose evidence this connection changed: their layer summary needs refreshing.
        self.touched: set[str] = set()

    def _marks(self, count: int) -> str:
        mark = "?" if self.connection.dialect.paramstyle == "qmark" else "%s"
        return ", ".join([mark] * count)

    def known_external_ids(self, source: str, candidates: Iterable[str]) -> set[str]:
        """The candidates already stored for `source` (plain driver SQL: this runs for every row).

        PostgreSQL takes each chunk as one array parameter; a thousand separate parameters
        cost more to plan there than to run.
        """
        found: set[str] = set()
        wanted = list(candidates)
        postgres = self.connection.dialect.name == "postgresql"
        size = CHUNK * 20 if postgres else CHUNK
        for start in range(0, len(wanted), size):
            chunk = wanted[start : start + size]
            if postgres:
                rows = self.connection.exec_driver_sql(
                    "SELECT external_id FROM evidence WHERE source = %s AND external_id = ANY(%s)",
                    (source, chunk),
                )
            else:
                rows = self.connection.exec_driver_sql(
                    "SELECT external_id FROM evidence "
                    f"WHERE source = ? AND external_id IN ({self._marks(len(chunk))})",
                    (source, *chunk),
                )
            found.update(row[0] for row in rows)
        return found

    def verification_ids(self, records: Iterable[str]) -> dict[str, int]:
        """The id of each verification record (JSON text), storing the ones not seen before."""
        by_sha = {hashlib.sha256(r.encode()).hexdigest(): r for r in records}
        found = {
            row.sha256: row.id
            for row in self.connection.execute(
                select(verifications.c.sha256, verifications.c.id).where(
                    verifications.c.sha256.in_(list(by_sha))
                )
            )
        }
        for sha, record in by_sha.items():
            if sha not in found:
                result = self.connection.execute(insert(verifications).values(sha256=sha, record=record))
                key = result.inserted_primary_key
                assert key is not None
                found[sha] = int(key[0])
        return {record: found[sha] for sha, record in by_sha.items()}

    def credential_history(
        self, pairs: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[date, date]]:
        """(person, item) -> (first award, latest expiry) for items that already have evidence."""
        wanted = set(pairs)
        persons = sorted({person for person, _ in wanted})
        result: dict[tuple[str, str], tuple[date, date]] = {}
        for start in range(0, len(persons), CHUNK):
            chunk = persons[start : start + CHUNK]
            params = {f"p{i}": person for i, person in enumerate(chunk)}
            query = text(
                "SELECT person_id, item_id, MIN(completed_on) AS first, MAX(expires_on) AS last_expiry "
                "FROM evidence WHERE status = 'completed' AND item_id IS NOT NULL "
                f"AND person_id IN ({', '.join(f':{key}' for key in params)}) GROUP BY person_id, item_id"
            ).columns(person_id=String, item_id=String, first=Date, last_expiry=Date)
            for row in self.connection.execute(query, params):
                key = (row.person_id, row.item_id)
                if row.last_expiry is not None and key in wanted:
                    result[key] = (row.first, row.last_expiry)
        return result

    def add_many(self, rows: Sequence[Sequence[Any]]) -> None:
        """Insert evidence rows (tuples in EVIDENCE_COLUMNS order) straight through the driver.

        PostgreSQL gets them by COPY; SQLite by one prepared INSERT run for every row. Values
        pass through SQLAlchemy's own type processors, so they are stored exactly as an ORM
        or Core insert would store them.
        """
        if not rows:
            return
        self.touched.update(row[0] for row in rows)
        dialect = self.connection.dialect
        bound = [
            (i, _Bound(processor))
            for i, name in enumerate(EVIDENCE_COLUMNS)
            if (processor := evidence.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        ]
        if bound:
            rows = [_bind(row, bound) for row in rows]
        names = ", ".join(EVIDENCE_COLUMNS)
        if dialect.name == "postgresql":
            raw = self.connection.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cursor, cursor.copy(f"COPY evidence ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        self.connection.exec_driver_sql(
            f"INSERT INTO evidence ({names}) VALUES ({self._marks(len(EVIDENCE_COLUMNS))})", list(rows)
        )

    def void(self, source: str, external_id: str) -> dict[str, Any] | None:
        """Mark one statement's evidence voided; its row as it was, or None when it is unknown."""
        row = self.connection.execute(
            select(evidence).where(and_(evidence.c.source == source, evidence.c.external_id == external_id))
        ).first()
        if row is None:
            return None
        self.connection.execute(update(evidence).where(evidence.c.id == row.id).values(status="voided"))
        self.touched.add(row.person_id)
        return dict(row._mapping)

    def owners(self, source: str, external_ids: Iterable[str]) -> dict[str, str]:
        """external id -> person id, for the ones stored for `source` (what a void would void)."""
        wanted = sorted(set(external_ids))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), CHUNK):
            query = select(evidence.c.external_id, evidence.c.person_id).where(
                evidence.c.source == source, evidence.c.external_id.in_(wanted[start : start + CHUNK])
            )
            found.update((row.external_id, row.person_id) for row in self.connection.execute(query))
        return found

    def for_person(self, person_id: str) -> list[Any]:
        """A person's evidence, oldest first, each row with its verification record as `checks`."""
        query = _with_checks().where(evidence.c.person_id == person_id).order_by(evidence.c.completed_on)
        return list(self.connection.execute(query))

    def get(self, evidence_id: int) -> Any:
        return self.connection.execute(_with_checks().where(evidence.c.id == evidence_id)).first()

    def unmatched(self) -> list[Any]:
        query = _with_checks().where(evidence.c.item_id.is_(None)).order_by(evidence.c.id)
        return list(self.connection.execute(query))

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

    def append_many(self, entries: Sequence[tuple[str, str, str, Any, Any]]) -> None:
        """Append (action, subject type, subject id, before, after) entries in one statement."""
        if not entries:
            return
        self.connection.execute(
            insert(audit_log),
            [
                {
                    "at": self.now,
                    "actor": self.actor,
                    "action": action,
                    "subject_type": kind,
                    "subject_id": subject,
                    "before": None if before is None else _dump(before),
                    "after": None if after is None else _dump(after),
                }
                for action, kind, subject, before, after in entries
            ],
        )

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

    def entries(self, *, action: str | None, subject: str | None, actor: str | None, limit: int) -> list[Any]:
        """Entries newest first, filtered by action prefix, subject id and actor."""
        return list(audit_entries(self.connection, action=action, subject=subject, actor=actor, limit=limit))


def audit_entries(
    connection: Connection,
    *,
    action: str | None = None,
    subject: str | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
) -> Iterator[Any]:
    """Audit-log rows, newest first, filtered by action prefix, subject, actor and time."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if action:
        query = query.where(audit_log.c.action.like(f"{action}%"))
    if subject:
        query = query.where(audit_log.c.subject_id == subject)
    if actor:
        query = query.where(audit_log.c.actor == actor)
    if since:
        query = query.where(audit_log.c.at >= since)
    yield from connection.execute(query)


def _with_checks() -> Any:
    return select(evidence, verifications.c.record.label("checks")).join(
        verifications, verifications.c.id == evidence.c.verification_id
    )


class _Bound(dict[Any, Any]):
    """A type's bind processor, applied once per distinct value (dates repeat across a file's rows)."""

    def __init__(self, processor: Any) -> None:
        super().__init__()
        self.processor = processor

    def __missing__(self, value: Any) -> Any:
        self[value] = result = self.processor(value)
        return result


def _bind(row: Sequence[Any], bound: list[tuple[int, _Bound]]) -> tuple[Any, ...]:
    values = list(row)
    for i, processor in bound:
        values[i] = processor[values[i]]
    return tuple(values)


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
