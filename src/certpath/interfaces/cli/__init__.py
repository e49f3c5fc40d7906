"""The `certpath` command line: parse, call one service, format. Nothing else."""

from __future__ import annotations

from typing import Annotated

import typer

from certpath import __version__
from certpath.interfaces.cli import (
    advise_cmd,
    audit_cmd,
    catalogue_cmd,
    db_cmd,
    demo_cmd,
    evidence_cmd,
    plan_cmd,
    progress_cmd,
    report_cmd,
    roster_cmd,
    serve_cmd,
    user_cmd,
)

app = typer.Typer(
    name="certpath",
    help="Plan and track AI training and certification for teams and individuals.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(catalogue_cmd.app, name="catalogue")
app.command("advise")(advise_cmd.advise)
app.add_typer(roster_cmd.app, name="roster")
app.command("plan")(plan_cmd.plan)
app.command("audit")(audit_cmd.audit)
app.command("record")(evidence_cmd.record)
app.add_typer(evidence_cmd.app, name="evidence")
app.command("status")(progress_cmd.status)
app.command("gaps")(progress_cmd.gaps)
app.command("due")(progress_cmd.due)
app.add_typer(report_cmd.app, name="report")
app.command("audit-log")(progress_cmd.audit_log)
app.add_typer(db_cmd.app, name="db")
app.command("serve")(serve_cmd.serve)
app.add_typer(user_cmd.app, name="user")
app.command("demo")(demo_cmd.demo)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"certpath {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """certpath: which AI credentials and courses, in which order, when, at what cost, and why."""


def main() -> None:
    """Console-script entry point."""
    app()
