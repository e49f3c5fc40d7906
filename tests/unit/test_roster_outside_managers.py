"""A roster of part of an organisation: managers outside the export are kept, and said so, located."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from certpath.catalogue.model import Catalogue
from certpath.roster.importer import SHOWN_MANAGERS, load_roster

TODAY = date(2026, 12, 5)
DEPARTMENT = Path(__file__).parent.parent / "data" / "rosters" / "successfactors_one_department.csv"


def test_an_export_of_one_department_loads_and_keeps_its_outside_managers(catalogue: Catalogue) -> None:
    roster = load_roster(DEPARTMENT, catalogue, today=TODAY)
    managers = {m.id: m.manager_id for m in roster.members}
    assert managers["10412"] == "10077" and managers["10416"] == "10077" and managers["10418"] == "10088"
    assert managers["10413"] == "10412" and managers["10419"] is None
    roles = {m.title: m.role for m in roster.members}
    assert roles["DataOps Engineer"] == "data-engineer"
    assert roles["Staff Software Engineer, Platform"] == "platform-engineer"
    assert roles["Responsable conformité"] == "compliance-officer"


def test_each_outside_manager_is_one_located_warning_naming_the_reports(catalogue: Catalogue) -> None:
    notes = [n for n in load_roster(DEPARTMENT, catalogue, today=TODAY).notes if "not in this export" in n]
    assert len(notes) == 2, notes
    first, second = notes
    # file:line:column of the first report's manager cell (header on line 1, labels on line 2)
    assert first.startswith(f"{DEPARTMENT}:3:9: MANAGER: manager 10077 is not in this export.")
    assert "Léa Martin, line 3; Sarah Richard, line 7" in first
    assert "no manager's view shows them" in first and "Import a roster that lists 10077" in first
    assert "manager 10088 is not in this export" in second and "Julie Durand, line 9" in second


def test_a_manager_in_the_file_or_no_manager_gives_no_warning(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "bamboo.csv"
    path.write_text(
        "Employee #,First Name,Last Name,Job Title,Department,Reporting to\n"
        "10001,Ann,Lee,Head of Data,Data,\n10002,Bo,Kim,Data Engineer,Data,10001\n",
        encoding="utf-8",
    )
    roster = load_roster(path, catalogue, today=TODAY)
    assert not [n for n in roster.notes if "not in this export" in n]


def test_many_outside_managers_are_counted_after_the_first_ones(catalogue: Catalogue, tmp_path: Path) -> None:
    rows = [f"{20000 + n},Person {n},Data Engineer,Data,{90000 + n}" for n in range(SHOWN_MANAGERS + 5)]
    path = tmp_path / "okta.csv"
    path.write_text(
        "Employee number,Name,Title,Department,managerId\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    notes = [n for n in load_roster(path, catalogue, today=TODAY).notes if "not in this export" in n]
    assert len(notes) == SHOWN_MANAGERS + 1
    assert notes[-1].startswith("5 more managers are not in this export")
