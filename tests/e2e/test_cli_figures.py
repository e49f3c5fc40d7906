"""Issue 13's figures on the enterprise example, through the CLI: each number shown twice agrees.

The browser test (test_figures_browser.py) compares the dashboard with these same commands.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.e2e.test_cli_tracking import TODAY, load_org, run


def read(runner: CliRunner, *args: str) -> Any:
    return json.loads(run(runner, *args, "--format", "json", *TODAY))


@pytest.mark.parametrize("policy", ["enterprise", "mid"])
def test_each_figure_shown_twice_is_one_number(runner: CliRunner, policy: str) -> None:
    load_org(runner)
    gaps = read(runner, "gaps", "--members", "--policy", policy)
    status = read(runner, "status", "--policy", policy)

    # Layer totals are the sum of the teams' cells, and Layer 1's total is the AI-literacy count.
    summed: Counter[tuple[int, str]] = Counter()
    for team in gaps["teams"]:
        for cell in team["layers"]:
            summed[(cell["layer"], "needing")] += cell["needing"]
            summed[(cell["layer"], "holding")] += cell["holding"]
    for total in gaps["totals"]:
        assert (total["needing"], total["holding"]) == (
            summed[(total["layer"], "needing")],
            summed[(total["layer"], "holding")],
        )
    (layer_1,) = [t for t in gaps["totals"] if t["layer"] == 1]
    assert layer_1["holding"] == sum(t["with_layer_1"] for t in gaps["ai_literacy_by_team"])

    # A cell is a gap exactly when it is not covered, and the gap's hold / need is the cell's.
    uncovered = {
        (t["team"], c["layer"]): (c["holding"], c["needing"])
        for t in gaps["teams"]
        for c in t["layers"]
        if not c["covered"]
    }
    assert uncovered == {(g["team"], g["layer"]): (g["holding"], g["needing"]) for g in gaps["gaps"]}

    # The heatmap's cells (gaps --members) and status say the same of every person and layer.
    from_status = {(p["id"], s["layer"]): s["standing"] for p in status["people"] for s in p["layers"]}
    from_gaps = {(m["id"], m["layer"]): m["standing"] for m in gaps["members"]}
    assert from_status == from_gaps
    marks = {(p["id"], s["layer"]): s["mark"] for p in status["people"] for s in p["layers"]}
    assert marks == {(m["id"], m["layer"]): m["mark"] for m in gaps["members"]}
    if policy == "mid":  # claimed evidence counts: every rung of the ladder is on the example
        assert {"held", "refresh-due", "stale", "expired", "missing"} <= set(marks.values())
    else:  # VERIFIED-LAYERS: claimed evidence holds nothing, and status says which layers it would hold
        assert status["verified_only"] and gaps["accepted_assurance"] == ["verified"]
        assert any(s["claimed"] for p in status["people"] for s in p["layers"])
        assert not any(
            s["claimed"] and s["standing"] == "held" for p in status["people"] for s in p["layers"]
        )
    # Holders counted per team are the held cells.
    held = Counter((m["team"], m["layer"]) for m in gaps["members"] if m["standing"] == "held")
    assert held == Counter(
        {(t["team"], c["layer"]): c["holding"] for t in gaps["teams"] for c in t["layers"] if c["holding"]}
    )


def test_an_expired_credential_and_overdue_refreshes_are_listed_and_marked(runner: CliRunner) -> None:
    load_org(runner)
    due = read(runner, "due", "--within", "30d")["items"]
    overdue = read(runner, "due", "--overdue")["items"]
    today = TODAY[1]
    assert overdue and all(i["overdue"] and i["due_on"] < today for i in overdue)
    assert all(i["overdue"] == (i["due_on"] < today) for i in due)
    assert [i for i in due if i["overdue"]] == overdue
    # The DP-100 that expired on 2025-03-29, more than a year ago, is still listed (it appeared nowhere).
    (dp100,) = [i for i in overdue if i["subject"] == "DP-100"]
    assert (dp100["id"], dp100["kind"], dp100["due_on"]) == ("E000051", "expired", "2025-03-29")
    (person,) = read(runner, "status", "E000051", "--policy", "mid")["people"]
    (layer_2,) = [s for s in person["layers"] if s["layer"] == 2]
    assert (layer_2["standing"], layer_2["overdue"], layer_2["next_date"]) == ("expired", True, "2025-03-29")
    # Overdue means not held: status never says overdue beside held, and a refresh `due` lists as
    # overdue is a stale layer in status.
    assert not [s for s in person["layers"] if s["overdue"] and s["standing"] == "held"]
    late = {f"Layer {s['layer']}" for s in person["layers"] if s["overdue"] and s["standing"] != "expired"}
    listed = {i["subject"] for i in overdue if i["id"] == "E000051" and i["kind"] == "refresh"}
    assert late <= listed
    everyone = read(runner, "status", "--policy", "mid")["people"]
    stale = {
        (p["id"], f"Layer {s['layer']}") for p in everyone for s in p["layers"] if s["standing"] == "stale"
    }
    refreshes = {(i["id"], i["subject"]) for i in overdue if i["kind"] == "refresh"}
    assert refreshes and refreshes <= stale


def test_the_cli_tables_print_the_legend_and_mark_what_is_overdue(runner: CliRunner) -> None:
    load_org(runner)
    team = run(runner, "gaps", "--team", "Data Platform 6", *TODAY)
    assert "hold / need" in team and "bus factor" in team
    for words in (
        "held: unexpired evidence",
        "refresh due: still held",
        "stale: no longer held",
        "expired: the credential",
        "missing: no evidence",
        "not needed: ",
    ):
        assert words in " ".join(team.split())
    (person,) = read(runner, "status", "E000051", "--policy", "mid")["people"]
    status_table = run(runner, "status", "E000051", "--policy", "mid", *TODAY)
    assert status_table.count("OVERDUE") == sum(s["overdue"] for s in person["layers"]) > 0
    listed = run(runner, "due", "--overdue", "--member", "E000051", *TODAY)
    items = read(runner, "due", "--overdue", "--member", "E000051")["items"]
    assert "DP-100" in listed and listed.count("OVERDUE") == len(items) > 0
    assert "Past due on 2026-11-22" in run(runner, "due", "--overdue", *TODAY)
    # Under the enterprise policy the tables say that claimed evidence does not count.
    strict = " ".join(run(runner, "status", "E000051", *TODAY).split())
    assert "claimed, not counted under the enterprise policy" in strict
    assert "Only verified evidence counts (enterprise policy" in " ".join(run(runner, "gaps", *TODAY).split())


def test_names_with_brackets_print_as_written(runner: CliRunner, tmp_path: Path) -> None:
    # Rich reads "[/]" as markup: a name like this stopped status, gaps and due with a traceback.
    roster = tmp_path / "brackets.csv"
    roster.write_text(
        "employee_id,name,email,job_title,team,manager_id\n"
        "H1,Ann [/] Lee,h1@example.com,Compliance Officer,Risk [x],\n"
        "H2,Bob [red]Q,h2@example.com,Data Engineer,Data [/b],H1\n"
    )
    run(runner, "roster", "import", str(roster), *TODAY)
    status = run(runner, "status", *TODAY)  # the table folds names, so look for the brackets
    assert "[/]" in status and "[red]Q" in status and "[x]" in status
    assert "[/b]" in run(runner, "gaps", "--members", "--literacy", *TODAY)
    run(runner, "due", "--within", "3000d", *TODAY)
