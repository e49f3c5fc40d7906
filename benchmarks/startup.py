"""Cold start-up of `certpath --help` and `certpath advise` against a bare interpreter.

Run: .venv/bin/python benchmarks/startup.py [--runs N]
Each command runs N times in a fresh process; the table shows the median wall time
and the median minus `python -c pass` (the target for advise: within 0.35 s).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

PY = sys.executable
COMMANDS = {
    "python -c pass": [PY, "-c", "pass"],
    "certpath --help": [PY, "-m", "certpath", "--help"],
    "certpath advise (table)": [
        PY,
        "-m",
        "certpath",
        "advise",
        "--background",
        "software-developer",
        "--cloud",
        "azure",
        "--today",
        "2026-11-22",
    ],
    "certpath advise (json)": [
        PY,
        "-m",
        "certpath",
        "advise",
        "--goal",
        "model-builder",
        "--ml-months",
        "12",
        "--today",
        "2026-11-22",
        "--format",
        "json",
    ],
}


def measure(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    results = {name: measure(cmd, runs) for name, cmd in COMMANDS.items()}
    base = results["python -c pass"]
    print(f"{'command':<26} {'median s':>9} {'over python s':>14}   ({runs} runs each)")
    for name, seconds in results.items():
        print(f"{name:<26} {seconds:>9.3f} {seconds - base:>14.3f}")


if __name__ == "__main__":
    main()
