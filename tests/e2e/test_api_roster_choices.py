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
