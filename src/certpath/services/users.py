"""Admin use cases for users: deactivate and activate, set the role, reset the password, list and
revoke API tokens; and users following the roster when their person leaves.

The CLI, the API and the dashboard call these same functions. Every change goes to the audit log
with the actor, the user and the values before and after; never a password or a token.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from certpath.accounts.passwords import generate_password, hash_password
from certpath.accounts.roles import Role
from certpath.errors import InputError, NotFoundError
from certpath.tracking.accounts_store import AccountStore
from certpath.tracking.repository import AuditLog, PeopleRepository

if TYPE_CHECKING:
    from certpath.tracking.database import Connection, Engine
    from certpath.tracking.ports import AuditTrail, UserStore

#: Roles that see people through the roster, so need a person to be linked.
ROSTER_ROLES = frozenset({Role.MANAGER, Role.MEMBER})


def user_record(row: Any) -> dict[str, Any]:
    """A user as the CLI, the API and the dashboard show it (never the password hash)."""
    return {
        "username": row.username,
        "role": row.role,
        "person_id": row.person_id,
        "active": bool(row.active),
        "must_change_password": bool(row.must_change_password),
        "tokens": int(getattr(row, "tokens", 0)),
    }


def token_record(row: Any) -> dict[str, Any]:
    """An API token's id, name, creation and revocation times (never the token or its hash)."""
    return {
        "id": row.id,
        "name": row.name,
        "created_at": _iso(row.created_at),
        "revoked": bool(row.revoked),
        "revoked_at": _iso(row.revoked_at),
    }


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def _user(store: AccountStore, username: str) -> Any:
    row = store.user_for_update(username)
    if row is None:
        raise NotFoundError(f"No user '{username}'; `certpath user list` shows the users.")
    return row


def _keep_an_admin(store: AccountStore, user: Any, change: str) -> None:
    """Refuse to leave the store without an active admin (nobody could manage users then)."""
    if user.role != Role.ADMIN or not user.active:
        return
    if store.active_admins() == [user.username]:
        raise InputError(
            f"'{user.username}' is the last active admin, so cannot be {change}; make another user "
            "admin first (`certpath user set-role NAME admin`)."
        )


def deactivate_user(engine: Engine, username: str, *, actor: str, now: datetime) -> dict[str, Any]:
    """Deactivate a user: their sessions end and their API tokens stop working at once."""
    with engine.begin() as connection:
        store = AccountStore(connection)
        user = _user(store, username)
        if not user.active:
            raise InputError(f"'{username}' is already inactive; nothing was changed.")
        _keep_an_admin(store, user, "deactivated")
        store.update_user(user.id, active=False)
        ended = store.end_sessions_of(user.id)
        AuditLog(connection, actor=actor, now=now).append(
            "user.deactivate",
            "user",
            username,
            before={"active": True},
            after={"active": False, "sessions_ended": ended},
        )
    return get_user_record(engine, username)


def activate_user(engine: Engine, username: str, *, actor: str, now: datetime) -> dict[str, Any]:
    """Activate a user again; refused while the roster person they are linked to is inactive."""
    with engine.begin() as connection:
        store = AccountStore(connection)
        user = _user(store, username)
        if user.active:
            raise InputError(f"'{username}' is already active; nothing was changed.")
        if user.person_id is not None:
            _require_active_person(connection, user.person_id, what=f"'{username}' is linked to")
        store.update_user(user.id, active=True)
        AuditLog(connection, actor=actor, now=now).append(
            "user.activate", "user", username, before={"active": False}, after={"active": True}
        )
    return get_user_record(engine, username)


def _require_active_person(connection: Connection, person_id: str, *, what: str) -> None:
    person = PeopleRepository(connection).get(person_id)
    if person is None:
        raise InputError(
            f"{what} '{person_id}', who is no one in the store; run `certpath roster import` first."
        )
    if not person.active:
        raise InputError(
            f"{what} '{person_id}', who is inactive on the roster; import a roster that lists them, "
            "or link the user to someone else with `certpath user set-role NAME ROLE --person ID`."
        )


def set_role(
    engine: Engine, username: str, role: str, *, person_id: str | None, actor: str, now: datetime
) -> dict[str, Any]:
    """Give a user another role (and, with `person_id`, another roster person); takes effect at once."""
    if role not in {r.value for r in Role}:
        raise InputError(f"Role '{role}': use one of {', '.join(r.value for r in Role)}.")
    with engine.begin() as connection:
        store = AccountStore(connection)
        user = _user(store, username)
        linked = person_id or user.person_id
        if role in ROSTER_ROLES and not linked:
            raise InputError(f"A {role} sees people through the roster: give --person EMPLOYEE_ID.")
        if person_id is not None:
            _require_active_person(connection, person_id, what="--person names")
        if role != Role.ADMIN:
            _keep_an_admin(store, user, f"made {role}")
        before = {"role": user.role, "person_id": user.person_id}
        after = {"role": role, "person_id": linked}
        if before == after:
            raise InputError(f"'{username}' is already {role}; nothing was changed.")
        store.update_user(user.id, role=role, person_id=linked)
        AuditLog(connection, actor=actor, now=now).append(
            "user.role", "user", username, before=before, after=after
        )
    return get_user_record(engine, username)


def reset_password(engine: Engine, username: str, *, actor: str, now: datetime) -> str:
    """Give a user a random temporary password (returned once) that they must change at next
    sign-in; their sessions end. Their API tokens keep working: a token is not a password."""
    temporary = generate_password()
    with engine.begin() as connection:
        store = AccountStore(connection)
        user = _user(store, username)
        store.set_password(user.id, hash_password(temporary), must_change=True)
        ended = store.end_sessions_of(user.id)
        AuditLog(connection, actor=actor, now=now).append(
            "user.password.reset",
            "user",
            username,
            before={"must_change_password": bool(user.must_change_password)},
            after={"must_change_password": True, "sessions_ended": ended},
        )
    return temporary


def list_tokens(engine: Engine, username: str) -> list[dict[str, Any]]:
    """A user's API tokens: id, name, created, revoked."""
    with engine.connect() as connection:
        store = AccountStore(connection)
        user = store.user_by_name(username)
        if user is None:
            raise NotFoundError(f"No user '{username}'; `certpath user list` shows the users.")
        return [token_record(t) for t in store.tokens_of(user.id)]


def revoke_token(engine: Engine, username: str, token_id: int, *, actor: str, now: datetime) -> None:
    """Revoke one of a user's API tokens; it stops working at once."""
    with engine.begin() as connection:
        store = AccountStore(connection)
        user = _user(store, username)
        tokens = {t.id: t for t in store.tokens_of(user.id)}
        if token_id not in tokens:
            raise NotFoundError(
                f"'{username}' has no API token {token_id}; `certpath user tokens {username}` lists them."
            )
        if not store.revoke_token(token_id, user_id=user.id, at=now):
            raise InputError(f"API token {token_id} of '{username}' is already revoked; nothing was changed.")
        AuditLog(connection, actor=actor, now=now).append(
            "token.revoke",
            "user",
            username,
            before={"token_id": token_id, "name": tokens[token_id].name, "revoked": False},
            after={"token_id": token_id, "revoked": True},
        )


def _keep_an_admin_through_the_roster(store: UserStore, leaving: Iterable[Any]) -> None:
    """A roster that makes every active admin's person inactive would leave nobody to manage users
    (and lets an ld-admin lock the admins out), so it is refused like `user deactivate` of the last one."""
    admins = {u.username: u.person_id for u in leaving if u.role == Role.ADMIN}
    if admins and set(store.active_admins()) <= set(admins):
        people = ", ".join(f"{person} (user '{name}')" for name, person in sorted(admins.items()))
        raise InputError(
            f"The roster makes {people} inactive, and no other admin would be left; make another user "
            "admin first (`certpath user set-role NAME admin`), then import again. Nothing was imported."
        )


def deactivate_users_of(store: UserStore, person_ids: Iterable[str], *, audit: AuditTrail) -> list[str]:
    """Deactivate the users of people who left the roster and end their sessions, in the caller's
    transaction; returns their names. Reactivating the person later does not reactivate them."""
    names = []
    leaving = store.active_users_of(person_ids)
    _keep_an_admin_through_the_roster(store, leaving)
    for user in leaving:
        store.update_user(user.id, active=False)
        ended = store.end_sessions_of(user.id)
        audit.append(
            "user.deactivate",
            "user",
            user.username,
            before={"active": True},
            after={
                "active": False,
                "sessions_ended": ended,
                "reason": f"person {user.person_id} is inactive",
            },
        )
        names.append(user.username)
    return names


def list_user_records(engine: Engine) -> list[dict[str, Any]]:
    """Every user as `user_record`, by name."""
    with engine.connect() as connection:
        return [user_record(u) for u in AccountStore(connection).all_users()]


def get_user_record(engine: Engine, username: str) -> dict[str, Any]:
    """One user as `user_record`; NotFoundError when there is no such user."""
    with engine.connect() as connection:
        found = AccountStore(connection).all_users(username=username)
    if not found:
        raise NotFoundError(f"No user '{username}'; `certpath user list` shows the users.")
    return user_record(found[0])
