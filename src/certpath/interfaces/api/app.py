"""`create_app(settings)`: the API under /api/v1 (with its OpenAPI document) and the dashboard at /."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from fastapi import APIRouter, FastAPI, Request, Response

from certpath import __version__
from certpath.config import Settings
from certpath.interfaces.api import (
    catalogue_routes,
    errors,
    evidence_routes,
    people_routes,
    plan_routes,
    report_routes,
    roster_routes,
    session_routes,
)
from certpath.interfaces.api.context import AppContext

API_PREFIX = "/api/v1"

#: Sent with every response: no framing, no sniffing, scripts and styles only from this server.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
}


def create_app(settings: Settings, *, clock: Callable[[], datetime] | None = None) -> FastAPI:
    """The whole web application; nothing is opened until the first request needs it."""
    context = AppContext(settings) if clock is None else AppContext(settings, clock)
    app = FastAPI(
        title="certpath",
        version=__version__,
        summary="Plan and track AI training and certification for teams and individuals.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
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
    ):
        api.include_router(module.router)
    app.include_router(api)
    errors.install(app)
    from certpath.interfaces.web import pages

    pages.install(app)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def app_from_env() -> FastAPI:
    """The app for uvicorn's factory mode (`certpath serve` with several workers)."""
    return create_app(Settings.from_env())
