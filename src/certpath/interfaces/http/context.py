"""What every request needs: the store, the catalogue, the clock, and who is asking.

Nothing here keeps request state between requests: sessions live in the database, so
several workers (processes or machines) can serve the same users.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Path, Request, Response

from certpath.accounts.roles import Principal
from certpath.bootstrap import open_catalogue
from certpath.config import Settings
from certpath.errors import AccessDeniedError, PasswordChangeRequiredError, SignInError
from certpath.reports.jsonable import to_jsonable
from certpath.services.accounts import SESSION_LIFETIME, session_principal, token_principal
from certpath.services.tracking import load_badge_map, open_store
from certpath.tracking.unit_of_work import SqlAccountWork, SqlUnitOfWork, autocommit

if TYPE_CHECKING:
    from certpath.catalogue.model import Catalogue
    from certpath.tracking.database import Engine
    from certpath.tracking.evidence.badge_map import BadgeMap

SESSION_COOKIE = "certpath_session"
#: A stored row's id in a path: a positive 32-bit integer, as both databases keep it.
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]
CSRF_HEADER = "X-CSRF-Token"
#: The actor of a session or token lookup, which writes nothing: who is asking is not known yet.
UNKNOWN_CALLER = "(not signed in)"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: What a session whose password an admin reset may still reach through the API.
API_WHILE_MUST_CHANGE = frozenset({"/api/v1/me", "/api/v1/me/password", "/api/v1/session"})


@dataclass
class AppResources:
    """The composition root's products for one app: settings, store, catalogue, and the clock.

    Shared by every request; `at(moment)` gives one request its context. The clock is read once
    per request (`request_context`), never by the code that handles it.
    """

    settings: Settings
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    @cached_property
    def engine(self) -> Engine:
        return open_store(self.settings)

    @cached_property
    def statement_engine(self) -> Engine:
        """The store with each statement committed by itself (tracking.unit_of_work.autocommit)."""
        return autocommit(self.engine)

    @cached_property
    def catalogue(self) -> Catalogue:
        return open_catalogue(self.settings)

    @cached_property
    def badge_map(self) -> BadgeMap:
        import os

        return load_badge_map(self.catalogue, None, os.environ.get("CERTPATH_BADGE_MAP"))

    @cached_property
    def catalogue_digest(self) -> str:
        """A fingerprint of the whole catalogue (shipped files and overlays), for cached views."""
        import hashlib
        import json

        text = json.dumps(to_jsonable(self.catalogue), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def at(self, moment: datetime) -> AppContext:
        """The context of a request that started at `moment`."""
        return AppContext(self, moment)


@dataclass(frozen=True)
class AppContext:
    """One request's context: the app's resources and the instant the request started.

    Every use of the clock within the request (units of work, today's date, cached views' keys,
    session checks) reads that one instant, so a request that spans midnight or a session's
    expiry still sees one time throughout.
    """

    resources: AppResources
    moment: datetime

    @property
    def settings(self) -> Settings:
        return self.resources.settings

    @property
    def engine(self) -> Engine:
        return self.resources.engine

    @property
    def catalogue(self) -> Catalogue:
        return self.resources.catalogue

    @property
    def badge_map(self) -> BadgeMap:
        return self.resources.badge_map

    @property
    def catalogue_digest(self) -> str:
        return self.resources.catalogue_digest

    def view_key(self, me: Principal, *parts: object) -> list[str]:
        """What a cached view depends on besides the data: role, scope, date, catalogue, and `parts`."""
        scope = me.scope
        fixed = [
            me.role.value,
            scope.manager or "",
            scope.person or "",
            self.today().isoformat(),
            self.catalogue_digest,
        ]
        return [*fixed, *(str(p) for p in parts)]

    def now(self) -> datetime:
        """The instant the request started."""
        return self.moment

    def today(self) -> date:
        return self.moment.date()

    def unit_of_work(self, actor: str) -> SqlUnitOfWork:
        """A unit of work on the store for `actor`, stamped with the request's instant."""
        return SqlUnitOfWork(self.engine, actor=actor, now=self.moment)

    def account_work(self, actor: str, *, autocommit: bool = False) -> SqlAccountWork:
        """A unit of work on accounts and the audit log for `actor`, stamped with the request's
        instant; `autocommit` for the one statement of a per-request lookup or access record."""
        engine = self.resources.statement_engine if autocommit else self.engine
        return SqlAccountWork(engine, actor=actor, now=self.moment)


def context_of(request: Request) -> AppContext:
    """The request's context, made (and the clock read) the first time the request asks for it."""
    found: AppContext | None = getattr(request.state, "context", None)
    if found is None:
        resources: AppResources = request.app.state.context
        found = resources.at(resources.clock())
        request.state.context = found
    return found


async def app_context(request: Request) -> AppContext:
    """The request's context (async: no I/O, so FastAPI need not hand it to a worker thread)."""
    return context_of(request)


Context = Annotated[AppContext, Depends(app_context)]


@dataclass(frozen=True)
class Caller:
    """The principal behind a request, and how they proved it (a session carries a CSRF token)."""

    principal: Principal
    csrf: str | None  # None for an API token


def identify(request: Request, context: AppContext) -> Caller | None:
    """The caller from `Authorization: Bearer TOKEN` or the session cookie, or None."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal = token_principal(context.account_work(UNKNOWN_CALLER, autocommit=True), header[7:].strip())
        if principal is None:
            raise SignInError("The API token is unknown or revoked; create one with `certpath user token`.")
        return Caller(principal, None)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    found = session_principal(context.account_work(UNKNOWN_CALLER, autocommit=True), cookie)
    return None if found is None else Caller(*found)


def require_new_password(caller: Caller, path: str, *, allowed: frozenset[str]) -> None:
    """After an admin's reset, a session reaches only `allowed` paths until the password is changed.
    API tokens are not passwords, so a reset leaves them working (revoke them to stop them)."""
    if caller.csrf is not None and caller.principal.must_change_password and path not in allowed:
        raise PasswordChangeRequiredError(
            f"{caller.principal.username} must choose a new password first: an admin reset it. "
            "Change it at /account/password (or POST /api/v1/me/password)."
        )


def signed_in(request: Request, context: Context) -> Principal:
    """The signed-in principal; 401 without one; 403 on a cookie-authenticated write without its CSRF
    token, and on a session that must change its password first."""
    caller = identify(request, context)
    if caller is None:
        raise SignInError("Sign in first: send `Authorization: Bearer TOKEN` or sign in at /sign-in.")
    require_new_password(caller, request.url.path, allowed=API_WHILE_MUST_CHANGE)
    if caller.csrf is not None and request.method in UNSAFE:
        from secrets import compare_digest

        sent = request.headers.get(CSRF_HEADER, "")
        if not compare_digest(sent, caller.csrf):
            raise AccessDeniedError(
                f"A write with a session cookie needs the {CSRF_HEADER} header of the session."
            )
    return caller.principal


Me = Annotated[Principal, Depends(signed_in)]


def secure_cookies(request: Request) -> bool:
    """Mark cookies Secure except on plain HTTP to a loopback address (a laptop without TLS)."""
    if request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https":
        return True
    host = (request.url.hostname or "").strip("[]")
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def set_session_cookie(request: Request, response: Response, cookie: str) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure except on plain-HTTP loopback."""
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )
