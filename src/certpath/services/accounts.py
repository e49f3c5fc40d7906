"""Use cases for accounts: add users, the first admin, sign in and out, passwords, API tokens, the access log.

Failed sign-ins are counted per (name, address) and per address, never per name alone: an
attacker who guesses at a name from one address cannot lock its owner out elsewhere.
"""

from __future__ import annotations

import math
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
from certpath.tracking.accounts_store import AccountStore
from certpath.tracking.database import single_statements
from certpath.tracking.repository import AuditLog, PeopleRepository

if TYPE_CHECKING:
    from certpath.tracking.database import Engine

#: How long a sign-in lasts.
SESSION_LIFETIME = timedelta(hours=12)
#: Failed sign-ins counted over this window ...
FAILURE_WINDOW = timedelta(minutes=15)
#: ... make one address wait after this many for one name, and after this many for any names.
MAX_FAILURES_PER_NAME_AND_ADDRESS = 5
MAX_FAILURES_PER_ADDRESS = 30
_USERNAME = re.compile(r"[A-Za-z0-9._@-]{2,200}")
WRONG_PASSWORD = "Wrong user name or password."


def _principal(row: Any) -> Principal:
    return Principal(
        row.id, row.username, Role(row.role), row.person_id, must_change_password=row.must_change_password
    )


def check_password_length(password: str) -> None:
    """Refuse a password shorter than MIN_PASSWORD characters."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"The password is {len(password)} characters; use at least {MIN_PASSWORD}.")


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
    if not _USERNAME.fullmatch(username):
        raise InputError(f"user name '{username}': use 2-200 letters, digits, '.', '_', '@' or '-'.")
    if role not in {r.value for r in Role}:
        raise InputError(f"--role '{role}': use one of {', '.join(r.value for r in Role)}.")
    check_password_length(password)
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
    with engine.connect() as connection:
        if AccountStore(connection).user_count():
            return None
    password = generate_password()
    add_user(engine, "admin", password, role=Role.ADMIN, person_id=None, actor="certpath serve", now=now)
    return password


def throttled_until(store: AccountStore, username: str, *, address: str, now: datetime) -> datetime | None:
    """When `address` may try `username` again, or None when it may now.

    Per (name, address) and per address: a name alone never blocks, so failures from one
    place cannot lock the name's owner out of another.
    """
    since = now - FAILURE_WINDOW
    pair = store.nth_newest_failure(
        MAX_FAILURES_PER_NAME_AND_ADDRESS, address=address, since=since, username=username
    )
    spray = store.nth_newest_failure(MAX_FAILURES_PER_ADDRESS, address=address, since=since)
    return max((at + FAILURE_WINDOW for at in (pair, spray) if at is not None), default=None)


def _refuse_if_throttled(store: AccountStore, username: str, *, address: str, now: datetime) -> None:
    until = throttled_until(store, username, address=address, now=now)
    if until is None or until <= now:
        return
    seconds = max(1, math.ceil((until - now).total_seconds()))
    minutes = math.ceil(seconds / 60)
    raise RateLimitedError(
        f"Too many failed sign-ins from this address; wait {minutes} minute{'s' if minutes != 1 else ''} "
        "and try again, or ask an admin to reset the password.",
        retry_after=seconds,
    )


def _fail(store: AccountStore, connection: Any, username: str, *, address: str, now: datetime) -> None:
    store.add_failure(username, address, at=now)
    AuditLog(connection, actor=username, now=now).append(
        "sign-in.fail", "user", username, after={"address": address}
    )


def sign_in(engine: Engine, username: str, password: str, *, address: str, now: datetime) -> tuple[str, str]:
    """Check the password (throttled per name and address, and per address) and open a session:
    (cookie, csrf)."""
    with engine.begin() as connection:
        store = AccountStore(connection)
        _refuse_if_throttled(store, username, address=address, now=now)
        user = store.user_by_name(username)
        # An unknown name is checked against a dummy hash: it takes as long as a wrong password.
        ok = verify_password(user.password_hash if user else dummy_hash(), password)
        failed = user is None or not ok or not user.active
        if failed:
            _fail(store, connection, username, address=address, now=now)
        else:
            cookie, csrf = new_secret(), new_secret()
            store.add_session(
                digest(cookie), user_id=user.id, csrf=csrf, at=now, expires=now + SESSION_LIFETIME
            )
            store.clear_failures(username, address)
            store.forget_failures_before(now - FAILURE_WINDOW)
            store.end_expired_sessions(now=now)
            AuditLog(connection, actor=username, now=now).append(
                "sign-in", "user", username, after={"address": address}
            )
    if failed:
        raise SignInError(WRONG_PASSWORD)
    return cookie, csrf


def change_password(
    engine: Engine,
    username: str,
    current: str,
    new: str,
    *,
    address: str,
    keep_session: str | None,
    now: datetime,
) -> int:
    """Change one's own password after checking the current one (throttled as sign-in is);
    ends the user's other sessions (all but the cookie `keep_session`) and returns how many."""
    check_password_length(new)
    if new == current:
        raise InputError("The new password is the current one; choose a different password.")
    with engine.begin() as connection:
        store = AccountStore(connection)
        _refuse_if_throttled(store, username, address=address, now=now)
        user = store.user_by_name(username)
        failed = user is None or not user.active or not verify_password(user.password_hash, current)
        if failed:
            _fail(store, connection, username, address=address, now=now)
        else:
            store.set_password(user.id, hash_password(new), must_change=False)
            ended = store.end_sessions_of(user.id, keep=digest(keep_session) if keep_session else None)
            after = {"must_change_password": False, "sessions_ended": ended}
            before = {"must_change_password": bool(user.must_change_password)}
            AuditLog(connection, actor=username, now=now).append(
                "user.password.change", "user", username, before=before, after=after
            )
    if failed:
        raise InputError("The current password is wrong; nothing was changed.")
    return ended


def session_principal(engine: Engine, cookie: str, *, now: datetime) -> tuple[Principal, str] | None:
    """The user and CSRF token of a live session cookie, or None."""
    with single_statements(engine) as connection:
        row = AccountStore(connection).session_user(digest(cookie), now=now)
    return None if row is None else (_principal(row), row.csrf)


def token_principal(engine: Engine, token: str) -> Principal | None:
    """The user of an API token, or None when the token is unknown or revoked, or its user inactive."""
    with single_statements(engine) as connection:
        row = AccountStore(connection).token_user(digest(token))
    return None if row is None else _principal(row)


def sign_out(engine: Engine, cookie: str) -> None:
    """End the session of this cookie."""
    with engine.begin() as connection:
        AccountStore(connection).end_session(digest(cookie))


def create_token(engine: Engine, username: str, *, name: str, actor: str, now: datetime) -> str:
    """A new API token for `username`; only its SHA-256 is stored, so it is shown once."""
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
    """Every user (name, role, person, active, must change password, live tokens), by name."""
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
    with single_statements(engine) as connection:
        AuditLog(connection, actor=principal.username, now=now).append(
            action, subject_type, subject_id, after={"role": principal.role.value, **(detail or {})}
        )
