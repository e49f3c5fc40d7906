"""Caps while reading untrusted files: JSON nesting in evidence, rows and cells in rosters; and the
minimal copy of a roster that an upload keeps reads back to the same people on the same lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from certpath.catalogue.model import Catalogue
from certpath.errors import EvidenceError, RosterError
from certpath.roster import reading
from certpath.roster.importer import load_roster, roster_from_table
from certpath.roster.minimal import read_columns_csv
from certpath.roster.reading import read_table
from certpath.tracking.evidence.reading import MAX_JSON_DEPTH, read_evidence
from tests.unit.test_evidence import TODAY, context


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("deep.json", '{"a": "[[[",\n "b": ' + "[" * 100_000 + "]" * 100_000 + "}", 2),
        (
            "deepish.json",
            '{"statements":\n' + "[" * (MAX_JSON_DEPTH + 5) + "]" * (MAX_JSON_DEPTH + 5) + "}",
            2,
        ),
        ("deep.ndjson", '{"verb": {"id": "x"}}\n' + '{"verb": ' + "[" * 5000 + "]" * 5000 + "}\n", 2),
    ],
)
def test_deeply_nested_json_is_a_located_problem_not_a_crash(
    catalogue: Catalogue, name: str, text: str, line: int
) -> None:
    data = text.encode()
    with pytest.raises(EvidenceError) as caught:
        read_evidence(Path(name), data, context=context(catalogue, name))
    issue = caught.value.issues[0]
    assert f"more than {MAX_JSON_DEPTH} levels deep" in issue.message
    assert issue.location.file == name and issue.location.line == line


def test_ordinary_nesting_still_reads(catalogue: Catalogue) -> None:
    statement = {
        "actor": {"mbox": "mailto:nobody@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://lms.example.com/x", "definition": {"name": {"en-US": "X"}}},
        "context": {"contextActivities": {"parent": [{"id": "https://lms.example.com/p"}]}},
    }
    data = json.dumps({"statements": [statement]}).encode()
    with pytest.raises(EvidenceError) as caught:  # an unknown person and course, but read
        read_evidence(Path("s.json"), data, context=context(catalogue, "s.json"))
    assert not any("levels deep" in i.message for i in caught.value.issues)


def workbook(path: Path, rows: int, *, width: int = 3) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["employee_id", "name", "job_title"] + [f"extra {i}" for i in range(width - 3)])
    for i in range(rows):
        sheet.append([f"E{i}", f"Person {i}", "AI Engineer"] + ["x"] * (width - 3))
    book.save(path)
    return path


def test_rows_past_the_cap_stop_reading_with_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_ROWS", 51)
    xlsx = workbook(tmp_path / "many.xlsx", 80)
    with pytest.raises(RosterError) as caught:
        read_table(xlsx)
    assert caught.value.issues[0].location.line == 52  # header on row 1, the 51st person on row 52
    assert "more than 50 people" in caught.value.issues[0].message
    csv = tmp_path / "many.csv"
    csv.write_text("employee_id,name,job_title\n" + "".join(f"E{i},P,AI Engineer\n" for i in range(80)))
    with pytest.raises(RosterError, match="more than 50 people"):
        read_table(csv)
    assert len(read_table(workbook(tmp_path / "fits.xlsx", 50)).rows) == 50


def test_cells_past_the_cap_stop_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_CELLS", 1000)
    with pytest.raises(RosterError, match="more than 1,000 cells"):
        read_table(workbook(tmp_path / "wide.xlsx", 20, width=100))


def test_the_kept_columns_read_back_to_the_same_people_on_the_same_lines(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    original = tmp_path / "hr.csv"
    original.write_text(
        "Employee ID,Name,Salary,Job Title,Department,Date of Birth,status\n"
        "H1,Hana Ito,91000,AI Engineer,Research,1970-01-01,active\n"
        "\n"
        'H2,"Ravi\nDas",92000,Data Scientist,Research,1980-01-01,active\n'
        "H3,Leaver,1,AI Engineer,Research,1990-01-01,terminated\n"
    )
    table = read_table(original)
    roster = roster_from_table(table, catalogue, today=TODAY)
    kept = tmp_path / "kept.csv"
    kept.write_bytes(read_columns_csv(table, roster.columns))
    again = load_roster(kept, catalogue, today=TODAY)
    assert again.members == roster.members and again.leavers == roster.leavers == ("H3",)
    assert [m.line for m in again.members] == [2, 4]  # H2's record starts on line 4
    assert "91000" not in kept.read_text() and "1970" not in kept.read_text()
