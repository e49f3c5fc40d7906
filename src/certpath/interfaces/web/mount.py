"""Mount the dashboard on the app: its pages, its forms, the user administration and the stylesheet.

The page modules import the shared pieces of `pages` (the visitor, CSRF check, rendering); only
this module imports them all, so they import one another in one direction.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from certpath.interfaces.web import forms, pages, user_pages


def install(app: FastAPI) -> None:
    """Mount the pages, their forms and the stylesheet on the app."""
    app.state.page_error = pages.page_error
    app.state.problem_page = pages.problem_page
    app.mount("/static", StaticFiles(directory=str(pages.HERE / "static")), name="static")
    app.include_router(pages.router)
    app.include_router(forms.router)
    app.include_router(user_pages.router)
