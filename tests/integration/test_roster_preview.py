"""The upload preview says what an import would change, and role choices made there are imported."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from certpath.catalogue.model import Catalogue
from certpath.services.rosters import commit_roster, preview_roster, upload_roster
from certpath.services.tracking import import_people
from certpath.tracking.repository import PeopleRepository
from tests.factories import member, roster, unit_of_work

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, tzinfo=UTC)
FILE = (
    b"employee_id,name,job_title,status\n"
    b"A1,Ann,Data Engineer,active\n"
    b"A2,Bo,Chief Happiness Officer,active\n"
    b"A3,Cy,Data Scientist,terminated\n"
    b"A4,Di,ML Engineer,active\n"
)


def _store(engine: Engine, catalogue: Catalogue) -> None:
    """A1 with another title, A3 active (leaving now), A4 inactive (coming back)."""
    people = roster(member("A1", "ml-engineer"), member("A3", "data-scientist"), member("A4", "ml-engineer"))
    import_people(unit_of_work(engine, "test"), catalogue, people, today=TODAY)
    with engine.begin() as connection:
        store = PeopleRepository(connection)
        a4 = store.get("A4")
        assert a4 is not None
        store.save(replace(a4, active=False), version=store.versions()["A4"] + 1, at=NOW)


def test_preview_shows_changes_and_commit_applies_chosen_roles(engine: Engine, catalogue: Catalogue) -> None:
    _store(engine, catalogue)
    upload = upload_roster(
        unit_of_work(engine, "admin", now=NOW), catalogue, "hr.csv", io.BytesIO(FILE), today=TODAY
    )
    preview = preview_roster(unit_of_work(engine, now=NOW), catalogue, upload)
    assert not preview.issues
    assert preview.new == ["A2"] and preview.leaving == ["A3"] and preview.reactivated == ["A4"]
    assert "role" in preview.changed["A1"]
    (choice,) = preview.choices
    assert (
        choice.title == "Chief Happiness Officer"
        and choice.role == "everyone"
        and len(choice.suggestions) == 3
    )
    commit_roster(
        unit_of_work(engine, "admin", now=NOW),
        catalogue,
        upload,
        today=TODAY,
        titles={"Chief Happiness Officer": "ld-leader"},
    )
    with engine.connect() as connection:
        people = PeopleRepository(connection).all()
    assert people["A2"].role == "ld-leader"
    assert not people["A3"].active and people["A4"].active
