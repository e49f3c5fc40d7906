"""The API preview lists titles to confirm and what would change; the commit takes the chosen roles."""

from __future__ import annotations

from tests.e2e.conftest import Org

FILE = b"employee_id,name,job_title\nQ1,Quinn,Chief Happiness Officer\nQ2,Rae,Data Engineer\n"


def test_commit_applies_roles_chosen_for_unresolved_titles(org: Org) -> None:
    admin = org.client("admin")
    preview = admin.post("/api/v1/rosters", files={"file": ("happy.csv", FILE)}).json()
    assert preview["ok"] and preview["new"] == ["Q1", "Q2"] and preview["leaving"] == []
    (choice,) = preview["titles_to_confirm"]
    assert choice["title"] == "Chief Happiness Officer" and choice["role"] == "everyone"
    assert len(choice["suggestions"]) == 3 and choice["people"] == 1
    wrong = admin.post(
        f"/api/v1/rosters/{preview['upload_id']}/commit",
        json={"titles": {"Chief Happiness Officer": "jester"}},
    )
    assert wrong.status_code == 400 and "jester" in wrong.json()["error"]["message"]
    done = admin.post(
        f"/api/v1/rosters/{preview['upload_id']}/commit",
        json={"titles": {"Chief Happiness Officer": "ld-leader"}},
    )
    assert done.status_code == 200 and done.json()["added"] == ["Q1", "Q2"]
    people = {p["id"]: p["role"] for p in admin.get("/api/v1/people").json()}
    assert people["Q1"] == "ld-leader" and people["Q2"] == "data-engineer"


def test_commit_refuses_titles_left_unconfirmed(org: Org) -> None:
    # Tried through the API: a commit with an empty body imported a roster whose preview listed
    # six titles to confirm, although the dashboard's form requires a role for each.
    admin = org.client("admin")
    upload = b"employee_id,name,job_title\nU1,Uma,Chief Vibes Officer\nU2,Vic,Data Engineer\n"
    preview = admin.post("/api/v1/rosters", files={"file": ("vibes.csv", upload)}).json()
    assert [c["title"] for c in preview["titles_to_confirm"]] == ["Chief Vibes Officer"]
    url = f"/api/v1/rosters/{preview['upload_id']}/commit"
    for body in ({}, {"titles": {}}, None):
        refused = admin.post(url, json=body)
        assert refused.status_code == 400, refused.text
        message = refused.json()["error"]["message"]
        assert "1 job title to confirm before importing: 'Chief Vibes Officer' (1 person" in message
        assert '{"titles": {"JOB TITLE": "ROLE ID"}}' in message and "nothing was imported" in message
    assert "U1" not in {p["id"] for p in admin.get("/api/v1/people").json()}
    done = admin.post(url, json={"titles": {"Chief Vibes Officer": "everyone"}})
    assert done.status_code == 200 and done.json()["added"] == ["U1", "U2"]
