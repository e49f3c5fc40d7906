"""The HTTP composition root: `create_app(settings)`, the API under /api/v1 and the dashboard at /."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import APIRouter, FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from certpath import __version__
from certpath.config import Settings
from certpath.interfaces.api import (
    catalogue_routes,
    docs_routes,
    evidence_routes,
    people_routes,
    plan_routes,
    report_routes,
    roster_routes,
    session_routes,
    user_routes,
)
from certpath.interfaces.http import errors
from certpath.interfaces.http.context import AppResources
from certpath.interfaces.http.uploads import UploadLimiter
from certpath.interfaces.web import mount

API_PREFIX = "/api/v1"

#: Sent with every response: no framing, no sniffing. The dashboard is plain HTML and CSS, so the
#: CSP allows no script at all, styles only from this server's stylesheet (no inline `style=` or
#: `<style>`), images from here, and forms that post only here: even markup that escaped escaping
#: could neither run nor restyle the page. A response may send its own (the API docs do).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
}


def create_app(settings: Settings, *, clock: Callable[[], datetime] | None = None) -> FastAPI:
    """The whole web application; nothing is opened until the first request needs it."""
    context = AppResources(settings) if clock is None else AppResources(settings, clock)
    app = FastAPI(
        lifespan=_lifespan,
        title="certpath",
        version=__version__,
        summary="Plan and track AI training and certification for teams and individuals.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # docs_routes serves Swagger UI from installed files, under the app's CSP
        redoc_url=None,
    )
    app.state.context = context
    api = APIRouter(prefix=API_PREFIX)
    for module in (
        session_routes,
        catalogue_routes,
        people_routes,
        roster_routes,
        plan_routes,
        evidence_routes,
        report_routes,
        user_routes,
    ):
        api.include_router(module.router)
    app.include_router(api)
    docs_routes.install(app, prefix=API_PREFIX)
    errors.install(app)
    mount.install(app)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.add_middleware(UploadLimiter, limits=settings.limits)
    app.add_middleware(SecurityHeaders)
    return app


#: Worker threads per process for the (blocking) database work of requests. More only queue on
#: the GIL and the connection pool; fewer leave the database idle while Python waits on it.
THREADS = 6


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


class SecurityHeaders:
    """Add SECURITY_HEADERS to every response (plain ASGI: no per-request task or body copy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


def app_from_env() -> FastAPI:
    """The app for uvicorn's factory mode (`certpath serve` with several workers)."""
    return create_app(Settings.from_env())
