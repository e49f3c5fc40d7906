"""SQL for users, sessions, API tokens and failed sign-ins (the adapter behind services/accounts.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
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

    def all_users(self, *, username: str | None = None) -> list[Any]:
        """Every user (or only `username`) with `tokens`, the number of their unrevoked API tokens, by name."""
        live = (
            select(api_tokens.c.user_id, func.count().label("tokens"))
            .where(api_tokens.c.revoked.is_(False))
            .group_by(api_tokens.c.user_id)
            .subquery()
        )
        query = (
            select(users, func.coalesce(live.c.tokens, 0).label("tokens"))
            .outerjoin(live, live.c.user_id == users.c.id)
            .order_by(users.c.username)
        )
        if username is not None:
            query = query.where(users.c.username == username)
        return list(self.connection.execute(query))

    def user_for_update(self, username: str) -> Any:
        """The user row, locked until the transaction ends (PostgreSQL; SQLite locks the whole file)."""
        query = select(users).where(users.c.username == username).with_for_update()
        return self.connection.execute(query).first()

    def active_admins(self) -> list[str]:
        """Names of the active admins, locked, so two admins cannot demote each other at once."""
        query = (
            select(users.c.username)
            .where(users.c.role == "admin", users.c.active.is_(True))
            .with_for_update()
        )
        return [row.username for row in self.connection.execute(query)]

    def update_user(self, user_id: int, **values: Any) -> None:
        """Set columns of one user (active, role, person_id, password_hash, must_change_password)."""
        self.connection.execute(update(users).where(users.c.id == user_id).values(**values))

    def active_users_of(self, person_ids: Iterable[str]) -> list[Any]:
        """Active users linked to any of these roster people, locked for the caller's update."""
        wanted = sorted(set(person_ids))
        found: list[Any] = []
        # In chunks: a company-wide --deactivate-missing must stay under SQLite's bound-parameter limit.
        for start in range(0, len(wanted), 500):
            query = (
                select(users)
                .where(users.c.person_id.in_(wanted[start : start + 500]), users.c.active.is_(True))
                .with_for_update()
            )
            found.extend(self.connection.execute(query))
        return sorted(found, key=lambda row: row.username)

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

    def set_password(self, user_id: int, password_hash: str, *, must_change: bool = False) -> None:
        values = {"password_hash": password_hash, "must_change_password": must_change}
        self.connection.execute(update(users).where(users.c.id == user_id).values(**values))

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

    def end_sessions_of(self, user_id: int, *, keep: str | None = None) -> int:
        """End every session of a user (but `keep`, a session id); the number ended."""
        query = delete(sessions).where(sessions.c.user_id == user_id)
        if keep is not None:
            query = query.where(sessions.c.id != keep)
        return int(self.connection.execute(query).rowcount)

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

    def tokens_of(self, user_id: int) -> list[Any]:
        """A user's API tokens (never their hashes), oldest first."""
        columns = (api_tokens.c.id, api_tokens.c.name, api_tokens.c.created_at, api_tokens.c.revoked_at)
        query = select(*columns, api_tokens.c.revoked).where(api_tokens.c.user_id == user_id)
        return list(self.connection.execute(query.order_by(api_tokens.c.id)))

    def revoke_token(self, token_id: int, *, user_id: int, at: datetime) -> bool:
        """Revoke one unrevoked token of this user; False when there is no such token."""
        query = (
            update(api_tokens)
            .where(
                api_tokens.c.id == token_id,
                api_tokens.c.user_id == user_id,
                api_tokens.c.revoked.is_(False),
            )
            .values(revoked=True, revoked_at=at)
        )
        return bool(self.connection.execute(query).rowcount)

    def add_failure(self, username: str, address: str, *, at: datetime) -> None:
        row = {"username": username, "address": address, "at": at}
        self.connection.execute(insert(sign_in_failures).values(**row))

    def nth_newest_failure(
        self, n: int, *, address: str, since: datetime, username: str | None = None
    ) -> datetime | None:
        """When the n-th newest failed sign-in since `since` from `address` (for `username`, if
        given) happened, or None when there were fewer than n."""
        query = select(sign_in_failures.c.at).where(
            sign_in_failures.c.address == address, sign_in_failures.c.at >= since
        )
        if username is not None:
            query = query.where(sign_in_failures.c.username == username)
        query = query.order_by(sign_in_failures.c.at.desc()).offset(n - 1).limit(1)
        at: datetime | None = self.connection.execute(query).scalar()
        if at is None:
            return None
        return at if at.tzinfo is not None else at.replace(tzinfo=UTC)  # SQLite keeps UTC without zone

    def clear_failures(self, username: str, address: str) -> None:
        """Forget this name's failures from this address (never the address's failures for other names)."""
        query = delete(sign_in_failures).where(
            sign_in_failures.c.username == username, sign_in_failures.c.address == address
        )
        self.connection.execute(query)

    def forget_failures_before(self, before: datetime) -> None:
        """Drop failed sign-ins too old to count, so the table stays small."""
        self.connection.execute(delete(sign_in_failures).where(sign_in_failures.c.at < before))
