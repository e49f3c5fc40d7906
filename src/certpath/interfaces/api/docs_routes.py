"""The API's browsable docs at /api/v1/docs: Swagger UI served by this app, from installed files.

Swagger UI's script, stylesheet and icon come from the fastapi-offline package (Swagger UI 5, which
reads the OpenAPI 3.1 document FastAPI writes), mounted under the docs path: nothing is loaded from a
CDN, which the CSP would block and many deployments cannot reach. The page has no inline script;
swagger-init.js, served beside it, starts Swagger UI.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

HERE = Path(__file__).parent

#: The docs page runs scripts, but only files from this server; the dashboard's CSP allows none.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>certpath API</title>
<link rel="stylesheet" href="{docs}/assets/swagger-ui.css">
<link rel="icon" href="{docs}/assets/favicon.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{docs}/assets/swagger-ui-bundle.js"></script>
<script src="{docs}/swagger-init.js"></script>
</body>
</html>
"""


def swagger_assets() -> Path:
    """The folder of Swagger UI's files in the installed fastapi-offline package."""
    return Path(str(files("fastapi_offline") / "static"))


def install(app: FastAPI, *, prefix: str) -> None:
    """Serve the docs page at `{prefix}/docs`, its starter script, and Swagger UI's files."""
    docs = f"{prefix}/docs"
    page = PAGE.format(docs=docs, openapi=app.openapi_url)
    router = APIRouter(include_in_schema=False)

    @router.get(docs)
    def docs_page() -> HTMLResponse:
        return HTMLResponse(page, headers={"Content-Security-Policy": DOCS_CSP})

    @router.get(f"{docs}/swagger-init.js")
    def swagger_init() -> FileResponse:
        return FileResponse(HERE / "static" / "swagger-init.js", media_type="text/javascript")

    app.include_router(router)
    app.mount(f"{docs}/assets", StaticFiles(directory=swagger_assets()), name="swagger-ui")
