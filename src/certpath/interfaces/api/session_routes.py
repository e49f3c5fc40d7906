"""`/api/v1/session`: sign in and out with a name and password (the dashboard's cookie), and who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from certpath.interfaces.http.context import SESSION_COOKIE, Context, Me, client_address, set_session_cookie
from certpath.services.accounts import sign_in as open_session
from certpath.services.accounts import sign_out as end

router = APIRouter(tags=["session"])


class SignIn(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


@router.post("/session", summary="Sign in; sets the session cookie and returns the CSRF token")
def sign_in(body: SignIn, request: Request, response: Response, context: Context) -> dict[str, Any]:
    work = context.account_work(body.username)
    cookie, csrf = open_session(work, body.username, body.password, address=client_address(request))
    set_session_cookie(request, response, cookie)
    return {"username": body.username, "csrf_token": csrf}


@router.delete("/session", status_code=204, summary="Sign out")
def sign_out(request: Request, response: Response, context: Context, me: Me) -> None:
    end(context.account_work(me.username), request.cookies.get(SESSION_COOKIE, ""))
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/me", summary="The signed-in user, their role and scope")
def whoami(me: Me) -> dict[str, Any]:
    scope = me.scope
    return {
        "username": me.username,
        "role": me.role.value,
        "person_id": me.person_id,
        "scope": {"team": scope.team, "person": scope.person, "manager": scope.manager},
    }
