"""The accounts part of the fake store (tests/fakes.py): users, sessions, API tokens and failed
sign-ins in memory, with the UserStore interface of tracking/ports.py.

Rows are SimpleNamespaces with the attributes of the SQL rows, so the services read them alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any


@dataclass
class AccountState:
    """Users by id, sessions by the SHA-256 of their cookie, tokens by id, failed sign-ins in order."""

    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[int, dict[str, Any]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)


class FakeUsers:
    def __init__(self, state: AccountState) -> None:
        self.state = state

    def user_count(self) -> int:
        return len(self.state.users)

    def user_by_name(self, username: str) -> Any:
        found = [u for u in self.state.users.values() if u["username"] == username]
        return SimpleNamespace(**found[0]) if found else None

    def user_for_update(self, username: str) -> Any:
        return self.user_by_name(username)

    def all_users(self, *, username: str | None = None) -> list[Any]:
        live: dict[int, int] = {}
        for token in self.state.tokens.values():
            if not token["revoked"]:
                live[token["user_id"]] = live.get(token["user_id"], 0) + 1
        rows = [
            SimpleNamespace(**u, tokens=live.get(u["id"], 0))
            for u in self.state.users.values()
            if username is None or u["username"] == username
        ]
        return sorted(rows, key=lambda row: row.username)

    def active_admins(self) -> list[str]:
        return sorted(
            u["username"] for u in self.state.users.values() if u["role"] == "admin" and u["active"]
        )

    def active_users_of(self, person_ids: Iterable[str]) -> list[Any]:
        wanted = set(person_ids)
        found = [u for u in self.state.users.values() if u["person_id"] in wanted and u["active"]]
        return [SimpleNamespace(**u) for u in sorted(found, key=lambda u: u["username"])]

    def add_user(
        self, username: str, *, password_hash: str, role: str, person_id: str | None, at: datetime
    ) -> int:
        if self.user_by_name(username) is not None:
            raise AssertionError(f"the store's unique index refuses a second user '{username}'")
        user_id = max(self.state.users, default=0) + 1
        self.state.users[user_id] = {
            "id": user_id,
            "username": username,
            "password_hash": password_hash,
            "role": role,
            "person_id": person_id,
            "active": True,
            "must_change_password": False,
            "created_at": at,
        }
        return user_id

    def update_user(self, user_id: int, **values: Any) -> None:
        self.state.users[user_id].update(values)

    def set_password(self, user_id: int, password_hash: str, *, must_change: bool = False) -> None:
        self.update_user(user_id, password_hash=password_hash, must_change_password=must_change)

    def add_session(
        self, session_id: str, *, user_id: int, csrf: str, at: datetime, expires: datetime
    ) -> None:
        self.state.sessions[session_id] = {
            "user_id": user_id,
            "csrf": csrf,
            "created_at": at,
            "expires_at": expires,
        }

    def session_user(self, session_id: str, *, now: datetime) -> Any:
        session = self.state.sessions.get(session_id)
        if session is None or session["expires_at"] <= now:
            return None
        user = self.state.users[session["user_id"]]
        return SimpleNamespace(**user, csrf=session["csrf"]) if user["active"] else None

    def end_session(self, session_id: str) -> None:
        self.state.sessions.pop(session_id, None)

    def end_sessions_of(self, user_id: int, *, keep: str | None = None) -> int:
        ending = [k for k, s in self.state.sessions.items() if s["user_id"] == user_id and k != keep]
        for key in ending:
            del self.state.sessions[key]
        return len(ending)

    def end_expired_sessions(self, *, now: datetime) -> None:
        for key in [k for k, s in self.state.sessions.items() if s["expires_at"] <= now]:
            del self.state.sessions[key]

    def add_token(self, *, user_id: int, name: str, sha256: str, at: datetime) -> int:
        token_id = max(self.state.tokens, default=0) + 1
        self.state.tokens[token_id] = {
            "id": token_id,
            "user_id": user_id,
            "name": name,
            "sha256": sha256,
            "created_at": at,
            "revoked": False,
            "revoked_at": None,
        }
        return token_id

    def token_user(self, sha256: str) -> Any:
        for token in self.state.tokens.values():
            if token["sha256"] == sha256 and not token["revoked"]:
                user = self.state.users[token["user_id"]]
                return SimpleNamespace(**user) if user["active"] else None
        return None

    def tokens_of(self, user_id: int) -> list[Any]:
        columns = ("id", "name", "created_at", "revoked_at", "revoked")
        mine = [t for _, t in sorted(self.state.tokens.items()) if t["user_id"] == user_id]
        return [SimpleNamespace(**{c: t[c] for c in columns}) for t in mine]

    def revoke_token(self, token_id: int, *, user_id: int, at: datetime) -> bool:
        token = self.state.tokens.get(token_id)
        if token is None or token["user_id"] != user_id or token["revoked"]:
            return False
        token.update(revoked=True, revoked_at=at)
        return True

    def add_failure(self, username: str, address: str, *, at: datetime) -> None:
        self.state.failures.append({"username": username, "address": address, "at": at})

    def nth_newest_failure(
        self, n: int, *, address: str, since: datetime, username: str | None = None
    ) -> datetime | None:
        times = sorted(
            (
                f["at"]
                for f in self.state.failures
                if f["address"] == address and f["at"] >= since and username in (None, f["username"])
            ),
            reverse=True,
        )
        return times[n - 1] if len(times) >= n else None

    def clear_failures(self, username: str, address: str) -> None:
        self.state.failures = [
            f for f in self.state.failures if (f["username"], f["address"]) != (username, address)
        ]

    def forget_failures_before(self, before: datetime) -> None:
        self.state.failures = [f for f in self.state.failures if f["at"] >= before]
