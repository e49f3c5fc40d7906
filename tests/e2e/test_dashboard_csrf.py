"""Every dashboard form post needs its own session's CSRF token: without one, or with another
session's, it is refused and nothing changes (no audit entry, no user, plan or evidence touched)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from certpath.interfaces.web import forms, pages, user_pages
from certpath.tracking.tables import audit_log
from tests.e2e.conftest import PASSWORD, Org

#: Form fields that would make each post succeed with the right token.
FORMS: dict[str, dict[str, str]] = {
    "/advisor": {"background": "software-engineer", "goal": "ml-engineer"},
    "/rosters": {},
    "/rosters/{upload_id}/commit": {},
    "/plans": {"team": "Data", "title": "forged"},
    "/plans/{plan_id}/accept": {},
    "/people/{person_id}/evidence": {"item": "L1-TECHNICAL", "completed_on": "2026-10-01"},
    "/users/{username}/deactivate": {},
    "/users/{username}/activate": {},
    "/users/{username}/role": {"role": "auditor"},
    "/users/{username}/password": {},
    "/users/{username}/tokens/{token_id}/revoke": {},
    "/account/password": {"current": PASSWORD, "new": "forged password 123", "again": "forged password 123"},
    "/sign-out": {},
}
ROSTER = b"employee_id,name,job_title,team\nF1,Forged Person,AI Engineer,Forged\n"


def session(org: Org, user: str) -> tuple[TestClient, str]:
    client = TestClient(org.app, base_url="http://127.0.0.1", follow_redirects=False)
    answer = client.post("/api/v1/session", json={"username": user, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return client, str(answer.json()["csrf_token"])


def audit_entries(org: Org) -> int:
    with org.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(audit_log)).scalar_one())


def concrete(org: Org, path: str) -> str:
    upload = org.client("ld").post("/api/v1/rosters", files={"file": ("f.csv", ROSTER)}).json()
    tokens = org.client("admin").get("/api/v1/users/member/tokens").json()
    return path.format(
        upload_id=upload["upload_id"],
        plan_id=org.plans["Data"],
        person_id="E3",
        username="member",
        token_id=tokens[0]["id"],
    )


def test_every_dashboard_post_is_in_the_table() -> None:
    posts = {
        route.path
        for router in (pages.router, forms.router, user_pages.router)
        for route in router.routes
        if "POST" in (getattr(route, "methods", None) or ())
    }
    assert posts - {"/sign-in"} == set(FORMS)


@pytest.mark.parametrize("token", ["missing", "another session's"])
@pytest.mark.parametrize("path", sorted(FORMS))
def test_a_dashboard_post_without_its_sessions_token_changes_nothing(org: Org, path: str, token: str) -> None:
    admin, _ = session(org, "admin")
    _, other = session(org, "ld")
    url = concrete(org, path)
    data: dict[str, Any] = dict(FORMS[path])
    if token != "missing":
        data["csrf_token"] = other
    before = (audit_entries(org), org.client("admin").get("/api/v1/users").json())
    files = {"file": ("forged.csv", ROSTER)} if path == "/rosters" else None
    answer = admin.post(url, data=data, files=files)
    if token == "missing":
        assert answer.status_code in (403, 422), answer.text
    else:
        assert answer.status_code == 403, answer.text
        assert "security token is missing or old" in answer.text
    assert (audit_entries(org), org.client("admin").get("/api/v1/users").json()) == before
    assert admin.get("/api/v1/me").status_code == 200  # not signed out either
