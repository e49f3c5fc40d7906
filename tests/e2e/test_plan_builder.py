"""The dashboard's plan builder and the API plan: people from the store by team, person or everyone,
with the policy offered (automatic by the whole organisation's size, or one chosen)."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from tests.e2e.conftest import Org
from tests.e2e.test_dashboard_csrf import session


def build(client: TestClient, csrf: str, fields: dict[str, Any]) -> Any:
    return client.post("/plans", data={"csrf_token": csrf, **fields}, headers={"Accept": "text/html"})


def stored(org: Org, answer: Any) -> dict[str, Any]:
    assert answer.status_code == 303, answer.text
    plan_id = answer.headers["location"].rsplit("/", 1)[-1]
    report: dict[str, Any] = org.client("admin").get(f"/api/v1/plans/{plan_id}").json()["report"]
    return report


def test_the_builder_offers_the_policy_and_explains_automatic(org: Org) -> None:
    client, _ = session(org, "ld")
    page = client.get("/plans").text
    assert '<option value="automatic" selected>Automatic: Small team</option>' in page
    assert "whole active organisation (7 people, so Small team)" in page
    for policy in ("small", "mid", "enterprise"):
        assert f'<option value="{policy}">' in page


def test_the_builder_plans_teams_people_or_everyone_under_the_chosen_policy(org: Org) -> None:
    client, csrf = session(org, "ld")
    both = stored(org, build(client, csrf, {"team": ["Data", "Apps"], "policy": "automatic"}))
    assert {m["team"] for m in both["members"]} == {"Data", "Apps"} and both["policy"] == "small"
    two = stored(org, build(client, csrf, {"people": "E3, E6", "policy": "mid"}))
    assert sorted(m["id"] for m in two["members"]) == ["E3", "E6"] and two["policy"] == "mid"
    everyone = stored(org, build(client, csrf, {"policy": "mid"}))
    assert len(everyone["members"]) == 7 and everyone["policy"] == "mid"
    held = {m["id"] for m in everyone["members"] if m["held"]}
    assert held == {"E3", "E6", "E7"}
    # Under the enterprise policy (VERIFIED-LAYERS) their claimed holdings count for nothing, as in
    # status and gaps, and the plan says whose evidence it set aside.
    strict = stored(org, build(client, csrf, {"policy": "enterprise"}))
    assert strict["policy"] == "enterprise" and not any(m["held"] for m in strict["members"])
    (note,) = [f for f in strict["findings"] if f["rule"] == "VERIFIED-LAYERS"]
    assert set(note["members"]) == held
    assert {a["member"] for a in strict["assignments"] if a["layer"] == 1} >= held
    # They hold L1-EVERYONE from the store, fresh: it is not planned again (technical roles still
    # take the technical track, which the everyone course does not prove).
    assert not any(a["member"] in held and a["item"] == "L1-EVERYONE" for a in everyone["assignments"])
    assert any(a["item"] == "L1-EVERYONE" for a in everyone["assignments"])
    assert all(a["refresh"] is False for a in everyone["assignments"])


def test_the_builder_names_unknown_teams_and_people(org: Org) -> None:
    client, csrf = session(org, "ld")
    unknown = build(client, csrf, {"team": "Dta", "people": "E99"})
    assert unknown.status_code == 404
    assert "No active team &#39;Dta&#39; (did you mean &#39;Data&#39;?)" in unknown.text
    manager, token = session(org, "manager")  # E2's chain is team Data only
    outside = build(manager, token, {"team": "Apps"})
    assert outside.status_code == 404 and "No active team &#39;Apps&#39;" in outside.text


def test_the_api_plans_teams_and_people_through_the_same_service(org: Org) -> None:
    api = org.client("ld")
    made = api.post("/api/v1/plans", json={"teams": ["Apps"], "people": ["E3"], "time_limit_s": 2})
    assert made.status_code == 201, made.text
    report = made.json()["report"]
    assert {m["id"] for m in report["members"]} == {"E3", "E5", "E6", "E7"}
    assert made.json()["title"].startswith("Apps and E3 from ")
    bad = api.post("/api/v1/plans", json={"people": ["E33"], "policy": "automatic"})
    assert bad.status_code == 404 and "E33" in bad.json()["error"]["message"]


def test_the_overview_prices_a_gap_as_the_plan_for_its_team_does(org: Org) -> None:
    """Issue 13: the overview's cost to close a team's gaps and a plan built for that team agree."""
    client, csrf = session(org, "ld")
    page = html.unescape(client.get("/").text)
    rows = re.findall(r"<tr><td>(\w+)</td><td>(\d+)</td><td>USD ([\d,]+)</td>", page)
    assert {team for team, _, _ in rows} == {"Data", "Apps", "Leadership"}  # org_chain.csv: E1 leads
    for team, people, cost in rows:
        plan = stored(org, build(client, csrf, {"team": team}))
        assert round(sum(a["cost_usd"] for a in plan["assignments"])) == int(cost.replace(",", ""))
        assert len({a["member"] for a in plan["assignments"]}) == int(people)
        gaps = re.findall(
            rf"{team}</a></td><td>L(\d)</td><td>\d+ / \d+</td><td>\d+</td><td>([^<]*)</td><td>USD ([\d,]+)</td>",
            page,
        )
        assert gaps, f"no priced gap for {team}"
        for layer, items, layer_cost in gaps:
            mine = [a for a in plan["assignments"] if a["layer"] == int(layer)]
            assert {a["item"] for a in mine} == set(items.split(", "))
            assert round(sum(a["cost_usd"] for a in mine)) == int(layer_cost.replace(",", ""))


def test_the_api_plans_an_upload_under_its_own_title_and_never_with_a_selection(org: Org) -> None:
    """An uploaded roster is planned on its own: naming teams or people as well is refused."""
    api = org.client("ld")
    roster = b"employee_id,name,email,job_title,team,manager_id\nU1,Uma Up,u1@example.com,AI Engineer,Up,\n"
    upload = api.post("/api/v1/rosters", files={"file": ("up.csv", roster)}).json()
    mixed = api.post("/api/v1/plans", json={"upload_id": upload["upload_id"], "teams": ["Apps"]})
    assert mixed.status_code == 400, mixed.text
    assert "either upload_id or teams/people" in mixed.json()["error"]["message"]
    made = api.post("/api/v1/plans", json={"upload_id": upload["upload_id"], "time_limit_s": 2})
    assert made.status_code == 201, made.text
    assert made.json()["title"].startswith(f"Upload {upload['upload_id']} from ")
    assert [m["id"] for m in made.json()["report"]["members"]] == ["U1"]
    assert made.json()["team"] is None


def test_the_builder_refuses_a_horizon_past_the_clis_maximum(org: Org) -> None:
    client, csrf = session(org, "ld")
    answer = build(client, csrf, {"team": "Data", "horizon": "99999d"})
    assert answer.status_code in (400, 422), answer.status_code
    assert "at most 156 weeks" in html.unescape(answer.text)
    assert build(client, csrf, {"team": "Data", "horizon": "156w"}).status_code == 303
