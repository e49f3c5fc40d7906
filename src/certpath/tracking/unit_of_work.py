"""One transaction over the tracking store: everything in it is written, or nothing is."""

from __future__ import annotations

from datetime import UTC, datetime
from types import TracebackType

from sqlalchemy import Connection, Engine

from certpath.tracking.repository import AuditLog, EvidenceRepository, PeopleRepository


class UnitOfWork:
    """`with UnitOfWork(engine, actor=...) as uow: ...; uow.commit()`; leaving without commit rolls back."""

    people: PeopleRepository
    evidence: EvidenceRepository
    audit: AuditLog
    connection: Connection

    def __init__(self, engine: Engine, *, actor: str, now: datetime | None = None) -> None:
        self.engine = engine
        self.actor = actor
        self.now = now or datetime.now(UTC)

    def __enter__(self) -> UnitOfWork:
        self.connection = self.engine.connect()
        self._transaction = self.connection.begin()
        self.people = PeopleRepository(self.connection)
        self.evidence = EvidenceRepository(self.connection)
        self.audit = AuditLog(self.connection, actor=self.actor, now=self.now)
        return self

    def commit(self) -> None:
        """Bring the layer summary of everyone whose evidence changed up to date, mark the data
        changed (stored snapshots of views go stale), then commit."""
        from certpath.tracking.snapshots import bump

        if self.evidence.touched:
            from certpath.tracking.summary import refresh

            refresh(self.connection, self.evidence.touched)
        bump(self.connection)
        self._transaction.commit()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._transaction.is_active:
            self._transaction.rollback()
        self.connection.close()
