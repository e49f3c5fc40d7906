"""Pinned issuer keys in the store: who pinned which key for which issuer, from which file, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from certpath.tracking.evidence.keys import KeyPin, PinnedKey, key_from_json
from certpath.tracking.tables import trusted_keys


def stored_keys(connection: Connection) -> list[PinnedKey]:
    """Every pinned key, oldest first."""
    rows = connection.execute(select(trusted_keys).order_by(trusted_keys.c.id))
    return [PinnedKey(r.issuer, r.key_id, key_from_json(r.key)) for r in rows]


def pin(
    connection: Connection, keys: list[PinnedKey], *, source: str, actor: str, at: datetime
) -> list[PinnedKey]:
    """Store the keys not pinned yet; the ones newly pinned."""
    if not keys:
        return []
    known = {(k.issuer, k.key_id, k.as_json()) for k in stored_keys(connection)}
    fresh = list(
        {
            (k.issuer, k.key_id, k.as_json()): k
            for k in keys
            if (k.issuer, k.key_id, k.as_json()) not in known
        }.values()
    )
    if fresh:
        connection.execute(
            insert(trusted_keys),
            [
                {
                    "issuer": k.issuer,
                    "key_id": k.key_id,
                    "key": k.as_json(),
                    "source": k.source or source,
                    "pinned_by": actor,
                    "pinned_at": at,
                }
                for k in fresh
            ],
        )
    return fresh


def pins(connection: Connection) -> list[KeyPin]:
    """Every pinned key with who pinned it and when, by issuer, oldest first within one."""
    rows = connection.execute(select(trusted_keys).order_by(trusted_keys.c.issuer, trusted_keys.c.id))
    return [
        KeyPin(PinnedKey(r.issuer, r.key_id, key_from_json(r.key), r.source), r.pinned_by, r.pinned_at)
        for r in rows
    ]


class TrustStore:
    """The pinned keys on one connection, as the unit of work hands them out."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def stored(self) -> list[PinnedKey]:
        return stored_keys(self.connection)

    def pin(self, keys: list[PinnedKey], *, source: str, actor: str, at: datetime) -> list[PinnedKey]:
        return pin(self.connection, keys, source=source, actor=actor, at=at)

    def pins(self) -> list[KeyPin]:
        return pins(self.connection)
