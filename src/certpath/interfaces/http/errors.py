"""certpath's errors as JSON: `{"error": {"code", "message", "location", "issues"}}` with an HTTP status.

API clients (a path under /api/, or `Accept: application/json` without text/html) get the JSON; a
browser on a dashboard path gets the dashboard's error page instead (app.state.page_error and
app.state.problem_page, installed by the web interface).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Match, Mount

from certpath.errors import (
    AccessDeniedError,
    BudgetTooSmallError,
    CertpathError,
    EmptyStoreError,
    FileProblemsError,
    InfeasiblePlanError,
    Issue,
    LastAdminError,
    Location,
    NotFoundError,
    PersonLinkRequiredError,
    RateLimitedError,
    SettingError,
    SignInError,
    TooLargeError,
    UnknownChoiceError,
    UnknownPersonError,
    UnknownUserError,
    WriteScopeError,
)

#: (error class, HTTP status, code); the first class that matches wins.
STATUS: tuple[tuple[type[CertpathError], int, str], ...] = (
    (RateLimitedError, 429, "rate-limited"),
    (SignInError, 401, "not-signed-in"),
    (AccessDeniedError, 403, "forbidden"),
    (NotFoundError, 404, "not-found"),
    (TooLargeError, 413, "too-large"),
    (UnknownChoiceError, 422, "unknown-choice"),
    (FileProblemsError, 422, "file-problems"),
    (BudgetTooSmallError, 422, "budget-too-small"),
    (InfeasiblePlanError, 409, "infeasible"),
    (CertpathError, 400, "bad-input"),
)


def status_of(error: CertpathError) -> tuple[int, str]:
    """The HTTP status and the error code for a certpath error."""
    return next((status, code) for kind, status, code in STATUS if isinstance(error, kind))


def location_json(location: Location) -> dict[str, Any]:
    return {"file": location.file, "line": location.line, "column": location.column, "key": location.key}


def error_body(
    code: str, message: str, *, location: dict[str, Any] | None = None, issues: list[Issue] | None = None
) -> dict[str, Any]:
    """The JSON body of every API error."""
    listed = [{"location": location_json(i.location), "message": i.message} for i in issues or []]
    if location is None and issues:
        location = location_json(issues[0].location)
    return {"error": {"code": code, "message": message, "location": location, "issues": listed}}


#: Errors the router raises before any certpath code runs (unknown path, method not taken).
#: 400 is Starlette's answer to a body it cannot parse (a multipart form without its boundary, JSON
#: with a number of over 4,300 digits or nested past the recursion limit); it said {"detail": …}.
ROUTING: dict[int, str] = {400: "bad-input", 404: "not-found", 405: "method-not-allowed"}


def wants_json(request: Request) -> bool:
    """Whether to answer with JSON: API paths, and clients that ask for JSON but not for HTML."""
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "").lower()
    return "json" in accept and "text/html" not in accept


def error_response(request: Request, error: Exception) -> Response:
    """A certpath error as the error page (browsers) or as JSON with its status (API clients)."""
    assert isinstance(error, CertpathError)
    page_error = getattr(request.app.state, "page_error", None)
    if page_error is not None and not wants_json(request):
        response: Response = page_error(request, error)
        return response
    status, code = status_of(error)
    issues = list(error.issues) if isinstance(error, FileProblemsError | WriteScopeError) else []
    location = {"key": error.value} if isinstance(error, UnknownChoiceError) else None
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, RateLimitedError) else None
    body = error_body(code, str(error), location=location, issues=issues)
    if isinstance(error, BudgetTooSmallError):
        body["error"]["budget"] = budget_json(error)
    elif isinstance(error, UnknownPersonError):
        body["error"]["message"] += " Import a roster that lists them first (POST /api/v1/rosters)."
    elif isinstance(error, EmptyStoreError):
        body["error"]["message"] += " Import a roster first (POST /api/v1/rosters)."
    elif isinstance(error, SettingError):
        body["error"]["message"] = f"{error.setting} {error.value}: {error.reason}"
        body["error"]["location"] = {"file": "request", "line": None, "column": None, "key": error.setting}
    elif isinstance(error, UnknownUserError | LastAdminError | PersonLinkRequiredError):
        body["error"]["message"] += " " + account_fix(error)
    return JSONResponse(body, status_code=status, headers=headers)


def account_fix(error: UnknownUserError | LastAdminError | PersonLinkRequiredError) -> str:
    """The fix for an account error, for API clients: the request to send."""
    if isinstance(error, UnknownUserError):
        if error.token_id is None:
            return "GET /api/v1/users lists them."
        return f"GET /api/v1/users/{error.username}/tokens lists their tokens."
    if isinstance(error, LastAdminError):
        return 'Make another user admin first (PUT /api/v1/users/NAME/role with "role": "admin"), then try again.'
    return "Send person_id, the roster employee id."


#: The request member that carries each kind of budget.
BUDGET_MEMBERS = {"budget": "budget_usd", "quarterly": "quarterly_budget_usd"}


def budget_json(error: BudgetTooSmallError) -> dict[str, Any]:
    """A budget too small, for API clients: which member to raise, to what, and what else would do."""
    member = BUDGET_MEMBERS[error.kind]
    otherwise = f", or {error.otherwise}" if error.otherwise else ""
    return {
        "member": member,
        "given_usd": round(error.given, 2),
        "required_usd": round(error.required, 2),
        "short_usd": round(error.short, 2),
        "fix": f"Send {member} of at least {error.required:.0f}{otherwise}.",
    }


def validation_issues(problems: Sequence[Any], where: str) -> list[Issue]:
    """pydantic's validation errors as Issues, keyed by the field's path (e.g. body.completed_on)."""
    return [
        Issue(
            Location(where, key=".".join(str(p) for p in problem.get("loc", ()))),
            str(problem.get("msg", "is not valid")),
        )
        for problem in problems
    ]


def _invalid(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    issues = validation_issues(error.errors(), "request")
    message = "; ".join(f"{i.location.key}: {i.message}" for i in issues) or "The request is not valid."
    return JSONResponse(error_body("invalid-request", message, issues=issues), status_code=422)


async def _routing(request: Request, error: Exception) -> Response:
    """404 and 405 from the router: the error page for browsers, the JSON error for API clients."""
    assert isinstance(error, HTTPException)
    code = ROUTING.get(error.status_code)
    if code is None:
        return await http_exception_handler(request, error)
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = ", ".join(_allowed(request)) or headers.get("Allow", "")
    message = (
        _unreadable_message(error.detail)
        if error.status_code == 400
        else _routing_message(request, error.status_code, headers.get("Allow", ""))
    )
    problem_page = getattr(request.app.state, "problem_page", None)
    if problem_page is not None and not wants_json(request):
        page: Response = problem_page(request, error.status_code, message, headers=headers)
        return page
    return JSONResponse(error_body(code, message), status_code=error.status_code, headers=headers)


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _allowed(request: Request) -> list[str]:
    """Every method some route takes at this path (the router names only the first route's)."""
    routes = [r for r in request.app.router.routes if isinstance(r, BaseRoute) and not isinstance(r, Mount)]
    return [
        method
        for method in METHODS
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    ]


def _unreadable_message(detail: object) -> str:
    return (
        f"The request body could not be read ({str(detail).rstrip('.')}): send the JSON or form the "
        "route expects, with numbers of at most 4,300 digits and no deep nesting (see /api/v1/docs)."
    )


def _routing_message(request: Request, status: int, allowed: str) -> str:
    path, method = request.url.path, request.method
    if status == 405:
        return f"{path} does not take {method} requests" + (f"; it takes {allowed}." if allowed else ".")
    if path.startswith("/api/"):
        return f"There is no API route {method} {path}; the routes are listed at /api/v1/docs."
    return f"There is no page at {path}; check the address, or start again from the overview."


def install(app: FastAPI) -> None:
    """Register the handlers that turn errors into JSON (or, for browsers, into the error page)."""
    app.add_exception_handler(CertpathError, error_response)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _routing)
