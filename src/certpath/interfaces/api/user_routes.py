"""`/api/v1/users` for admins (deactivate, activate, role, password reset, tokens) and
`/api/v1/me/password` for everyone; the same services as `certpath user …` and the /users page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field

from certpath.accounts.roles import Action, Principal
from certpath.interfaces.http.context import SESSION_COOKIE, Context, Me, RowId, client_address
from certpath.services import accounts, users

router = APIRouter(tags=["users"])
UserName = Annotated[str, Path(max_length=200, description="The user's sign-in name.")]


class RoleBody(BaseModel):
    role: str = Field(max_length=16, description="admin, ld-admin, manager, member or auditor.")
    person_id: str | None = Field(
        default=None, max_length=64, description="Roster employee id (managers and members need one)."
    )


class PasswordBody(BaseModel):
    current_password: str = Field(min_length=1, max_length=1000)
    new_password: str = Field(min_length=1, max_length=1000)


def _admin(me: Principal) -> str:
    me.require(Action.MANAGE_USERS)
    return me.username


@router.get("/users", summary="Every user: role, person, active, must change password, live tokens")
def list_users(context: Context, me: Me) -> list[dict[str, Any]]:
    return users.list_user_records(context.account_work(_admin(me)))


@router.get("/users/{username}", summary="One user")
def get_user(username: UserName, context: Context, me: Me) -> dict[str, Any]:
    return users.get_user_record(context.account_work(_admin(me)), username)


@router.post("/users/{username}/deactivate", summary="Deactivate: sessions end, API tokens stop at once")
def deactivate(username: UserName, context: Context, me: Me) -> dict[str, Any]:
    return users.deactivate_user(context.account_work(_admin(me)), username)


@router.post("/users/{username}/activate", summary="Activate again (their roster person must be active)")
def activate(username: UserName, context: Context, me: Me) -> dict[str, Any]:
    return users.activate_user(context.account_work(_admin(me)), username)


@router.put("/users/{username}/role", summary="Set the role (and roster person)")
def set_role(username: UserName, body: RoleBody, context: Context, me: Me) -> dict[str, Any]:
    work = context.account_work(_admin(me))
    return users.set_role(work, username, body.role, person_id=body.person_id)


@router.post(
    "/users/{username}/password",
    summary="Reset: a temporary password, shown once, to change at next sign-in; sessions end",
)
def reset_password(username: UserName, context: Context, me: Me, response: Response) -> dict[str, Any]:
    temporary = users.reset_password(context.account_work(_admin(me)), username)
    response.headers["Cache-Control"] = "no-store"
    return {"username": username, "temporary_password": temporary, "must_change_password": True}


@router.get("/users/{username}/tokens", summary="A user's API tokens: id, name, created, revoked")
def list_tokens(username: UserName, context: Context, me: Me) -> list[dict[str, Any]]:
    return users.list_tokens(context.account_work(_admin(me)), username)


@router.delete("/users/{username}/tokens/{token_id}", status_code=204, summary="Revoke an API token at once")
def revoke_token(username: UserName, token_id: RowId, context: Context, me: Me) -> None:
    users.revoke_token(context.account_work(_admin(me)), username, token_id)


@router.post("/me/password", status_code=204, summary="Change your own password; your other sessions end")
def change_password(body: PasswordBody, request: Request, context: Context, me: Me) -> None:
    accounts.change_password(
        context.account_work(me.username),
        me.username,
        body.current_password,
        body.new_password,
        address=client_address(request),
        keep_session=request.cookies.get(SESSION_COOKIE),
    )
