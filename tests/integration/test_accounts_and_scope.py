"""Scopes, accounts and stored plans on SQLite and PostgreSQL: the reporting chain is a recursive
query, sessions expire by the database's clock comparison, and plans are visible only whole."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from certpath.accounts.roles import Principal, Role
from certpath.catalogue.model import Catalogue
from certpath.errors import InputError, NotFoundError, RateLimitedError, SignInError
from certpath.roster.importer import load_roster
from certpath.services import accounts
from certpath.services.people import list_people, list_teams
from certpath.services.plans import create_plan, get_plan, list_plans, roster_from_store
from certpath.services.progress import Scope, gaps_report
from certpath.services.tracking import import_people
from tests.factories import account_work, request, unit_of_work

ROSTER = Path(__file__).resolve().parents[1] / "data" / "rosters" / "org_chain.csv"
TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def org(engine: Engine, catalogue: Catalogue) -> Engine:
    import_people(
        unit_of_work(engine, "t"), catalogue, load_roster(ROSTER, catalogue, today=TODAY), today=TODAY
    )
    return engine


def ids(people: list[object]) -> list[str]:
    return sorted(p.id for p in people)  # type: ignore[attr-defined]


def test_a_managers_chain_is_every_level_below_them(org: Engine) -> None:
    assert ids(list_people(unit_of_work(org), scope=Scope(manager="E2"))) == ["E2", "E3", "E4"]
    assert ids(list_people(unit_of_work(org), scope=Scope(manager="E1"))) == [f"E{i}" for i in range(1, 8)]
    assert ids(list_people(unit_of_work(org), scope=Scope(manager="E5", team="Apps"))) == ["E5", "E6", "E7"]
    with pytest.raises(NotFoundError, match=r"No active team 'Apps'.*outside your scope"):
        list_people(unit_of_work(org), scope=Scope(manager="E2", team="Apps"))
    assert list_teams(unit_of_work(org), scope=Scope(manager="E3")) == [("Data", 2)]


def test_gaps_count_only_the_chain(org: Engine, catalogue: Catalogue) -> None:
    report = gaps_report(
        unit_of_work(org),
        catalogue,
        today=TODAY,
        scope=Scope(manager="E2"),
        bus_factor=2,
        min_freshness=0.25,
        verified_only=False,
    )
    assert set(report.coverage) == {"Data"}
    with pytest.raises(NotFoundError, match="reporting chain"):
        gaps_report(
            unit_of_work(org),
            catalogue,
            today=TODAY,
            scope=Scope(manager="E2", team="Apps"),
            bus_factor=2,
            min_freshness=0.25,
            verified_only=False,
        )


def test_a_plan_is_visible_only_to_scopes_holding_all_its_people(org: Engine, catalogue: Catalogue) -> None:
    data = roster_from_store(unit_of_work(org), scope=Scope(team="Data"))
    plan = create_plan(
        unit_of_work(org, "t", now=NOW), catalogue, data, request(time_limit_s=2.0), title="Data", team="Data"
    )
    assert [p.id for p in list_plans(unit_of_work(org), scope=Scope(manager="E2"))] == [plan.id]
    assert (
        list_plans(unit_of_work(org), scope=Scope(manager="E3")) == []
    )  # E2 is in the plan but not under E3
    assert list_plans(unit_of_work(org), scope=Scope(person="E3")) == []
    assert get_plan(unit_of_work(org), plan.id, scope=Scope(manager="E1")).report is not None
    with pytest.raises(NotFoundError):
        get_plan(unit_of_work(org), plan.id, scope=Scope(manager="E5"))


def test_users_sessions_tokens_and_the_sign_in_limit(org: Engine) -> None:
    user = accounts.add_user(
        account_work(org, "t", now=NOW), "bea", "a long password!", role="manager", person_id="E2"
    )
    assert user == Principal(user.user_id, "bea", Role.MANAGER, "E2")
    with pytest.raises(InputError, match="already a user"):
        accounts.add_user(
            account_work(org, "t", now=NOW), "bea", "a long password!", role="member", person_id="E2"
        )
    with pytest.raises(InputError, match="at least 12"):
        accounts.add_user(account_work(org, "t", now=NOW), "short", "short", role="admin", person_id=None)
    with pytest.raises(InputError, match="No one with employee id 'E99' is in the store"):
        accounts.add_user(
            account_work(org, "t", now=NOW), "ghost", "a long password!", role="member", person_id="E99"
        )

    cookie, csrf = accounts.sign_in(
        account_work(org, "bea", now=NOW), "bea", "a long password!", address="10.0.0.1"
    )
    assert accounts.session_principal(account_work(org, now=NOW + timedelta(hours=1)), cookie) == (
        user,
        csrf,
    )
    assert (
        accounts.session_principal(account_work(org, now=NOW + timedelta(hours=13)), cookie) is None
    )  # expired
    token = accounts.create_token(account_work(org, "t", now=NOW), "bea", name="sync")
    assert accounts.token_principal(account_work(org), token) == user
    assert accounts.token_principal(account_work(org), token + "x") is None

    for _ in range(5):
        with pytest.raises(SignInError):
            accounts.sign_in(account_work(org, "bea", now=NOW), "bea", "wrong password", address="10.0.0.2")
    with pytest.raises(RateLimitedError):
        accounts.sign_in(
            account_work(org, "bea", now=NOW + timedelta(minutes=5)),
            "bea",
            "a long password!",
            address="10.0.0.2",
        )
    assert accounts.sign_in(
        account_work(org, "bea", now=NOW + timedelta(minutes=5)),
        "bea",
        "a long password!",
        address="10.0.0.3",
    )
    later = NOW + timedelta(minutes=16)  # the window has passed
    assert accounts.sign_in(
        account_work(org, "bea", now=later), "bea", "a long password!", address="10.0.0.2"
    )


def test_the_first_admin_is_made_once(org: Engine) -> None:
    password = accounts.ensure_first_admin(account_work(org, now=NOW))
    assert password and len(password) >= 16
    assert accounts.ensure_first_admin(account_work(org, now=NOW)) is None
    cookie, _ = accounts.sign_in(account_work(org, "admin", now=NOW), "admin", password, address="127.0.0.1")
    principal, _ = accounts.session_principal(account_work(org, now=NOW), cookie) or (None, None)
    assert principal is not None and principal.role is Role.ADMIN and principal.scope == Scope()
