"""`certpath serve`: the REST API and the dashboard over uvicorn, one or several worker processes."""

from __future__ import annotations

from typing import Annotated

import typer

from certpath.interfaces.cli.guard import guarded


@guarded
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes; use several with PostgreSQL.")] = 1,
    proxy_headers: Annotated[
        bool, typer.Option(help="Trust X-Forwarded-* from a reverse proxy on this machine (TLS ends there).")
    ] = False,
) -> None:
    """Serve the REST API (/api/v1, OpenAPI at /api/v1/docs) and the dashboard (/) from the store."""

    import uvicorn

    from certpath.errors import InputError
    from certpath.interfaces.cli.clock import command_now
    from certpath.interfaces.cli.store import open_unit_of_work
    from certpath.services.accounts import ensure_first_admin
    from certpath.services.rosters import purge_uploads
    from certpath.tracking.unit_of_work import SqlAccountWork

    if workers < 1:
        raise InputError(f"--workers {workers}: give 1 or more worker processes.")
    uow, _ = open_unit_of_work()
    engine = uow.engine
    if workers > 1 and engine.dialect.name == "sqlite":
        typer.echo(
            "note: several workers share one SQLite file and queue on its write lock; "
            "for a company, set CERTPATH_DATABASE_URL to PostgreSQL.",
            err=True,
        )
    password = ensure_first_admin(SqlAccountWork(engine, actor="certpath serve", now=command_now()))
    if password:
        typer.echo(
            f"First run: sign in as 'admin' with password {password}\n"
            "(shown once; add people with `certpath user add`).",
            err=True,
        )
    purged = purge_uploads(uow)
    if purged:
        typer.echo(f"Deleted {purged} roster uploads not imported within a day.", err=True)
    engine.dispose()
    typer.echo(f"certpath on http://{host}:{port}/ (API docs: http://{host}:{port}/api/v1/docs)", err=True)
    uvicorn.run(
        "certpath.interfaces.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=proxy_headers,
        log_level="warning",
        access_log=False,
    )
