"""Pinned issuer keys in the store: who pinned which key for which issuer, from which file, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from certpath.tracking.evidence.keys import PinnedKey, key_from_json
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


def listing(connection: Connection) -> list[dict[str, Any]]:
    """Pinned keys as JSON: issuer, key_id, key_type, source, pinned_by, pinned_at."""
    rows = connection.execute(select(trusted_keys).order_by(trusted_keys.c.issuer, trusted_keys.c.id))
    return [
        {
            "issuer": r.issuer,
            "key_id": r.key_id,
            "key_type": _kind(key_from_json(r.key)),
            "source": r.source,
            "pinned_by": r.pinned_by,
            "pinned_at": r.pinned_at.isoformat(),
        }
        for r in rows
    ]


def _kind(key: str | dict[str, Any]) -> str:
    if isinstance(key, str):
        return "Ed25519 Multikey"
    return f"JWK {key.get('kty')} {key.get('crv') or key.get('alg') or ''}".strip()


class TrustStore:
    """The pinned keys on one connection, as the unit of work hands them out."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def stored(self) -> list[PinnedKey]:
        return stored_keys(self.connection)

    def pin(self, keys: list[PinnedKey], *, source: str, actor: str, at: datetime) -> list[PinnedKey]:
        return pin(self.connection, keys, source=source, actor=actor, at=at)
