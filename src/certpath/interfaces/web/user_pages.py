"""Dashboard pages for accounts: admins manage users (/users), everyone changes their password.

Every form posts the session's CSRF token; each handler calls one service in services/users.py
or services/accounts.py, the same functions the CLI and the API call.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from certpath.accounts.passwords import MIN_PASSWORD
from certpath.accounts.roles import Action, Role
from certpath.errors import InputError
from certpath.interfaces.http.context import SESSION_COOKIE, Context, RowId, client_address
from certpath.interfaces.web.pages import CsrfField, Visitor, check_csrf, render
from certpath.services import accounts, users

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
UserName = Annotated[str, Path(max_length=200)]
Password = Annotated[str, Form(max_length=1000)]
#: A page that shows a secret once must not be kept by the browser or a proxy.
NO_STORE = {"Cache-Control": "no-store"}


def _back(username: str) -> Response:
    return RedirectResponse(f"/users/{username}", status_code=303)


def _admin(caller: Visitor, csrf: str | None = None) -> str:
    """The admin's name, after checking the form's CSRF token (for posts) and the role."""
    if csrf is not None:
        check_csrf(caller, csrf)
    caller.principal.require(Action.MANAGE_USERS)
    return caller.principal.username


@router.get("/users")
def users_page(request: Request, context: Context, caller: Visitor) -> Response:
    found = users.list_user_records(context.account_work(_admin(caller)))
    return render(request, "users.html.j2", caller, users=found)


@router.get("/users/{username}")
def user_page(request: Request, username: UserName, context: Context, caller: Visitor) -> Response:
    user, tokens = users.user_page(context.account_work(_admin(caller)), username)
    roles = [r.value for r in Role]
    return render(request, "user.html.j2", caller, user=user, tokens=tokens, roles=roles, temporary=None)


@router.post("/users/{username}/deactivate")
def deactivate(username: UserName, context: Context, caller: Visitor, csrf: CsrfField) -> Response:
    users.deactivate_user(context.account_work(_admin(caller, csrf)), username)
    return _back(username)


@router.post("/users/{username}/activate")
def activate(username: UserName, context: Context, caller: Visitor, csrf: CsrfField) -> Response:
    users.activate_user(context.account_work(_admin(caller, csrf)), username)
    return _back(username)


@router.post("/users/{username}/role")
def set_role(
    username: UserName,
    context: Context,
    caller: Visitor,
    csrf: CsrfField,
    role: Annotated[str, Form(max_length=16)],
    person_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    work = context.account_work(_admin(caller, csrf))
    users.set_role(work, username, role, person_id=person_id.strip() or None)
    return _back(username)


@router.post("/users/{username}/password")
def reset_password(
    request: Request, username: UserName, context: Context, caller: Visitor, csrf: CsrfField
) -> Response:
    actor = _admin(caller, csrf)
    temporary = users.reset_password(context.account_work(actor), username)
    user, tokens = users.user_page(context.account_work(actor), username)
    roles = [r.value for r in Role]
    response = render(
        request, "user.html.j2", caller, user=user, tokens=tokens, roles=roles, temporary=temporary
    )
    response.headers.update(NO_STORE)
    return response


@router.post("/users/{username}/tokens/{token_id}/revoke")
def revoke_token(
    username: UserName, token_id: RowId, context: Context, caller: Visitor, csrf: CsrfField
) -> Response:
    users.revoke_token(context.account_work(_admin(caller, csrf)), username, token_id)
    return _back(username)


@router.get("/account/password")
def password_form(request: Request, caller: Visitor, changed: str = "") -> Response:
    return render(request, "account_password.html.j2", caller, changed=bool(changed), min_length=MIN_PASSWORD)


@router.post("/account/password")
def change_password(
    request: Request,
    context: Context,
    caller: Visitor,
    csrf: CsrfField,
    current: Password,
    new: Password,
    again: Password,
) -> Response:
    check_csrf(caller, csrf)
    if new != again:
        raise InputError("The two new passwords differ; type the same new password twice.")
    accounts.change_password(
        context.account_work(caller.principal.username),
        caller.principal.username,
        current,
        new,
        address=client_address(request),
        keep_session=request.cookies.get(SESSION_COOKIE),
    )
    return RedirectResponse("/account/password?changed=1", status_code=303)
