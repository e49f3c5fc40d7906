"""Views rendered once per version of the store's data, shared by every worker through the database.

Every write renews `store_state.version` with a random token in its own transaction; a view is
stored with the version read *before* it was built, so a write racing the build only ever leaves
an entry under a version that is already gone. No worker keeps anything in memory.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from certpath.tracking.database import single_statements
from certpath.tracking.tables import snapshots, store_state

#: Snapshots older than this are deleted when a new one is stored.
KEEP = timedelta(days=2)


def bump(connection: Connection) -> None:
    """Mark the data changed (call inside the writing transaction)."""
    connection.execute(delete(store_state).where(store_state.c.name == "version"))
    connection.execute(insert(store_state).values(name="version", value=secrets.token_hex(16)))


def lookup(connection: Connection, key: str) -> tuple[str | None, str | None]:
    """(current version, the body stored for `key` at that version, or None)."""
    version = select(store_state.c.value).where(store_state.c.name == "version").scalar_subquery()
    body = (
        select(snapshots.c.body)
        .where(snapshots.c.key == key, snapshots.c.version == version)
        .scalar_subquery()
    )
    row: Any = connection.execute(select(version.label("version"), body.label("body"))).one()
    return row.version, row.body


def keep(connection: Connection, key: str, *, version: str, body: str, now: datetime) -> None:
    """Store `body` for `key` at `version`, replacing older entries for the key."""
    connection.execute(
        delete(snapshots).where((snapshots.c.key == key) | (snapshots.c.created_at < now - KEEP))
    )
    connection.execute(insert(snapshots).values(key=key, version=version, body=body, created_at=now))


def cached(engine: Engine, key: str, build: Callable[[], str], *, now: datetime) -> str:
    """The body stored for `key` at the store's current version, else `build()` (then stored)."""
    from sqlalchemy.exc import IntegrityError

    with single_statements(engine) as connection:
        version, body = lookup(connection, key)
    if body is not None:
        return body
    built: str = build()
    if version is None:  # a store no write has versioned yet (new, or just restored): build each time
        return built
    try:
        with engine.begin() as connection:
            keep(connection, key, version=version, body=built, now=now)
    except IntegrityError:  # another worker stored the same view first
        pass
    return built
