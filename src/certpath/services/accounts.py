"""Use cases for accounts: add users, the first admin, sign in and out, API tokens, the access log."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from certpath.accounts.passwords import (
    MIN_PASSWORD,
    digest,
    dummy_hash,
    generate_password,
    hash_password,
    new_secret,
    verify_password,
)
from certpath.accounts.roles import Principal, Role
from certpath.errors import InputError, RateLimitedError, SignInError

if TYPE_CHECKING:
    from certpath.tracking.database import Engine

#: How long a sign-in lasts.
SESSION_LIFETIME = timedelta(hours=12)
#: Failed sign-ins counted over this window ...
FAILURE_WINDOW = timedelta(minutes=15)
#: ... block a user name after this many, and an address after this many.
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_ADDRESS = 30
_USERNAME = re.compile(r"[A-Za-z0-9._@-]{2,200}")


def _principal(row: Any) -> Principal:
    return Principal(row.id, row.username, Role(row.role), row.person_id)


def add_user(
    engine: Engine,
    username: str,
    password: str,
    *,
    role: str,
    person_id: str | None,
    actor: str,
    now: datetime,
) -> Principal:
    """Add a user with an argon2id-hashed password; the audit log records who added whom."""
    from certpath.tracking.accounts_store import AccountStore
    from certpath.tracking.repository import AuditLog, PeopleRepository

    if not _USERNAME.fullmatch(username):
        raise InputError(f"user name '{username}': use 2-200 letters, digits, '.', '_', '@' or '-'.")
    if role not in {r.value for r in Role}:
        raise InputError(f"--role '{role}': use one of {', '.join(r.value for r in Role)}.")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"The password is {len(password)} characters; use at least {MIN_PASSWORD}.")
    if role in (Role.MANAGER, Role.MEMBER) and not person_id:
        raise InputError(f"A {role} sees people through the roster: give --person EMPLOYEE_ID.")
    with engine.begin() as connection:
        store = AccountStore(connection)
        if store.user_by_name(username) is not None:
            raise InputError(f"There is already a user '{username}'; pick another name.")
        if person_id and PeopleRepository(connection).get(person_id) is None:
            raise InputError(
                f"--person '{person_id}' is no one in the store; run `certpath roster import` first."
            )
        user_id = store.add_user(
            username, password_hash=hash_password(password), role=role, person_id=person_id, at=now
        )
        after = {"username": username, "role": role, "person_id": person_id}
        AuditLog(connection, actor=actor, now=now).append("user.add", "user", username, after=after)
    return Principal(user_id, username, Role(role), person_id)


def ensure_first_admin(engine: Engine, *, now: datetime) -> str | None:
    """On a store with no users, add `admin` with a random password and return it (shown once)."""
    from certpath.tracking.accounts_store import AccountStore

    with engine.connect() as connection:
        if AccountStore(connection).user_count():
            return None
    password = generate_password()
    add_user(engine, "admin", password, role=Role.ADMIN, person_id=None, actor="certpath serve", now=now)
    return password


def sign_in(engine: Engine, username: str, password: str, *, address: str, now: datetime) -> tuple[str, str]:
    """Check the password (rate-limited per name and per address) and open a session: (cookie, csrf)."""
    from certpath.tracking.accounts_store import AccountStore
    from certpath.tracking.repository import AuditLog

    with engine.begin() as connection:
        store = AccountStore(connection)
        by_name, by_address = store.failures_since(
            username=username, address=address, since=now - FAILURE_WINDOW
        )
        if by_name >= MAX_FAILURES_PER_NAME or by_address >= MAX_FAILURES_PER_ADDRESS:
            minutes = int(FAILURE_WINDOW.total_seconds() // 60)
            raise RateLimitedError(
                f"Too many failed sign-ins; wait {minutes} minutes, or ask an admin to reset the password.",
                retry_after=int(FAILURE_WINDOW.total_seconds()),
            )
        user = store.user_by_name(username)
        ok = verify_password(user.password_hash if user else dummy_hash(), password)
        if user is None or not ok or not user.active:
            store.add_failure(username, address, at=now)
            AuditLog(connection, actor=username, now=now).append(
                "sign-in.fail", "user", username, after={"address": address}
            )
            failed = True
        else:
            failed = False
            cookie, csrf = new_secret(), new_secret()
            store.add_session(
                digest(cookie), user_id=user.id, csrf=csrf, at=now, expires=now + SESSION_LIFETIME
            )
            store.clear_failures(username)
            store.end_expired_sessions(now=now)
            AuditLog(connection, actor=username, now=now).append(
                "sign-in", "user", username, after={"address": address}
            )
    if failed:
        raise SignInError("Wrong user name or password.")
    return cookie, csrf


def session_principal(engine: Engine, cookie: str, *, now: datetime) -> tuple[Principal, str] | None:
    """The user and CSRF token of a live session cookie, or None."""
    from certpath.tracking.accounts_store import AccountStore
    from certpath.tracking.database import single_statements

    with single_statements(engine) as connection:
        row = AccountStore(connection).session_user(digest(cookie), now=now)
    return None if row is None else (_principal(row), row.csrf)


def token_principal(engine: Engine, token: str) -> Principal | None:
    """The user of an API token, or None when the token is unknown or revoked."""
    from certpath.tracking.accounts_store import AccountStore
    from certpath.tracking.database import single_statements

    with single_statements(engine) as connection:
        row = AccountStore(connection).token_user(digest(token))
    return None if row is None else _principal(row)


def sign_out(engine: Engine, cookie: str) -> None:
    """End the session of this cookie."""
    from certpath.tracking.accounts_store import AccountStore

    with engine.begin() as connection:
        AccountStore(connection).end_session(digest(cookie))


def create_token(engine: Engine, username: str, *, name: str, actor: str, now: datetime) -> str:
    """A new API token for `username`; only its SHA-256 is stored, so it is shown once."""
    from certpath.tracking.accounts_store import AccountStore
    from certpath.tracking.repository import AuditLog

    token = "cpt_" + new_secret()
    with engine.begin() as connection:
        store = AccountStore(connection)
        user = store.user_by_name(username)
        if user is None:
            raise InputError(f"No user '{username}'; `certpath user list` shows the users.")
        store.add_token(user_id=user.id, name=name, sha256=digest(token), at=now)
        AuditLog(connection, actor=actor, now=now).append("token.add", "user", username, after={"name": name})
    return token


def list_users(engine: Engine) -> list[Any]:
    """Every user (name, role, person, active), by name."""
    from certpath.tracking.accounts_store import AccountStore

    with engine.connect() as connection:
        return AccountStore(connection).all_users()


def record_access(
    engine: Engine,
    principal: Principal,
    action: str,
    subject_type: str,
    subject_id: str,
    *,
    now: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    """Write a read of personal data or an export to the audit log (one INSERT, committed by itself)."""
    from certpath.tracking.database import single_statements
    from certpath.tracking.repository import AuditLog

    with single_statements(engine) as connection:
        AuditLog(connection, actor=principal.username, now=now).append(
            action, subject_type, subject_id, after={"role": principal.role.value, **(detail or {})}
        )
