"""Use cases for accounts: add users, the first admin, sign in and out, passwords, API tokens.

Each takes a unit of work, opens it and commits what it wrote; the time it stamps on sessions,
tokens and the audit log is `uow.now`, the interface's one clock reading for the request or command.
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
from certpath.errors import (
    InputError,
    PersonLinkRequiredError,
    RateLimitedError,
    SignInError,
    UnknownChoiceError,
    UnknownPersonError,
    UnknownUserError,
)

if TYPE_CHECKING:
    from certpath.tracking.ports import UnitOfWork, UserStore

#: How long a sign-in lasts.
SESSION_LIFETIME = timedelta(hours=12)
#: Failed sign-ins counted over this window ...
FAILURE_WINDOW = timedelta(minutes=15)
#: ... make one address wait after this many for one name, and after this many for any names.
MAX_FAILURES_PER_NAME_AND_ADDRESS = 5
MAX_FAILURES_PER_ADDRESS = 30
_USERNAME = re.compile(r"[A-Za-z0-9._@-]{2,200}")
WRONG_PASSWORD = "Wrong user name or password."
#: Roles that see people through the roster, so need a person to be linked.
ROSTER_ROLES = frozenset({Role.MANAGER, Role.MEMBER})


def _principal(row: Any) -> Principal:
    return Principal(
        row.id, row.username, Role(row.role), row.person_id, must_change_password=row.must_change_password
    )


def check_password_length(password: str) -> None:
    """Refuse a password shorter than MIN_PASSWORD characters."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"The password is {len(password)} characters; use at least {MIN_PASSWORD}.")


def check_role(role: str, *, person_id: str | None) -> None:
    """Refuse a role that is not one, and a manager or member with no roster person."""
    if role not in {r.value for r in Role}:
        raise UnknownChoiceError("role", role, choices=[r.value for r in Role])
    if role in ROSTER_ROLES and not person_id:
        raise PersonLinkRequiredError(role)


def add_user(uow: UnitOfWork, username: str, password: str, *, role: str, person_id: str | None) -> Principal:
    """Add a user with an argon2id-hashed password; the audit log records who (the actor) added whom."""
    if not _USERNAME.fullmatch(username):
        raise InputError(f"user name '{username}': use 2-200 letters, digits, '.', '_', '@' or '-'.")
    check_role(role, person_id=person_id)
    check_password_length(password)
    with uow:
        principal = _add_user(uow, username, hash_password(password), role=role, person_id=person_id)
        uow.commit()
    return principal


def _add_user(
    uow: UnitOfWork, username: str, password_hash: str, *, role: str, person_id: str | None
) -> Principal:
    if uow.users.user_by_name(username) is not None:
        raise InputError(f"There is already a user '{username}'; pick another name.")
    if person_id and uow.people.get(person_id) is None:
        raise UnknownPersonError(person_id)
    user_id = uow.users.add_user(
        username, password_hash=password_hash, role=role, person_id=person_id, at=uow.now
    )
    after = {"username": username, "role": role, "person_id": person_id}
    uow.audit.append("user.add", "user", username, after=after)
    return Principal(user_id, username, Role(role), person_id)


def ensure_first_admin(uow: UnitOfWork) -> str | None:
    """On a store with no users, add `admin` with a random password and return it (shown once)."""
    with uow:
        if uow.users.user_count():
            return None
        password = generate_password()
        _add_user(uow, "admin", hash_password(password), role=Role.ADMIN, person_id=None)
        uow.commit()
    return password


def throttled_until(store: UserStore, username: str, *, address: str, now: datetime) -> datetime | None:
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


def _refuse_if_throttled(store: UserStore, username: str, *, address: str, now: datetime) -> None:
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


def _fail(uow: UnitOfWork, username: str, *, address: str) -> None:
    uow.users.add_failure(username, address, at=uow.now)
    uow.audit.append("sign-in.fail", "user", username, after={"address": address})


def sign_in(uow: UnitOfWork, username: str, password: str, *, address: str) -> tuple[str, str]:
    """Check the password (throttled per name and address, and per address) and open a session:
    (cookie, csrf). `uow` is opened for `username`: the sign-in and its failures are logged as theirs."""
    with uow:
        store = uow.users
        _refuse_if_throttled(store, username, address=address, now=uow.now)
        user = store.user_by_name(username)
        # An unknown name is checked against a dummy hash: it takes as long as a wrong password.
        ok = verify_password(user.password_hash if user else dummy_hash(), password)
        failed = user is None or not ok or not user.active
        if failed:
            _fail(uow, username, address=address)
        else:
            cookie, csrf = new_secret(), new_secret()
            now = uow.now
            store.add_session(
                digest(cookie), user_id=user.id, csrf=csrf, at=now, expires=now + SESSION_LIFETIME
            )
            store.clear_failures(username, address)
            store.forget_failures_before(now - FAILURE_WINDOW)
            store.end_expired_sessions(now=now)
            uow.audit.append("sign-in", "user", username, after={"address": address})
        uow.commit()
    if failed:
        raise SignInError(WRONG_PASSWORD)
    return cookie, csrf


def change_password(
    uow: UnitOfWork, username: str, current: str, new: str, *, address: str, keep_session: str | None
) -> int:
    """Change one's own password after checking the current one (throttled as sign-in is);
    ends the user's other sessions (all but the cookie `keep_session`) and returns how many.
    `uow` is opened for `username`."""
    check_password_length(new)
    if new == current:
        raise InputError("The new password is the current one; choose a different password.")
    with uow:
        store = uow.users
        _refuse_if_throttled(store, username, address=address, now=uow.now)
        user = store.user_by_name(username)
        failed = user is None or not user.active or not verify_password(user.password_hash, current)
        if failed:
            _fail(uow, username, address=address)
        else:
            store.set_password(user.id, hash_password(new), must_change=False)
            ended = store.end_sessions_of(user.id, keep=digest(keep_session) if keep_session else None)
            after = {"must_change_password": False, "sessions_ended": ended}
            before = {"must_change_password": bool(user.must_change_password)}
            uow.audit.append("user.password.change", "user", username, before=before, after=after)
        uow.commit()
    if failed:
        raise InputError("The current password is wrong; nothing was changed.")
    return ended


def session_principal(uow: UnitOfWork, cookie: str) -> tuple[Principal, str] | None:
    """The user and CSRF token of a session cookie live at `uow.now`, or None."""
    with uow:
        row = uow.users.session_user(digest(cookie), now=uow.now)
    return None if row is None else (_principal(row), row.csrf)


def token_principal(uow: UnitOfWork, token: str) -> Principal | None:
    """The user of an API token, or None when the token is unknown or revoked, or its user inactive."""
    with uow:
        row = uow.users.token_user(digest(token))
    return None if row is None else _principal(row)


def sign_out(uow: UnitOfWork, cookie: str) -> None:
    """End the session of this cookie."""
    with uow:
        uow.users.end_session(digest(cookie))
        uow.commit()


def create_token(uow: UnitOfWork, username: str, *, name: str) -> str:
    """A new API token for `username`; only its SHA-256 is stored, so it is shown once."""
    token = "cpt_" + new_secret()
    with uow:
        user = uow.users.user_by_name(username)
        if user is None:
            raise UnknownUserError(username)
        uow.users.add_token(user_id=user.id, name=name, sha256=digest(token), at=uow.now)
        uow.audit.append("token.add", "user", username, after={"name": name})
        uow.commit()
    return token
