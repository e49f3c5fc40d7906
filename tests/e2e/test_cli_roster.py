"""`certpath roster check` as a team lead runs it on a file with problems and unknown titles."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from certpath.interfaces.cli import app

TODAY = ["--today", "2026-11-22"]
FILE = (
    "employee_id,name,job_title,manager_id\n"
    "A1,Ann,Data Engineer,\n"
    "A2,Bo,Chief Happiness Officer,A1\n"
    "A3,Cy,Vibe Curator,A1\n"
    "A4,Di,Data Scientist,A5\n"
    "A5,Ed,Data Scientist,A4\n"
)


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "team.csv"
    path.write_text(FILE, encoding="utf-8")
    return path


def test_check_prints_the_table_then_every_problem(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["roster", "check", str(_file(tmp_path)), *TODAY])
    assert result.exit_code == 2
    assert result.stdout.index("Line") < result.stdout.index(
        "Chief Happiness Officer: closest"
    )  # table first
    assert "2 job titles matched no role" in result.stdout
    assert "managers form a cycle: A4 -> A5 -> A4" in result.stderr


def test_check_json_has_suggestions_and_problems(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["roster", "check", str(_file(tmp_path)), "--format", "json", *TODAY])
    answer = json.loads(result.stdout)
    bo = next(m for m in answer["members"] if m["id"] == "A2")
    assert bo["resolved_from"] == "unresolved" and bo["role"] == "everyone" and len(bo["suggestions"]) == 3
    assert [p["line"] for p in answer["problems"]] == [5]


def test_write_titles_gives_a_mapping_that_titles_reads(runner: CliRunner, tmp_path: Path) -> None:
    path = _file(tmp_path)
    path.write_text(FILE.replace("A5\n", "\n", 1), encoding="utf-8")  # no cycle
    mapping = tmp_path / "titles.yaml"
    first = runner.invoke(app, ["roster", "check", str(path), "--write-titles", str(mapping), *TODAY])
    assert first.exit_code == 0, first.output
    text = mapping.read_text(encoding="utf-8")
    assert '"Chief Happiness Officer": everyone  # closest:' in text and '"Vibe Curator": everyone' in text
    mapping.write_text(text.replace('"Vibe Curator": everyone', '"Vibe Curator": designer'), encoding="utf-8")
    again = runner.invoke(
        app, ["roster", "check", str(path), "--titles", str(mapping), "--format", "json", *TODAY]
    )
    roles = {m["id"]: (m["role"], m["resolved_from"]) for m in json.loads(again.stdout)["members"]}
    assert roles["A3"] == ("designer", "mapping") and roles["A2"] == ("everyone", "mapping")


def test_strict_stops_on_unresolved_titles(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["roster", "check", str(_file(tmp_path)), "--strict", *TODAY])
    assert result.exit_code == 2 and "'Vibe Curator' does not match a role" in result.stderr
