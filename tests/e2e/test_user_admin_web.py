"""User administration through the API (/api/v1/users) and the dashboard (/users, /account/password):
leavers lose access at once, only admins manage users, a reset password must be changed."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from certpath.services.accounts import add_user, create_token
from tests.e2e.conftest import NOW, PASSWORD, Org
from tests.factories import account_work

ADMIN_PATHS = ("/api/v1/users", "/api/v1/users/member", "/api/v1/users/member/tokens")


def add(org: Org, name: str, *, role: str = "member", person: str | None = "E3") -> str:
    """A user of the test's own (so tests do not disturb each other); returns an API token."""
    add_user(account_work(org.engine, "setup", now=NOW), name, PASSWORD, role=role, person_id=person)
    return create_token(account_work(org.engine, "setup", now=NOW), name, name="tests")


def session(org: Org, user: str, password: str = PASSWORD) -> tuple[TestClient, str]:
    client = TestClient(org.app, base_url="http://127.0.0.1", follow_redirects=False)
    response = client.post("/api/v1/session", json={"username": user, "password": password})
    assert response.status_code == 200, response.text
    return client, response.json()["csrf_token"]


def bearer(org: Org, token: str) -> TestClient:
    return TestClient(org.app, base_url="http://127.0.0.1", headers={"Authorization": f"Bearer {token}"})


def test_a_leavers_session_and_token_get_401_right_after_the_roster_commit(org: Org) -> None:
    token = add(org, "gus", person="E7")
    client, _ = session(org, "gus")
    assert (
        client.get("/api/v1/me").status_code == 200
        and bearer(org, token).get("/api/v1/me").status_code == 200
    )
    roster = (
        b"employee_id,name,email,job_title,team,manager_id,status\n"
        b"E5,Eli Appslead,e5@example.com,Head of AI,Apps,E1,active\n"
        b"E7,Gus Outsider,e7@example.com,Data Scientist,Apps,E5,terminated\n"
    )
    admin = org.client("admin")
    upload = admin.post("/api/v1/rosters", files={"file": ("leavers.csv", roster)}).json()
    committed = admin.post(f"/api/v1/rosters/{upload['upload_id']}/commit").json()
    assert committed["deactivated"] == ["E7"] and committed["users_deactivated"] == ["gus"]
    assert client.get("/api/v1/me").status_code == 401
    assert bearer(org, token).get("/api/v1/me").status_code == 401
    page = client.get("/")
    assert page.status_code == 303 and page.headers["location"] == "/sign-in?next=/"


def test_only_admins_manage_users(org: Org) -> None:
    for user in ("member", "manager", "ld", "auditor"):
        for path in ADMIN_PATHS:
            assert org.client(user).get(path).status_code == 403, (user, path)
        refused = org.client(user).post("/api/v1/users/admin/deactivate")
        assert refused.status_code == 403 and "may not manage users" in refused.json()["error"]["message"]
    for user in ("member", "manager"):
        client, csrf = session(org, user)
        assert client.get("/users").status_code == 403
        assert client.get("/users/admin").status_code == 403
        assert client.post("/users/admin/deactivate", data={"csrf_token": csrf}).status_code == 403
        assert 'href="/users"' not in client.get("/").text
    listed = {u["username"]: u for u in org.client("admin").get("/api/v1/users").json()}
    assert listed["member"] == {
        "username": "member",
        "role": "member",
        "person_id": "E6",
        "active": True,
        "must_change_password": False,
        "tokens": 1,
    }


def test_admins_deactivate_set_roles_and_revoke_tokens_through_the_api(org: Org) -> None:
    token = add(org, "ivy")
    admin = org.client("admin")
    assert admin.post("/api/v1/users/ivy/deactivate").json()["active"] is False
    assert bearer(org, token).get("/api/v1/me").status_code == 401
    assert admin.post("/api/v1/users/ivy/activate").json()["active"] is True
    assert bearer(org, token).get("/api/v1/me").json()["role"] == "member"
    changed = admin.put("/api/v1/users/ivy/role", json={"role": "manager", "person_id": "E2"}).json()
    assert (changed["role"], changed["person_id"]) == ("manager", "E2")
    assert bearer(org, token).get("/api/v1/me").json()["scope"]["manager"] == "E2"
    [listed] = admin.get("/api/v1/users/ivy/tokens").json()
    assert admin.delete(f"/api/v1/users/ivy/tokens/{listed['id']}").status_code == 204
    assert bearer(org, token).get("/api/v1/me").status_code == 401
    again = admin.delete(f"/api/v1/users/ivy/tokens/{listed['id']}")
    assert again.status_code == 400 and "already revoked" in again.json()["error"]["message"]
    assert admin.get("/api/v1/users/nobody").status_code == 404
    last = admin.post("/api/v1/users/admin/deactivate")
    assert last.status_code == 400 and "last active admin" in last.json()["error"]["message"]
    boss = admin.put("/api/v1/users/ivy/role", json={"role": "boss"})
    assert boss.status_code == 422 and boss.json()["error"]["code"] == "unknown-choice"
    assert boss.json()["error"]["location"] == {"key": "boss"}
    nobody = admin.delete("/api/v1/users/nobody/tokens/1").json()["error"]["message"]
    assert nobody == "No user 'nobody'. GET /api/v1/users lists them."  # the API's words, not the CLI's


def test_a_must_change_user_is_sent_to_the_password_page(org: Org) -> None:
    token = add(org, "kim")
    reset = org.client("admin").post("/api/v1/users/kim/password")
    assert reset.headers["cache-control"] == "no-store"
    temporary = reset.json()["temporary_password"]
    client, csrf = session(org, "kim", temporary)
    for path in ("/", "/people/E3", "/plans"):
        sent = client.get(path)
        assert sent.status_code == 303 and sent.headers["location"] == "/account/password", path
    api = client.get("/api/v1/people")
    assert api.status_code == 403 and "must choose a new password first" in api.json()["error"]["message"]
    assert client.get("/api/v1/me").status_code == 200
    assert bearer(org, token).get("/api/v1/people").status_code == 200  # tokens keep working
    form = client.get("/account/password")
    assert form.status_code == 200 and "An admin reset your password" in form.text

    fields = {
        "csrf_token": csrf,
        "current": temporary,
        "new": "kim's new password",
        "again": "kim's new pass",
    }
    differ = client.post("/account/password", data=fields)
    assert differ.status_code == 400 and "The two new passwords differ" in differ.text
    fields["again"] = fields["new"]
    done = client.post("/account/password", data=fields)
    assert done.status_code == 303 and done.headers["location"] == "/account/password?changed=1"
    assert "Your password is changed" in client.get("/account/password?changed=1").text
    assert client.get("/").status_code == 200
    assert session(org, "kim", "kim's new password")


def test_the_users_pages_post_forms_with_the_session_csrf_token(org: Org) -> None:
    add(org, "lou")
    client, csrf = session(org, "admin")
    listing = client.get("/users")
    assert listing.status_code == 200 and 'href="/users/lou"' in listing.text
    page = client.get("/users/lou").text
    forms = re.findall(
        r'<form method="post" action="([^"]+)">\s*<input type="hidden" name="csrf_token" value="([^"]*)">',
        page,
    )
    actions = {action for action, _ in forms}
    assert {"/users/lou/role", "/users/lou/deactivate", "/users/lou/password"} <= actions
    assert any(a.startswith("/users/lou/tokens/") and a.endswith("/revoke") for a in actions)
    assert {value for _, value in forms} == {csrf}

    assert client.post("/users/lou/deactivate", data={"csrf_token": "forged"}).status_code == 403
    moved = client.post("/users/lou/deactivate", data={"csrf_token": csrf})
    assert moved.status_code == 303 and moved.headers["location"] == "/users/lou"
    assert "inactive" in client.get("/users/lou").text
    assert client.post("/users/lou/activate", data={"csrf_token": csrf}).status_code == 303
    role = client.post("/users/lou/role", data={"csrf_token": csrf, "role": "auditor", "person_id": ""})
    assert role.status_code == 303
    reset = client.post("/users/lou/password", data={"csrf_token": csrf})
    assert reset.status_code == 200 and reset.headers["cache-control"] == "no-store"
    shown = re.search(r'<code class="secret">([^<]+)</code>', reset.text)
    assert shown and session(org, "lou", shown.group(1))
    revoke = next(a for a, _ in forms if a.endswith("/revoke"))
    assert client.post(revoke, data={"csrf_token": csrf}).status_code == 303
    assert "No API tokens" not in client.get("/users/lou").text  # revoked tokens stay listed
    assert org.client("admin").get("/api/v1/users/lou").json() == {
        "username": "lou",
        "role": "auditor",
        "person_id": "E3",
        "active": True,
        "must_change_password": True,
        "tokens": 0,
    }


def test_the_dashboard_words_each_refusal_in_its_own_terms(org: Org) -> None:
    add(org, "nia", role="auditor", person=None)
    client, csrf = session(org, "admin")
    member = client.post("/users/nia/role", data={"csrf_token": csrf, "role": "member", "person_id": ""})
    assert member.status_code == 400
    assert "A member sees people through the roster" in member.text
    assert "Fill in the Roster person (employee id) field." in member.text
    last = client.post("/users/admin/deactivate", data={"csrf_token": csrf})
    assert last.status_code == 400 and "on the Users page, open them and set Role to admin" in last.text
    missing = client.get("/users/nobody")
    assert (
        missing.status_code == 404 and "No user &#39;nobody&#39;. The Users page lists them." in missing.text
    )
    for page in (member, last, missing):
        assert "certpath user" not in page.text and "--person" not in page.text  # no CLI wording


def test_changing_ones_password_ends_the_other_sessions(org: Org) -> None:
    add(org, "max")
    first, csrf = session(org, "max")
    second, _ = session(org, "max")
    wrong = first.post(
        "/account/password",
        data={
            "csrf_token": csrf,
            "current": "not my password",
            "new": "max's new password",
            "again": "max's new password",
        },
    )
    assert wrong.status_code == 400 and "current password is wrong" in wrong.text
    api = first.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "max's new password"},
        headers={"X-CSRF-Token": csrf},
    )
    assert api.status_code == 204
    assert first.get("/api/v1/me").status_code == 200
    assert second.get("/api/v1/me").status_code == 401


def test_the_sign_in_page_names_no_account_and_errors_do_not_tell_names_apart(org: Org) -> None:
    client = TestClient(org.app, base_url="http://127.0.0.1", client=("192.0.2.77", 5000))
    page = client.get("/sign-in").text
    assert re.search(r"\badmin\b", page, re.IGNORECASE) is None
    known = client.post("/api/v1/session", json={"username": "admin", "password": "wrong password!"})
    unknown = client.post("/api/v1/session", json={"username": "no-such-user", "password": "wrong password!"})
    assert known.status_code == unknown.status_code == 401
    assert known.json() == unknown.json()
