"""No traceback for any option or path: hostile values end in exit 2 and a message naming the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from certpath.interfaces.cli import app

DATA = Path(__file__).resolve().parents[1] / "data"
ROSTER = str(DATA / "rosters" / "ok_min.csv")
TODAY = ["--today", "2026-11-22"]

#: (command line with {missing} = a folder that does not exist, {folder} = an existing folder, what the message says)
CASES = [
    (["plan", ROSTER, "--budget", "nan"], "--budget nan"),
    (["plan", ROSTER, "--budget", "inf", "--format", "json"], "--budget inf"),
    (["plan", ROSTER, "--quarterly-budget", "-inf"], "--quarterly-budget -inf"),
    (["plan", ROSTER, "--hours-per-week", "nan"], "--hours-per-week nan"),
    (["plan", ROSTER, "--time-limit", "nan"], "--time-limit nan"),
    (["plan", ROSTER, "--start", "9999-12-31"], "--start '9999-12-31' is outside"),
    (["plan", ROSTER, "--start", "2026-02-30"], "--start '2026-02-30'"),  # it used to name --today
    (["plan", ROSTER, "--format", "html", "--out", "{missing}/plan.html"], "does not exist"),
    (["plan", ROSTER, "--format", "html", "--out", "{folder}"], "cannot write"),
    (["advise", "--background", "software-developer", "--today", "9999-12-31"], "9999-12-31"),
    (["advise", "--background", "software-developer", "--hours-per-week", "nan", *TODAY], "--hours-per-week"),
    (["report", "matrix", "--out", "{missing}/matrix.xlsx", *TODAY], "does not exist"),
    (["due", "--format", "ics", "--out", "{missing}/due.ics", *TODAY], "does not exist"),
    (["roster", "check", ROSTER, "--hours-per-week", "inf", *TODAY], "--hours-per-week inf"),
    (["roster", "check", ROSTER, "--today", "9999-12-31"], "9999-12-31"),
    (["roster", "check", ROSTER, "--write-titles", "{missing}/titles.yaml", *TODAY], "--write-titles"),
    (["roster", "check", ROSTER, "--date-format", "whenever", *TODAY], "--date-format"),
    (["roster", "check", "{missing}/roster.csv", *TODAY], "file not found"),
    (["roster", "import", ROSTER, "--hours-per-week", "nan", *TODAY], "--hours-per-week nan"),
    (["status", "--today", "10000-01-01"], "--today"),
    (["gaps", "--today", "9999-12-31"], "9999-12-31"),
]


@pytest.mark.parametrize(
    ("argv", "said"), CASES, ids=[" ".join(c[0][:2]) + f" {i}" for i, c in enumerate(CASES)]
)
def test_hostile_values_exit_2_with_a_message(
    runner: CliRunner, tmp_path: Path, argv: list[str], said: str
) -> None:
    assert runner.invoke(app, ["roster", "import", ROSTER, *TODAY]).exit_code == 0  # people for the reports
    args = [a.format(missing=tmp_path / "no-such-folder", folder=tmp_path) for a in argv]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (args, result.output, result.exception)
    assert "Traceback" not in result.output and said in result.stderr, result.stderr
    assert not (tmp_path / "no-such-folder").exists()


def test_json_answers_never_hold_nan(runner: CliRunner) -> None:
    result = runner.invoke(app, ["roster", "check", ROSTER, "--format", "json", *TODAY])
    assert result.exit_code == 0 and "NaN" not in result.stdout
    assert json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))["members"]


def _overlay_bomb(levels: int) -> str:
    """A catalogue overlay whose title pattern is an alias of an alias ...: about 10**levels strings."""
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels)]
    lines.append(f"title_mappings:\n  - {{role: data-engineer, pattern: *l{levels - 1}}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "command",
    [
        ["catalogue", "validate", "--overlay", "{bomb}"],
        ["catalogue", "diff", "{shipped}", "{bomb}"],
        ["advise", "--background", "software-developer", "--overlay", "{bomb}", *TODAY],
    ],
)
def test_a_yaml_alias_bomb_in_an_overlay_is_refused_with_its_line(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    # 500 bytes with eight levels took the CLI past 3 GB before the expanded size of every YAML file was capped.
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_overlay_bomb(8), encoding="utf-8")
    shipped = Path(__file__).resolve().parents[2] / "src" / "certpath" / "catalogue" / "data"
    args = [a.format(bomb=bomb, shipped=shipped) for a in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "bomb.yaml:2" in result.output and "through YAML aliases (*name)" in result.output
    assert "Traceback" not in result.output
