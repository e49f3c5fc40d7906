"""Services raise errors in domain terms; each interface words the fix its own way. A budget too
small carries the amounts: the CLI names --budget, the dashboard its Budget field, the API returns a
structured 422. An unknown employee id: the CLI names `certpath roster import`, the dashboard its
Rosters page, the API its roster route."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from certpath.catalogue.model import Catalogue
from certpath.errors import BudgetTooSmallError, EmptyStoreError, SettingError
from certpath.interfaces.cli import app
from certpath.planning.team_planner import plan_roster
from certpath.services.demo import example_roster
from certpath.services.progress import due_report, gaps_report, status_report
from certpath.tracking.model import Scope
from tests.e2e.conftest import NOW, TODAY, Org
from tests.e2e.test_dashboard_csrf import session
from tests.factories import request, small_team
from tests.fakes import FakeUnitOfWork, State, person


def test_the_planner_raises_the_amounts_not_a_flag(catalogue: Catalogue) -> None:
    with pytest.raises(BudgetTooSmallError) as raised:
        plan_roster(catalogue, small_team(), request(budget_usd=1000))
    error = raised.value
    assert (error.kind, error.given) == ("budget", 1000)
    assert error.required > 1000 and error.short == pytest.approx(error.required - 1000)
    assert "--" not in str(error) and "Raise" not in str(error)
    with pytest.raises(BudgetTooSmallError) as quarterly:
        plan_roster(catalogue, small_team(), request(quarterly_budget_usd=100))
    assert quarterly.value.kind == "quarterly" and "--" not in str(quarterly.value)


def test_the_cli_says_which_option_to_raise(runner: CliRunner, tmp_path: Path) -> None:
    roster = str(example_roster("small"))
    led = tmp_path / "led.yaml"  # Layer 1 kept in class: its free self-paced paths are not taken (SELF-PACED)
    led.write_text("team_policies:\n  - id: small\n    instructor_led_layers: [1]\n", encoding="utf-8")
    plan = ["plan", roster, "--start", "2026-12-07", "--overlay", str(led)]
    result = runner.invoke(app, [*plan, "--budget", "500"])
    assert result.exit_code == 3
    assert "cannot pay for Layer 1" in result.stderr
    assert "Raise --budget to at least " in result.stderr and "or plan fewer people." in result.stderr
    quarterly = runner.invoke(app, ["plan", roster, "--start", "2026-12-07", "--quarterly-budget", "100"])
    assert quarterly.exit_code == 3 and "Raise --quarterly-budget to at least " in quarterly.stderr


def test_the_api_returns_a_structured_422(org: Org) -> None:
    answer = org.client("manager").post(
        "/api/v1/plans", json={"team": "Data", "budget_usd": 10, "time_limit_s": 2}
    )
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "budget-too-small" and "--budget" not in answer.text
    budget = error["budget"]
    assert (budget["member"], budget["given_usd"]) == ("budget_usd", 10)
    assert budget["required_usd"] > 10 and budget["short_usd"] == pytest.approx(budget["required_usd"] - 10)
    assert budget["fix"].startswith("Send budget_usd of at least ")


def test_the_dashboard_says_to_raise_the_budget_field(org: Org) -> None:
    client, csrf = session(org, "manager")
    answer = client.post("/plans", data={"team": "Data", "budget_usd": "10", "csrf_token": csrf})
    assert answer.status_code == 422
    assert "Raise the Budget (USD) field to at least USD " in answer.text
    assert "--budget" not in answer.text


def test_an_unknown_person_is_fixed_by_a_command_at_the_command_line(runner: CliRunner) -> None:
    result = runner.invoke(app, ["record", "E99", "L1-EVERYONE", "--date", "2026-11-01"])
    assert result.exit_code == 2
    assert "No one with employee id 'E99' is in the store. Run `certpath roster import FILE`" in result.stderr


def test_an_unknown_person_is_fixed_on_the_rosters_page_or_route(org: Org) -> None:
    client, csrf = session(org, "admin")
    page = client.post(
        "/people/E99/evidence", data={"item": "L1-EVERYONE", "completed_on": "2026-11-01", "csrf_token": csrf}
    )
    assert page.status_code == 400
    assert "Upload a roster that lists them on the Rosters page first." in page.text
    assert "certpath roster" not in page.text
    answer = org.client("admin").post(
        "/api/v1/evidence", json={"member": "E99", "item": "L1-EVERYONE", "completed_on": "2026-11-01"}
    )
    assert answer.status_code == 400, answer.text
    message = answer.json()["error"]["message"]
    assert message.endswith("Import a roster that lists them first (POST /api/v1/rosters).")
    assert "certpath" not in message


def test_report_settings_are_domain_terms_in_the_service_and_options_at_the_command_line(
    runner: CliRunner, catalogue: Catalogue
) -> None:
    state = State(people={"E1": person("E1")}, versions={"E1": 1})
    work = FakeUnitOfWork(state, now=NOW)
    with pytest.raises(SettingError) as raised:
        gaps_report(
            work, catalogue, today=TODAY, scope=Scope(), bus_factor=0, min_freshness=0.25, verified_only=False
        )
    assert (raised.value.setting, raised.value.value) == ("bus_factor", 0) and "--" not in str(raised.value)
    with pytest.raises(SettingError) as within:
        due_report(work, catalogue, today=TODAY, within_days=-1, scope=Scope())
    assert within.value.setting == "within_days" and "--" not in str(within.value)
    with pytest.raises(EmptyStoreError) as empty:
        status_report(FakeUnitOfWork(State(), now=NOW), catalogue, today=TODAY, scope=Scope())
    assert "certpath" not in str(empty.value) and "--" not in str(empty.value)

    result = runner.invoke(app, ["gaps", "--bus-factor", "0"])
    assert result.exit_code == 2
    assert "--bus-factor 0: at least one holder is needed for a layer to count." in result.stderr
    fresh = runner.invoke(app, ["gaps", "--min-freshness", "2"])
    assert fresh.exit_code == 2 and "--min-freshness 2.0: give a number above 0 and at most 1" in fresh.stderr
    nobody = runner.invoke(app, ["status"])
    assert nobody.exit_code == 2
    assert (
        "The store has no people yet. Import a roster first: `certpath roster import FILE`." in nobody.stderr
    )


def test_an_unknown_team_is_listed_by_a_command_or_left_to_the_page(runner: CliRunner, org: Org) -> None:
    cli = runner.invoke(app, ["plan", "--team", "Nowhere", "--start", "2026-12-07"])
    assert cli.exit_code == 2  # the CLI's own empty store: nobody to plan, and how to import
    assert "nobody to plan. Import a roster first: `certpath roster import FILE`." in cli.stderr
    client, _ = session(org, "ld")
    page = client.get("/teams/Nowhere")
    assert page.status_code == 404 and "No active team &#39;Nowhere&#39;" in page.text
    assert "certpath " not in page.text and "--" not in page.text.split("<main", 1)[-1]
    answer = org.client("ld").get("/api/v1/status", params={"team": "Nowhere"})
    assert answer.status_code == 404
    assert answer.json()["error"]["message"] == "No active team 'Nowhere' among the people you can see."
    plan = org.client("ld").post("/api/v1/plans", json={"teams": ["Nowhere"], "time_limit_s": 1})
    assert plan.status_code == 404 and "`certpath" not in plan.text
    assert "No active team 'Nowhere' among the people you can see." in plan.json()["error"]["message"]
