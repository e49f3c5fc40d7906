"""The account use cases (users, sign-in, sessions, API tokens, pinned keys, the access log) run on
FakeUnitOfWork: no database, the real services, the same security properties as on SQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from certpath.accounts.passwords import digest, verify_password
from certpath.accounts.roles import Principal, Role
from certpath.errors import (
    InputError,
    LastAdminError,
    PersonLinkRequiredError,
    RateLimitedError,
    SignInError,
    UnknownChoiceError,
    UnknownPersonError,
    UnknownUserError,
)
from certpath.services import accounts, users
from certpath.services.audit_log import read_audit_log, record_access
from certpath.services.trust import list_trusted_keys, pin_trusted_keys
from tests.credentials import issuer
from tests.fakes import FakeUnitOfWork, State, person

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
PASSWORD = "a long password!"


def work(state: State, actor: str = "root", *, now: datetime = NOW) -> FakeUnitOfWork:
    return FakeUnitOfWork(state, actor=actor, now=now)


@pytest.fixture
def store() -> State:
    """E1 and E2 on the roster (E3 has left); users root (admin), dev (member of E2)."""
    state = State()
    for stored in (person("E1"), person("E2", manager_id="E1"), person("E3", active=False)):
        state.people[stored.id] = stored
    accounts.add_user(work(state, "setup"), "root", PASSWORD, role="admin", person_id=None)
    accounts.add_user(work(state, "setup"), "dev", PASSWORD, role="member", person_id="E2")
    return state


def user(state: State, name: str) -> dict[str, object]:
    (found,) = [u for u in state.accounts.users.values() if u["username"] == name]
    return found


def actions(state: State) -> list[tuple[str, str, str]]:
    return [(e["action"], e["actor"], e["subject_id"]) for e in state.audit]


def sign_in(state: State, name: str, password: str = PASSWORD, *, address: str = "10.0.0.1") -> str:
    cookie, _ = accounts.sign_in(work(state, name), name, password, address=address)
    return cookie


def test_a_new_user_is_stored_with_a_password_hash_and_logged_with_the_actor_and_time(store: State) -> None:
    added = accounts.add_user(work(store), "bea", PASSWORD, role="manager", person_id="E1")
    assert added == Principal(added.user_id, "bea", Role.MANAGER, "E1")
    stored = user(store, "bea")
    assert stored["password_hash"] != PASSWORD and verify_password(str(stored["password_hash"]), PASSWORD)
    assert store.audit[-1] == {
        "actor": "root",
        "at": NOW,
        "action": "user.add",
        "subject_type": "user",
        "subject_id": "bea",
        "before": None,
        "after": {"username": "bea", "role": "manager", "person_id": "E1"},
    }


def test_a_user_that_cannot_be_added_leaves_the_store_as_it_was(store: State) -> None:
    before = (dict(store.accounts.users), list(store.audit))
    with pytest.raises(InputError, match="There is already a user 'dev'; pick another name"):
        accounts.add_user(work(store), "dev", PASSWORD, role="member", person_id="E1")
    with pytest.raises(UnknownChoiceError, match="Unknown role 'boss'"):
        accounts.add_user(work(store), "bea", PASSWORD, role="boss", person_id=None)
    with pytest.raises(PersonLinkRequiredError, match="A manager sees people through the roster") as link:
        accounts.add_user(work(store), "bea", PASSWORD, role="manager", person_id=None)
    assert link.value.role == "manager" and "--" not in str(link.value)  # the interface names its field
    with pytest.raises(UnknownPersonError) as nobody:
        accounts.add_user(work(store), "bea", PASSWORD, role="member", person_id="E99")
    assert nobody.value.person_id == "E99"
    with pytest.raises(InputError, match="use at least 12"):
        accounts.add_user(work(store), "bea", "short", role="admin", person_id=None)
    assert (dict(store.accounts.users), list(store.audit)) == before


def test_the_first_admin_is_added_once_and_can_sign_in() -> None:
    state = State()
    password = accounts.ensure_first_admin(work(state, "certpath serve"))
    assert password is not None and accounts.ensure_first_admin(work(state, "certpath serve")) is None
    assert [u["username"] for u in state.accounts.users.values()] == ["admin"]
    assert actions(state) == [("user.add", "certpath serve", "admin")]
    found = accounts.session_principal(work(state), sign_in(state, "admin", password))
    assert found is not None and found[0].role is Role.ADMIN


def test_a_session_is_kept_under_its_digest_and_ends_when_it_expires(store: State) -> None:
    cookie, csrf = accounts.sign_in(work(store, "dev"), "dev", PASSWORD, address="10.0.0.1")
    assert cookie not in store.accounts.sessions and digest(cookie) in store.accounts.sessions
    found = accounts.session_principal(work(store, now=NOW + timedelta(hours=11)), cookie)
    assert found is not None and (found[0].username, found[1]) == ("dev", csrf)
    assert accounts.session_principal(work(store, now=NOW + timedelta(hours=12)), cookie) is None
    assert accounts.session_principal(work(store), cookie + "x") is None
    assert actions(store)[-1] == ("sign-in", "dev", "dev")


def test_a_wrong_password_is_refused_logged_and_throttled_per_name_and_address(store: State) -> None:
    for _ in range(accounts.MAX_FAILURES_PER_NAME_AND_ADDRESS):
        with pytest.raises(SignInError, match="Wrong user name or password"):
            sign_in(store, "dev", "not the password")
    assert actions(store)[-1] == ("sign-in.fail", "dev", "dev") and len(store.accounts.failures) == 5
    with pytest.raises(RateLimitedError, match="wait 15 minutes") as throttled:
        sign_in(store, "dev")  # even the right password, from that address
    assert throttled.value.retry_after == 15 * 60
    assert sign_in(store, "dev", address="10.0.0.2")  # its owner elsewhere is not locked out
    with pytest.raises(SignInError):
        sign_in(store, "ghost")  # an unknown name fails as a wrong password does


def test_deactivating_a_user_ends_their_sessions_and_stops_their_tokens(store: State) -> None:
    cookie = sign_in(store, "dev")
    token = accounts.create_token(work(store), "dev", name="sync")
    assert token not in json.dumps(store.accounts.tokens, default=str)  # only its digest is kept
    session = accounts.session_principal(work(store), cookie)
    assert session is not None and accounts.token_principal(work(store), token) == session[0]

    record = users.deactivate_user(work(store), "dev")

    assert record["active"] is False and store.accounts.sessions == {}
    assert accounts.session_principal(work(store), cookie) is None
    assert accounts.token_principal(work(store), token) is None
    assert store.audit[-1]["after"] == {"active": False, "sessions_ended": 1}
    with pytest.raises(SignInError):
        sign_in(store, "dev")
    with pytest.raises(InputError, match="'dev' is already inactive; nothing was changed"):
        users.deactivate_user(work(store), "dev")


def test_the_last_active_admin_is_kept_through_every_change(store: State) -> None:
    before = list(store.audit)
    with pytest.raises(LastAdminError, match="'root' is the last active admin, so cannot be deactivated"):
        users.deactivate_user(work(store), "root")
    with pytest.raises(LastAdminError, match="so cannot be made auditor"):
        users.set_role(work(store), "root", "auditor", person_id=None)
    assert user(store, "root")["active"] is True and user(store, "root")["role"] == "admin"
    assert store.audit == before

    users.set_role(work(store), "dev", "admin", person_id=None)
    assert users.deactivate_user(work(store, "dev"), "root")["active"] is False


def test_a_roster_that_makes_every_admin_leave_is_refused(store: State) -> None:
    users.set_role(work(store), "dev", "admin", person_id=None)
    users.deactivate_user(work(store, "dev"), "root")
    with work(store, "hr") as uow, pytest.raises(LastAdminError, match="makes E2 \\(user 'dev'\\) inactive"):
        users.deactivate_users_of(uow.users, ["E2"], audit=uow.audit)
    assert user(store, "dev")["active"] is True


def test_set_role_checks_the_person_and_refuses_a_change_to_nothing(store: State) -> None:
    with pytest.raises(UnknownPersonError):
        users.set_role(work(store), "dev", "manager", person_id="E99")
    with pytest.raises(InputError, match="'dev' would be linked to 'E3', who is inactive on the roster"):
        users.set_role(work(store), "dev", "manager", person_id="E3")
    with pytest.raises(InputError, match="'dev' is already member; nothing was changed"):
        users.set_role(work(store), "dev", "member", person_id=None)
    changed = users.set_role(work(store), "dev", "manager", person_id="E1")
    assert (changed["role"], changed["person_id"]) == ("manager", "E1")
    assert store.audit[-1]["before"] == {"role": "member", "person_id": "E2"}


def test_a_reset_ends_sessions_keeps_tokens_and_must_be_changed(store: State) -> None:
    old = sign_in(store, "dev")
    token = accounts.create_token(work(store), "dev", name="sync")
    temporary = users.reset_password(work(store), "dev")
    assert accounts.session_principal(work(store), old) is None
    assert accounts.token_principal(work(store), token) is not None  # a token is not a password
    first, second = sign_in(store, "dev", temporary), sign_in(store, "dev", temporary, address="10.0.0.2")
    found = accounts.session_principal(work(store), first)
    assert found is not None and found[0].must_change_password

    ended = accounts.change_password(
        work(store, "dev"), "dev", temporary, "a brand new password", address="10.0.0.1", keep_session=first
    )

    assert ended == 1 and accounts.session_principal(work(store), second) is None
    kept = accounts.session_principal(work(store), first)
    assert kept is not None and not kept[0].must_change_password
    with pytest.raises(InputError, match="The current password is wrong; nothing was changed"):
        accounts.change_password(
            work(store, "dev"),
            "dev",
            temporary,
            "another new password",
            address="10.0.0.1",
            keep_session=None,
        )
    assert actions(store)[-1] == ("sign-in.fail", "dev", "dev")  # counted as sign-in failures are


def test_a_revoked_token_stops_at_once_and_only_its_owner_lists_it(store: State) -> None:
    token = accounts.create_token(work(store, "setup"), "dev", name="sync")
    accounts.create_token(work(store, "setup"), "root", name="other")
    [listed] = users.list_tokens(work(store), "dev")
    assert (listed["name"], listed["revoked"], listed["created_at"]) == ("sync", False, NOW.isoformat())
    assert users.get_user_record(work(store), "dev")["tokens"] == 1
    with pytest.raises(UnknownUserError, match="'root' has no API token 1") as other:
        users.revoke_token(work(store), "root", listed["id"])
    assert (other.value.username, other.value.token_id) == ("root", 1)

    users.revoke_token(work(store, now=NOW + timedelta(minutes=1)), "dev", listed["id"])

    assert accounts.token_principal(work(store), token) is None
    [after] = users.list_tokens(work(store), "dev")
    assert after["revoked"] and after["revoked_at"] == (NOW + timedelta(minutes=1)).isoformat()
    assert users.get_user_record(work(store), "dev")["tokens"] == 0
    with pytest.raises(InputError, match="already revoked"):
        users.revoke_token(work(store), "dev", listed["id"])
    with pytest.raises(UnknownUserError, match="No user 'nobody'"):
        users.list_tokens(work(store), "nobody")


def test_sign_out_ends_only_that_session(store: State) -> None:
    one, two = sign_in(store, "dev"), sign_in(store, "dev")
    accounts.sign_out(work(store, "dev"), one)
    assert accounts.session_principal(work(store), one) is None
    assert accounts.session_principal(work(store), two) is not None


def test_pinned_keys_are_listed_with_who_pinned_them_from_which_file(tmp_path: Path) -> None:
    state, by = State(), issuer("did:web")
    trust = tmp_path / "did.json"
    trust.write_text(json.dumps(by.did_document()))
    pin_trusted_keys(work(state, "ld"), [trust])
    pin_trusted_keys(work(state, "admin"), [trust])  # the same key again: pinned once
    assert list_trusted_keys(work(state)) == [
        {
            "issuer": by.did,
            "key_id": by.method,
            "key_type": "Ed25519 Multikey",
            "source": str(trust),
            "pinned_by": "ld",
            "pinned_at": NOW.isoformat(),
        }
    ]
    assert actions(state) == [("trust.pin", "ld", by.did)]


def test_reads_of_personal_data_are_logged_and_listed_newest_first(store: State) -> None:
    me = Principal(1, "root", Role.ADMIN, None)
    record_access(work(store), me, "read.person", "person", "E2", detail={"items": 3})
    record_access(work(store, now=NOW + timedelta(seconds=1)), me, "export.status", "team", "*")

    reads = read_audit_log(work(store), action="read.", limit=10)
    assert [(e["action"], e["subject_id"], e["after"]) for e in reads] == [
        ("read.person", "E2", {"role": "admin", "items": 3})
    ]
    newest = read_audit_log(work(store), actor="root", limit=2)
    assert [e["action"] for e in newest] == ["export.status", "read.person"]
    assert newest[0]["at"] == (NOW + timedelta(seconds=1)).isoformat()
    assert read_audit_log(work(store), subject="E2", limit=10)[0]["action"] == "read.person"
