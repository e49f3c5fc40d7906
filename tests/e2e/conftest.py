"""A small organisation in a fresh store, its users, and the web app over it (API, pages, live server).

The roster (tests/data/rosters/org_chain.csv) has two reporting lines under the CTO:
E2 -> E3 -> E4 (team Data) and E5 -> E6, E7 (team Apps). The users:
admin, ld (ld-admin), auditor, manager (E2: sees E2, E3, E4) and member (E6: sees E6 only).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from certpath.config import Settings

DATA = Path(__file__).resolve().parents[1] / "data"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
PASSWORD = "correct horse battery"
USERS = {
    "admin": ("admin", None),
    "ld": ("ld-admin", None),
    "auditor": ("auditor", None),
    "manager": ("manager", "E2"),
    "member": ("member", "E6"),
}


@dataclass
class Org:
    """The store, the app and what the fixtures made: API tokens per user, plan and evidence ids."""

    settings: Settings
    engine: Engine
    app: FastAPI
    tokens: dict[str, str] = field(default_factory=dict)
    plans: dict[str, int] = field(default_factory=dict)  # team -> plan id
    evidence: dict[str, int] = field(default_factory=dict)  # person -> an evidence id

    def client(self, user: str | None = None) -> TestClient:
        """A client on loopback (so session cookies are not Secure-only), with the user's token if given."""
        client = TestClient(self.app, base_url="http://127.0.0.1")
        if user is not None:
            client.headers["Authorization"] = f"Bearer {self.tokens[user]}"
        return client


def build_org(folder: Path) -> Org:
    from certpath.bootstrap import open_catalogue
    from certpath.interfaces.server import create_app
    from certpath.roster.importer import load_roster
    from certpath.services.accounts import add_user, create_token
    from certpath.services.plans import create_plan, roster_from_store
    from certpath.services.tracking import import_people, open_store, record_completion
    from certpath.services.write_scope import ORGANISATION
    from certpath.tracking.model import Scope
    from tests.factories import account_work, request, unit_of_work

    settings = Settings(
        database_url=f"sqlite:///{folder / 'web.db'}", cache_dir=folder / "cache", actor="setup"
    )
    engine = open_store(settings)
    catalogue = open_catalogue(settings)
    roster = load_roster(DATA / "rosters" / "org_chain.csv", catalogue, today=TODAY)
    import_people(unit_of_work(engine, "setup"), catalogue, roster, today=TODAY)
    org = Org(settings, engine, create_app(settings, clock=lambda: NOW))
    for name, (role, person) in USERS.items():
        add_user(account_work(engine, "setup", now=NOW), name, PASSWORD, role=role, person_id=person)
        org.tokens[name] = create_token(account_work(engine, "setup", now=NOW), name, name="tests")
    for person in ("E3", "E6", "E7"):
        record_completion(
            unit_of_work(engine, "setup"),
            catalogue,
            person,
            "L1-EVERYONE",
            day=date(2026, 10, 1),
            today=TODAY,
            scope=ORGANISATION,
        )
    from certpath.services.people import evidence_of

    org.evidence = {p: evidence_of(unit_of_work(engine), p)[-1]["id"] for p in ("E3", "E6", "E7")}
    for team in ("Data", "Apps"):
        people = roster_from_store(unit_of_work(engine), scope=Scope(team=team))
        stored = create_plan(
            unit_of_work(engine, "setup", now=NOW),
            catalogue,
            people,
            request(time_limit_s=2.0),
            title=f"{team} plan",
            team=team,
        )
        org.plans[team] = stored.id
    return org


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Org:
    return build_org(tmp_path_factory.mktemp("org"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def live_server(org: Org) -> Iterator[str]:
    """The app on a real uvicorn server on loopback, for the browser."""
    with serving(org.app) as address:
        yield address


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Run `app` on a real uvicorn server on a free loopback port; its address while it runs."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
