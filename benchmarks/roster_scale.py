"""Check and import a 200,000-row HR export: wall time and peak memory of the real CLI.

    .venv/bin/python benchmarks/roster_scale.py                 # 200,000 rows
    .venv/bin/python benchmarks/roster_scale.py --rows 20000

The file is a BambooHR-style CSV from the seeded synthetic organisation (managers by id,
a status column with leavers, pay columns that are never read). Each command runs in a
fresh process; peak memory is that process's maximum resident set size. Targets (issue 14):
`roster check` (default table, summarised above 500 people) at most 10 s and 1 GB; `roster
import` into a fresh SQLite store at most 30 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from certpath.roster.synthetic import generate_org

TODAY = "2026-11-22"


def write_export(path: Path, rows: int) -> None:
    """A BambooHR-style export of `rows` people, one in fifty a leaver."""
    org = generate_org(rows, seed=11)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "Employee #",
                "First Name",
                "Last Name",
                "Job Title",
                "Department",
                "Supervisor EId",
                "Work Email",
                "Status",
                "Pay Rate",
            ]
        )
        for index, m in enumerate(org.members):
            first, _, last = m.name.partition(" ")
            status = "Inactive" if index % 50 == 49 else "Active"
            out.writerow(
                [
                    m.id,
                    first,
                    last,
                    m.title,
                    m.team,
                    m.manager_id or "",
                    f"{m.id.lower()}@example.com",
                    status,
                    "90000.00 USD Year",
                ]
            )


def run(label: str, argv: list[str], env: dict[str, str]) -> None:
    """Run one CLI command in a fresh process; print its wall time and peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "certpath", *argv], env=env, capture_output=True, check=False
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    memory = f"{peak / 1024:.0f} MB" if peak > before else "<= previous peak"
    print(f"{label:<34} {seconds:>7.1f} s  {memory:>18}  exit {done.returncode}")
    if done.returncode not in (0, 2):
        print(done.stderr.decode()[-2000:])


def main() -> None:
    """Write the export, then time check (table and JSON) and import."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="certpath-roster-scale-") as folder:
        path = Path(folder) / "bamboohr.csv"
        write_export(path, args.rows)
        env = {**os.environ, "CERTPATH_DATABASE_URL": f"sqlite:///{folder}/store.db", "COLUMNS": "120"}
        print(f"{args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, python {sys.version.split()[0]}")
        subprocess.run(
            [sys.executable, "-m", "certpath", "db", "upgrade"], env=env, capture_output=True, check=True
        )
        # peak memory is the largest child so far, so the commands run from lightest to heaviest
        run("roster check (table)", ["roster", "check", str(path), "--today", TODAY], env)
        run(
            "roster check --format json",
            ["roster", "check", str(path), "--today", TODAY, "--format", "json"],
            env,
        )
        run("roster import", ["roster", "import", str(path), "--today", TODAY], env)


if __name__ == "__main__":
    main()
