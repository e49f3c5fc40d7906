"""`certpath user …`: add dashboard and API users, list them, make and revoke API tokens,
deactivate and activate them, set their role, reset their password."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.store import TrackFormat, TrackFormatOption, open_account_work

app = typer.Typer(
    help="Users of `certpath serve`: add, list, roles, passwords, API tokens, deactivation.",
    no_args_is_help=True,
)
UserArgument = Annotated[str, typer.Argument(help="The user's sign-in name.", show_default=False)]


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
    from certpath.services.accounts import add_user

    user = add_user(open_account_work(), username, _password(password_stdin), role=role, person_id=person)
    typer.echo(f"Added {user.username} ({user.role}{', ' + user.person_id if user.person_id else ''}).")


@app.command("list")
@guarded
def list_users(output: TrackFormatOption = TrackFormat.table) -> None:
    """Every user: role, roster person, active, must change password, unrevoked API tokens."""
    from certpath.interfaces.cli.output import write_json
    from certpath.services.users import list_user_records

    rows = list_user_records(open_account_work())
    if output is not TrackFormat.table:
        write_json(rows)
        return
    for r in rows:
        state = "active" if r["active"] else "inactive"
        must = "  must change password" if r["must_change_password"] else ""
        typer.echo(
            f"{r['username']:<30} {r['role']:<9} {r['person_id'] or '-':<12} {state:<8} "
            f"{r['tokens']} token{'s' if r['tokens'] != 1 else ''}{must}"
        )


@app.command("token")
@guarded
def token(
    username: Annotated[str, typer.Argument(help="Whose token (the token acts with their role and scope).")],
    name: Annotated[str, typer.Option(help="What the token is for, e.g. 'workday sync'.")] = "api",
) -> None:
    """Print a new API token for `Authorization: Bearer …` (shown once; only its hash is kept)."""
    from certpath.services.accounts import create_token

    typer.echo(create_token(open_account_work(), username, name=name))


def _describe(user: dict[str, Any]) -> str:
    person = f", {user['person_id']}" if user["person_id"] else ""
    return f"{user['username']} ({user['role']}{person}, {'active' if user['active'] else 'inactive'})"


@app.command("deactivate")
@guarded
def deactivate(username: UserArgument) -> None:
    """Deactivate a user: their sessions end and their API tokens stop working at once."""
    from certpath.services.users import deactivate_user

    user = deactivate_user(open_account_work(), username)
    typer.echo(f"Deactivated {_describe(user)}.")


@app.command("activate")
@guarded
def activate(username: UserArgument) -> None:
    """Activate a user again (their roster person must be active)."""
    from certpath.services.users import activate_user

    user = activate_user(open_account_work(), username)
    typer.echo(f"Activated {_describe(user)}.")


@app.command("set-role")
@guarded
def set_role(
    username: UserArgument,
    role: Annotated[
        str, typer.Argument(help="admin, ld-admin, manager, member or auditor.", show_default=False)
    ],
    person: Annotated[
        str | None, typer.Option(help="Roster employee id (managers see their chain, members themselves).")
    ] = None,
) -> None:
    """Give a user another role (and roster person); it takes effect at their next request."""
    from certpath.services.users import set_role as change

    user = change(open_account_work(), username, role, person_id=person)
    typer.echo(f"Now {_describe(user)}.")


@app.command("password")
@guarded
def password(username: UserArgument) -> None:
    """Print a temporary password (shown once) to change at next sign-in; sessions end, tokens stay."""
    from certpath.services.users import reset_password

    temporary = reset_password(open_account_work(), username)
    typer.echo(
        f"Temporary password for {username} (shown once; they must change it when they sign in):", err=True
    )
    typer.echo(temporary)


@app.command("tokens")
@guarded
def tokens(username: UserArgument, output: TrackFormatOption = TrackFormat.table) -> None:
    """A user's API tokens: id, name, created, revoked."""
    from certpath.interfaces.cli.output import write_json
    from certpath.services.users import list_tokens

    rows = list_tokens(open_account_work(), username)
    if output is not TrackFormat.table:
        write_json(rows)
        return
    if not rows:
        typer.echo(f"{username} has no API tokens.")
    for t in rows:
        state = f"revoked {_minute(t['revoked_at'])}" if t["revoked"] else "live"
        typer.echo(f"{t['id']:>5}  {t['name']:<30} created {_minute(t['created_at'])}  {state}")


def _minute(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


@app.command("revoke-token")
@guarded
def revoke_token(
    username: UserArgument,
    token_id: Annotated[
        int, typer.Argument(help="The token's id (`certpath user tokens NAME`).", show_default=False)
    ],
) -> None:
    """Revoke one of a user's API tokens; it stops working at once."""
    from certpath.services.users import revoke_token as revoke

    revoke(open_account_work(), username, token_id)
    typer.echo(f"Revoked API token {token_id} of {username}.")
