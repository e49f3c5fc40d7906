"""Seed 001 through the CLI: four background sequences, five outcomes and the verdict,
before the 2026 retirements (2026-01-15) and after them (2026-11-22)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from certpath.interfaces.cli import app

JAN, NOV = "2026-01-15", "2026-11-22"


def run_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["advise", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def credentials(report: dict[str, Any]) -> list[str]:
    return [s["item"] for s in report["steps"] if s["kind"] == "credential"]


def step(report: dict[str, Any], item: str) -> dict[str, Any]:
    return next(s for s in report["steps"] if s["item"] == item)


# (args, expected credentials on JAN, expected on NOV)
CASES = {
    "background software-developer, aws": (
        ["--background", "software-developer", "--cloud", "aws"],
        ["AIF-C01", "MLA-C01", "NCA-GENL"],
        ["AIF-C01", "MLA-C01", "NCA-GENL"],
    ),
    "background software-developer, azure": (
        ["--background", "software-developer", "--cloud", "azure"],
        ["AI-900", "AI-102", "NCA-GENL"],
        ["AI-901", "AI-103", "NCA-GENL"],
    ),
    "background data-analyst, gcp": (
        ["--background", "data-analyst", "--cloud", "gcp", "--ml-months", "12"],
        ["DBX-ML-ASSOCIATE", "GCP-PMLE"],
        ["DBX-ML-ASSOCIATE", "GCP-PMLE"],
    ),
    "background data-analyst, gcp, second cloud aws": (
        ["--background", "data-analyst", "--cloud", "gcp", "--second-cloud", "aws", "--ml-months", "12"],
        ["DBX-ML-ASSOCIATE", "GCP-PMLE", "MLA-C01"],
        ["DBX-ML-ASSOCIATE", "GCP-PMLE", "MLA-C01"],
    ),
    "background ml-researcher, azure": (
        ["--background", "ml-researcher", "--cloud", "azure", "--hours-per-week", "20"],
        ["AI-102", "AI-300"],
        ["AI-300", "AI-103"],
    ),
    "background ml-researcher": (
        ["--background", "ml-researcher", "--hours-per-week", "20"],
        ["DBX-ML-PROFESSIONAL", "GCP-PMLE"],
        ["DBX-ML-PROFESSIONAL", "GCP-PMLE"],
    ),
    "background devops-engineer": (
        ["--background", "devops-engineer", "--cloud", "aws"],
        ["MLA-C01", "DBX-ML-ASSOCIATE", "CKA"],
        ["MLA-C01", "DBX-ML-ASSOCIATE", "CKA"],
    ),
    "outcome ai-literacy, azure": (["--goal", "ai-literacy", "--cloud", "azure"], ["AI-900"], ["AI-901"]),
    "outcome app-developer, azure": (["--goal", "app-developer", "--cloud", "azure"], ["AI-102"], ["AI-103"]),
    "outcome model-builder": (
        ["--goal", "model-builder", "--ml-months", "12"],
        ["DBX-ML-ASSOCIATE", "DBX-ML-PROFESSIONAL", "GCP-PMLE"],
        ["DBX-ML-ASSOCIATE", "DBX-ML-PROFESSIONAL", "GCP-PMLE"],
    ),
    "outcome genai-specialist, aws": (  # the seed's two steps, then AIP-C01 (optional; it postdates the seed)
        ["--goal", "genai-specialist", "--cloud", "aws"],
        ["NCA-GENL", "MLA-C01", "AIP-C01"],
        ["NCA-GENL", "MLA-C01", "AIP-C01"],
    ),
    "outcome senior-ml-engineer": (
        ["--goal", "senior-ml-engineer", "--ml-months", "24"],
        ["GCP-PMLE", "DBX-ML-PROFESSIONAL"],
        ["GCP-PMLE", "DBX-ML-PROFESSIONAL"],
    ),
    "verdict, azure, genai": (
        ["--cloud", "azure", "--ml-months", "12", "--genai"],
        ["AI-900", "AI-102", "DBX-ML-PROFESSIONAL", "NCA-GENL"],
        ["AI-901", "AI-103", "DBX-ML-PROFESSIONAL", "NCA-GENL"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("today", [JAN, NOV])
def test_seed_sequences_in_order(runner: CliRunner, case: str, today: str) -> None:
    args, before, after = CASES[case]
    report = run_json(runner, *args, "--today", today)
    assert credentials(report) == (before if today == JAN else after)
    for s in report["steps"]:
        assert s["reason"] and s["rules"], s
    assert report["catalogue_as_of"] == "2026-11-28"


def test_before_the_retirements_the_seed_exams_stand_and_the_retirement_is_flagged(runner: CliRunner) -> None:
    report = run_json(runner, "--background", "software-developer", "--cloud", "azure", "--today", JAN)
    assert "MATCH-STACK" in step(report, "AI-102")["rules"]
    assert "Your cloud is azure, so AI-102" in step(report, "AI-102")["reason"]
    retiring = [w for w in report["warnings"] if w["rule"] == "CURRENT-MATERIAL" and w["subject"] == "AI-102"]
    assert retiring and "retires on 2026-06-30" in retiring[0]["message"]


def test_after_the_retirements_successors_carry_the_reason(runner: CliRunner) -> None:
    report = run_json(runner, "--background", "software-developer", "--cloud", "azure", "--today", NOV)
    for old, new in (("AI-900", "AI-901"), ("AI-102", "AI-103")):
        s = step(report, new)
        assert f"The source names {old}, which retired on 2026-06-30; its successor {new}" in s["reason"]
        assert "CURRENT-MATERIAL" in s["rules"]


def test_ml_researcher_gate_and_literacy_course(runner: CliRunner) -> None:
    report = run_json(runner, "--background", "ml-researcher", "--today", NOV)
    assert report["steps"][0]["item"] == "L1-TECHNICAL"
    assert "past its 12-month gate" in step(report, "DBX-ML-PROFESSIONAL")["reason"]


def test_data_analyst_without_experience_waits_for_the_gate(runner: CliRunner) -> None:
    report = run_json(runner, "--background", "data-analyst", "--cloud", "aws", "--today", NOV)
    assert credentials(report) == ["DBX-ML-ASSOCIATE", "MLA-C01", "DBX-ML-PROFESSIONAL"]
    assert "the gate opens on 2027-11-22" in step(report, "DBX-ML-PROFESSIONAL")["reason"]


def test_json_contract_fields(runner: CliRunner) -> None:
    report = run_json(
        runner,
        "--goal",
        "ai-literacy",
        "--cloud",
        "gcp",
        "--budget",
        "500",
        "--have",
        "AIF-C01@2025-01-10",
        "--today",
        NOV,
    )
    assert {"steps", "total_cost_usd", "total_weeks", "warnings", "catalogue_as_of"} <= set(report)
    for s in report["steps"]:
        assert {"item", "kind", "layer", "cost_usd", "study_hours", "start", "end", "reason", "rules"} <= set(
            s
        )
        assert s["kind"] in ("credential", "course", "project")
    for w in report["warnings"]:
        assert {"rule", "severity", "message", "fix"} <= set(w)
    assert report["total_cost_usd"] == sum(s["cost_usd"] or 0 for s in report["steps"])


def test_held_credentials_are_skipped(runner: CliRunner) -> None:
    report = run_json(
        runner,
        "--background",
        "devops-engineer",
        "--cloud",
        "aws",
        "--have",
        "AIF-C01@2025-06-01,MLA-C01@2025-06-01",
        "--today",
        NOV,
    )
    assert credentials(report) == ["DBX-ML-ASSOCIATE", "CKA"]
    assert [s["item"] for s in report["skipped"]] == ["MLA-C01"]


def test_the_table_output_shows_steps_totals_and_warnings(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["advise", "--background", "data-analyst", "--cloud", "aws", "--budget", "300", "--today", NOV],
        env={"COLUMNS": "160"},
    )
    assert result.exit_code == 0, result.output
    assert "DBX-ML-ASSOCIATE" in result.stdout and "Total: $" in result.stdout
    assert "left out" in result.stdout and "BUDGET" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--background", "software-dev"],
            ["Unknown background 'software-dev'", "Did you mean 'software-developer'?"],
        ),
        (["--goal", "genai"], ["Unknown goal 'genai'", "Did you mean 'genai-specialist'?"]),
        (["--cloud", "azur"], ["Unknown cloud 'azur'", "Did you mean 'azure'?", "aws, azure, gcp"]),
        (["--have", "MLA-C02"], ["Unknown credential or course 'MLA-C02'", "Did you mean 'MLA-C01'?"]),
        (["--have", "MLA-C01@2025-13-01"], ["'2025-13-01' is not a date", "YYYY-MM-DD"]),
        (["--today", "yesterday"], ["--today 'yesterday'", "YYYY-MM-DD"]),
        (["--hours-per-week", "0"], ["--hours-per-week 0", "between 1 and 80"]),
        (["--overlay", "tests/data/broken/bad_value.yaml"], ["bad_value.yaml:3:", "found 'lots'"]),
    ],
)
def test_bad_input_exits_2_with_the_fix_and_no_traceback(
    runner: CliRunner, args: list[str], expected: list[str]
) -> None:
    result = runner.invoke(app, ["advise", *args])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for fragment in expected:
        assert fragment in result.stderr
    assert "Traceback" not in result.output


def test_the_installed_command_and_python_m_work() -> None:
    for command in (["certpath"], [sys.executable, "-m", "certpath"]):
        executable = command if command[0] != "certpath" else [str(_bin("certpath"))]
        done = subprocess.run(
            [
                *executable,
                "advise",
                "--goal",
                "ai-literacy",
                "--cloud",
                "aws",
                "--today",
                NOV,
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert credentials(json.loads(done.stdout)) == ["AIF-C01"]
    bad = subprocess.run(
        [sys.executable, "-m", "certpath", "advise", "--cloud", "mars"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "Unknown cloud 'mars'" in bad.stderr and "Traceback" not in bad.stderr


def _bin(name: str) -> object:
    from pathlib import Path

    return Path(sys.executable).parent / name
