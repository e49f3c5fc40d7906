"""Access: for every route in the OpenAPI document, a member reaches only their own data and a
manager only their reporting chain. A route missing from CASES fails the first test, so a new
route cannot be added without saying how its access is checked."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.conftest import Org

#: Each user, the people outside their scope, and one person inside it.
VIEWERS = {
    "member": {"outside": ("E7", "E3", "E1"), "inside": "E6"},
    "manager": {"outside": ("E6", "E7", "E1", "E5"), "inside": "E3"},
}
NAMES = {
    "E1": "Ada Chief",
    "E2": "Bea Datalead",
    "E3": "Cyd Pipeline",
    "E4": "Dev Modeler",
    "E5": "Eli Appslead",
    "E6": "Fay Builder",
    "E7": "Gus Outsider",
}
BADGE = b'{"not": "a badge"}'


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    kwargs: dict[str, Any]


Case = Callable[[Org, str, str], list[Call]]  # (org, viewer, an outside person) -> calls that must be refused
Filtered = Callable[[Org, str], list[Call]]  # (org, viewer) -> calls whose answers must leave outsiders out


def get(url: str, **kwargs: Any) -> Call:
    return Call("GET", url, kwargs)


def post(url: str, **kwargs: Any) -> Call:
    return Call("POST", url, kwargs)


def team_of(person: str) -> str:
    return {"E1": "Leadership", "E2": "Data", "E3": "Data", "E4": "Data"}.get(person, "Apps")


def other_plan(org: Org, viewer: str) -> int:
    """A plan with someone outside the viewer's scope: Apps (E5, E6, E7) for both viewers."""
    return org.plans["Apps"]


#: Routes that refuse a request about someone outside the caller's scope (403 or 404).
REFUSED: dict[tuple[str, str], Case] = {
    ("GET", "/api/v1/people/{person_id}"): lambda o, v, p: [get(f"/api/v1/people/{p}")],
    ("GET", "/api/v1/status"): lambda o, v, p: [get("/api/v1/status", params={"person": p})],
    ("GET", "/api/v1/due"): lambda o, v, p: [get("/api/v1/due", params={"person": p})],
    ("GET", "/api/v1/gaps"): lambda o, v, p: [get("/api/v1/gaps", params={"team": "Leadership"})],
    ("GET", "/api/v1/audit-log"): lambda o, v, p: [get("/api/v1/audit-log")],
    ("POST", "/api/v1/rosters"): lambda o, v, p: [
        post(
            "/api/v1/rosters", files={"file": ("r.csv", b"employee_id,name,job_title\nX1,X,Data Engineer\n")}
        )
    ],
    ("GET", "/api/v1/rosters/{upload_id}"): lambda o, v, p: [get("/api/v1/rosters/1")],
    ("POST", "/api/v1/rosters/{upload_id}/commit"): lambda o, v, p: [post("/api/v1/rosters/1/commit")],
    ("POST", "/api/v1/plans"): lambda o, v, p: [post("/api/v1/plans", json={"team": team_of(p)})],
    ("GET", "/api/v1/plans/{plan_id}"): lambda o, v, p: [get(f"/api/v1/plans/{other_plan(o, v)}")],
    ("GET", "/api/v1/plans/{plan_id}/audit"): lambda o, v, p: [
        get(f"/api/v1/plans/{other_plan(o, v)}/audit")
    ],
    ("POST", "/api/v1/plans/{plan_id}/accept"): lambda o, v, p: [
        post(f"/api/v1/plans/{other_plan(o, v)}/accept")
    ],
    ("GET", "/api/v1/plans/{plan_id}/files/{fmt}"): lambda o, v, p: [
        get(f"/api/v1/plans/{other_plan(o, v)}/files/{fmt}") for fmt in ("html", "xlsx", "ics", "csv", "json")
    ],
    ("POST", "/api/v1/evidence"): lambda o, v, p: [
        post("/api/v1/evidence", json={"member": p, "item": "L1-EVERYONE", "completed_on": "2026-11-01"})
    ],
    ("POST", "/api/v1/evidence/files"): lambda o, v, p: [
        post("/api/v1/evidence/files", data={"member": p}, files={"files": ("b.json", BADGE)})
    ],
    ("GET", "/api/v1/evidence/{evidence_id}"): lambda o, v, p: [
        get(f"/api/v1/evidence/{o.evidence[q]}") for q in ("E3", "E6", "E7") if q in VIEWERS[v]["outside"]
    ],
}

#: Routes that answer with what is in scope: outsiders' ids and names must not appear.
FILTERED: dict[tuple[str, str], Filtered] = {
    ("GET", "/api/v1/people"): lambda o, v: [get("/api/v1/people")],
    ("GET", "/api/v1/teams"): lambda o, v: [get("/api/v1/teams")],
    ("GET", "/api/v1/status"): lambda o, v: [get("/api/v1/status")],
    ("GET", "/api/v1/gaps"): lambda o, v: [get("/api/v1/gaps")],
    ("GET", "/api/v1/due"): lambda o, v: [get("/api/v1/due", params={"within_days": 3650})],
    ("GET", "/api/v1/plans"): lambda o, v: [get("/api/v1/plans")],
    ("GET", "/api/v1/reports/matrix.xlsx"): lambda o, v: [get("/api/v1/reports/matrix.xlsx")],
    ("GET", "/api/v1/reports/due.ics"): lambda o, v: [get("/api/v1/reports/due.ics")],
    ("GET", "/api/v1/reports/status.csv"): lambda o, v: [get("/api/v1/reports/status.csv")],
}

#: Routes with no personal data of others: the session, who am I, the catalogue and the advisor.
NOT_PERSONAL = {
    ("POST", "/api/v1/session"),
    ("DELETE", "/api/v1/session"),
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/catalogue"),
    ("GET", "/api/v1/catalogue/{kind}"),
    ("GET", "/api/v1/catalogue/entries/{entry_id}"),
    ("POST", "/api/v1/advise"),
    ("POST", "/api/v1/me/password"),  # one's own password only
}

#: User administration is for admins alone: every other role is refused, whoever the user is.
REFUSED |= {
    ("GET", "/api/v1/users"): lambda o, v, p: [get("/api/v1/users")],
    ("GET", "/api/v1/users/{username}"): lambda o, v, p: [get("/api/v1/users/admin")],
    ("POST", "/api/v1/users/{username}/deactivate"): lambda o, v, p: [post("/api/v1/users/admin/deactivate")],
    ("POST", "/api/v1/users/{username}/activate"): lambda o, v, p: [post(f"/api/v1/users/{v}/activate")],
    ("PUT", "/api/v1/users/{username}/role"): lambda o, v, p: [
        Call("PUT", f"/api/v1/users/{v}/role", {"json": {"role": "admin"}})
    ],
    ("POST", "/api/v1/users/{username}/password"): lambda o, v, p: [post("/api/v1/users/admin/password")],
    ("GET", "/api/v1/users/{username}/tokens"): lambda o, v, p: [get("/api/v1/users/admin/tokens")],
    ("DELETE", "/api/v1/users/{username}/tokens/{token_id}"): lambda o, v, p: [
        Call("DELETE", "/api/v1/users/admin/tokens/1", {})
    ],
}


def api_routes(org: Org) -> set[tuple[str, str]]:
    document = org.client().get("/api/v1/openapi.json").json()
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item}


def test_every_route_in_the_openapi_document_has_an_access_case(org: Org) -> None:
    routes = api_routes(org)
    covered = set(REFUSED) | set(FILTERED) | NOT_PERSONAL
    assert routes - covered == set(), "add an access case for these routes"
    assert covered - routes == set(), "these cases name routes that no longer exist"
    assert len(routes) >= 28


def test_every_route_refuses_a_caller_without_credentials(org: Org) -> None:
    client = org.client()
    for method, path in api_routes(org) - {("POST", "/api/v1/session")}:
        url = path.format(
            person_id="E1",
            upload_id=1,
            plan_id=1,
            fmt="json",
            evidence_id=1,
            kind="roles",
            entry_id="L1",
            username="member",
            token_id=1,
        )
        response = client.request(method, url)
        assert response.status_code == 401, (method, url, response.text)
        assert response.json()["error"]["code"] == "not-signed-in"


@pytest.mark.parametrize("viewer", list(VIEWERS))
@pytest.mark.parametrize("route", sorted(REFUSED), ids=lambda r: f"{r[0]} {r[1]}")
def test_outside_scope_is_refused(org: Org, viewer: str, route: tuple[str, str]) -> None:
    client = org.client(viewer)
    calls = [c for person in VIEWERS[viewer]["outside"] for c in REFUSED[route](org, viewer, person)]
    assert calls
    for call in calls:
        response = client.request(call.method, call.url, **call.kwargs)
        assert response.status_code in (403, 404), (viewer, call, response.status_code, response.text)
        assert response.json()["error"]["code"] in ("forbidden", "not-found")


@pytest.mark.parametrize("viewer", list(VIEWERS))
@pytest.mark.parametrize("route", sorted(FILTERED), ids=lambda r: f"{r[0]} {r[1]}")
def test_lists_and_exports_leave_out_everyone_outside_scope(
    org: Org, viewer: str, route: tuple[str, str]
) -> None:
    client = org.client(viewer)
    inside = VIEWERS[viewer]["inside"]
    for call in FILTERED[route](org, viewer):
        response = client.request(call.method, call.url, **call.kwargs)
        assert response.status_code == 200, (viewer, call, response.text)
        # A person's own manager_id names their manager; that reference is not the manager's data.
        text = re.sub(r'"manager_id": ?"E\d"', "", readable(response.content))
        for person in VIEWERS[viewer]["outside"]:
            assert f'"{person}"' not in text and NAMES[person] not in text, (viewer, call, person)
        if route[1] in ("/api/v1/people", "/api/v1/status", "/api/v1/reports/matrix.xlsx"):
            assert NAMES[inside] in text, "the caller's own scope must still be there"


def readable(content: bytes) -> str:
    """Response text; for an XLSX, every cell value quoted like JSON strings."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            strings = (
                book.read("xl/sharedStrings.xml").decode()
                if "xl/sharedStrings.xml" in book.namelist()
                else ""
            )
            sheets = " ".join(
                book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")
            )
        return json.dumps(strings + sheets) + strings.replace("<t>", '"').replace("</t>", '"')
    return content.decode("utf-8", errors="replace")


@pytest.mark.parametrize(
    ("viewer", "url"),
    [
        ("member", "/api/v1/people/E6"),
        ("member", "/api/v1/status?person=E6"),
        ("manager", "/api/v1/people/E4"),
        ("manager", "/api/v1/status?person=E4"),
        ("manager", "/api/v1/gaps?team=Data"),
        ("manager", "/api/v1/plans/{data_plan}"),
        ("manager", "/api/v1/plans/{data_plan}/files/xlsx"),
    ],
)
def test_inside_scope_is_answered(org: Org, viewer: str, url: str) -> None:
    response = org.client(viewer).get(url.format(data_plan=org.plans["Data"]))
    assert response.status_code == 200, response.text


def test_roles_that_may_not_write_are_refused(org: Org) -> None:
    auditor = org.client("auditor")
    body = {"member": "E3", "item": "L1-EVERYONE", "completed_on": "2026-11-01"}
    assert auditor.post("/api/v1/evidence", json=body).status_code == 403
    assert auditor.post("/api/v1/plans", json={"team": "Data"}).status_code == 403
    assert auditor.get("/api/v1/audit-log").status_code == 200
    assert org.client("member").post("/api/v1/plans", json={"team": "Apps"}).status_code == 403
