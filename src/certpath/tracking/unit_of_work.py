"""The SQL adapter of the UnitOfWork port (tracking/ports.py): one transaction on one connection."""

from __future__ import annotations

from datetime import datetime
from types import TracebackType

from sqlalchemy import Connection, Engine

from certpath.tracking import queries
from certpath.tracking.accounts_store import AccountStore
from certpath.tracking.model import Completion, Person, Scope
from certpath.tracking.plan_store import PlanStore
from certpath.tracking.repository import AuditLog, EvidenceRepository, PeopleRepository
from certpath.tracking.snapshots import bump
from certpath.tracking.sql_reads import SqlReads
from certpath.tracking.summary import CatalogueMaps, ensure, refresh, sync
from certpath.tracking.trust_store import TrustStore


class SqlPeople(PeopleRepository):
    """People, with the scope questions the database answers (a manager's chain is a recursive query)."""

    def active(self, *, scope: Scope) -> list[Person]:
        return queries.active_people(self.connection, scope=scope)

    def in_scope(self, person_id: str, *, scope: Scope) -> bool:
        return queries.in_scope(self.connection, person_id, scope=scope)

    def ids_in_scope(self, *, scope: Scope) -> set[str]:
        return queries.ids_in_scope(self.connection, scope=scope)


class SqlEvidence(EvidenceRepository):
    """Evidence, with the latest completion of each item per active person in scope."""

    def completed(self, *, scope: Scope) -> list[Completion]:
        return queries.completed_items(self.connection, scope=scope)


class SqlUnitOfWork:
    """`with SqlUnitOfWork(engine, actor=..., now=...) as uow: ...; uow.commit()`; leaving without
    commit rolls back. `now` is the caller's clock reading: this class never reads the clock."""

    people: SqlPeople
    evidence: SqlEvidence
    audit: AuditLog
    keys: TrustStore
    users: AccountStore
    plans: PlanStore
    reads: SqlReads
    connection: Connection

    def __init__(self, engine: Engine, *, actor: str, now: datetime) -> None:
        self.engine = engine
        self.actor = actor
        self.now = now

    def __enter__(self) -> SqlUnitOfWork:
        self.connection = self.engine.connect()
        self._transaction = self.connection.begin()
        self.people = SqlPeople(self.connection)
        self.evidence = SqlEvidence(self.connection)
        self.audit = AuditLog(self.connection, actor=self.actor, now=self.now)
        self.keys = TrustStore(self.connection)
        self.users = AccountStore(self.connection)
        self.plans = PlanStore(self.connection)
        self.reads = SqlReads(self.connection)
        return self

    def summarise(self, maps: CatalogueMaps) -> None:
        """Before a read: the stored maps and layer summary follow the catalogue (summary.ensure)."""
        ensure(self.engine, maps)

    def follow_catalogue(self, maps: CatalogueMaps) -> None:
        """Store the catalogue's maps where they differ, so the refresh on commit maps items right."""
        sync(self.connection, maps)

    def commit(self) -> None:
        """Bring the layer summary of everyone whose evidence changed up to date, mark the data
        changed (stored snapshots of views go stale), then commit."""
        if self.evidence.touched:
            refresh(self.connection, self.evidence.touched)
        bump(self.connection)
        self._transaction.commit()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._transaction.is_active:
            self._transaction.rollback()
        self.connection.close()


# --- Accounts: the unit of work of sign-in, sessions, tokens, users and the access log ---


class SqlAccountWork(SqlUnitOfWork):
    """A unit of work for accounts and the access log. None of it is tracked data, so commit keeps
    stored views current (no layer refresh, no new data version: a sign-in must not make every
    worker rebuild its pages). On an `autocommit(engine)` each statement commits by itself."""

    def __enter__(self) -> SqlAccountWork:
        super().__enter__()
        return self

    def commit(self) -> None:
        self._transaction.commit()


def autocommit(engine: Engine) -> Engine:
    """`engine` with each statement committed by itself, for the one-statement account work of every
    request (a session or token lookup, an access record): no BEGIN and COMMIT round trips, and on
    SQLite no write lock taken for a read. Make it once: each call builds a new engine proxy."""
    return engine.execution_options(isolation_level="AUTOCOMMIT")
