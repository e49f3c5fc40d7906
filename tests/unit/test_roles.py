"""Roles: what each may do, and whose data each sees."""

from __future__ import annotations

import pytest

from certpath.accounts.roles import Action, Principal, Role
from certpath.errors import AccessDeniedError
from certpath.tracking.model import Scope


def who(role: Role, person: str | None = None) -> Principal:
    return Principal(1, "u", role, person)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ADMIN, set(Action)),
        (Role.LD_ADMIN, set(Action) - {Action.READ_AUDIT_LOG, Action.MANAGE_USERS}),
        (Role.MANAGER, {Action.READ, Action.RECORD_EVIDENCE, Action.PLAN}),
        (Role.MEMBER, {Action.READ, Action.RECORD_EVIDENCE}),
        (Role.AUDITOR, {Action.READ, Action.READ_AUDIT_LOG}),
    ],
)
def test_each_role_may_take_exactly_its_actions(role: Role, allowed: set[Action]) -> None:
    principal = who(role, "E1")
    assert {a for a in Action if principal.may(a)} == allowed
    for action in set(Action) - allowed:
        with pytest.raises(AccessDeniedError, match="ask an admin"):
            principal.require(action)


def test_scopes_follow_the_role() -> None:
    assert who(Role.AUDITOR).scope == Scope()
    assert who(Role.MANAGER, "E2").scope == Scope(manager="E2")
    assert who(Role.MEMBER, "E6").scope == Scope(person="E6")
    with pytest.raises(AccessDeniedError, match="not linked to anyone"):
        _ = who(Role.MEMBER).scope


def test_narrowing_keeps_the_role_scope() -> None:
    assert who(Role.MANAGER, "E2").narrowed(team="Data") == Scope(team="Data", manager="E2")
    assert who(Role.MEMBER, "E6").narrowed(person="E6") == Scope(person="E6")
    with pytest.raises(AccessDeniedError, match="only see their own"):
        who(Role.MEMBER, "E6").narrowed(person="E7")
