"""Users follow the roster, admins manage users, and sign-in throttling locks no one out; on
SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from certpath.catalogue.model import Catalogue
from certpath.errors import InputError, NotFoundError, RateLimitedError, SignInError
from certpath.roster.importer import load_roster
from certpath.services import accounts, users
from certpath.services.audit_log import read_audit_log
from certpath.services.tracking import import_people
from tests.factories import account_work, unit_of_work

ROSTER = Path(__file__).resolve().parents[1] / "data" / "rosters" / "org_chain.csv"
TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
PASSWORD = "a long password!"


@pytest.fixture
def org(engine: Engine, catalogue: Catalogue) -> Engine:
    import_people(
        unit_of_work(engine, "t"), catalogue, load_roster(ROSTER, catalogue, today=TODAY), today=TODAY
    )
    for name, role, person in (("root", "admin", None), ("dev", "member", "E4"), ("bea", "manager", "E2")):
        accounts.add_user(account_work(engine, "t", now=NOW), name, PASSWORD, role=role, person_id=person)
    return engine


def roster_without(tmp_path: Path, person: str) -> Path:
    lines = [line for line in ROSTER.read_text().splitlines() if not line.startswith(f"{person},")]
    path = tmp_path / f"without-{person}.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def import_file(engine: Engine, catalogue: Catalogue, path: Path, *, missing: bool) -> list[str]:
    roster = load_roster(path, catalogue, today=TODAY)
    result = import_people(
        unit_of_work(engine, "hr"), catalogue, roster, today=TODAY, deactivate_missing=missing
    )
    return result.users_deactivated


def audit(engine: Engine, action: str) -> list[dict[str, object]]:
    return read_audit_log(account_work(engine), action=action, limit=1000)


def test_a_leaver_loses_sessions_and_tokens_in_the_roster_import(
    org: Engine, catalogue: Catalogue, tmp_path: Path
) -> None:
    cookie, _ = accounts.sign_in(account_work(org, "dev", now=NOW), "dev", PASSWORD, address="10.0.0.1")
    token = accounts.create_token(account_work(org, "t", now=NOW), "dev", name="sync")
    assert accounts.session_principal(account_work(org, now=NOW), cookie) and accounts.token_principal(
        account_work(org), token
    )

    assert import_file(org, catalogue, roster_without(tmp_path, "E4"), missing=True) == ["dev"]
    assert accounts.session_principal(account_work(org, now=NOW), cookie) is None
    assert accounts.token_principal(account_work(org), token) is None
    with pytest.raises(SignInError, match="Wrong user name or password"):
        accounts.sign_in(account_work(org, "dev", now=NOW), "dev", PASSWORD, address="10.0.0.1")
    [entry] = audit(org, "user.deactivate")
    assert entry["actor"] == "hr" and entry["subject_id"] == "dev"
    assert entry["after"] == {"active": False, "sessions_ended": 1, "reason": "person E4 is inactive"}
    assert accounts.session_principal(account_work(org, now=NOW), cookie) is None
    bea = users.get_user_record(account_work(org), "bea")
    assert bea["active"]  # only the leaver's users

    # Back on the roster: the person is active again, the user only when an admin says so.
    assert import_file(org, catalogue, ROSTER, missing=True) == []
    assert not users.get_user_record(account_work(org), "dev")["active"]
    assert users.activate_user(account_work(org, "root", now=NOW), "dev")["active"]
    assert accounts.token_principal(account_work(org), token) is not None


def test_an_inactive_person_blocks_activating_their_user(
    org: Engine, catalogue: Catalogue, tmp_path: Path
) -> None:
    import_file(org, catalogue, roster_without(tmp_path, "E4"), missing=True)
    with pytest.raises(InputError, match="linked to 'E4', who is inactive on the roster"):
        users.activate_user(account_work(org, "root", now=NOW), "dev")
    assert import_file(org, catalogue, roster_without(tmp_path, "E4"), missing=True) == []  # nobody left


def test_deactivate_ends_sessions_and_tokens_and_the_last_admin_stays(org: Engine) -> None:
    cookie, _ = accounts.sign_in(account_work(org, "bea", now=NOW), "bea", PASSWORD, address="10.0.0.1")
    token = accounts.create_token(account_work(org, "t", now=NOW), "bea", name="sync")
    assert users.deactivate_user(account_work(org, "root", now=NOW), "bea")["active"] is False
    assert accounts.session_principal(account_work(org, now=NOW), cookie) is None
    assert accounts.token_principal(account_work(org), token) is None
    with pytest.raises(InputError, match="already inactive"):
        users.deactivate_user(account_work(org, "root", now=NOW), "bea")
    with pytest.raises(NotFoundError, match="No user 'nobody'"):
        users.deactivate_user(account_work(org, "root", now=NOW), "nobody")

    with pytest.raises(InputError, match="'root' is the last active admin, so cannot be deactivated"):
        users.deactivate_user(account_work(org, "root", now=NOW), "root")
    with pytest.raises(InputError, match="last active admin, so cannot be made auditor"):
        users.set_role(account_work(org, "root", now=NOW), "root", "auditor", person_id=None)
    users.set_role(account_work(org, "root", now=NOW), "dev", "admin", person_id=None)
    assert users.deactivate_user(account_work(org, "dev", now=NOW), "root")["active"] is False
    [entry] = [e for e in audit(org, "user.role") if e["subject_id"] == "dev"]
    assert entry["before"] == {"role": "member", "person_id": "E4"}
    assert entry["after"] == {"role": "admin", "person_id": "E4"}


def test_set_role_checks_the_role_and_the_person(org: Engine) -> None:
    with pytest.raises(InputError, match=r"Unknown role 'boss'\..* Valid choices: admin, ld-admin"):
        users.set_role(account_work(org, "root", now=NOW), "bea", "boss", person_id=None)
    with pytest.raises(InputError, match="A member sees people through the roster"):
        users.set_role(account_work(org, "root", now=NOW), "root", "member", person_id=None)
    with pytest.raises(InputError, match="No one with employee id 'E99' is in the store"):
        users.set_role(account_work(org, "root", now=NOW), "bea", "member", person_id="E99")
    changed = users.set_role(account_work(org, "root", now=NOW), "bea", "member", person_id="E3")
    assert (changed["role"], changed["person_id"]) == ("member", "E3")
    token = accounts.create_token(account_work(org, "t", now=NOW), "bea", name="t")
    principal = accounts.token_principal(account_work(org), token)
    assert principal is not None and principal.scope.person == "E3"  # at once, no new sign-in


def test_a_reset_password_must_be_changed_and_a_change_ends_other_sessions(org: Engine) -> None:
    old_cookie, _ = accounts.sign_in(account_work(org, "bea", now=NOW), "bea", PASSWORD, address="10.0.0.1")
    token = accounts.create_token(account_work(org, "t", now=NOW), "bea", name="sync")
    temporary = users.reset_password(account_work(org, "root", now=NOW), "bea")
    assert len(temporary) >= 16
    assert accounts.session_principal(account_work(org, now=NOW), old_cookie) is None
    assert accounts.token_principal(account_work(org), token) is not None  # tokens are not passwords
    with pytest.raises(SignInError):
        accounts.sign_in(account_work(org, "bea", now=NOW), "bea", PASSWORD, address="10.0.0.1")
    first, _ = accounts.sign_in(account_work(org, "bea", now=NOW), "bea", temporary, address="10.0.0.1")
    second, _ = accounts.sign_in(account_work(org, "bea", now=NOW), "bea", temporary, address="10.0.0.2")
    found = accounts.session_principal(account_work(org, now=NOW), first)
    assert found is not None and found[0].must_change_password

    with pytest.raises(InputError, match="The current password is wrong"):
        accounts.change_password(
            account_work(org, "bea", now=NOW),
            "bea",
            "not it at all",
            "a brand new password",
            address="a",
            keep_session=first,
        )
    with pytest.raises(InputError, match="use at least 12"):
        accounts.change_password(
            account_work(org, "bea", now=NOW), "bea", temporary, "short", address="a", keep_session=first
        )
    ended = accounts.change_password(
        account_work(org, "bea", now=NOW),
        "bea",
        temporary,
        "a brand new password",
        address="a",
        keep_session=first,
    )
    assert ended == 1
    kept = accounts.session_principal(account_work(org, now=NOW), first)
    assert kept is not None and not kept[0].must_change_password
    assert accounts.session_principal(account_work(org, now=NOW), second) is None
    assert accounts.sign_in(
        account_work(org, "bea", now=NOW), "bea", "a brand new password", address="10.0.0.3"
    )

    logged = json.dumps(read_audit_log(account_work(org), limit=1000))
    assert temporary not in logged and "a brand new password" not in logged
    assert [e["after"] for e in audit(org, "user.password.reset")] == [
        {"must_change_password": True, "sessions_ended": 1}
    ]
    assert audit(org, "user.password.change")[0]["actor"] == "bea"


def test_tokens_are_listed_and_revoked_at_once(org: Engine) -> None:
    token = accounts.create_token(account_work(org, "t", now=NOW), "bea", name="sync")
    accounts.create_token(account_work(org, "t", now=NOW), "dev", name="other")
    [listed] = users.list_tokens(account_work(org), "bea")
    assert listed["name"] == "sync" and listed["revoked"] is False and listed["revoked_at"] is None
    assert users.get_user_record(account_work(org), "bea")["tokens"] == 1
    dev_token = users.list_tokens(account_work(org), "dev")[0]["id"]
    with pytest.raises(NotFoundError, match=f"'bea' has no API token {dev_token}"):
        users.revoke_token(account_work(org, "root", now=NOW), "bea", dev_token)

    users.revoke_token(account_work(org, "root", now=NOW + timedelta(minutes=1)), "bea", listed["id"])
    assert accounts.token_principal(account_work(org), token) is None
    [after] = users.list_tokens(account_work(org), "bea")
    assert after["revoked"] and after["revoked_at"].startswith("2026-11-22T12:01")
    assert users.get_user_record(account_work(org), "bea")["tokens"] == 0
    with pytest.raises(InputError, match="already revoked"):
        users.revoke_token(account_work(org, "root", now=NOW), "bea", listed["id"])
    [entry] = audit(org, "token.revoke")
    assert entry["after"] == {"token_id": listed["id"], "revoked": True}
    assert token not in json.dumps(entry)


def fail(engine: Engine, name: str, address: str, *, times: int, at: datetime) -> None:
    for _ in range(times):
        with pytest.raises(SignInError, match="Wrong user name or password"):
            accounts.sign_in(account_work(engine, name, now=at), name, "not the password", address=address)


def test_an_attacker_cannot_lock_the_owner_out(org: Engine) -> None:
    attacker = "203.0.113.9"
    outcomes = []
    for i in range(50):
        try:
            accounts.sign_in(
                account_work(org, "root", now=NOW), "root", f"guess number {i}", address=attacker
            )
        except SignInError as error:
            outcomes.append(type(error).__name__)
    assert outcomes == ["SignInError"] * 5 + ["RateLimitedError"] * 45
    with pytest.raises(RateLimitedError):  # the attacker's address waits, even with the password
        accounts.sign_in(account_work(org, "root", now=NOW), "root", PASSWORD, address=attacker)
    assert accounts.sign_in(account_work(org, "root", now=NOW), "root", PASSWORD, address="198.51.100.7")
    assert accounts.sign_in(
        account_work(org, "root", now=NOW + timedelta(seconds=1)), "root", PASSWORD, address="198.51.100.7"
    )


def test_one_name_from_one_address_backs_off_and_says_how_long(org: Engine) -> None:
    for minute in range(5):
        fail(org, "bea", "10.0.0.2", times=1, at=NOW + timedelta(minutes=minute))
    with pytest.raises(RateLimitedError, match="wait 11 minutes") as blocked:
        accounts.sign_in(
            account_work(org, "bea", now=NOW + timedelta(minutes=4)), "bea", PASSWORD, address="10.0.0.2"
        )
    assert blocked.value.retry_after == 11 * 60  # until the oldest of the five is 15 minutes old
    fail(org, "ghost", "10.0.0.4", times=5, at=NOW)  # an unknown name is throttled the same way
    with pytest.raises(RateLimitedError, match="wait 15 minutes"):
        accounts.sign_in(account_work(org, "ghost", now=NOW), "ghost", PASSWORD, address="10.0.0.4")
    # The same address for another name, and the same name from another address, still work.
    assert accounts.sign_in(
        account_work(org, "dev", now=NOW + timedelta(minutes=4)), "dev", PASSWORD, address="10.0.0.2"
    )
    assert accounts.sign_in(
        account_work(org, "bea", now=NOW + timedelta(minutes=4)), "bea", PASSWORD, address="10.0.0.3"
    )
    assert accounts.sign_in(
        account_work(org, "bea", now=NOW + timedelta(minutes=15)), "bea", PASSWORD, address="10.0.0.2"
    )


def test_an_address_spraying_names_backs_off(org: Engine) -> None:
    sprayer = "203.0.113.50"
    for i in range(accounts.MAX_FAILURES_PER_ADDRESS):
        fail(org, f"guess{i}", sprayer, times=1, at=NOW)
    with pytest.raises(RateLimitedError, match="from this address"):
        accounts.sign_in(
            account_work(org, "dev", now=NOW + timedelta(minutes=1)), "dev", PASSWORD, address=sprayer
        )
    assert accounts.sign_in(
        account_work(org, "dev", now=NOW + timedelta(minutes=1)), "dev", PASSWORD, address="10.9.9.9"
    )
    assert accounts.sign_in(
        account_work(org, "dev", now=NOW + timedelta(minutes=15)), "dev", PASSWORD, address=sprayer
    )


def test_a_wrong_current_password_counts_as_a_failed_sign_in(org: Engine) -> None:
    for _ in range(accounts.MAX_FAILURES_PER_NAME_AND_ADDRESS):
        with pytest.raises(InputError, match="current password is wrong"):
            accounts.change_password(
                account_work(org, "bea", now=NOW),
                "bea",
                "guess guess guess",
                "a brand new password",
                address="x",
                keep_session=None,
            )
    with pytest.raises(RateLimitedError):
        accounts.change_password(
            account_work(org, "bea", now=NOW),
            "bea",
            PASSWORD,
            "a brand new password",
            address="x",
            keep_session=None,
        )


def test_a_company_wide_leaver_list_finds_every_user(engine: Engine) -> None:
    from certpath.tracking.accounts_store import AccountStore

    with engine.begin() as connection:
        store = AccountStore(connection)
        for i in range(1200):  # more than one chunk of bound parameters
            store.add_user(f"u{i:04d}", password_hash="x", role="member", person_id=f"P{i}", at=NOW)
        found = store.active_users_of([f"P{i}" for i in range(0, 1300, 2)])
    assert [row.username for row in found] == [f"u{i:04d}" for i in range(0, 1200, 2)]
