"""Completion CSVs as LMS and LXP systems export them: their headers, US dates, impossible expiries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from certpath.catalogue.model import Catalogue
from certpath.errors import EvidenceError
from certpath.tracking.evidence.badge_map import load_badge_map
from certpath.tracking.evidence.context import ReadContext
from certpath.tracking.evidence.identity import Recipients
from certpath.tracking.evidence.reading import read_evidence
from certpath.tracking.model import EvidenceBatch

LMS = Path(__file__).resolve().parents[1] / "data" / "lms"
TODAY = date(2026, 12, 5)
PEOPLE = Recipients(
    frozenset(f"E{n:06d}" for n in range(1, 11)),
    {f"e{n:06d}@example.com": f"E{n:06d}" for n in range(1, 11)},
)


def read(
    catalogue: Catalogue, name: str, text: str | None = None, *, date_format: str | None = None
) -> EvidenceBatch:
    data = (LMS / name).read_bytes() if text is None else text.encode()
    badge_map = load_badge_map(catalogue, [])
    context = ReadContext(name, badge_map, PEOPLE, TODAY, date_format=date_format)
    return read_evidence(Path(name), data, context=context)


def problems(catalogue: Catalogue, text: str, *, date_format: str | None = None) -> list[str]:
    with pytest.raises(EvidenceError) as caught:
        read(catalogue, "lms.csv", text, date_format=date_format)
    return [str(issue) for issue in caught.value.issues]


@pytest.mark.parametrize(
    "name",
    [
        "cornerstone-transcript.csv",
        "docebo-course-report.csv",
        "workday-learning.csv",
        "linkedin-learning.csv",
        "degreed-completions.csv",
        "successfactors-item-history.csv",
        "pluralsight-completions.csv",
    ],
)
def test_lms_exports_load_as_downloaded(catalogue: Catalogue, name: str) -> None:
    batch = read(catalogue, name)
    found = {(e.person_id, e.item_id, e.completed_on) for e in batch.evidence}
    assert found == {
        ("E000003", "AIF-C01", date(2026, 11, 14)),
        ("E000004", "L1-EVERYONE", date(2026, 10, 2)),
    }


def test_an_expiry_column_is_kept(catalogue: Catalogue) -> None:
    batch = read(catalogue, "cornerstone-transcript.csv")
    expiries = {e.item_id: e.expires_on for e in batch.evidence}
    assert expiries == {"AIF-C01": date(2029, 11, 14), "L1-EVERYONE": None}


def test_a_header_without_an_item_column_names_what_would_do(catalogue: Catalogue) -> None:
    found = problems(catalogue, "User ID,Learning Hours,Completion Date\nE000003,4,2026-11-14\n")
    assert found == [
        "lms.csv:1: has no column for item (for example item, Course, Training Title or Content Title);"
        " the header is: User ID, Learning Hours, Completion Date"
    ]


def test_us_dates_need_the_date_format_and_the_message_names_it(catalogue: Catalogue) -> None:
    found = problems(catalogue, (LMS / "us-dates.csv").read_text())
    assert found == [
        "lms.csv:3:4: Transcript Completed Date: '10/02/2026' could be day/month or month/day;"
        " give --date-format MM/DD/YYYY (or DD/MM/YYYY), or write it as YYYY-MM-DD (this file's"
        " '11/14/2026' on line 2, Transcript Completed Date, is month/day: --date-format MM/DD/YYYY)"
    ]
    batch = read(catalogue, "us-dates.csv", date_format="%m/%d/%Y")
    assert sorted(e.completed_on for e in batch.evidence) == [date(2026, 10, 2), date(2026, 11, 14)]


def test_a_date_not_in_the_given_format_is_refused_with_the_format(catalogue: Catalogue) -> None:
    text = "employee_id,item,completed_on\nE000003,AIF-C01,14.11.2026\n"
    assert problems(catalogue, text, date_format="%m/%d/%Y") == [
        "lms.csv:2:3: completed_on: '14.11.2026' is not a date in the format %m/%d/%Y"
    ]


def test_iso_dates_are_read_beside_the_given_format(catalogue: Catalogue) -> None:
    # Workday Learning writes the completion in the user's locale and the expiry in ISO.
    text = "employee_id,item,completed_on,expires_on\nE000003,AIF-C01,11/14/2026,2029-11-14\n"
    batch = read(catalogue, "lms.csv", text, date_format="MM/DD/YYYY")
    assert [(e.completed_on, e.expires_on) for e in batch.evidence] == [
        (date(2026, 11, 14), date(2029, 11, 14))
    ]


def test_a_file_mixing_day_first_and_month_first_dates_is_refused(catalogue: Catalogue) -> None:
    # Two exports pasted into one sheet: each date alone is plain, together they disagree, and
    # read one cell at a time the file was loaded with both orders and no word said.
    text = (
        "employee_id,item,completed_on\n"
        "E000001,L1-EVERYONE,11/14/2026\n"
        "E000002,L1-EVERYONE,2026-11-02\n"
        "E000003,AIF-C01,14/11/2026\n"
    )
    assert problems(catalogue, text) == [
        "lms.csv:4:3: completed_on: '14/11/2026' is day/month, but '11/14/2026' (line 2, completed_on)"
        " is month/day; one file has one order: fix the row, or give --date-format MM/DD/YYYY if that"
        " is the file's"
    ]
    same = text.replace("14/11/2026", "11/13/2026")
    assert {e.completed_on for e in read(catalogue, "lms.csv", same).evidence} >= {date(2026, 11, 13)}


def test_an_expiry_before_the_completion_is_refused_with_both_dates(catalogue: Catalogue) -> None:
    text = (
        "employee_id,item,completed_on,expires_on\n"
        "E000001,L1-EVERYONE,2026-10-01,\n"
        "E000002,AIF-C01,2026-11-04,2026-11-01\n"
    )
    assert problems(catalogue, text) == [
        "lms.csv:3:4: expires_on: expiry 2026-11-01 is before the completion date 2026-11-04;"
        " check both dates (are day and month swapped?) and export the row again"
    ]


def test_an_expiry_on_the_completion_day_is_accepted(catalogue: Catalogue) -> None:
    text = "employee_id,item,completed_on,expires_on\nE000002,AIF-C01,2026-11-04,2026-11-04\n"
    assert [e.expires_on for e in read(catalogue, "lms.csv", text).evidence] == [date(2026, 11, 4)]


def test_an_email_that_is_nobody_is_located(catalogue: Catalogue) -> None:
    text = "Email,Content Title,Completed Date\nnobody@example.com,AIF-C01,2026-11-14\n"
    assert problems(catalogue, text) == [
        "lms.csv:2:1: Email: 'nobody@example.com' is no one in the store; import the roster first"
    ]


def test_no_item_column_matches_the_row(catalogue: Catalogue) -> None:
    text = "User ID,Item ID,Item Title,Completion Date\nE000003,SF-1,Excel for beginners,2026-11-14\n"
    assert problems(catalogue, text) == [
        "lms.csv:2:2: Item ID: 'SF-1' is not a catalogue credential or course id or name"
        " (see `certpath catalogue list`)"
    ]


def test_a_whole_transcript_skips_rows_not_completed_yet_and_says_so(catalogue: Catalogue) -> None:
    batch = read(catalogue, "cornerstone-full-transcript.csv")
    assert {(e.person_id, e.item_id) for e in batch.evidence} == {
        ("E000003", "AIF-C01"),
        ("E000004", "L1-EVERYONE"),
    }
    assert batch.notes == [
        "3 row(s) not completed yet (In Progress, Registered) and with no completion date were skipped"
    ]


def test_a_completed_row_without_a_date_is_still_refused(catalogue: Catalogue) -> None:
    text = "User ID,Training Title,Transcript Status,Transcript Completed Date\nE000003,AIF-C01,Completed,\n"
    assert problems(catalogue, text) == [
        "lms.csv:2:4: Transcript Completed Date: '' is not a date; write it as YYYY-MM-DD (or give --date-format)"
    ]


def test_an_ambiguous_date_is_told_the_order_the_file_has_shown(catalogue: Catalogue) -> None:
    text = "employee_id,item,completed_on\nE000001,L1-EVERYONE,11/14/2026\nE000002,AIF-C01,05/11/2026\n"
    assert problems(catalogue, text) == [
        "lms.csv:3:3: completed_on: '05/11/2026' could be day/month or month/day; give --date-format"
        " MM/DD/YYYY (or DD/MM/YYYY), or write it as YYYY-MM-DD (this file's '11/14/2026' on line 2,"
        " completed_on, is month/day: --date-format MM/DD/YYYY)"
    ]
