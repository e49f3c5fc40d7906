"""Opening the tracking store from the CLI, and the options tracking commands share."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from certpath.config import Settings
    from certpath.tracking.database import Engine
    from certpath.tracking.unit_of_work import SqlAccountWork, SqlUnitOfWork


class TrackFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


TrackFormatOption = Annotated[TrackFormat, typer.Option("--format", help="Output format.")]
TeamOption = Annotated[
    str | None, typer.Option("--team", help="Only this team (as named in the roster).", show_default=False)
]
PolicyOption = Annotated[
    str | None,
    typer.Option(
        "--policy",
        help="Team policy (small, mid, enterprise); default: by the org's size.",
        show_default=False,
    ),
]


def settings() -> Settings:
    from certpath.config import Settings

    return Settings.from_env()


def open_engine() -> tuple[Engine, Settings]:
    """The store named by CERTPATH_DATABASE_URL (default SQLite), checked to be at the current schema."""
    from certpath.services.tracking import open_store

    current = settings()
    return open_store(current), current


def open_unit_of_work() -> tuple[SqlUnitOfWork, Settings]:
    """A unit of work on the store for this command, stamped with the operator and the command's instant."""
    from certpath.interfaces.cli.clock import command_now
    from certpath.tracking.unit_of_work import SqlUnitOfWork

    engine, current = open_engine()
    return SqlUnitOfWork(engine, actor=current.actor, now=command_now()), current


def open_account_work(actor: str | None = None) -> SqlAccountWork:
    """A unit of work on accounts and the audit log for this command, stamped with the operator
    (or `actor`) and the command's instant."""
    from certpath.interfaces.cli.clock import command_now
    from certpath.tracking.unit_of_work import SqlAccountWork

    engine, current = open_engine()
    return SqlAccountWork(engine, actor=actor or current.actor, now=command_now())


def write_bytes(data: bytes, out: str | None) -> None:
    """Write to a file, or to stdout when no file is given."""
    import sys
    from pathlib import Path

    from certpath.interfaces.cli.output import write_file

    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_file(Path(out), data)
