"""The tracking store end to end on SQLite and PostgreSQL: people, evidence, status, gaps, due, backup."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from certpath.catalogue.model import Catalogue
from certpath.errors import EvidenceError, InputError, SchemaBehindError
from certpath.roster.importer import load_roster
from certpath.roster.model import Roster, RosterOptions
from certpath.services.progress import Scope, due_report, gaps_report, status_report
from certpath.services.tracking import import_evidence, import_people, load_badge_map, record_completion
from certpath.services.write_scope import ORGANISATION
from certpath.tracking import database
from certpath.tracking.backup import backup, dump_rows, restore
from certpath.tracking.tables import audit_log, evidence, people, person_versions
from tests.factories import unit_of_work

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "certpath" / "examples"
TODAY = date(2026, 11, 22)


def enterprise(catalogue: Catalogue) -> Roster:
    return load_roster(
        EXAMPLES / "enterprise-org.successfactors.csv", catalogue, today=TODAY, options=RosterOptions()
    )


def load_example_org(engine: Engine, catalogue: Catalogue) -> None:
    import_people(unit_of_work(engine, "hr"), catalogue, enterprise(catalogue), today=TODAY)
    badge_map = load_badge_map(catalogue, [EXAMPLES / "badge-map.yaml"], None)
    files = sorted((EXAMPLES / "evidence").iterdir())
    import_evidence(
        unit_of_work(engine, "ld"), catalogue, files, badge_map=badge_map, today=TODAY, scope=ORGANISATION
    )


def count(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_roster_import_upserts_keeps_history_and_deactivates_leavers(
    engine: Engine, catalogue: Catalogue
) -> None:
    roster = enterprise(catalogue)
    first = import_people(unit_of_work(engine, "hr"), catalogue, roster, today=TODAY)
    assert len(first.added) == 120 and not first.changed
    moved = replace(roster.members[5], team="New Team", title="Senior Compliance Manager")
    later = replace(
        roster, members=(*roster.members[:5], moved, *roster.members[7:]), leavers=(roster.members[6].id,)
    )
    second = import_people(unit_of_work(engine, "hr"), catalogue, later, today=TODAY)
    assert second.changed == [moved.id] and second.deactivated == [roster.members[6].id]
    assert second.unchanged == 118
    with engine.connect() as connection:
        row = connection.execute(select(people).where(people.c.id == moved.id)).one()
        assert (row.team, row.version) == ("New Team", 2)
        gone = connection.execute(
            select(people.c.active).where(people.c.id == roster.members[6].id)
        ).scalar_one()
        assert gone is False or gone == 0
        versions = connection.execute(
            select(func.count()).select_from(person_versions).where(person_versions.c.person_id == moved.id)
        ).scalar_one()
        assert versions == 2
        actions = [r.action for r in connection.execute(select(audit_log.c.action).order_by(audit_log.c.id))]
    assert (
        actions.count("person.add") == 120 and "person.update" in actions and "person.deactivate" in actions
    )
    assert count(engine, people) == 120  # nobody is deleted


def test_example_org_end_to_end(engine: Engine, catalogue: Catalogue) -> None:
    load_example_org(engine, catalogue)
    with engine.connect() as connection:
        sources = dict(
            connection.execute(text("SELECT source, COUNT(*) FROM evidence GROUP BY source")).all()
        )
        verified = connection.execute(
            text("SELECT COUNT(*) FROM evidence WHERE assurance = 'verified'")
        ).scalar_one()
        voided = connection.execute(
            text("SELECT COUNT(*) FROM evidence WHERE status = 'voided'")
        ).scalar_one()
    assert sources["ob3"] == 4 and sources["credly"] == 3 and sources["ob2"] == 1 and sources["csv"] == 3
    assert verified == 4 and voided == 1
    report = status_report(unit_of_work(engine), catalogue, today=TODAY, scope=Scope(person="E000002"))
    ((_, layers),) = report.people
    l5 = next(s for s in layers if s.layer == 5)
    assert l5.held and l5.mark == "refresh-due" and l5.state == "refresh-due" and l5.verified
    assert not l5.overdue and l5.next_date is not None and l5.next_date >= TODAY
    # The mid policy counts claimed evidence unless asked; the enterprise one (the example's own,
    # 120 people) never does (VERIFIED-LAYERS).
    gaps = gaps_report(
        unit_of_work(engine),
        catalogue,
        today=TODAY,
        scope=Scope(),
        bus_factor=2,
        min_freshness=0.25,
        verified_only=False,
        policy="mid",
    )
    assert gaps.gaps and all(g.holding < g.required for g in gaps.gaps)
    assert all(g.cost_usd is not None and g.weeks for g in gaps.gaps)
    strict = gaps_report(
        unit_of_work(engine),
        catalogue,
        today=TODAY,
        scope=Scope(),
        bus_factor=2,
        min_freshness=0.25,
        verified_only=True,
        policy="mid",
    )
    assert len(strict.gaps) > len(gaps.gaps)  # only signed evidence counts, so more layers are missing
    own = gaps_report(
        unit_of_work(engine),
        catalogue,
        today=TODAY,
        scope=Scope(),
        bus_factor=2,
        min_freshness=0.25,
        verified_only=False,
    )
    assert own.policy == "enterprise" and own.accepted == ("verified",)
    due = due_report(unit_of_work(engine), catalogue, today=TODAY, within_days=90, scope=Scope())
    kinds = {(d.subject, d.kind) for d in due}
    assert (
        "GCP-PMLE",
        "renewal-open",
    ) in kinds  # Credly says it expires 2026-12-01; Google's window is 60 days
    assert ("AI-103", "renewal-open") in kinds  # Microsoft's window opens six months ahead
    assert [d.due_on for d in due] == sorted(d.due_on for d in due)


def test_reimport_is_idempotent_and_voids_stay_applied(engine: Engine, catalogue: Catalogue) -> None:
    load_example_org(engine, catalogue)
    before = list(dump_rows(engine))
    badge_map = load_badge_map(catalogue, [EXAMPLES / "badge-map.yaml"], None)
    again = import_evidence(
        unit_of_work(engine, "ld"),
        catalogue,
        [EXAMPLES / "evidence" / "lms-statements.json"],
        badge_map=badge_map,
        today=TODAY,
        scope=ORGANISATION,
    )
    assert again[0].added == 0 and again[0].voided == 0
    after = [(t, r) for t, r in dump_rows(engine) if t == "evidence"]
    assert after == [(t, r) for t, r in before if t == "evidence"]


def test_a_file_with_one_bad_row_writes_nothing(engine: Engine, catalogue: Catalogue, tmp_path: Path) -> None:
    import_people(unit_of_work(engine, "hr"), catalogue, enterprise(catalogue), today=TODAY)
    bad = tmp_path / "completions.csv"
    bad.write_text("employee_id,item,completed_on\nE000001,L1-EVERYONE,2026-01-05\nE000002,NOPE,2026-13-01\n")
    good = EXAMPLES / "evidence" / "completions.csv"
    badge_map = load_badge_map(catalogue, [], None)
    before = list(dump_rows(engine))
    with pytest.raises(EvidenceError) as caught:
        import_evidence(
            unit_of_work(engine, "ld"),
            catalogue,
            [good, bad],
            badge_map=badge_map,
            today=TODAY,
            scope=ORGANISATION,
        )
    message = str(caught.value)
    assert f"{bad}:3:2: item: 'NOPE' is not a catalogue credential" in message
    assert f"{bad}:3:3: completed_on: '2026-13-01' is not a date" in message
    assert list(dump_rows(engine)) == before


def test_record_refuses_unknown_people_items_and_duplicates(engine: Engine, catalogue: Catalogue) -> None:
    import_people(unit_of_work(engine, "hr"), catalogue, enterprise(catalogue), today=TODAY)
    record_completion(
        unit_of_work(engine, "me"),
        catalogue,
        "E000003",
        "L1-EVERYONE",
        day=date(2026, 10, 1),
        today=TODAY,
        scope=ORGANISATION,
    )
    with pytest.raises(InputError, match="already has L1-EVERYONE recorded"):
        record_completion(
            unit_of_work(engine, "me"),
            catalogue,
            "E000003",
            "L1-EVERYONE",
            day=date(2026, 10, 1),
            today=TODAY,
            scope=ORGANISATION,
        )
    with pytest.raises(InputError, match="Did you mean 'L1-EVERYONE'"):
        record_completion(
            unit_of_work(engine, "me"),
            catalogue,
            "E000003",
            "L1-EVERYON",
            day=date(2026, 10, 1),
            today=TODAY,
            scope=ORGANISATION,
        )
    with pytest.raises(InputError, match="No one with employee id 'X1'"):
        record_completion(
            unit_of_work(engine, "me"),
            catalogue,
            "X1",
            "L1-EVERYONE",
            day=date(2026, 10, 1),
            today=TODAY,
            scope=ORGANISATION,
        )
    with engine.connect() as connection:
        row = connection.execute(select(evidence).where(evidence.c.person_id == "E000003")).one()
    assert row.assurance == "claimed" and row.source == "record"


def test_audit_log_is_append_only_in_the_database(engine: Engine, catalogue: Catalogue) -> None:
    import_people(unit_of_work(engine, "hr"), catalogue, enterprise(catalogue), today=TODAY)
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert count(engine, audit_log) == 122  # the import now also writes one roster.import entry


def test_backup_restores_exactly_on_each_engine_and_across(
    engine: Engine, catalogue: Catalogue, tmp_path: Path, postgres_url: str
) -> None:
    load_example_org(engine, catalogue)
    saved = tmp_path / "backup.jsonl.gz"
    counts = backup(engine, saved)
    assert counts["evidence"] == count(engine, evidence)
    from tests.integration.conftest import fresh_postgres

    other = (
        database.make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
        if engine.dialect.name == "postgresql"
        else fresh_postgres(postgres_url)
    )
    for target in (other,):
        database.upgrade(target)
        restore(target, saved)
        assert list(dump_rows(target)) == list(dump_rows(engine))
        with pytest.raises(Exception, match="not empty"):
            restore(target, saved)
        # New rows continue after the restored ids.
        record_completion(
            unit_of_work(target, "me"),
            catalogue,
            "E000010",
            "L6-STRATEGY",
            day=date(2026, 11, 1),
            today=TODAY,
            scope=ORGANISATION,
        )
    other.dispose()


def test_schema_behind_is_refused_with_the_command_to_run(first_schema_engine: Engine) -> None:
    head = database.head_revision()
    assert head != "0001"
    with pytest.raises(
        SchemaBehindError,
        match=rf"is at schema 0001; this certpath needs {head}\. Run `certpath db backup FILE` and then `certpath db upgrade`",
    ):
        database.ensure_current(first_schema_engine)


def test_upgrade_from_0001_keeps_evidence_and_shares_verification_records(
    first_schema_engine: Engine, catalogue: Catalogue
) -> None:
    engine = first_schema_engine
    record = json.dumps(
        {"format": "csv", "checks": [{"check": "structure", "outcome": "passed", "detail": "ok"}]}
    )
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO people (id, name, email, role, team, title, cloud, hours_per_week, "
                "deploys_to_production, leads_externally, active, version, updated_at) VALUES "
                "('E1', 'Ada', '', 'ml-engineer', 'ML', '', 'aws', 5, :no, :no, :yes, 1, :now)"
            ),
            {"no": False, "yes": True, "now": now},
        )
        for n, item in enumerate(("L1-TECHNICAL", "CKA")):  # an ML engineer needs technical Layer 1
            connection.execute(
                text(
                    "INSERT INTO evidence (person_id, item_id, source, external_id, status, completed_on, "
                    "assurance, checks, created_at) VALUES "
                    "('E1', :item, 'csv', :ext, 'completed', :day, 'recorded', :checks, :now)"
                ),
                {"item": item, "ext": f"r{n}", "day": date(2026, 10, 1), "checks": record, "now": now},
            )
    database.upgrade(engine)
    assert database.schema_state(engine).up_to_date
    with engine.connect() as connection:
        records = connection.execute(text("SELECT id, record FROM verifications")).all()
        pointers = connection.execute(text("SELECT DISTINCT verification_id FROM evidence")).scalars().all()
    assert [r.record for r in records] == [record]
    assert pointers == [records[0].id]
    report = status_report(unit_of_work(engine), catalogue, today=TODAY, scope=Scope(person="E1"))
    ((_, layers),) = report.people
    assert {s.layer: s.state for s in layers}[1] == "complete"


def test_new_database_is_created_on_first_use(empty_engine: Engine) -> None:
    assert database.schema_state(empty_engine).empty
    database.ensure_current(empty_engine)
    assert database.schema_state(empty_engine).up_to_date


def test_concurrent_roster_imports_on_postgres_lose_no_update(
    catalogue: Catalogue, postgres_url: str
) -> None:
    from tests.integration.conftest import fresh_postgres

    engine = fresh_postgres(postgres_url)
    database.upgrade(engine)
    roster = enterprise(catalogue)
    import_people(unit_of_work(engine, "hr"), catalogue, roster, today=TODAY)
    target = roster.members[0]
    variants = [
        replace(roster, members=(replace(target, title=f"Chief Technology Officer {n}"), *roster.members[1:]))
        for n in range(2)
    ]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(variant: Roster) -> None:
        try:
            barrier.wait()
            import_people(unit_of_work(engine, "hr"), catalogue, variant, today=TODAY)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(v,)) for v in variants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with engine.connect() as connection:
        version = connection.execute(select(people.c.version).where(people.c.id == target.id)).scalar_one()
        history = (
            connection.execute(
                select(person_versions.c.data)
                .where(person_versions.c.person_id == target.id)
                .order_by(person_versions.c.version)
            )
            .scalars()
            .all()
        )
        updates = connection.execute(
            text("SELECT before, after FROM audit_log WHERE action = 'person.update' ORDER BY id")
        ).all()
    assert version == 3 and len(history) == 3  # both changes are in the history, one after the other
    assert len(updates) == 2 and updates[1].before == updates[0].after
    engine.dispose()
