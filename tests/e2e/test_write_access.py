"""Write access: for every route that writes (API and dashboard forms, listed from the app's own
routes), a member and a manager cannot write for anyone outside their scope, whether the person is
named in the path, in the JSON or form body, or inside an uploaded file (a CSV row, an xAPI
statement or void, an Open Badges 3.0 or Credly badge). Each refusal is 403 or 404 and leaves the
database exactly as it was. A route without a case here fails the first test."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from certpath.tracking.tables import BACKUP_ORDER, evidence, roster_uploads
from tests.e2e.conftest import PASSWORD, Org, build_org

#: Each user, the people outside their scope, and the people inside it.
VIEWERS = {
    "member": {"outside": ("E7", "E3", "E1"), "inside": ("E6",)},
    "manager": {"outside": ("E6", "E7", "E1", "E5"), "inside": ("E3", "E4")},
}
TEAMS = {
    "E1": "Leadership",
    "E2": "Data",
    "E3": "Data",
    "E4": "Data",
    "E5": "Apps",
    "E6": "Apps",
    "E7": "Apps",
}
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


@dataclass(frozen=True)
class Call:
    """One request; `web` ones go with the session cookie and the form's CSRF token."""

    method: str
    url: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    web: bool = False


def api(url: str, **kwargs: Any) -> Call:
    return Call("POST", url, kwargs)


def form(url: str, data: dict[str, str] | None = None, **kwargs: Any) -> Call:
    return Call("POST", url, {"data": dict(data or {}), **kwargs}, web=True)


# --- files that name people ---------------------------------------------------------------


def email(person: str) -> str:
    return f"{person.lower()}@example.com"


def csv_rows(*people: str) -> bytes:
    rows = "".join(f"{p},L1-EVERYONE,2026-11-01\n" for p in people)
    return f"employee_id,item,completed_on\n{rows}".encode()


def statement(person: str, statement_id: str) -> dict[str, Any]:
    return {
        "id": statement_id,
        "actor": {"objectType": "Agent", "mbox": f"mailto:{email(person)}"},
        "verb": {"id": COMPLETED},
        "object": {"objectType": "Activity", "id": "https://lms.example.com/courses/l1-technical"},
        "timestamp": "2026-11-02T10:00:00Z",
    }


def void(target: str, statement_id: str) -> dict[str, Any]:
    return {
        "id": statement_id,
        "actor": {"objectType": "Agent", "mbox": "mailto:lms@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": target},
    }


def ob3(person: str) -> bytes:
    """An unsigned Open Badges 3.0 credential (stored as recorded) for the person's work email."""
    badge = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"urn:uuid:badge-{person}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://academy.example.com/issuer", "name": "Example Academy"},
        "validFrom": "2026-10-01T00:00:00Z",
        "credentialSubject": {
            "id": f"mailto:{email(person)}",
            "achievement": {"id": "https://academy.example.com/l1", "name": "AI Literacy for Everyone"},
        },
    }
    return json.dumps(badge).encode()


def credly(person: str) -> bytes:
    badge = {
        "id": f"credly-{person}",
        "state": "accepted",
        "issued_at_date": "2026-10-01",
        "issuer_earner_id": person,
        "badge_template": {"id": "t-1", "name": "AI Literacy for Everyone"},
    }
    return json.dumps({"data": [badge]}).encode()


def xapi(*statements: dict[str, Any]) -> bytes:
    return json.dumps(list(statements)).encode()


def user_of(person: str) -> str:
    """The dashboard user linked to a roster person (the org's users), else the admin."""
    return {"E2": "manager", "E6": "member"}.get(person, "admin")


def files(*named: tuple[str, bytes]) -> dict[str, Any]:
    return {"files": [("files", item) for item in named]}


# --- the table ----------------------------------------------------------------------------

Case = Callable[["Setup", str, str], list[Call]]  # (setup, viewer, an outside person) -> refused calls


@dataclass
class Setup:
    """The org plus what the write cases refer to: a plan per team and an uploaded roster."""

    org: Org
    plans: dict[str, int]
    upload_id: int


def evidence_file_calls(setup: Setup, viewer: str, outside: str) -> list[Call]:
    own = VIEWERS[viewer]["inside"][0]
    url = "/api/v1/evidence/files"
    return [
        api(url, data={"member": outside}, **files(("own.csv", csv_rows(own)))),
        api(url, **files(("their.csv", csv_rows(outside)))),
        api(url, **files(("mixed.csv", csv_rows(own, outside)))),
        api(
            url,
            **files(("lms.json", xapi(statement(own, f"ok-{outside}"), statement(outside, f"x-{outside}")))),
        ),
        api(url, **files(("lms.ndjson", json.dumps(statement(outside, f"n-{outside}")).encode()))),
        api(url, **files(("void.json", xapi(void(f"stmt-{outside}", f"v-{viewer}-{outside}"))))),
        api(url, **files(("badge.json", ob3(outside)))),
        api(url, **files(("credly.json", credly(outside)))),
        api(url, **files(("mine.csv", csv_rows(own)), ("theirs.csv", csv_rows(outside)))),
    ]


WRITES: dict[tuple[str, str], Case] = {
    ("POST", "/api/v1/evidence"): lambda s, v, p: [
        api("/api/v1/evidence", json={"member": p, "item": "L1-EVERYONE", "completed_on": "2026-11-01"})
    ],
    ("POST", "/api/v1/evidence/files"): evidence_file_calls,
    ("POST", "/api/v1/plans"): lambda s, v, p: [
        api("/api/v1/plans", json={"team": TEAMS[p], "time_limit_s": 1}),
        api("/api/v1/plans", json={"upload_id": s.upload_id, "time_limit_s": 1}),
    ],
    ("POST", "/api/v1/plans/{plan_id}/accept"): lambda s, v, p: [
        api(f"/api/v1/plans/{s.plans[TEAMS[p]]}/accept")
    ],
    ("POST", "/api/v1/rosters"): lambda s, v, p: [
        api("/api/v1/rosters", files={"file": ("r.csv", f"employee_id,name,job_title\n{p},X,CTO\n".encode())})
    ],
    ("POST", "/api/v1/rosters/{upload_id}/commit"): lambda s, v, p: [
        api(f"/api/v1/rosters/{s.upload_id}/commit")
    ],
    ("POST", "/people/{person_id}/evidence"): lambda s, v, p: [
        form(f"/people/{p}/evidence", {"item": "L1-EVERYONE", "completed_on": "2026-11-01"})
    ],
    ("POST", "/plans"): lambda s, v, p: [form("/plans", {"team": TEAMS[p]})],
    ("POST", "/plans/{plan_id}/accept"): lambda s, v, p: [form(f"/plans/{s.plans[TEAMS[p]]}/accept")],
    ("POST", "/rosters"): lambda s, v, p: [
        form("/rosters", files={"file": ("r.csv", f"employee_id,name,job_title\n{p},X,CTO\n".encode())})
    ],
    ("POST", "/rosters/{upload_id}/commit"): lambda s, v, p: [form(f"/rosters/{s.upload_id}/commit")],
    # User administration: another person's user, and the caller's own role raised to admin.
    ("POST", "/api/v1/users/{username}/deactivate"): lambda s, v, p: [
        api(f"/api/v1/users/{user_of(p)}/deactivate")
    ],
    ("POST", "/api/v1/users/{username}/activate"): lambda s, v, p: [
        api(f"/api/v1/users/{user_of(p)}/activate")
    ],
    ("PUT", "/api/v1/users/{username}/role"): lambda s, v, p: [
        Call("PUT", f"/api/v1/users/{v}/role", {"json": {"role": "admin"}}),
        Call("PUT", f"/api/v1/users/{user_of(p)}/role", {"json": {"role": "member", "person_id": p}}),
    ],
    ("POST", "/api/v1/users/{username}/password"): lambda s, v, p: [
        api(f"/api/v1/users/{user_of(p)}/password")
    ],
    ("DELETE", "/api/v1/users/{username}/tokens/{token_id}"): lambda s, v, p: [
        Call("DELETE", f"/api/v1/users/{user_of(p)}/tokens/1")
    ],
    ("POST", "/users/{username}/deactivate"): lambda s, v, p: [form(f"/users/{user_of(p)}/deactivate")],
    ("POST", "/users/{username}/activate"): lambda s, v, p: [form(f"/users/{user_of(p)}/activate")],
    ("POST", "/users/{username}/role"): lambda s, v, p: [
        form(f"/users/{v}/role", {"role": "admin"}),
        form(f"/users/{user_of(p)}/role", {"role": "member", "person_id": p}),
    ],
    ("POST", "/users/{username}/password"): lambda s, v, p: [form(f"/users/{user_of(p)}/password")],
    ("POST", "/users/{username}/tokens/{token_id}/revoke"): lambda s, v, p: [
        form(f"/users/{user_of(p)}/tokens/1/revoke")
    ],
}

#: Writes that name no one: signing in and out, and the advisor (which stores nothing).
NAMES_NO_ONE = {
    ("POST", "/api/v1/session"),
    ("DELETE", "/api/v1/session"),
    ("POST", "/api/v1/advise"),
    ("POST", "/sign-in"),
    ("POST", "/sign-out"),
    ("POST", "/advisor"),
    # A password change acts only on the caller's own account (tested in test_user_admin_web.py).
    ("POST", "/api/v1/me/password"),
    ("POST", "/account/password"),
}


def write_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route that is not a read, the dashboard's included."""
    found = set()
    for route in app.routes:
        # FastAPI keeps included routers as one entry that lists the routes it contains.
        contexts = getattr(route, "effective_route_contexts", None)
        for each in contexts() if contexts is not None else [route]:
            for method in getattr(each, "methods", None) or ():
                if method not in ("GET", "HEAD", "OPTIONS"):
                    found.add((method, each.path))
    return found


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    from certpath.services.plans import create_plan, roster_from_store
    from certpath.services.tracking import import_evidence, load_badge_map
    from certpath.services.write_scope import ORGANISATION
    from certpath.tracking.model import Scope
    from tests.e2e.conftest import NOW
    from tests.factories import request, unit_of_work

    folder = tmp_path_factory.mktemp("writes")
    org = build_org(folder)
    catalogue = org.app.state.context.catalogue
    lms = folder / "everyone.json"
    lms.write_bytes(xapi(*(statement(f"E{i}", f"stmt-E{i}") for i in range(1, 8))))
    import_evidence(
        unit_of_work(org.engine, "setup"),
        catalogue,
        [lms],
        badge_map=load_badge_map(catalogue, None, None),
        today=NOW.date(),
        scope=ORGANISATION,
    )
    leadership = roster_from_store(unit_of_work(org.engine), scope=Scope(team="Leadership"))
    plans = dict(org.plans)
    plans["Leadership"] = create_plan(
        unit_of_work(org.engine, "setup", now=NOW),
        catalogue,
        leadership,
        request(time_limit_s=1.0),
        title="Leadership plan",
    ).id
    roster = (
        b"employee_id,name,email,job_title,team,manager_id\nE1,Ada Chief,e1@example.com,CTO,Leadership,\n"
    )
    uploaded = org.client("admin").post("/api/v1/rosters", files={"file": ("org.csv", roster)})
    assert uploaded.status_code == 201, uploaded.text
    return Setup(org, plans, uploaded.json()["upload_id"])


def session(org: Org, user: str) -> tuple[TestClient, str]:
    client = TestClient(org.app, base_url="http://127.0.0.1")
    response = client.post("/api/v1/session", json={"username": user, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return client, response.json()["csrf_token"]


def send(setup: Setup, user: str, call: Call) -> Any:
    if not call.web:
        return setup.org.client(user).request(call.method, call.url, **call.kwargs)
    client, csrf = session(setup.org, user)
    kwargs = {**call.kwargs, "data": {**call.kwargs["data"], "csrf_token": csrf}}
    return client.request(call.method, call.url, follow_redirects=False, **kwargs)


def dump(org: Org) -> dict[str, list[dict[str, Any]]]:
    """Every stored row that a write could change; reads and sign-ins log themselves, so not those."""
    rows: dict[str, list[dict[str, Any]]] = {}
    with org.engine.connect() as connection:
        for table in (*BACKUP_ORDER, roster_uploads):
            found = connection.execute(select(table).order_by(*table.primary_key.columns))
            rows[table.name] = [dict(row._mapping) for row in found]
    rows["audit_log"] = [
        r for r in rows["audit_log"] if not r["action"].startswith(("read.", "export.", "sign-in"))
    ]
    return rows


# --- tests --------------------------------------------------------------------------------


def test_every_write_route_has_a_case(setup: Setup) -> None:
    routes = write_routes(setup.org.app)
    covered = set(WRITES) | NAMES_NO_ONE
    assert routes - covered == set(), "add a write-access case for these routes"
    assert covered - routes == set(), "these cases name routes that no longer exist"
    assert len(routes) >= 17


@pytest.mark.parametrize("viewer", list(VIEWERS))
@pytest.mark.parametrize("route", sorted(WRITES), ids=lambda r: f"{r[0]} {r[1]}")
def test_writes_naming_someone_outside_scope_are_refused_and_change_nothing(
    setup: Setup, viewer: str, route: tuple[str, str]
) -> None:
    before = dump(setup.org)
    calls = [c for person in VIEWERS[viewer]["outside"] for c in WRITES[route](setup, viewer, person)]
    assert calls
    for call in calls:
        response = send(setup, viewer, call)
        # A file's content is checked once it is read: the person it names is refused, not unknown.
        refusals = (403,) if call.url == "/api/v1/evidence/files" else (403, 404)
        assert response.status_code in refusals, (viewer, call, response.status_code, response.text)
        if not call.web:
            assert response.json()["error"]["code"] in ("forbidden", "not-found")
        assert dump(setup.org) == before, (viewer, call, "the refused request wrote something")


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_the_same_files_naming_only_people_in_scope_are_imported(setup: Setup, viewer: str) -> None:
    """So the refusals above come from the scope, not from files that would fail anyway."""
    client = setup.org.client(viewer)
    for person in VIEWERS[viewer]["inside"]:
        for name, data in (
            ("own.csv", csv_rows(person)),
            ("lms.json", xapi(statement(person, f"own-{person}"))),
            ("void.json", xapi(void(f"stmt-{person}", f"own-void-{person}"))),
            ("badge.json", ob3(person)),
            ("credly.json", credly(person)),
        ):
            response = client.post("/api/v1/evidence/files", **files((name, data)))
            assert response.status_code == 201, (viewer, name, response.text)
            summary = response.json()[0]
            assert summary["added"] + summary["voided"] == 1, (viewer, name, summary)


def test_a_refused_csv_names_the_file_and_line_of_each_person_outside_scope(setup: Setup) -> None:
    before = dump(setup.org)
    response = setup.org.client("member").post(
        "/api/v1/evidence/files", **files(("completions.csv", csv_rows("E6", "E7", "E6", "E1")))
    )
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "forbidden"
    assert [(i["location"]["file"], i["location"]["line"]) for i in error["issues"]] == [
        ("completions.csv", 3),
        ("completions.csv", 5),
    ]
    assert "names E7" in error["issues"][0]["message"] and "names E1" in error["issues"][1]["message"]
    assert (
        "You may write for yourself only (E6)" in error["message"]
        and "nothing was written" in error["message"]
    )
    assert dump(setup.org) == before, "E6's own rows must not be written either"


def test_a_refused_xapi_file_names_the_statement_and_a_void_of_a_colleagues_statement(setup: Setup) -> None:
    member = setup.org.client("member")
    statements = xapi(statement("E6", "mine-1"), statement("E7", "theirs-1"))
    refused = member.post("/api/v1/evidence/files", **files(("lms.json", statements))).json()["error"]
    (issue,) = refused["issues"]
    assert issue["location"]["key"] == "statements[1]" and "statement 'theirs-1' names E7" in issue["message"]
    voiding = member.post("/api/v1/evidence/files", **files(("void.json", xapi(void("stmt-E7", "v-1")))))
    assert voiding.status_code == 403
    (issue,) = voiding.json()["error"]["issues"]
    assert issue["location"] == {"file": "void.json", "line": None, "column": None, "key": "statements[0]"}
    assert "voids 'stmt-E7' of E7" in issue["message"]
    with setup.org.engine.connect() as connection:
        status = connection.execute(select(evidence.c.status).where(evidence.c.external_id == "stmt-E7"))
        assert status.scalar_one() == "completed"


def test_a_void_of_an_unknown_statement_is_an_error_that_names_it(setup: Setup) -> None:
    before = dump(setup.org)
    line = json.dumps(void("never-imported", "v-unknown")).encode()
    response = setup.org.client("admin").post("/api/v1/evidence/files", **files(("voids.ndjson", line)))
    assert response.status_code == 422
    (issue,) = response.json()["error"]["issues"]
    assert issue["location"]["file"] == "voids.ndjson" and issue["location"]["line"] == 1
    assert "voids 'never-imported', which is not in the store" in issue["message"]
    assert dump(setup.org) == before


def test_a_manager_imports_for_her_chain_without_naming_a_member(setup: Setup) -> None:
    response = setup.org.client("manager").post(
        "/api/v1/evidence/files", **files(("data-team.csv", csv_rows("E2", "E3", "E4")))
    )
    assert response.status_code == 201, response.text
    assert response.json()[0]["added"] >= 1


def test_import_responses_errors_and_audit_entries_name_the_uploaded_files_never_a_server_path(
    setup: Setup,
) -> None:
    admin = setup.org.client("admin")
    temp = tempfile.gettempdir()
    good = admin.post(
        "/api/v1/evidence/files",
        **files(
            ("C:\\Users\\ada\\Team Completions.csv", csv_rows("E5", "E7")),
            ("lms.json", xapi(statement("E1", "a-1"))),
        ),
    )
    assert good.status_code == 201, good.text
    assert [s["file"] for s in good.json()] == ["Team Completions.csv", "lms.json"]
    bad = admin.post(
        "/api/v1/evidence/files",
        **files(
            ("fine.csv", csv_rows("E5")),
            ("broken.csv", b"employee_id,item,completed_on\nE5,NOPE,2026-11-01\n"),
        ),
    )
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["location"]["file"] == "broken.csv" and error["location"]["line"] == 2
    assert "broken.csv:2:2: item: 'NOPE'" in error["message"]
    log = admin.get("/api/v1/audit-log", params={"action": "evidence.import", "limit": 2}).json()
    entries = {e["after"]["file"]: e["after"] for e in log}
    assert entries["Team Completions.csv"]["people"] == ["E5", "E7"]
    assert entries["lms.json"]["people"] == ["E1"]
    for text in (good.text, bad.text, json.dumps(log)):
        assert temp not in text and "certpath-evidence" not in text, text


def test_a_committed_roster_upload_is_named_by_its_file_not_a_server_path(setup: Setup) -> None:
    admin = setup.org.client("admin")
    roster = (
        b"employee_id,name,email,job_title,team,manager_id\nL9,Lia Lab,l9@example.com,AI Engineer,Labs,E1\n"
    )
    uploaded = admin.post("/api/v1/rosters", files={"file": ("labs.csv", roster)}).json()
    committed = admin.post(f"/api/v1/rosters/{uploaded['upload_id']}/commit")
    assert committed.status_code == 200, committed.text
    assert committed.json()["source"] == "labs.csv" and committed.json()["added"] == ["L9"]
    assert tempfile.gettempdir() not in committed.text and "certpath-upload" not in committed.text


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_a_file_naming_someone_unknown_is_refused_like_one_naming_an_outsider(
    setup: Setup, viewer: str
) -> None:
    """So nobody can learn from the answer which employee ids or e-mails are on the roster."""
    client = setup.org.client(viewer)
    outsider = VIEWERS[viewer]["outside"][0]
    before = dump(setup.org)
    kinds: list[tuple[str, Callable[[str], bytes]]] = [
        ("probe.csv", csv_rows),
        ("probe.json", lambda p: xapi(statement(p, f"probe-{viewer}-{p}"))),
        ("badge.json", ob3),
        ("credly.json", credly),
    ]
    for name, make in kinds:
        answers = [
            client.post("/api/v1/evidence/files", **files((name, make(person))))
            for person in ("E999", outsider)
        ]
        unknown, outside = (a.json()["error"] for a in answers)
        assert [a.status_code for a in answers] == [403, 403], [a.text for a in answers]
        assert unknown["code"] == outside["code"] == "forbidden"
        assert "no one" not in unknown["message"] and "E999" not in unknown["message"]
        assert unknown["message"].split("\n")[0] == outside["message"].split("\n")[0]
    assert dump(setup.org) == before
