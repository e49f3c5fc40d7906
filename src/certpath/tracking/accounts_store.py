"""SQL for users, sessions, API tokens and failed sign-ins (the adapter behind services/accounts.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from certpath.tracking.tables import api_tokens, sessions, sign_in_failures, users


class AccountStore:
    """Accounts on one connection; the caller owns the transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def user_count(self) -> int:
        return int(self.connection.execute(select(func.count()).select_from(users)).scalar_one())

    def user_by_name(self, username: str) -> Any:
        return self.connection.execute(select(users).where(users.c.username == username)).first()

    def all_users(self) -> list[Any]:
        return list(self.connection.execute(select(users).order_by(users.c.username)))

    def add_user(
        self, username: str, *, password_hash: str, role: str, person_id: str | None, at: datetime
    ) -> int:
        row = {
            "username": username,
            "password_hash": password_hash,
            "role": role,
            "person_id": person_id,
            "active": True,
            "created_at": at,
        }
        result = self.connection.execute(insert(users).values(**row))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def set_password(self, user_id: int, password_hash: str) -> None:
        self.connection.execute(
            update(users).where(users.c.id == user_id).values(password_hash=password_hash)
        )

    def add_session(
        self, session_id: str, *, user_id: int, csrf: str, at: datetime, expires: datetime
    ) -> None:
        row = {"id": session_id, "user_id": user_id, "csrf": csrf, "created_at": at, "expires_at": expires}
        self.connection.execute(insert(sessions).values(**row))

    def session_user(self, session_id: str, *, now: datetime) -> Any:
        """The active user and CSRF token of an unexpired session, or None."""
        query = (
            select(users, sessions.c.csrf)
            .join(sessions, sessions.c.user_id == users.c.id)
            .where(sessions.c.id == session_id, sessions.c.expires_at > now, users.c.active.is_(True))
        )
        return self.connection.execute(query).first()

    def end_session(self, session_id: str) -> None:
        self.connection.execute(delete(sessions).where(sessions.c.id == session_id))

    def end_expired_sessions(self, *, now: datetime) -> None:
        self.connection.execute(delete(sessions).where(sessions.c.expires_at <= now))

    def add_token(self, *, user_id: int, name: str, sha256: str, at: datetime) -> int:
        row = {"user_id": user_id, "name": name, "sha256": sha256, "created_at": at, "revoked": False}
        key = self.connection.execute(insert(api_tokens).values(**row)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def token_user(self, sha256: str) -> Any:
        """The active user of an unrevoked token, or None."""
        query = (
            select(users)
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(api_tokens.c.sha256 == sha256, api_tokens.c.revoked.is_(False), users.c.active.is_(True))
        )
        return self.connection.execute(query).first()

    def add_failure(self, username: str, address: str, *, at: datetime) -> None:
        row = {"username": username, "address": address, "at": at}
        self.connection.execute(insert(sign_in_failures).values(**row))

    def failures_since(self, *, username: str, address: str, since: datetime) -> tuple[int, int]:
        """Failed sign-ins since `since`: (for this user name, from this address)."""
        recent = sign_in_failures.c.at >= since
        by_name = select(func.count()).where(sign_in_failures.c.username == username, recent)
        by_address = select(func.count()).where(sign_in_failures.c.address == address, recent)
        return (
            int(self.connection.execute(by_name).scalar_one()),
            int(self.connection.execute(by_address).scalar_one()),
        )

    def clear_failures(self, username: str) -> None:
        self.connection.execute(delete(sign_in_failures).where(sign_in_failures.c.username == username))
