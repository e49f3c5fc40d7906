"""`recorded` means the organisation's own records: the same unsigned file is `recorded` when an
L&D admin imports it and `claimed` when a member or a manager uploads it for themselves or their
chain (they could have typed it, exactly as the single-record form, which is `claimed` too)."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Org


def completions(person: str, item: str) -> bytes:
    return (
        "employee_id,item,completed_on,status,credential_id,note\n"
        f"{person},{item},2026-10-02,passed,X-1,from the HR certificate register\n"
    ).encode()


def xapi(person: str) -> bytes:
    statement = {
        "id": f"6f1c8e0a-0000-4000-8000-0000000000{person[-1] * 2}",
        "actor": {"account": {"name": person}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {
            "id": "https://lms.example.com/courses/l1-technical",
            "definition": {"name": {"en-US": "AI foundations for engineers"}},
        },
        "timestamp": "2026-10-03T10:00:00Z",
    }
    return (json.dumps(statement) + "\n").encode()


def assurance_of(org: Org, person: str, item: str) -> list[str]:
    evidence = org.client("admin").get(f"/api/v1/people/{person}").json()["evidence"]
    return [e["assurance"] for e in evidence if e["item"] == item]


@pytest.mark.parametrize(
    ("writer", "person", "expected"),
    [("member", "E6", "claimed"), ("manager", "E4", "claimed"), ("ld", "E7", "recorded")],
)
def test_an_unsigned_file_is_a_record_only_when_the_organisation_imports_it(
    org: Org, writer: str, person: str, expected: str
) -> None:
    files = [
        ("files", ("done.csv", completions(person, "PMI-CPMAI"))),
        ("files", ("lms.ndjson", xapi(person))),
    ]
    answer = org.client(writer).post("/api/v1/evidence/files", files=files)
    assert answer.status_code == 201, answer.text
    assert assurance_of(org, person, "PMI-CPMAI") == [expected]
    assert expected in assurance_of(org, person, "L1-TECHNICAL")
