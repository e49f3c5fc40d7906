"""Roster uploads keep only what certpath reads: the preview (parsed once) and the recognised
columns until commit; pay, birth dates and ids never reach the database; uncommitted uploads
are purged after a day; the import is audited by file name and people, never a server path."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine, LargeBinary, String, Text, inspect, select

from certpath.services import rosters
from certpath.tracking.tables import metadata, roster_uploads
from tests.e2e.conftest import NOW, PASSWORD, TODAY, Org
from tests.factories import unit_of_work

SECRETS = ("98765.43", "1971-02-03", "12 Acacia Avenue", "QQ123456C", "SX-7700")
HR_EXPORT = (
    b"Employee ID,Name,Job Title,Department,Manager ID,Salary,Date of Birth,Home Address,National ID,Pay Grade\n"
    b'H1,Hana Ito,AI Engineer,Research,E1,98765.43,1971-02-03,"12 Acacia Avenue, Leeds",QQ123456C,SX-7700\n'
    b'H2,Ravi Das,Data Scientist,Research,H1,98765.43,1971-02-03,"12 Acacia Avenue, Leeds",QQ123456C,SX-7700\n'
)


def stored_text(engine: Engine) -> str:
    """Every text and binary value in every table of the database, joined."""
    values: list[str] = []
    with engine.connect() as connection:
        for name in inspect(connection).get_table_names():
            table = metadata.tables.get(name)
            if table is None:
                continue
            columns = [c for c in table.columns if isinstance(c.type, (String, Text, LargeBinary))]
            for row in connection.execute(select(*columns)) if columns else ():
                values += [v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row]
    return "\n".join(values)


def leaks(engine: Engine) -> list[str]:
    text = stored_text(engine)
    return [secret for secret in SECRETS if secret in text]


def test_pay_birth_date_address_and_national_id_never_reach_the_database(org: Org) -> None:
    admin = org.client("ld")
    preview = admin.post("/api/v1/rosters", files={"file": ("hr-export.csv", HR_EXPORT)}).json()
    assert preview["ok"], preview
    assert [p["id"] for p in preview["people"]] == ["H1", "H2"]
    assert any("Salary" in n and "Date of Birth" in n for n in preview["notes"])
    assert leaks(org.engine) == []
    with org.engine.connect() as connection:
        kept = connection.execute(
            select(roster_uploads.c.data).where(roster_uploads.c.id == preview["upload_id"])
        ).scalar_one()
    assert kept.decode().splitlines()[0] == "employee_id,name,title,team,manager_id"
    done = admin.post(f"/api/v1/rosters/{preview['upload_id']}/commit").json()
    assert done["added"] == ["H1", "H2"] and done["source"] == "hr-export.csv"
    assert leaks(org.engine) == []
    with org.engine.connect() as connection:
        row = connection.execute(
            select(roster_uploads).where(roster_uploads.c.id == preview["upload_id"])
        ).one()
    assert row.data is None and json.loads(row.preview)["people"] == []
    again = admin.get(f"/api/v1/rosters/{preview['upload_id']}").json()
    assert again["committed"] and again["people"] == []


def test_a_preview_is_parsed_once_at_upload(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = org.client("ld")
    roster = b"employee_id,name,job_title,team\nP1,Pia Once,AI Engineer,Once\n"
    first = admin.post("/api/v1/rosters", files={"file": ("once.csv", roster)}).json()

    def parse_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the upload was parsed again")

    monkeypatch.setattr(rosters, "read_table", parse_again)
    monkeypatch.setattr(rosters, "roster_from_table", parse_again)
    shown = admin.get(f"/api/v1/rosters/{first['upload_id']}").json()
    assert shown == first
    browser = org.client()
    assert browser.post("/api/v1/session", json={"username": "ld", "password": PASSWORD}).status_code == 200
    page = browser.get(f"/rosters/{first['upload_id']}")
    assert page.status_code == 200 and "Pia Once" in page.text


def test_uploads_not_committed_within_a_day_are_purged(org: Org) -> None:
    source = io.BytesIO(b"employee_id,name,job_title,team\nQ1,Quin Old,AI Engineer,Old\n")
    catalogue = org.app.state.context.catalogue
    old = rosters.upload_roster(
        unit_of_work(org.engine, "t", now=NOW), catalogue, "old.csv", source, today=TODAY
    )
    assert rosters.purge_uploads(unit_of_work(org.engine, now=NOW + timedelta(hours=23))) == 0
    assert rosters.purge_uploads(unit_of_work(org.engine, now=NOW + timedelta(hours=25))) >= 1
    missing = org.client("ld").get(f"/api/v1/rosters/{old}")
    assert missing.status_code == 404 and "Upload the file again" in missing.json()["error"]["message"]
    with org.engine.connect() as connection:
        committed = connection.execute(
            select(roster_uploads.c.id).where(roster_uploads.c.committed_at.is_not(None))
        ).all()
    assert committed  # imported uploads stay as a record, with nothing of the file left


def test_the_import_is_audited_by_file_name_and_people_and_no_answer_shows_a_server_path(org: Org) -> None:
    admin = org.client("ld")
    roster = (
        b"employee_id,name,job_title,team,status\nA1,Ada Audit,AI Engineer,Audit,active\nE7,,,,terminated\n"
    )
    answers = [admin.post("/api/v1/rosters", files={"file": ("../../etc/audit me.csv", roster)})]
    upload_id = answers[0].json()["upload_id"]
    answers.append(admin.get(f"/api/v1/rosters/{upload_id}"))
    answers.append(admin.post(f"/api/v1/rosters/{upload_id}/commit"))
    broken = admin.post("/api/v1/rosters", files={"file": ("broken.csv", b"name\nNo Id\n")})
    answers += [broken, admin.post(f"/api/v1/rosters/{broken.json()['upload_id']}/commit")]
    for answer in answers:
        assert "/tmp" not in answer.text and "certpath-upload" not in answer.text, answer.text
    assert broken.json()["issues"][0]["location"]["file"] == "broken.csv"
    log = org.client("auditor").get("/api/v1/audit-log", params={"action": "roster.import"}).json()
    entry = next(e for e in log if e["subject_id"] == "audit me.csv")
    after = entry["after"] if isinstance(entry["after"], dict) else json.loads(entry["after"])
    assert after["file"] == "audit me.csv" and after["added"] == ["A1"] and after["deactivated"] == ["E7"]
    assert entry["actor"] == "ld"
