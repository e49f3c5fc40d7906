"""The tracking commands as a person runs them, on the example org, on the default SQLite store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar
from openpyxl import load_workbook
from typer.testing import CliRunner

from certpath.interfaces.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "certpath" / "examples"
TODAY = ["--today", "2026-11-22"]


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def load_org(runner: CliRunner) -> None:
    run(runner, "roster", "import", str(EXAMPLES / "enterprise-org.successfactors.csv"), *TODAY)
    files = [str(p) for p in sorted((EXAMPLES / "evidence").iterdir())]
    run(runner, "evidence", "import", *files, "--map", str(EXAMPLES / "badge-map.yaml"), *TODAY)


def test_status_gaps_due_and_audit_log_as_json(runner: CliRunner) -> None:
    load_org(runner)
    status = json.loads(run(runner, "status", "E000002", "--format", "json", *TODAY))
    (person,) = status["people"]
    assert person["id"] == "E000002" and {"layer", "state", "freshness", "next_action", "next_date"} <= set(
        person["layers"][0]
    )
    # The mid policy counts claimed evidence too (the default, enterprise, counts verified only).
    gaps = json.loads(run(runner, "gaps", "--policy", "mid", "--format", "json", *TODAY))
    assert gaps["bus_factor"] == 2 and gaps["gaps"] and gaps["ai_literacy"] == []
    by_team = gaps["ai_literacy_by_team"]
    assert sum(t["people"] for t in by_team) == 120 and 0 < sum(t["with_layer_1"] for t in by_team) < 120
    listed = json.loads(run(runner, "gaps", "--literacy", "--policy", "mid", "--format", "json", *TODAY))[
        "ai_literacy"
    ]
    assert len(listed) == 120
    # AI literacy is holding Layer 1: the per-person standings, the per-team counts and the Layer 1 totals agree.
    assert sum(1 for r in listed if r["standing"] == "held") == sum(t["with_layer_1"] for t in by_team)
    (layer_1,) = [t for t in gaps["totals"] if t["layer"] == 1]
    assert layer_1 == {"layer": 1, "needing": 120, "holding": sum(t["with_layer_1"] for t in by_team)}
    assert (
        sum(1 for r in listed if r["completed_on"]) > layer_1["holding"]
    )  # older evidence is listed, not counted
    assert {"team", "layer", "needing", "holding", "required", "close_with", "cost_usd", "weeks"} == set(
        gaps["gaps"][0]
    )
    team = gaps["teams"][0]["team"]
    members = json.loads(run(runner, "gaps", "--team", team, "--format", "json", *TODAY))["members"]
    assert members and {m["team"] for m in members} == {team}
    due = json.loads(run(runner, "due", "--within", "90d", "--format", "json", *TODAY))
    assert due["within_days"] == 90 and any(i["kind"] == "renewal-open" for i in due["items"])
    log = json.loads(run(runner, "audit-log", "--action", "evidence.import", "--format", "json"))
    assert log and all(entry["actor"] == "tester" for entry in log)
    csv_text = run(runner, "status", "--format", "csv", *TODAY)
    assert csv_text.splitlines()[0].startswith("id,name,team,role,layer")


def test_due_ics_has_reminders_never_in_the_past_and_stable_uids(runner: CliRunner, tmp_path: Path) -> None:
    load_org(runner)
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    run(runner, "due", "--format", "ics", "--out", str(first), *TODAY)
    run(runner, "due", "--format", "ics", "--out", str(second), *TODAY)
    text = first.read_text()
    uids = [line for line in text.splitlines() if line.startswith("UID:")]
    assert uids and uids == [line for line in second.read_text().splitlines() if line.startswith("UID:")]
    today = date.fromisoformat(TODAY[1])
    events = list(Calendar.from_ical(text).walk("VEVENT"))
    late = [e for e in events if str(e["SUMMARY"]).startswith("Overdue since ")]
    assert late and len(late) < len(events)
    for event in events:
        start = event.decoded("DTSTART")
        alarms = [start + a.decoded("TRIGGER") for a in event.walk("VALARM")]
        # Every reminder falls today or later; an overdue item is dated today with one reminder.
        assert alarms and all(when >= today for when in alarms), event["SUMMARY"]
        if event in late:
            assert start == today and alarms == [today]
        else:
            ahead = sum(start - timedelta(days=d) >= today for d in (90, 30, 7))
            assert start >= today and len(alarms) == max(ahead, 1)


def test_matrix_workbook_has_dates_colours_legend_and_escapes_formulas(
    runner: CliRunner, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "employee_id,name,email,title,department\n"
        'E1,=HYPERLINK("http://evil"),e1@example.com,Data Engineer,@Team\n'
        "E2,Ana Ruiz,e2@example.com,Compliance Manager,+Ops\n"
    )
    run(runner, "roster", "import", str(roster), *TODAY)
    run(runner, "record", "E1", "L1-TECHNICAL", "--date", "2026-10-01", *TODAY)
    out = tmp_path / "matrix.xlsx"
    run(runner, "report", "matrix", "--out", str(out), *TODAY)
    book = load_workbook(out)
    sheet = book["Matrix"]
    names = [sheet.cell(r, 2).value for r in (2, 3)]
    assert '\'=HYPERLINK("http://evil")' in names
    assert all(not str(sheet.cell(r, 3).value).startswith(("@", "+")) for r in (2, 3))
    due_cell = next(sheet.cell(r, 5).value for r in (2, 3) if sheet.cell(r, 1).value == "E1")
    assert hasattr(due_cell, "year")  # a real date, not text
    assert len(sheet.conditional_formatting) >= 1
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1"
    assert str(sheet.cell(4, 1).value) == "% compliant" and str(sheet.cell(4, 5).value).startswith(
        "=IFERROR(COUNTIF("
    )
    assert {"Matrix", "Data", "Legend"} <= set(book.sheetnames)


def test_backup_and_restore_commands(runner: CliRunner, tmp_path: Path, monkeypatch: object) -> None:
    load_org(runner)
    saved = tmp_path / "backup.jsonl"
    run(runner, "db", "backup", str(saved))
    before = run(runner, "gaps", "--format", "json", *TODAY)
    os.environ["CERTPATH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'other.db'}"
    run(runner, "db", "restore", str(saved))
    assert run(runner, "gaps", "--format", "json", *TODAY) == before
    again = runner.invoke(app, ["db", "restore", str(saved)])
    assert again.exit_code == 2 and "not empty" in again.stderr


def test_bad_evidence_file_is_reported_with_place_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    load_org(runner)
    broken = tmp_path / "broken.json"
    broken.write_text('{"verb": ')
    result = runner.invoke(app, ["evidence", "import", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:1:10: is not valid JSON" in result.stderr and "nothing was imported" in result.stderr


def test_sigkill_during_a_large_import_leaves_the_store_as_it_was(runner: CliRunner, tmp_path: Path) -> None:
    from certpath.tracking.backup import dump_rows
    from certpath.tracking.database import make_engine

    load_org(runner)
    big = tmp_path / "big.csv"
    items = ["L1-EVERYONE", "L2-PIPELINES", "L3-MLOPS", "L5-POLICY", "L6-STRATEGY", "CKA"]
    with big.open("w") as handle:
        handle.write("employee_id,item,completed_on,evidence_id\n")
        for n in range(400_000):
            day = f"20{20 + n % 6}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            handle.write(f"E{1 + n % 120:06d},{items[n % 6]},{day},row-{n}\n")
    url = os.environ["CERTPATH_DATABASE_URL"]
    engine = make_engine(url)
    before = list(dump_rows(engine))
    database = Path(url.removeprefix("sqlite:///"))
    wal = database.with_name(database.name + "-wal")
    start_size = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen(
        [sys.executable, "-m", "certpath", "evidence", "import", str(big), *TODAY],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 4_000_000:  # rows are being written
            break
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed; make the file larger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    engine.dispose()
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    assert list(dump_rows(engine)) == before
    engine.dispose()


def test_roster_import_is_audited_by_file_name_and_people(runner: CliRunner, tmp_path: Path) -> None:
    roster = tmp_path / "people.csv"
    roster.write_text(
        "employee_id,name,job_title,team\nC1,Cai One,AI Engineer,Core\nC2,Cy Two,AI Engineer,Core\n"
    )
    run(runner, "roster", "import", str(roster), *TODAY)
    roster.write_text("employee_id,name,job_title,team\nC1,Cai One,Data Scientist,Core\n")
    run(runner, "roster", "import", str(roster), "--deactivate-missing", *TODAY)
    log = json.loads(run(runner, "audit-log", "--action", "roster.import", "--format", "json"))
    latest, first = log[0], log[1]
    assert latest["subject_id"] == first["subject_id"] == "people.csv"
    after = latest["after"] if isinstance(latest["after"], dict) else json.loads(latest["after"])
    assert after["file"] == str(roster) and after["changed"] == ["C1"] and after["deactivated"] == ["C2"]
    first_after = first["after"] if isinstance(first["after"], dict) else json.loads(first["after"])
    assert first_after["added"] == ["C1", "C2"]


def test_evidence_import_reads_us_dates_only_with_date_format(runner: CliRunner) -> None:
    run(runner, "roster", "import", str(EXAMPLES / "enterprise-org.successfactors.csv"), *TODAY)
    us_dates = Path(__file__).resolve().parents[1] / "data" / "lms" / "us-dates.csv"
    refused = runner.invoke(app, ["evidence", "import", str(us_dates), *TODAY])
    assert refused.exit_code == 2
    assert "'10/02/2026' could be day/month or month/day; give --date-format MM/DD/YYYY" in refused.stderr
    assert "nothing was imported" in refused.stderr
    added = run(runner, "evidence", "import", str(us_dates), "--date-format", "MM/DD/YYYY", *TODAY)
    assert "completions: 2 added" in added
    bad = runner.invoke(app, ["evidence", "import", str(us_dates), "--date-format", "american", *TODAY])
    assert bad.exit_code == 2 and "give a pattern such as DD.MM.YYYY" in bad.stderr
