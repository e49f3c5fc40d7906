"""`certpath user …` as an admin runs it on the server: roles, resets, tokens, deactivation,
and users following `roster import --deactivate-missing`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from certpath.interfaces.cli import app
from certpath.services import accounts
from certpath.services.audit_log import read_audit_log
from tests.factories import account_work

DATA = Path(__file__).resolve().parents[1] / "data"
ROSTER = DATA / "rosters" / "org_chain.csv"
TODAY = ["--today", "2026-11-22"]
PASSWORD = "correct horse battery"


def run(runner: CliRunner, *args: str, input: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, result.output
    return result.stdout


def fails(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    return result.stderr


def users(runner: CliRunner) -> dict[str, dict[str, Any]]:
    return {u["username"]: u for u in json.loads(run(runner, "user", "list", "--format", "json"))}


def setup_org(runner: CliRunner) -> None:
    run(runner, "roster", "import", str(ROSTER), *TODAY)
    run(runner, "user", "add", "root", "--role", "admin", "--password-stdin", input=PASSWORD + "\n")
    run(
        runner,
        "user",
        "add",
        "fay",
        "--role",
        "member",
        "--person",
        "E6",
        "--password-stdin",
        input=PASSWORD + "\n",
    )


def engine() -> Any:
    from certpath.config import Settings
    from certpath.services.tracking import open_store

    return open_store(Settings.from_env())


def test_roles_resets_and_the_last_admin(runner: CliRunner) -> None:
    setup_org(runner)
    assert users(runner)["fay"] == {
        "username": "fay",
        "role": "member",
        "person_id": "E6",
        "active": True,
        "must_change_password": False,
        "tokens": 0,
    }
    assert "Now fay (manager, E6, active)." in run(runner, "user", "set-role", "fay", "manager")
    assert "A member sees people through the roster" in fails(runner, "user", "set-role", "root", "member")
    assert "last active admin" in fails(runner, "user", "deactivate", "root")
    assert "last active admin" in fails(runner, "user", "set-role", "root", "auditor")
    assert "No user 'nobody'" in fails(runner, "user", "deactivate", "nobody")

    temporary = run(runner, "user", "password", "fay").strip()
    assert len(temporary) >= 16 and "\n" not in temporary
    assert users(runner)["fay"]["must_change_password"] is True
    cookie, _ = accounts.sign_in(
        account_work(engine(), "fay", now=_now()), "fay", temporary, address="10.0.0.1"
    )
    found = accounts.session_principal(account_work(engine(), now=_now()), cookie)
    assert found is not None and found[0].must_change_password

    assert "Deactivated fay (manager, E6, inactive)." in run(runner, "user", "deactivate", "fay")
    assert accounts.session_principal(account_work(engine(), now=_now()), cookie) is None
    assert "already inactive" in fails(runner, "user", "deactivate", "fay")
    assert "Activated fay" in run(runner, "user", "activate", "fay")
    actions = [e["action"] for e in read_audit_log(account_work(engine()), action="user.", limit=50)]
    assert actions[:5] == ["user.activate", "user.deactivate", "user.password.reset", "user.role", "user.add"]


def test_tokens_are_listed_and_revoked(runner: CliRunner) -> None:
    setup_org(runner)
    token = run(runner, "user", "token", "fay", "--name", "workday sync").strip()
    [listed] = json.loads(run(runner, "user", "tokens", "fay", "--format", "json"))
    assert listed["name"] == "workday sync" and listed["revoked"] is False
    assert set(listed) == {"id", "name", "created_at", "revoked", "revoked_at"}
    assert "workday sync" in run(runner, "user", "tokens", "fay") and "live" in run(
        runner, "user", "tokens", "fay"
    )
    assert accounts.token_principal(account_work(engine()), token) is not None
    assert f"Revoked API token {listed['id']} of fay." in run(
        runner, "user", "revoke-token", "fay", str(listed["id"])
    )
    assert accounts.token_principal(account_work(engine()), token) is None
    assert "already revoked" in fails(runner, "user", "revoke-token", "fay", str(listed["id"]))
    assert "'root' has no API token" in fails(runner, "user", "revoke-token", "root", str(listed["id"]))
    assert "revoked 20" in run(runner, "user", "tokens", "fay")


def test_a_leaver_in_the_roster_loses_the_user(runner: CliRunner, tmp_path: Path) -> None:
    setup_org(runner)
    token = run(runner, "user", "token", "fay").strip()
    without = tmp_path / "without-e6.csv"
    without.write_text(
        "".join(line for line in ROSTER.read_text().splitlines(True) if not line.startswith("E6,"))
    )
    out = run(runner, "roster", "import", str(without), "--deactivate-missing", *TODAY)
    assert "Users of people who left, deactivated: fay." in out
    assert users(runner)["fay"]["active"] is False
    assert accounts.token_principal(account_work(engine()), token) is None
    result = json.loads(run(runner, "roster", "import", str(ROSTER), *TODAY, "--format", "json"))
    assert result["users_deactivated"] == [] and users(runner)["fay"]["active"] is False
    assert "Activated fay" in run(runner, "user", "activate", "fay")


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)
