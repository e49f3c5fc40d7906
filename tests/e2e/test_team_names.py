"""One check of a team name for every read (issue 13, items 4 and 6, from a new user's trial).

`due --team "No Such Team"` answered [] with exit 0 while `status` and `gaps` refused it; a
member asking for another team was told their own, active employee id was not in the store;
and a member's overview offered to build a plan, which members may not do.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from certpath.interfaces.cli import app
from tests.e2e.conftest import Org
from tests.e2e.test_api import signed_in


@pytest.mark.parametrize("route", ["due", "gaps", "status", "people", "reports/status.csv"])
def test_the_api_refuses_an_unknown_team_with_the_closest_names(org: Org, route: str) -> None:
    answer = org.client("admin").get(f"/api/v1/{route}", params={"team": "Dta"})
    assert answer.status_code == 404, answer.text
    assert "No active team 'Dta' (did you mean 'Data'?)" in answer.text


@pytest.mark.parametrize("command", ["due", "gaps", "status"])
def test_the_cli_refuses_an_unknown_team_like_plan_does(org: Org, command: str) -> None:
    env = {"CERTPATH_DATABASE_URL": org.settings.database_url}
    result = CliRunner().invoke(app, [command, "--team", "No Such Team", "--format", "json"], env=env)
    assert result.exit_code == 2, result.output
    assert "No active team 'No Such Team' among the people you can see" in result.output


def test_a_member_asking_for_another_team_is_told_it_is_outside_their_scope(org: Org) -> None:
    for route in ("gaps", "due", "status"):
        answer = org.client("member").get(f"/api/v1/{route}", params={"team": "Data"})
        assert answer.status_code == 404, answer.text
        message = answer.json()["detail"] if "detail" in answer.json() else json.dumps(answer.json())
        assert "No active team 'Data'" in message and "outside your scope" in message
        assert "employee id" not in message
    web, _ = signed_in(org, "member")
    page = web.get("/teams/Data")
    assert page.status_code == 404 and "outside your scope" in page.text


def test_a_members_overview_offers_no_plan_to_build(org: Org) -> None:
    member, _ = signed_in(org, "member")
    assert "Build one" not in member.get("/").text
    lead, _ = signed_in(org, "ld")
    assert lead.get("/").status_code == 200
