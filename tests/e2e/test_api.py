"""The REST API as automation and the dashboard use it: sessions, CSRF, rate limit, rosters, plans,
evidence, reports, errors and the audit trail of reads."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.e2e.conftest import DATA, PASSWORD, Org

GOOD_ROSTER = b"employee_id,name,email,job_title,team,manager_id\nL1,Lia Lab,l1@example.com,AI Engineer,Labs,E1\nL2,Max Lab,l2@example.com,Data Scientist,Labs,L1\n"


def statement(person_email: str, statement_id: str) -> dict[str, object]:
    return {
        "id": statement_id,
        "actor": {"objectType": "Agent", "mbox": f"mailto:{person_email}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {"objectType": "Activity", "id": "https://lms.example.com/courses/l1-technical"},
        "result": {"completion": True, "success": True},
        "timestamp": "2026-11-02T10:00:00Z",
    }


def signed_in(org: Org, user: str, *, base_url: str = "http://127.0.0.1") -> tuple[TestClient, str]:
    client = TestClient(org.app, base_url=base_url)
    response = client.post("/api/v1/session", json={"username": user, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return client, response.json()["csrf_token"]


def test_sign_in_sets_an_http_only_same_site_cookie_secure_off_loopback(org: Org) -> None:
    client = TestClient(org.app, base_url="http://127.0.0.1")
    cookie = client.post("/api/v1/session", json={"username": "ld", "password": PASSWORD}).headers[
        "set-cookie"
    ]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    remote = TestClient(org.app, base_url="https://certpath.example.com")
    cookie = remote.post("/api/v1/session", json={"username": "ld", "password": PASSWORD}).headers[
        "set-cookie"
    ]
    assert "HttpOnly" in cookie and "Secure" in cookie
    assert remote.get("/api/v1/me").json()["role"] == "ld-admin"


def test_a_cookie_write_needs_the_session_csrf_token(org: Org) -> None:
    client, csrf = signed_in(org, "ld")
    body = {"member": "E4", "item": "L1-EVERYONE", "completed_on": "2026-11-03"}
    refused = client.post("/api/v1/evidence", json=body)
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["error"]["message"]
    assert client.post("/api/v1/evidence", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    assert client.delete("/api/v1/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_sign_in_is_rate_limited_per_user_name_and_address(org: Org) -> None:
    client = TestClient(org.app, base_url="http://127.0.0.1")
    for _ in range(5):
        wrong = client.post("/api/v1/session", json={"username": "auditor", "password": "wrong password!"})
        assert wrong.status_code == 401 and wrong.json()["error"]["message"] == "Wrong user name or password."
    blocked = client.post("/api/v1/session", json={"username": "auditor", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.headers["Retry-After"] == "900"
    assert "wait 15 minutes" in blocked.json()["error"]["message"]
    unknown = client.post("/api/v1/session", json={"username": "nobody", "password": "whatever"})
    assert unknown.status_code == 401  # an unknown name reads like a wrong password
    elsewhere = TestClient(org.app, base_url="http://127.0.0.1", client=("198.51.100.20", 4000))
    owner = elsewhere.post("/api/v1/session", json={"username": "auditor", "password": PASSWORD})
    assert owner.status_code == 200  # the failures from one address lock no one out of another


def test_roster_upload_previews_every_problem_and_commits_nothing_broken(org: Org) -> None:
    admin = org.client("admin")
    before = len(admin.get("/api/v1/people").json())
    broken = admin.post(
        "/api/v1/rosters", files={"file": ("broken.csv", (DATA / "rosters" / "broken.csv").read_bytes())}
    )
    assert broken.status_code == 201
    preview = broken.json()
    assert preview["ok"] is False and len(preview["issues"]) >= 5
    first = preview["issues"][0]["location"]
    assert first["file"] == "broken.csv" and first["line"] is not None
    commit = admin.post(f"/api/v1/rosters/{preview['upload_id']}/commit")
    assert commit.status_code == 422
    error = commit.json()["error"]
    assert error["code"] == "file-problems" and error["location"]["file"] == "broken.csv"
    assert len(error["issues"]) == len(preview["issues"])
    assert len(admin.get("/api/v1/people").json()) == before

    good = admin.post("/api/v1/rosters", files={"file": ("labs.csv", GOOD_ROSTER)}).json()
    assert good["ok"] and good["new"] == ["L1", "L2"]
    assert admin.post(f"/api/v1/rosters/{good['upload_id']}/commit").json()["added"] == ["L1", "L2"]
    again = admin.post(f"/api/v1/rosters/{good['upload_id']}/commit")
    assert again.status_code == 400 and "already imported" in again.json()["error"]["message"]
    assert len(admin.get("/api/v1/people").json()) == before + 2


def test_plan_create_get_audit_accept_and_download(org: Org) -> None:
    manager = org.client("manager")
    created = manager.post("/api/v1/plans", json={"team": "Data", "budget_usd": 50000, "time_limit_s": 2})
    assert created.status_code == 201, created.text
    plan = created.json()
    assert plan["status"] == "draft" and plan["team"] == "Data"
    assert {m["id"] for m in plan["report"]["members"]} == {"E2", "E3", "E4"}
    assert plan["report"]["total_cost_usd"] <= 50000
    listed = [p["id"] for p in manager.get("/api/v1/plans").json()]
    assert plan["id"] in listed
    audit = manager.get(f"/api/v1/plans/{plan['id']}/audit").json()
    assert audit["errors"] == 0, audit
    accepted = manager.post(f"/api/v1/plans/{plan['id']}/accept").json()
    assert accepted["status"] == "accepted" and accepted["accepted_by"] == "manager"
    twice = manager.post(f"/api/v1/plans/{plan['id']}/accept")
    assert twice.status_code == 400
    xlsx = manager.get(f"/api/v1/plans/{plan['id']}/files/xlsx")
    assert xlsx.content[:2] == b"PK" and f"plan-{plan['id']}.xlsx" in xlsx.headers["content-disposition"]
    ics = manager.get(f"/api/v1/plans/{plan['id']}/files/ics")
    assert ics.text.startswith("BEGIN:VCALENDAR")
    html = manager.get(f"/api/v1/plans/{plan['id']}/files/html")
    assert "<svg" in html.text
    person = manager.get("/api/v1/people/E3").json()
    assert person["assignments"] and all(a["plan_id"] == plan["id"] for a in person["assignments"])


def test_evidence_record_import_and_verification_details(org: Org) -> None:
    member = org.client("member")
    recorded = member.post(
        "/api/v1/evidence", json={"member": "E6", "item": "L4-AGENTS", "completed_on": "2026-11-10"}
    )
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["added"] == 1
    statements = json.dumps([statement("e6@example.com", "0b7c53f4-2f7d-4a55-9d35-9f0c1e2a6b01")]).encode()
    imported = member.post(
        "/api/v1/evidence/files", data={"member": "E6"}, files={"files": ("lms.json", statements)}
    )
    assert imported.status_code == 201, imported.text
    assert imported.json()[0]["added"] == 1
    evidence = member.get("/api/v1/people/E6").json()["evidence"]
    xapi = next(e for e in evidence if e["source"] == "xapi")
    detail = member.get(f"/api/v1/evidence/{xapi['id']}").json()
    checks = {c["check"]: c["outcome"] for c in detail["verification"]["checks"]}
    assert checks["structure"] == "passed" and "signature" in checks


def test_reads_of_personal_data_and_exports_are_in_the_audit_log(org: Org) -> None:
    manager = org.client("manager")
    manager.get("/api/v1/people/E4")
    manager.get("/api/v1/reports/matrix.xlsx")
    log = org.client("auditor").get("/api/v1/audit-log", params={"actor": "manager"}).json()
    actions = {(e["action"], e["subject_id"]) for e in log}
    assert ("read.person", "E4") in actions and ("export.matrix", "*") in actions
    entry = next(e for e in log if e["action"] == "read.person")
    assert entry["after"]["role"] == "manager"


def test_errors_are_json_with_a_code_a_message_and_a_location(org: Org) -> None:
    admin = org.client("admin")
    bad_kind = admin.get("/api/v1/catalogue/nonsense").json()["error"]
    assert bad_kind["code"] == "invalid-request" and bad_kind["location"]["key"] == "path.kind"
    unknown = admin.get("/api/v1/catalogue/entries/AWS-MLA-C0I").json()["error"]
    assert unknown["code"] == "unknown-choice" and "Did you mean" in unknown["message"]
    bad_date = admin.post(
        "/api/v1/evidence", json={"member": "E3", "item": "L1-EVERYONE", "completed_on": "2026-13-40"}
    )
    assert bad_date.status_code == 422 and bad_date.json()["error"]["location"]["key"] == "body.completed_on"
    future = admin.post(
        "/api/v1/evidence", json={"member": "E3", "item": "L1-EVERYONE", "completed_on": "2027-01-01"}
    )
    assert future.status_code == 400 and "after today" in future.json()["error"]["message"]


def test_advise_and_the_catalogue(org: Org) -> None:
    client = org.client("member")
    advice = client.post(
        "/api/v1/advise", json={"background": "data-analyst", "cloud": "aws", "budget_usd": 600}
    )
    assert advice.status_code == 200 and advice.json()["steps"]
    assert advice.json()["total_cost_usd"] <= 600
    assert client.get("/api/v1/catalogue").json()["layers"] == 6
    roles = client.get("/api/v1/catalogue/roles").json()
    assert any(r["id"] == "ml-engineer" for r in roles)


def test_every_response_carries_the_security_headers(org: Org) -> None:
    response = org.client().get("/sign-in")
    assert response.headers["x-frame-options"] == "DENY"
    policy = dict(
        part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";")
    )
    assert policy["default-src"] == "'none'" and "script-src" not in policy  # no script on the dashboard
    assert policy["style-src"] == "'self'" and "unsafe-inline" not in str(policy)


def test_sign_in_sends_the_browser_only_to_a_page_of_this_site(org: Org) -> None:
    """`next` after sign-in: slashes, backslashes and control characters cannot point off the site."""
    client = TestClient(org.app, base_url="http://127.0.0.1", client=("198.51.100.30", 4000))
    for target, expected in (
        ("/teams/Data", "/teams/Data"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("/\t/evil.example/", "/"),
        ("https://evil.example/", "/"),
    ):
        form = client.get("/sign-in")
        token = client.cookies.get("certpath_presession")
        assert form.status_code == 200 and token
        answer = client.post(
            "/sign-in",
            data={"username": "ld", "password": PASSWORD, "form_token": token, "next": target},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == expected, target


def test_evidence_files_take_a_date_format_for_us_dates(org: Org) -> None:
    ld = org.client("ld")
    csv = b"User ID,Training Title,Transcript Status,Transcript Completed Date\nE7,L1-EVERYONE,Completed,10/02/2026\n"
    refused = ld.post("/api/v1/evidence/files", files={"files": ("transcript.csv", csv)})
    assert refused.status_code == 422, refused.text
    assert "'10/02/2026' could be day/month or month/day" in refused.text
    bad = ld.post(
        "/api/v1/evidence/files", data={"date_format": "american"}, files={"files": ("transcript.csv", csv)}
    )
    assert bad.status_code in (400, 422) and "date_format 'american'" in bad.text
    imported = ld.post(
        "/api/v1/evidence/files", data={"date_format": "MM/DD/YYYY"}, files={"files": ("transcript.csv", csv)}
    )
    assert imported.status_code == 201, imported.text
    assert imported.json()[0]["added"] == 1
