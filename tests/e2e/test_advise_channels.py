"""The advisor's title, second cloud and dated holdings through the REST API and the web form."""

from __future__ import annotations

from tests.e2e.conftest import Org
from tests.e2e.test_api import signed_in


def test_the_api_reads_a_title_a_second_cloud_and_a_dated_holding(org: Org) -> None:
    body = {
        "title": "Senior Machine Learning Researcher",
        "goal": "mlops-lead",
        "cloud": "azure",
        "second_cloud": "gcp",
        "held": [{"item": "AI-300", "earned_on": "2026-04-20"}],
    }
    advice = org.client("member").post("/api/v1/advise", json=body).json()
    assert advice["profile"]["background"] == "ml-researcher"
    assert advice["profile"]["second_cloud"] == "gcp"
    kinds = {s["item"]: s["kind"] for s in advice["steps"]}
    assert "GCP-PMLE" in kinds
    assert any(w["rule"] == "ROLE-TRACKS" for w in advice["warnings"])


def test_the_api_refuses_an_unknown_second_cloud(org: Org) -> None:
    response = org.client("member").post("/api/v1/advise", json={"second_cloud": "oracle"})
    assert response.status_code in (400, 422)
    assert "oracle" in response.text


def test_the_web_advisor_takes_a_title_and_a_dated_holding(org: Org) -> None:
    client, csrf = signed_in(org, "member")
    page = client.post(
        "/advisor",
        data={"csrf_token": csrf, "title": "Lead ML Engineer", "cloud": "gcp", "have": "CKA@2024-01-20"},
    )
    assert page.status_code == 200, page.text
    assert "renewal" in page.text and "2027-01-20" in page.text
    assert "reads as the role ml-engineer" in page.text
