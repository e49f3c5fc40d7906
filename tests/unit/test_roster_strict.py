"""Strict values: broken quoting, ragged rows, half-dates and unreadable numbers are refused with their line."""

from __future__ import annotations

import functools
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certpath.catalogue.loader import load_catalogue
from certpath.catalogue.model import Catalogue
from certpath.errors import RosterError
from certpath.roster.importer import load_roster
from certpath.roster.model import RosterOptions
from certpath.roster.values import CellError, parse_clouds, parse_date, parse_hours

TODAY = date(2026, 11, 22)
_catalogue = functools.cache(load_catalogue)  # hypothesis examples share one catalogue


def _load(tmp_path: Path, catalogue: Catalogue, text: str, **options: object) -> str:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        load_roster(path, catalogue, today=TODAY, options=RosterOptions(**options))  # type: ignore[arg-type]
    return str(caught.value)


def test_an_unterminated_quote_is_an_error_on_its_line(tmp_path: Path, catalogue: Catalogue) -> None:
    text = 'employee_id,job_title\nA1,"Data Engineer\nA2,ML Engineer\nA3,Data Scientist\n'
    message = _load(tmp_path, catalogue, text)
    assert "roster.csv:2:" in message and "never closed" in message


def test_ragged_rows_are_errors_with_their_lines(tmp_path: Path, catalogue: Catalogue) -> None:
    text = "employee_id,job_title,team\nA1,Data Engineer,Data\nA2,Engineer, ML,Data\nA3,Data Scientist\n"
    message = _load(tmp_path, catalogue, text)
    assert "roster.csv:3: has 4 values but the header (line 1) has 3 columns" in message
    assert "roster.csv:4: has 2 values" in message


@pytest.mark.parametrize("text", ["2025-03-011", "2025-03-01T99:99", "2025-02-30", "03/04/2025", "yesterday"])
def test_half_dates_are_refused(text: str) -> None:
    with pytest.raises(CellError):
        parse_date(text, today=TODAY)


@pytest.mark.parametrize(
    ("text", "fmt", "day"),
    [
        ("2025-03-01", None, date(2025, 3, 1)),
        ("2025-03-01T10:30:00Z", None, date(2025, 3, 1)),
        ("01.03.2025", None, date(2025, 3, 1)),  # dots are day first
        ("25/03/2025", None, date(2025, 3, 25)),  # 25 can only be the day
        ("03/25/2025", None, date(2025, 3, 25)),
        ("45717", None, date(2025, 3, 1)),  # an Excel serial date
        ("03/04/2025", "%m/%d/%Y", date(2025, 3, 4)),
    ],
)
def test_dates_whole_iso_stated_or_unambiguous(text: str, fmt: str | None, day: date) -> None:
    assert parse_date(text, today=TODAY, date_format=fmt) == day


@pytest.mark.parametrize("text", ["1,000", "nan", "inf", "-inf", "six", "n/a", "-2", "200", "1e3"])
def test_hours_refuse_what_cannot_be_read(text: str) -> None:
    with pytest.raises(CellError):
        parse_hours(text)


def test_decimal_comma_hours_are_read() -> None:
    assert parse_hours("4,5") == 4.5


def test_several_clouds_in_one_cell() -> None:
    assert parse_clouds("AWS / GCP") == ("aws", "gcp")
    assert parse_clouds("Azure, aws & Google Cloud") == ("azure", "aws", "gcp")


def test_a_near_miss_hours_column_is_read_and_every_bad_value_named(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    text = (
        "employee_id,job_title,Weekly Learning Hours\n"
        "A1,Data Engineer,six\nA2,Data Engineer,-2\nA3,Data Engineer,n/a\nA4,Data Engineer,200\nA5,Data Engineer,4\n"
    )
    message = _load(tmp_path, catalogue, text)
    assert all(f"roster.csv:{line}:3" in message for line in (2, 3, 4, 5))


def test_every_unknown_manager_and_ambiguous_name_is_located(tmp_path: Path, catalogue: Catalogue) -> None:
    text = (
        "employee_id,name,job_title,manager\n"
        "A1,Sam Lee,Data Engineer,\nA2,Sam Lee,ML Engineer,\n"
        'A3,Kim Ro,Data Scientist,"Lee, Sam"\nA4,Jo Ng,Data Analyst,nobody@example.com\nA5,Al Bo,Data Analyst,Ann Other\n'
    )
    message = _load(tmp_path, catalogue, text)
    assert "roster.csv:4:4" in message and "matches several people (A1, A2)" in message
    assert "roster.csv:5:4" in message and "'nobody@example.com' is not the e-mail address" in message
    assert "roster.csv:6:4" in message and "'Ann Other' is not the name" in message


def test_a_cycle_a_duplicate_and_every_bad_credential_date_in_one_pass(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    text = (
        "employee_id,job_title,manager_id,certifications\n"
        "A1,Data Engineer,A2,AIF-C01@2031-01-01; MLA-C01@2025-13-01\n"
        "A2,Data Engineer,A1,\n"
        "A2,Data Engineer,,\n"
    )
    message = _load(tmp_path, catalogue, text)
    assert "cycle" in message and "is repeated" in message
    assert (
        "AIF-C01: 2031-01-01 is in the future" in message and "MLA-C01: '2025-13-01' is not a date" in message
    )


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.lists(
            st.lists(
                st.sampled_from(["A1", "Data Engineer", '"x', "", "a,b", "Lee, Sam", "@", "1,000", "\t"]),
                max_size=5,
            ),
            max_size=6,
        ).map(
            lambda rows: ("employee_id,job_title,manager\n" + "\n".join(",".join(r) for r in rows)).encode()
        ),
    )
)
def test_any_bytes_load_or_raise_a_roster_error(data: bytes) -> None:
    catalogue = _catalogue()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.csv"
        path.write_bytes(data)
        try:
            load_roster(path, catalogue, today=TODAY)
        except RosterError as error:
            assert error.issues
