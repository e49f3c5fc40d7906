"""certpath's errors as JSON: `{"error": {"code", "message", "location", "issues"}}` with an HTTP status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from certpath.errors import (
    AccessDeniedError,
    CertpathError,
    FileProblemsError,
    InfeasiblePlanError,
    Issue,
    Location,
    NotFoundError,
    RateLimitedError,
    SignInError,
    TooLargeError,
    UnknownChoiceError,
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


def error_response(request: Request, error: Exception) -> Response:
    """A certpath error as the error page (dashboard paths) or as JSON with its status (the API)."""
    assert isinstance(error, CertpathError)
    page_error = getattr(request.app.state, "page_error", None)
    if page_error is not None and not request.url.path.startswith("/api/"):
        response: Response = page_error(request, error)
        return response
    status, code = status_of(error)
    issues = list(error.issues) if isinstance(error, FileProblemsError) else []
    location = {"key": error.value} if isinstance(error, UnknownChoiceError) else None
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, RateLimitedError) else None
    body = error_body(code, str(error), location=location, issues=issues)
    return JSONResponse(body, status_code=status, headers=headers)


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


def install(app: FastAPI) -> None:
    """Register the handlers that turn errors into JSON."""
    app.add_exception_handler(CertpathError, error_response)
    app.add_exception_handler(RequestValidationError, _invalid)
