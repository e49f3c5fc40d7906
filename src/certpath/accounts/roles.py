"""Roles, the actions each may take, and the scope of people each may see.

Scope is data, not a page rule: services pass it to the queries, so a manager's
reporting chain and a member's own record are enforced by the database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from certpath.errors import AccessDeniedError
from certpath.tracking.model import Scope


class Role(enum.StrEnum):
    ADMIN = "admin"
    LD_ADMIN = "ld-admin"
    MANAGER = "manager"
    MEMBER = "member"
    AUDITOR = "auditor"


class Action(enum.StrEnum):
    READ = "read"  # people, plans, status, gaps, due, reports, within scope
    RECORD_EVIDENCE = "record-evidence"
    PLAN = "plan"  # create and accept plans
    IMPORT_ROSTER = "import-roster"
    READ_AUDIT_LOG = "read-audit-log"
    MANAGE_USERS = "manage-users"


_ALLOWED: dict[Action, frozenset[Role]] = {
    Action.READ: frozenset(Role),
    Action.RECORD_EVIDENCE: frozenset({Role.ADMIN, Role.LD_ADMIN, Role.MANAGER, Role.MEMBER}),
    Action.PLAN: frozenset({Role.ADMIN, Role.LD_ADMIN, Role.MANAGER}),
    Action.IMPORT_ROSTER: frozenset({Role.ADMIN, Role.LD_ADMIN}),
    Action.READ_AUDIT_LOG: frozenset({Role.ADMIN, Role.AUDITOR}),
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
}

#: Roles that see the whole organisation.
ORG_WIDE = frozenset({Role.ADMIN, Role.LD_ADMIN, Role.AUDITOR})


@dataclass(frozen=True)
class Principal:
    """A signed-in user (by session or API token): who, in which role, linked to which roster person."""

    user_id: int
    username: str
    role: Role
    person_id: str | None = None
    #: After an admin's reset: a session may only change the password or sign out.
    must_change_password: bool = False

    def may(self, action: Action) -> bool:
        return self.role in _ALLOWED[action]

    def require(self, action: Action) -> None:
        """Raise AccessDeniedError unless this user's role may take `action`."""
        if not self.may(action):
            raise AccessDeniedError(
                f"{self.username} ({self.role}) may not {action.value.replace('-', ' ')}; "
                f"ask an admin for a role that may ({', '.join(sorted(_ALLOWED[action]))})."
            )

    @property
    def scope(self) -> Scope:
        """Whose data this user sees: everyone, their reporting chain, or only themselves."""
        if self.role in ORG_WIDE:
            return Scope()
        if self.person_id is None:
            raise AccessDeniedError(
                f"{self.username} ({self.role}) is not linked to anyone on the roster, so sees no one; "
                "an admin can link the account with `certpath user add --person EMPLOYEE_ID`."
            )
        if self.role == Role.MANAGER:
            return Scope(manager=self.person_id)
        return Scope(person=self.person_id)

    def narrowed(self, *, team: str | None = None, person: str | None = None) -> Scope:
        """This user's scope, narrowed further to a team or a person they asked for."""
        own = self.scope
        if person is not None and own.person is not None and person != own.person:
            raise AccessDeniedError(f"{self.username} may only see their own record, not '{person}'.")
        return Scope(team=team, person=person or own.person, manager=own.manager)
