"""The write-scope check on SQLite and PostgreSQL: voids resolve against the store and earlier files
of the same import, a leaver is outside every manager's scope, and long lists of places are capped."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from certpath.catalogue.model import Catalogue
from certpath.errors import EvidenceError, WriteScopeError
from certpath.roster.importer import load_roster
from certpath.services.tracking import import_evidence, import_people, load_badge_map
from certpath.services.write_scope import MAX_LISTED, ORGANISATION
from certpath.tracking.model import Scope
from certpath.tracking.tables import evidence
from tests.factories import unit_of_work
from tests.integration.test_accounts_and_scope import ROSTER, TODAY

VERBS = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture
def org(engine: Engine, catalogue: Catalogue) -> Engine:
    import_people(
        unit_of_work(engine, "t"), catalogue, load_roster(ROSTER, catalogue, today=TODAY), today=TODAY
    )
    return engine


def statement(person: str, statement_id: str) -> dict[str, object]:
    return {
        "id": statement_id,
        "actor": {"account": {"homePage": "https://hr.example.com", "name": person}},
        "verb": {"id": VERBS + "completed"},
        "object": {"id": "https://lms.example.com/courses/l1-technical"},
        "timestamp": "2026-11-02T10:00:00Z",
    }


def void(target: str, statement_id: str) -> dict[str, object]:
    return {
        "id": statement_id,
        "actor": {"mbox": "mailto:lms@example.com"},
        "verb": {"id": VERBS + "voided"},
        "object": {"objectType": "StatementRef", "id": target},
    }


def write(folder: Path, name: str, *statements: dict[str, object]) -> Path:
    path = folder / name
    path.write_text(json.dumps(list(statements)))
    return path


def run(engine: Engine, catalogue: Catalogue, paths: list[Path], scope: Scope = ORGANISATION) -> list[int]:
    summaries = import_evidence(
        unit_of_work(engine, "t"),
        catalogue,
        paths,
        badge_map=load_badge_map(catalogue, None, None),
        today=TODAY,
        scope=scope,
        names=[p.name for p in paths],
    )
    return [s.voided for s in summaries]


def rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(evidence)).scalar_one())


def test_a_void_counts_statements_of_its_own_file_and_earlier_files_only(
    org: Engine, catalogue: Catalogue, tmp_path: Path
) -> None:
    first = write(tmp_path, "first.json", statement("E3", "s-1"), void("s-1", "v-1"))
    second = write(tmp_path, "second.json", statement("E4", "s-2"))
    early = write(tmp_path, "early.json", void("s-2", "v-2"))
    with pytest.raises(EvidenceError) as caught:
        run(org, catalogue, [first, early, second])
    assert "early.json: statements[0]: voiding statement 'v-2' voids 's-2'" in str(caught.value)
    assert rows(org) == 0
    assert run(org, catalogue, [first, second, early]) == [1, 0, 1]


def test_a_managers_scope_leaves_out_leavers_and_other_chains(
    org: Engine, catalogue: Catalogue, tmp_path: Path
) -> None:
    run(org, catalogue, [write(tmp_path, "theirs.json", statement("E6", "s-6"))])
    voiding = write(tmp_path, "void.json", void("s-6", "v-6"))
    with pytest.raises(WriteScopeError, match=re.escape("void.json: statements[0]: voiding statement 'v-6'")):
        run(org, catalogue, [voiding], Scope(manager="E2"))
    assert run(org, catalogue, [voiding], Scope(manager="E5")) == [1]
    without_e4 = tmp_path / "roster.csv"
    without_e4.write_text(
        "".join(line for line in ROSTER.read_text().splitlines(True) if "E4," not in line[:3])
    )
    roster = load_roster(without_e4, catalogue, today=TODAY)
    import_people(unit_of_work(org, "t"), catalogue, roster, today=TODAY, deactivate_missing=True)
    leaver = write(tmp_path, "leaver.json", statement("E4", "s-4"))
    with pytest.raises(WriteScopeError, match="statement 's-4' names E4"):
        run(org, catalogue, [leaver], Scope(manager="E2"))
    assert run(org, catalogue, [leaver], ORGANISATION) == [0]  # the operator still records a leaver's history


def test_a_long_list_of_places_outside_scope_is_capped(
    org: Engine, catalogue: Catalogue, tmp_path: Path
) -> None:
    days = [date(2026, 1, 1).replace(day=d, month=m) for m in range(1, 8) for d in range(1, 23)]
    lines = "".join(f"E7,L1-EVERYONE,{d}\n" for d in days[: MAX_LISTED + 50])
    path = tmp_path / "many.csv"
    path.write_text("employee_id,item,completed_on\n" + lines)
    with pytest.raises(WriteScopeError) as caught:
        run(org, catalogue, [path], Scope(person="E6"))
    assert len(caught.value.issues) == MAX_LISTED + 1
    assert caught.value.issues[-1].message == "and 50 more places like these"
    assert str(caught.value.issues[0]) == "many.csv:2: the row names E7"
    assert rows(org) == 0
