"""A roster commit makes its leavers' users inactive, but never the last active admin: an ld-admin
could otherwise lock every admin out by naming their people as leavers."""

from __future__ import annotations

from pathlib import Path

from certpath.services.accounts import add_user, create_token
from certpath.services.users import deactivate_user
from tests.e2e.conftest import NOW, PASSWORD, Org, build_org
from tests.factories import account_work

LEAVER = (
    b"employee_id,name,email,job_title,team,manager_id,status\n"
    b"E1,Ada Chief,e1@example.com,Chief Technology Officer,Leadership,,terminated\n"
    b"E5,Eli Appslead,e5@example.com,Head of AI,Apps,E1,active\n"
)


def commit_leaver(org: Org) -> tuple[int, dict[str, object]]:
    ld = org.client("ld")
    upload = ld.post("/api/v1/rosters", files={"file": ("leaver.csv", LEAVER)}).json()
    assert upload["ok"] is True, upload
    answer = ld.post(f"/api/v1/rosters/{upload['upload_id']}/commit")
    return answer.status_code, answer.json()


def active_people(org: Org) -> list[str]:
    return [p["id"] for p in org.client("admin").get("/api/v1/people").json()]


def test_an_ld_admin_cannot_deactivate_the_last_admin_through_the_roster(tmp_path: Path) -> None:
    org = build_org(tmp_path)
    add_user(account_work(org.engine, "setup", now=NOW), "boss", PASSWORD, role="admin", person_id="E1")
    boss = create_token(account_work(org.engine, "setup", now=NOW), "boss", name="tests")
    deactivate_user(account_work(org.engine, "setup", now=NOW), "admin")
    org.tokens["admin"] = boss
    before = active_people(org)

    status, refused = commit_leaver(org)

    assert status == 400, refused
    message = str(refused["error"]["message"])  # type: ignore[index]
    assert "makes E1 (user 'boss') inactive, and no other admin would be left" in message
    assert "Nothing was imported" in message and "certpath" not in message  # the API's terms, not the CLI's
    assert 'PUT /api/v1/users/NAME/role with "role": "admin"' in message
    assert org.client("admin").get("/api/v1/me").status_code == 200
    assert active_people(org) == before and "E1" in before

    add_user(account_work(org.engine, "setup", now=NOW), "deputy", PASSWORD, role="admin", person_id=None)
    status, committed = commit_leaver(org)
    assert status == 200, committed
    assert committed["deactivated"] == ["E1"] and committed["users_deactivated"] == ["boss"]
    assert org.client("admin").get("/api/v1/me").status_code == 401
