"""Import 1,000,000 completion rows, then time status, gaps and due for a 100,000-person org.

    .venv/bin/python benchmarks/tracking_scale.py                      # SQLite and PostgreSQL
    .venv/bin/python benchmarks/tracking_scale.py --engines sqlite --people 10000 --rows 100000

PostgreSQL comes from scripts/postgres-for-tests (installed and started like the test suite's).
People are inserted directly (setup, timed separately); the completions go through the real
`certpath evidence import` service: parse, check, date expiries, write in one transaction.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 22)
ITEMS = [
    "L1-EVERYONE",
    "L1-TECHNICAL",
    "L2-PIPELINES",
    "L3-MLOPS",
    "L4-AGENTS",
    "L5-POLICY",
    "L6-STRATEGY",
    "CKA",
    "MLA-C01",
    "AI-103",
    "GCP-PMLE",
    "IAPP-AIGP",
]


def engine_for(kind: str, folder: Path, *, database: str = "certpath_bench") -> object:
    from sqlalchemy import text

    from certpath.tracking.database import make_engine, upgrade

    if kind == "sqlite":
        engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    else:
        url = subprocess.run(
            [str(ROOT / "scripts" / "postgres-for-tests")], capture_output=True, text=True, check=True
        )
        server = make_engine(url.stdout.strip().splitlines()[-1])
        # A database of its own: the test suite resets the default one's schema whenever it runs.
        with server.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {database}"))
            connection.execute(text(f"CREATE DATABASE {database}"))
        engine = make_engine(server.url.set(database=database).render_as_string(hide_password=False))
        server.dispose()
    upgrade(engine)
    return engine


def insert_people(engine: object, size: int) -> float:
    from sqlalchemy import insert

    from certpath.roster.synthetic import generate_org
    from certpath.services.tracking import person_from
    from certpath.tracking.tables import people

    members = generate_org(size, seed=42).members
    now = datetime.now(UTC)
    rows = [{**person_from(m).as_dict(), "version": 1, "updated_at": now} for m in members]
    started = time.perf_counter()
    with engine.begin() as connection:  # type: ignore[attr-defined]
        for start in range(0, len(rows), 1000):
            connection.execute(insert(people), rows[start : start + 1000])
    return time.perf_counter() - started


def write_completions(path: Path, size: int, rows: int) -> None:
    with path.open("w") as handle:
        handle.write("employee_id,item,completed_on,evidence_id\n")
        for n in range(rows):
            day = TODAY - timedelta(days=n % 900)
            handle.write(f"E{1 + n % size:06d},{ITEMS[(n // size) % len(ITEMS)]},{day.isoformat()},r{n}\n")


def timed(function: object, *args: object, **kwargs: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - started, result


def run(kind: str, size: int, rows: int) -> dict[str, object]:
    from certpath.bootstrap import open_catalogue
    from certpath.config import Settings
    from certpath.services.progress import Scope, due_report, gaps_report, status_report
    from certpath.services.tracking import import_evidence, load_badge_map
    from certpath.services.write_scope import ORGANISATION
    from certpath.tracking.unit_of_work import SqlUnitOfWork

    catalogue = open_catalogue(Settings())
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_for(kind, Path(folder))
        people_s = insert_people(engine, size)
        csv_path = Path(folder) / "completions.csv"
        write_completions(csv_path, size, rows)
        badge_map = load_badge_map(catalogue, None, None)
        import_s, _ = timed(
            import_evidence,
            SqlUnitOfWork(engine, actor="bench", now=datetime.now(UTC)),
            catalogue,
            [csv_path],
            badge_map=badge_map,
            today=TODAY,
            scope=ORGANISATION,
        )
        reads = SqlUnitOfWork(engine, actor="bench", now=datetime.now(UTC))
        gaps_s, gaps = timed(
            gaps_report,
            reads,
            catalogue,
            today=TODAY,
            scope=Scope(),
            bus_factor=2,
            min_freshness=0.25,
            verified_only=False,
        )
        due_s, due = timed(due_report, reads, catalogue, today=TODAY, within_days=90, scope=Scope())
        status_s, status = timed(status_report, reads, catalogue, today=TODAY, scope=Scope())
        engine.dispose()  # type: ignore[attr-defined]
    return {
        "engine": kind,
        "people": size,
        "rows": rows,
        "people_s": people_s,
        "import_s": import_s,
        "rows_per_s": rows / import_s,
        "gaps_s": gaps_s,
        "gaps": len(gaps.gaps),
        "due_s": due_s,
        "due": len(due),
        "status_s": status_s,
        "cells": sum(len(layers) for _, layers in status.people),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    print(
        f"{'engine':<11}{'people':>9}{'rows':>11}{'import s':>10}{'rows/s':>10}{'gaps s':>8}{'gaps':>7}"
        f"{'due s':>8}{'due':>8}{'status s':>10}{'cells':>9}"
    )
    for kind in args.engines:
        r = run(kind, args.people, args.rows)
        print(
            f"{r['engine']:<11}{r['people']:>9,}{r['rows']:>11,}{r['import_s']:>10.1f}{r['rows_per_s']:>10,.0f}"
            f"{r['gaps_s']:>8.2f}{r['gaps']:>7,}{r['due_s']:>8.2f}{r['due']:>8,}{r['status_s']:>10.2f}{r['cells']:>9,}",
            flush=True,
        )


if __name__ == "__main__":
    main()
