"""Issue 16's target: each bundled example plans everything its roles need within USD 2,500 a head."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from certpath.interfaces.cli import app
from certpath.services.demo import example_roster

PER_HEAD_USD = 2500


@pytest.mark.parametrize("example", ["small", "mid", "enterprise"])
def test_a_bundled_example_plans_everything_within_2500_a_head(runner: CliRunner, example: str) -> None:
    args = ["plan", str(example_roster(example)), "--start", "2026-12-07", "--format", "json"]
    result = runner.invoke(app, [*args, "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["left_out"] == []
    assert [f for f in plan["findings"] if f["severity"] == "error"] == []  # validate.py's errors
    people = len({m["id"] for m in plan["members"]})
    assert plan["quality"]["cost_per_person_usd"] == round(plan["total_cost_usd"] / people, 2)
    assert plan["quality"]["cost_per_person_usd"] <= PER_HEAD_USD
    # Self-paced where a complete variant serves (SELF-PACED): nobody pays for Layer 1.
    layer1 = [a for a in plan["assignments"] if a["layer"] == 1]
    assert layer1 and {a["delivery"] for a in layer1} == {"self-paced"}
    assert sum(a["cost_usd"] for a in layer1) == 0


def test_the_html_report_says_how_each_course_is_taken(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    args = [
        "plan",
        str(example_roster("small")),
        "--start",
        "2026-12-07",
        "--format",
        "html",
        "--out",
        str(out),
    ]
    result = runner.invoke(app, [*args, "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    section = html[html.index('id="delivery"') : html.index('id="cov"')]
    assert '<a href="https://github.com/DataTalksClub/mlops-zoomcamp">MLOps Zoomcamp' in section
    assert "L3-MLOPS" in section and "self-paced" in section and "public-seat" in section
