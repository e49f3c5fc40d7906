"""Small files built to cost the server a lot: an XLSX zip bomb, a YAML alias bomb, numbers of
thousands of digits. Each is refused while reading, naming the file and what is wrong; none is a 500,
none fills memory and nothing of them is stored as a person."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook

from certpath.roster.reading import MAX_CELL_CHARS, MAX_XLSX_UNPACKED
from tests.e2e.conftest import Org

SHEET = "xl/worksheets/sheet1.xml"
MB = 1 << 20


def workbook_with_cell(fill: bytes, *, repeat: int) -> bytes:
    """A one-person roster workbook whose first name is `fill` * `repeat`, written as a stream so
    that a part unpacking to hundreds of MB costs the test little memory."""
    book = Workbook()
    book.active.append(["User ID", "First Name", "Last Name", "Title"])
    book.active.append(["E1", "x", "y", "CTO"])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != SHEET:
                bomb.writestr(info, data)
                continue
            head, _, tail = data.partition(b"<t>x</t>")
            with bomb.open(SHEET, "w", force_zip64=True) as part:
                part.write(head + b"<t>")
                for _ in range(repeat):
                    part.write(fill)
                part.write(b"</t>" + tail)
    return out.getvalue()


def upload(org: Org, name: str, body: bytes) -> dict[str, Any]:
    answer = org.client("ld").post("/api/v1/rosters", files={"file": (name, body)})
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def only_issue(preview: dict[str, Any]) -> dict[str, Any]:
    assert preview["ok"] is False and preview["people"] == []
    assert len(preview["issues"]) == 1, preview["issues"]
    issue: dict[str, Any] = preview["issues"][0]
    return issue


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(org: Org) -> None:
    repeat = MAX_XLSX_UNPACKED // MB + 10
    bomb = workbook_with_cell(b"A" * MB, repeat=repeat)
    assert len(bomb) < MAX_XLSX_UNPACKED // 500  # a few hundred KB
    tracemalloc.start()
    try:
        preview = upload(org, "bomb.xlsx", bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    issue = only_issue(preview)
    assert issue["location"]["file"] == "bomb.xlsx"
    assert f"more than the {MAX_XLSX_UNPACKED:,} a roster workbook may" in issue["message"]
    assert "save the roster as CSV" in issue["message"]
    # Unpacked, the one cell alone is over 200 MB.
    assert peak < 50 * MB, f"peak {peak / MB:.0f} MB"


def test_a_cell_longer_than_excel_allows_is_a_located_problem(org: Org) -> None:
    book = workbook_with_cell(b"B", repeat=MAX_CELL_CHARS + 1)
    issue = only_issue(upload(org, "long.xlsx", book))
    assert (issue["location"]["file"], issue["location"]["line"], issue["location"]["column"]) == (
        "long.xlsx",
        2,
        2,
    )
    assert f"{MAX_CELL_CHARS + 1:,} characters, more than Excel's {MAX_CELL_CHARS:,}" in issue["message"]


def alias_bomb(levels: int) -> bytes:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels)]
    top = f"*l{levels - 1}"
    lines.append('members:\n  - {"User ID": E1, "First Name": ' + top + ', "Last Name": y, "Title": CTO}')
    return ("\n".join(lines) + "\n").encode()


def test_a_yaml_alias_bomb_is_refused_naming_the_line(org: Org) -> None:
    # 498 bytes with eight levels took a live server to 8 GB; six levels (a million values) is enough to show it.
    issue = only_issue(upload(org, "laughs.yaml", alias_bomb(6)))
    assert issue["location"]["file"] == "laughs.yaml" and issue["location"]["line"] == 2
    assert "uses a YAML alias (*name)" in issue["message"]


def test_yaml_without_aliases_is_still_read(org: Org) -> None:
    plain = b'members:\n  - {"User ID": Y1, "First Name": Yael, "Last Name": Ames, "Title": AI Engineer}\n'
    preview = upload(org, "plain.yaml", plain)
    assert preview["ok"] is True and [p["name"] for p in preview["people"]] == ["Yael Ames"]


def test_a_roster_yaml_number_of_thousands_of_digits_is_a_problem_not_a_500(org: Org) -> None:
    huge = (
        b'members:\n  - {"User ID": E1, "First Name": ' + b"1" * 5000 + b', "Last Name": y, "Title": CTO}\n'
    )
    issue = only_issue(upload(org, "digits.yaml", huge))
    assert issue["location"]["file"] == "digits.yaml"
    assert "has a value that cannot be read (Exceeds the limit (4300 digits)" in issue["message"]
    assert "set_int_max_str_digits" not in issue["message"]


@pytest.mark.parametrize(
    ("name", "body", "line"),
    [
        ("digits.json", b'{"a": ' + b"1" * 5000 + b"}", None),
        ("digits.ndjson", b'{"verb": {"id": "x"}}\n[' + b"7" * 5000 + b"]\n", 2),
    ],
)
def test_evidence_with_a_number_of_thousands_of_digits_is_a_located_422(
    org: Org, name: str, body: bytes, line: int | None
) -> None:
    answer = org.client("member").post("/api/v1/evidence/files", files=[("files", (name, body))])
    assert answer.status_code == 422, answer.text
    issues = answer.json()["error"]["issues"]
    digits = [
        i for i in issues if "has a number that cannot be read (Exceeds the limit (4300" in i["message"]
    ]
    assert [(i["location"]["file"], i["location"]["line"]) for i in digits] == [(name, line)], issues


@pytest.mark.parametrize("required", [False, True])
def test_a_header_of_a_hundred_thousand_columns_makes_a_short_preview(org: Org, required: bool) -> None:
    # A 20 MB header line of ten million columns made a 60 MB preview, stored and sent on every view.
    extra = ",".join(f"c{n}" for n in range(100_000))
    header = f"employee_id,name,job_title,team,{extra}" if required else extra
    width = header.count(",") + 1
    row = "W1,Wes Wide,AI Engineer,Wide" + "," * (width - 4)  # as wide as the header, so not ragged
    body = (header + "\n" + row + "\n").encode()
    preview = org.client("ld").post("/api/v1/rosters", files={"file": ("wide.csv", body)})
    assert preview.status_code == 201 and len(preview.content) < 20_000, len(preview.content)
    said = " ".join([i["message"] for i in preview.json()["issues"]] + preview.json()["notes"])
    assert "c0, c1, c2" in said and "and 99,980 more" in said


@pytest.mark.parametrize(
    ("path", "body", "content_type"),
    [
        ("/api/v1/advise", b'{"goal": ' + b"1" * 5000 + b"}", "application/json"),
        ("/api/v1/advise", b'{"goal": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "application/json"),
        ("/api/v1/evidence/files", b"--x\r\n", "multipart/form-data"),
    ],
)
def test_a_body_that_cannot_be_parsed_gets_the_json_error_shape(
    org: Org, path: str, body: bytes, content_type: str
) -> None:
    answer = org.client("member").post(path, content=body, headers={"content-type": content_type})
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["code"] == "bad-input"
    assert error["message"].startswith("The request body could not be read (")
