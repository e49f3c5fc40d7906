"""`certpath user …`: add dashboard and API users, list them, make API tokens."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.store import TrackFormat, TrackFormatOption

app = typer.Typer(help="Users of `certpath serve`: add, list, API tokens.", no_args_is_help=True)


def _password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    text: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return text


@app.command("add")
@guarded
def add(
    username: Annotated[str, typer.Argument(help="Sign-in name, e.g. an email address.")],
    role: Annotated[str, typer.Option(help="admin, ld-admin, manager, member or auditor.")] = "member",
    person: Annotated[
        str | None, typer.Option(help="Roster employee id (managers see their chain, members themselves).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
) -> None:
    """Add a user; the password (12+ characters) is asked for, or read from stdin."""
    from datetime import UTC, datetime

    from certpath.interfaces.cli.store import open_engine
    from certpath.services.accounts import add_user

    engine, settings = open_engine()
    user = add_user(
        engine,
        username,
        _password(password_stdin),
        role=role,
        person_id=person,
        actor=settings.actor,
        now=datetime.now(UTC),
    )
    typer.echo(f"Added {user.username} ({user.role}{', ' + user.person_id if user.person_id else ''}).")


@app.command("list")
@guarded
def list_users(output: TrackFormatOption = TrackFormat.table) -> None:
    """Every user with role, roster person and whether active."""
    from certpath.interfaces.cli.output import console, write_json
    from certpath.interfaces.cli.store import open_engine
    from certpath.services.accounts import list_users as users

    engine, _ = open_engine()
    rows = [
        {"username": u.username, "role": u.role, "person_id": u.person_id, "active": u.active}
        for u in users(engine)
    ]
    if output is not TrackFormat.table:
        write_json(rows)
        return
    for r in rows:
        console().print(
            f"{r['username']:<30} {r['role']:<9} {r['person_id'] or '-':<12} {'active' if r['active'] else 'inactive'}"
        )


@app.command("token")
@guarded
def token(
    username: Annotated[str, typer.Argument(help="Whose token (the token acts with their role and scope).")],
    name: Annotated[str, typer.Option(help="What the token is for, e.g. 'workday sync'.")] = "api",
) -> None:
    """Print a new API token for `Authorization: Bearer …` (shown once; only its hash is kept)."""
    from datetime import UTC, datetime

    from certpath.interfaces.cli.store import open_engine
    from certpath.services.accounts import create_token

    engine, settings = open_engine()
    typer.echo(create_token(engine, username, name=name, actor=settings.actor, now=datetime.now(UTC)))
