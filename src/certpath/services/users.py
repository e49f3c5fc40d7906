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
from certpath.errors import InputError, LastAdminError, UnknownPersonError, UnknownUserError
from certpath.services.accounts import check_role

if TYPE_CHECKING:
    from certpath.tracking.ports import AuditTrail, PeopleStore, UnitOfWork, UserStore


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


def _user(store: UserStore, username: str) -> Any:
    row = store.user_for_update(username)
    if row is None:
        raise UnknownUserError(username)
    return row


def _keep_an_admin(store: UserStore, user: Any, change: str) -> None:
    """Refuse to leave the store without an active admin (nobody could manage users then)."""
    if user.role != Role.ADMIN or not user.active:
        return
    if store.active_admins() == [user.username]:
        raise LastAdminError(
            f"'{user.username}' is the last active admin, so cannot be {change}; nobody would be "
            "left to manage users."
        )


def deactivate_user(uow: UnitOfWork, username: str) -> dict[str, Any]:
    """Deactivate a user: their sessions end and their API tokens stop working at once."""
    with uow:
        user = _user(uow.users, username)
        if not user.active:
            raise InputError(f"'{username}' is already inactive; nothing was changed.")
        _keep_an_admin(uow.users, user, "deactivated")
        uow.users.update_user(user.id, active=False)
        ended = uow.users.end_sessions_of(user.id)
        uow.audit.append(
            "user.deactivate",
            "user",
            username,
            before={"active": True},
            after={"active": False, "sessions_ended": ended},
        )
        record = _record(uow.users, username)
        uow.commit()
    return record


def activate_user(uow: UnitOfWork, username: str) -> dict[str, Any]:
    """Activate a user again; refused while the roster person they are linked to is inactive."""
    with uow:
        user = _user(uow.users, username)
        if user.active:
            raise InputError(f"'{username}' is already active; nothing was changed.")
        if user.person_id is not None:
            _require_active_person(uow.people, user.person_id, what=f"'{username}' is linked to")
        uow.users.update_user(user.id, active=True)
        uow.audit.append("user.activate", "user", username, before={"active": False}, after={"active": True})
        record = _record(uow.users, username)
        uow.commit()
    return record


def _require_active_person(people: PeopleStore, person_id: str, *, what: str) -> None:
    person = people.get(person_id)
    if person is None:
        raise UnknownPersonError(person_id)
    if not person.active:
        raise InputError(
            f"{what} '{person_id}', who is inactive on the roster; import a roster that lists them, "
            "or link the user to another person."
        )


def set_role(uow: UnitOfWork, username: str, role: str, *, person_id: str | None) -> dict[str, Any]:
    """Give a user another role (and, with `person_id`, another roster person); takes effect at once."""
    with uow:
        user = _user(uow.users, username)
        linked = person_id or user.person_id
        check_role(role, person_id=linked)
        if person_id is not None:
            _require_active_person(uow.people, person_id, what=f"'{username}' would be linked to")
        if role != Role.ADMIN:
            _keep_an_admin(uow.users, user, f"made {role}")
        before = {"role": user.role, "person_id": user.person_id}
        after = {"role": role, "person_id": linked}
        if before == after:
            raise InputError(f"'{username}' is already {role}; nothing was changed.")
        uow.users.update_user(user.id, role=role, person_id=linked)
        uow.audit.append("user.role", "user", username, before=before, after=after)
        record = _record(uow.users, username)
        uow.commit()
    return record


def reset_password(uow: UnitOfWork, username: str) -> str:
    """Give a user a random temporary password (returned once) that they must change at next
    sign-in; their sessions end. Their API tokens keep working: a token is not a password."""
    temporary = generate_password()
    with uow:
        user = _user(uow.users, username)
        uow.users.set_password(user.id, hash_password(temporary), must_change=True)
        ended = uow.users.end_sessions_of(user.id)
        uow.audit.append(
            "user.password.reset",
            "user",
            username,
            before={"must_change_password": bool(user.must_change_password)},
            after={"must_change_password": True, "sessions_ended": ended},
        )
        uow.commit()
    return temporary


def list_tokens(uow: UnitOfWork, username: str) -> list[dict[str, Any]]:
    """A user's API tokens: id, name, created, revoked."""
    with uow:
        return _tokens(uow.users, username)


def _tokens(store: UserStore, username: str) -> list[dict[str, Any]]:
    user = store.user_by_name(username)
    if user is None:
        raise UnknownUserError(username)
    return [token_record(t) for t in store.tokens_of(user.id)]


def revoke_token(uow: UnitOfWork, username: str, token_id: int) -> None:
    """Revoke one of a user's API tokens; it stops working at once."""
    with uow:
        user = _user(uow.users, username)
        tokens = {t.id: t for t in uow.users.tokens_of(user.id)}
        if token_id not in tokens:
            raise UnknownUserError(username, token_id=token_id)
        if not uow.users.revoke_token(token_id, user_id=user.id, at=uow.now):
            raise InputError(f"API token {token_id} of '{username}' is already revoked; nothing was changed.")
        uow.audit.append(
            "token.revoke",
            "user",
            username,
            before={"token_id": token_id, "name": tokens[token_id].name, "revoked": False},
            after={"token_id": token_id, "revoked": True},
        )
        uow.commit()


def _keep_an_admin_through_the_roster(store: UserStore, leaving: Iterable[Any]) -> None:
    """A roster that makes every active admin's person inactive would leave nobody to manage users
    (and lets an ld-admin lock the admins out), so it is refused like `user deactivate` of the last one."""
    admins = {u.username: u.person_id for u in leaving if u.role == Role.ADMIN}
    if admins and set(store.active_admins()) <= set(admins):
        people = ", ".join(f"{person} (user '{name}')" for name, person in sorted(admins.items()))
        raise LastAdminError(
            f"The roster makes {people} inactive, and no other admin would be left to manage users. "
            "Nothing was imported."
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


def list_user_records(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every user as `user_record`, by name."""
    with uow:
        return [user_record(u) for u in uow.users.all_users()]


def get_user_record(uow: UnitOfWork, username: str) -> dict[str, Any]:
    """One user as `user_record`; UnknownUserError when there is no such user."""
    with uow:
        return _record(uow.users, username)


def user_page(uow: UnitOfWork, username: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One user as `user_record` and their API tokens, read together."""
    with uow:
        return _record(uow.users, username), _tokens(uow.users, username)


def _record(store: UserStore, username: str) -> dict[str, Any]:
    found = store.all_users(username=username)
    if not found:
        raise UnknownUserError(username)
    return user_record(found[0])
