"""One request, one clock reading: the session check, today's date, cached views' keys and the
unit of work's stamp within a request all use the instant the request started."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from certpath.interfaces.server import create_app
from tests.e2e.conftest import NOW, PASSWORD, Org


class Ticking:
    """A clock that moves a minute forward every time it is read, and counts its readings."""

    def __init__(self) -> None:
        self.readings = 0

    def __call__(self) -> datetime:
        self.readings += 1
        return NOW + timedelta(minutes=self.readings - 1)


def test_each_request_reads_the_clock_once(org: Org) -> None:
    clock = Ticking()
    client = TestClient(create_app(org.settings, clock=clock), base_url="http://127.0.0.1")
    signed_in = client.post("/api/v1/session", json={"username": "ld", "password": PASSWORD})
    assert signed_in.status_code == 200 and clock.readings == 1
    pages = ["/", "/teams/Data", "/people/E3", "/plans", "/api/v1/status", "/api/v1/gaps", "/api/v1/due"]
    for number, path in enumerate(pages, start=2):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:300])
        assert clock.readings == number, path
    written = client.post(
        "/api/v1/evidence",
        json={"member": "E4", "item": "L1-EVERYONE", "completed_on": "2026-11-01"},
        headers={"X-CSRF-Token": signed_in.json()["csrf_token"]},
    )
    assert written.status_code in (200, 201), written.text
    assert clock.readings == len(pages) + 2
    log = (
        org.client("admin").get("/api/v1/audit-log", params={"action": "evidence.import", "limit": 1}).json()
    )
    written_at = NOW + timedelta(minutes=len(pages) + 1)  # the write request's own instant
    assert log[0]["at"][:19] == written_at.isoformat()[:19]  # SQLite keeps no zone
