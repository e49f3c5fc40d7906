"""Title cells that hold no title (formulas, error values, noise) never reach a role by their words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from certpath.catalogue.model import Catalogue
from certpath.errors import RosterError
from certpath.roster.importer import load_roster
from certpath.roster.model import RosterOptions
from certpath.roster.title_guard import not_a_title
from certpath.roster.titles import EVERYONE, TitleResolver

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("=1+2 Engineer", "looks like a spreadsheet formula"),
        ('=HYPERLINK("https://wiki/x","ML Engineer")', "looks like a spreadsheet formula"),
        ("@SUM(A1:A3)", "looks like a spreadsheet formula"),
        ("+1 (555) 0100", "looks like a spreadsheet formula"),
        ("-2+3 Data Scientist", "looks like a spreadsheet formula"),
        ("#N/A", "is a spreadsheet error value"),
        ("#REF!", "is a spreadsheet error value"),
        ("n/a", "is a placeholder, not a title"),
        ("TBD", "is a placeholder, not a title"),
        ("12345", "is mostly digits or punctuation"),
        ("?? / ??", "is mostly digits or punctuation"),
        ("2024-03-01", "is mostly digits or punctuation"),
    ],
)
def test_cells_that_hold_no_title_are_named(title: str, reason: str) -> None:
    assert not_a_title(title) == reason


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("ML Engineer", "ml-engineer"),
        ("-ML Engineer", "ml-engineer"),  # a stray dash, not a formula
        ("Software Engineer (ML)", "ml-engineer"),
        ("C++ Developer", "software-developer"),
        (".NET Developer", "software-developer"),
        ("Data Scientist 2", "data-scientist"),
    ],
)
def test_real_titles_with_digits_or_punctuation_still_resolve(
    catalogue: Catalogue, title: str, role: str
) -> None:
    assert not_a_title(title) is None
    assert TitleResolver(catalogue).resolve(title).role == role


def test_a_formula_title_is_unresolved_with_suggestions_from_its_words(catalogue: Catalogue) -> None:
    found = TitleResolver(catalogue).resolve("=1+2 Engineer")
    assert (found.role, found.source, found.confidence) == (None, None, 0.0)
    assert "ml-engineer" in found.suggestions  # the admin is asked, with the closest roles


def test_a_formula_title_gets_no_deployer_role_in_a_roster(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        "Employee ID,Name,Job Title,Department\n"
        "1012,Ana Okafor,ML Engineer,Platform\n"
        "1013,Tom Berg,=1+2 Engineer,Platform\n"
        "1014,Lea Marx,#N/A,Platform\n",
        encoding="utf-8",
    )
    roster = load_roster(path, catalogue, today=TODAY)
    by_id = {m.id: m for m in roster.members}
    assert (by_id["1012"].role, by_id["1012"].deploys_to_production) == ("ml-engineer", True)
    for person in ("1013", "1014"):
        assert by_id[person].role == EVERYONE and by_id[person].resolved_from == "unresolved"
        assert not by_id[person].deploys_to_production


def test_strict_stops_on_a_formula_title_at_its_cell(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("employee_id,job_title\nA1,=1+2 Engineer\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        load_roster(path, catalogue, today=TODAY, options=RosterOptions(strict=True))
    assert "roster.csv:2:2: job_title: job title '=1+2 Engineer' does not match a role" in str(caught.value)
