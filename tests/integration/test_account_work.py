"""The SQL unit of work of accounts, on SQLite and PostgreSQL: account writes leave stored views
current, and the per-request lookups on an autocommit engine wait for no writer."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import Engine

from certpath.accounts.roles import Principal, Role
from certpath.services import accounts
from certpath.services.audit_log import read_audit_log, record_access
from certpath.tracking.database import single_statements
from certpath.tracking.snapshots import lookup
from certpath.tracking.unit_of_work import SqlAccountWork, SqlUnitOfWork, autocommit

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
PASSWORD = "a long password!"


def version(engine: Engine) -> str | None:
    with single_statements(engine) as connection:
        return lookup(connection, "any")[0]


def test_account_writes_leave_the_data_version_and_so_stored_views_as_they_were(engine: Engine) -> None:
    with SqlUnitOfWork(engine, actor="hr", now=NOW) as uow:
        uow.commit()  # a write to tracked data: the store gets a data version
    first = version(engine)
    assert first is not None

    accounts.add_user(
        SqlAccountWork(engine, actor="setup", now=NOW), "bea", PASSWORD, role="admin", person_id=None
    )
    accounts.sign_in(SqlAccountWork(engine, actor="bea", now=NOW), "bea", PASSWORD, address="10.0.0.1")
    me = Principal(1, "bea", Role.ADMIN, None)
    record_access(SqlAccountWork(autocommit(engine), actor="bea", now=NOW), me, "read.person", "person", "E1")

    assert version(engine) == first
    assert [e["action"] for e in read_audit_log(SqlAccountWork(engine, actor="t", now=NOW), limit=5)] == [
        "read.person",
        "sign-in",
        "user.add",
    ]
    with SqlUnitOfWork(engine, actor="hr", now=NOW) as uow:
        uow.commit()
    assert version(engine) != first  # the check can tell a new version from the old one


def test_a_session_lookup_on_the_autocommit_engine_waits_for_no_writer(engine: Engine) -> None:
    accounts.add_user(
        SqlAccountWork(engine, actor="setup", now=NOW), "bea", PASSWORD, role="admin", person_id=None
    )
    cookie, _ = accounts.sign_in(
        SqlAccountWork(engine, actor="bea", now=NOW), "bea", PASSWORD, address="10.0.0.1"
    )
    found: list[object] = []
    lookups = autocommit(engine)

    with engine.begin():  # a writer holds the store (on SQLite, its one write lock) meanwhile
        reader = threading.Thread(
            target=lambda: found.append(
                accounts.session_principal(SqlAccountWork(lookups, actor="-", now=NOW), cookie)
            )
        )
        reader.start()
        reader.join(timeout=5)
        finished = not reader.is_alive()
    reader.join()

    assert finished, "the lookup waited for the writer"
    [session] = found
    assert isinstance(session, tuple) and session[0].username == "bea"
