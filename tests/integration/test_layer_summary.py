"""The per-person layer summary stays equal to a rebuild from evidence, and gaps read it correctly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from certpath.catalogue.coverage import fresh_since
from certpath.catalogue.model import Catalogue
from certpath.services.progress import Scope, gaps_report, status_report
from certpath.services.tracking import import_evidence, load_badge_map, record_completion
from certpath.services.write_scope import ORGANISATION
from certpath.tracking import summary
from certpath.tracking.backup import backup, restore
from certpath.tracking.summary import CatalogueMaps
from certpath.tracking.tables import layer_map, person_layers
from tests.factories import unit_of_work
from tests.integration.test_tracking_store import EXAMPLES, TODAY, load_example_org


def summary_rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        columns = person_layers.c
        query = select(person_layers).order_by(columns.person_id, columns.layer, columns.depth)
        return [tuple(row) for row in connection.execute(query)]


def rebuilt_rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.begin() as connection:
        summary.rebuild(connection)
    return summary_rows(engine)


def test_incremental_refresh_equals_a_full_rebuild(engine: Engine, catalogue: Catalogue) -> None:
    load_example_org(engine, catalogue)  # roster, every example file, one xAPI void
    record_completion(
        unit_of_work(engine, "me"),
        catalogue,
        "E000003",
        "CKA",
        day=date(2026, 10, 2),
        today=TODAY,
        scope=ORGANISATION,
    )
    record_completion(
        unit_of_work(engine, "me"),
        catalogue,
        "E000003",
        "L3-MLOPS",
        day=date(2026, 11, 2),
        today=TODAY,
        scope=ORGANISATION,
    )
    incremental = summary_rows(engine)
    assert incremental and incremental == rebuilt_rows(engine)
    cka = next(r for r in incremental if r[:3] == ("E000003", 3, "technical"))
    assert cka[3] == date(2026, 11, 2)  # the later of the two Layer 3 completions


def _statement(statement_id: str, verb: str, target: str) -> str:
    kind = "StatementRef" if verb == "voided" else "Activity"
    return (
        f'{{"id": "{statement_id}", "actor": {{"account": {{"homePage": "https://hr.example.com", "name": "E000009"}}}},'
        f' "verb": {{"id": "http://adlnet.gov/expapi/verbs/{verb}"}},'
        f' "object": {{"objectType": "{kind}", "id": "{target}"}}, "timestamp": "2026-11-10T10:00:00Z"}}'
    )


def test_a_void_takes_the_layer_away(engine: Engine, catalogue: Catalogue, tmp_path: Path) -> None:
    load_example_org(engine, catalogue)
    badge_map = load_badge_map(catalogue, [EXAMPLES / "badge-map.yaml"], None)
    first, second = "6f1c1d52-0000-4000-8000-000000000001", "6f1c1d52-0000-4000-8000-000000000002"

    def layer_6_held() -> bool:
        return any(row[:2] == ("E000009", 6) and row[3] is not None for row in summary_rows(engine))

    assert not layer_6_held()
    done = tmp_path / "done.json"
    done.write_text(f"[{_statement(first, 'completed', 'https://lms.example.com/courses/l6-strategy')}]")
    import_evidence(
        unit_of_work(engine, "lms"), catalogue, [done], badge_map=badge_map, today=TODAY, scope=ORGANISATION
    )
    assert layer_6_held()
    voided = tmp_path / "void.json"
    voided.write_text(f"[{_statement(second, 'voided', first)}]")
    (result,) = import_evidence(
        unit_of_work(engine, "lms"), catalogue, [voided], badge_map=badge_map, today=TODAY, scope=ORGANISATION
    )
    assert result.voided == 1
    assert not layer_6_held()
    assert summary_rows(engine) == rebuilt_rows(engine)


def test_a_changed_catalogue_map_rebuilds_the_summary(engine: Engine, catalogue: Catalogue) -> None:
    load_example_org(engine, catalogue)
    maps = CatalogueMaps.of(catalogue)
    with engine.begin() as connection:
        assert not summary.sync(connection, maps)  # already in step
    # A catalogue release moves an item to another layer.
    moved = CatalogueMaps(
        frozenset((i, 2, d) if i == "L1-EVERYONE" else (i, n, d) for i, n, d in maps.item_layers), maps.needs
    )
    with engine.begin() as connection:
        assert summary.sync(connection, moved)
        stored = {(r.item_id, r.layer) for r in connection.execute(select(layer_map))}
    assert ("L1-EVERYONE", 2) in stored and ("L1-EVERYONE", 1) not in stored
    assert summary_rows(engine) == rebuilt_rows(engine)
    summary.ensure(engine, maps)  # and back, as the next read does
    with engine.connect() as connection:
        stored = {(r.item_id, r.layer, r.depth) for r in connection.execute(select(layer_map))}
    assert stored == maps.item_layers


def test_restore_rebuilds_the_summary_on_first_read(
    engine: Engine, catalogue: Catalogue, tmp_path: Path, postgres_url: str
) -> None:
    from tests.integration.conftest import fresh_postgres

    load_example_org(engine, catalogue)
    before = status_report(unit_of_work(engine), catalogue, today=TODAY, scope=Scope())
    saved = tmp_path / "store.jsonl"
    backup(engine, saved)
    target = fresh_postgres(postgres_url) if engine.dialect.name == "sqlite" else _sqlite(tmp_path)
    from certpath.tracking.database import upgrade

    upgrade(target)
    with target.begin() as connection:  # a map left from an earlier read must not survive the restore
        summary.sync(connection, CatalogueMaps.of(catalogue))
    restore(target, saved)
    after = status_report(unit_of_work(target), catalogue, today=TODAY, scope=Scope())
    assert [(p.id, layers) for p, layers in after.people] == [(p.id, layers) for p, layers in before.people]
    target.dispose()


def _sqlite(folder: Path) -> Engine:
    from certpath.tracking.database import make_engine

    return make_engine(f"sqlite:///{folder / 'restored.db'}")


def test_gaps_counts_match_the_member_matrix_and_status(engine: Engine, catalogue: Catalogue) -> None:
    load_example_org(engine, catalogue)
    for verified_only in (False, True):
        report = gaps_report(
            unit_of_work(engine),
            catalogue,
            today=TODAY,
            scope=Scope(),
            bus_factor=2,
            min_freshness=0.25,
            verified_only=verified_only,
            with_members=True,
        )
        recount: dict[str, dict[int, tuple[int, int]]] = {}
        for cell in report.matrix:
            needing, holding = recount.setdefault(cell.team, {}).get(cell.layer, (0, 0))
            recount[cell.team][cell.layer] = (needing + 1, holding + cell.holds)
        assert recount == report.coverage
    status = status_report(unit_of_work(engine), catalogue, today=TODAY, scope=Scope())
    since = fresh_since(TODAY, 0.25)
    by_status = {  # held: fresh by the latest completion and not expired
        (person.id, s.layer): s.last_evidence is not None and s.last_evidence >= since and s.held
        for person, layers in status.people
        for s in layers
    }
    loose = gaps_report(
        unit_of_work(engine),
        catalogue,
        today=TODAY,
        scope=Scope(),
        bus_factor=2,
        min_freshness=0.25,
        verified_only=False,
        with_members=True,
    )
    assert any(by_status.values())
    assert {(c.person, c.layer): c.holds for c in loose.matrix} == by_status


def test_due_lists_stale_layers_only_where_they_are_needed(engine: Engine, catalogue: Catalogue) -> None:
    from certpath.catalogue.coverage import needed_layers
    from certpath.services.progress import due_report

    load_example_org(engine, catalogue)
    person = status_report(
        unit_of_work(engine), catalogue, today=TODAY, scope=Scope(person="E000009")
    ).people[0][0]
    needed = needed_layers(
        catalogue,
        catalogue.policy_for_size(120),
        person.role,
        deploys=person.deploys_to_production,
        leads=person.leads_externally,
    )
    unneeded = next(layer for layer in range(1, 7) if layer not in needed)
    courses = {c.layer: c.id for c in catalogue.courses.values()}
    old = date(2025, 3, 1)  # twenty months ago: stale
    for layer in (1, unneeded):
        record_completion(
            unit_of_work(engine, "me"),
            catalogue,
            "E000009",
            courses[layer],
            day=old,
            today=TODAY,
            scope=ORGANISATION,
        )
    # Layer 1 is held on newer evidence, its refresh due by May 2027: within a year, not 90 days.
    due = due_report(
        unit_of_work(engine), catalogue, today=TODAY, within_days=365, scope=Scope(person="E000009")
    )
    stale = {d.subject for d in due if d.kind == "refresh"}
    assert "Layer 1" in stale and f"Layer {unneeded}" not in stale
