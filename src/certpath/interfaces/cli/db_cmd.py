"""`certpath db`: create, upgrade, inspect, back up and restore the tracking database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.output import console
from certpath.interfaces.cli.store import settings

app = typer.Typer(help="The tracking database: upgrade, status, backup, restore.", no_args_is_help=True)


@app.command("upgrade")
@guarded
def upgrade() -> None:
    """Apply every schema migration the database lacks (creates it on first use)."""
    from certpath.tracking.database import describe, make_engine, schema_state
    from certpath.tracking.database import upgrade as run_upgrade

    engine = make_engine(settings().database_url)
    before = schema_state(engine).current
    after = run_upgrade(engine)
    change = "already current" if before == after.current else f"upgraded from {before or 'empty'}"
    console().print(f"{describe(engine)}: schema {after.current} ({change}).")


@app.command("status")
@guarded
def status() -> None:
    """Where the database is, its schema revision against this certpath's, and its row counts."""
    from certpath.tracking.database import describe, make_engine, schema_state, table_counts

    engine = make_engine(settings().database_url)
    state = schema_state(engine)
    out = console()
    out.print(f"database: {describe(engine)}")
    out.print(f"schema:   {state.current or 'none'} (this certpath needs {state.head})")
    if not state.up_to_date:
        out.print(
            "          run `certpath db upgrade`"
            + (" (a backup first: `certpath db backup FILE`)" if state.current else "")
        )
        raise typer.Exit(1)
    for name, count in table_counts(engine).items():
        out.print(f"  {name:<16} {count:>10,} rows")


@app.command("backup")
@guarded
def backup(
    file: Annotated[Path, typer.Argument(help="Backup file to write (JSON lines; .gz to compress).")],
) -> None:
    """Write everything in the store to one portable file that `certpath db restore` reads back."""
    from certpath.tracking.backup import backup as run_backup
    from certpath.tracking.database import ensure_current, make_engine

    engine = make_engine(settings().database_url)
    ensure_current(engine)
    counts = run_backup(engine, file)
    console().print(f"wrote {file}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@app.command("restore")
@guarded
def restore(file: Annotated[Path, typer.Argument(help="A file written by `certpath db backup`.")]) -> None:
    """Load a backup into an empty database (created and upgraded first); refuses a non-empty one."""
    from certpath.tracking.backup import restore as run_restore
    from certpath.tracking.database import ensure_current, make_engine

    engine = make_engine(settings().database_url)
    ensure_current(engine)
    counts = run_restore(engine, file)
    console().print(f"restored {file}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
