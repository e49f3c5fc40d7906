"""Plan synthetic organisations of growing size and print wall time, peak memory and quality.

    .venv/bin/python benchmarks/plan_scale.py                 # 15, 150, 1500, 15000, 100000 members
    .venv/bin/python benchmarks/plan_scale.py --sizes 15 150  # a quick subset

Each size runs in its own process so peak memory (ru_maxrss) belongs to that size alone.
The budget is USD 3,000 a person, so budget selection is exercised at every size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

SIZES = (15, 150, 1_500, 15_000, 100_000)
BUDGET_PER_PERSON = 3_000.0


def one(size: int, time_limit: float) -> dict[str, object]:
    """Plan one synthetic org of `size` people in this process and measure it."""
    import resource
    import time
    from datetime import date

    from certpath.bootstrap import open_catalogue
    from certpath.config import Settings
    from certpath.planning.instance import PlanRequest
    from certpath.planning.team_planner import plan_roster
    from certpath.roster.synthetic import generate_org

    catalogue = open_catalogue(Settings.from_env())
    org = generate_org(size, seed=2026)
    budget = BUDGET_PER_PERSON * size
    began = time.perf_counter()
    plan = plan_roster(
        catalogue, org, PlanRequest(start=date(2026, 12, 7), budget_usd=budget, time_limit_s=time_limit)
    )
    seconds = time.perf_counter() - began
    assert plan.solver is not None
    errors = sum(1 for f in plan.findings if f.severity == "error")
    return {
        "size": size,
        "teams": plan.solver.teams,
        "optimal": plan.solver.teams_optimal,
        "seconds": round(seconds, 2),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "makespan": plan.makespan_weeks,
        "bound": plan.lower_bound_weeks,
        "gap": plan.optimality_gap,
        "cost": plan.total_cost_usd,
        "budget": budget,
        "assignments": len(plan.assignments),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.time_limit)))
        return
    header = f"{'members':>8} {'teams':>6} {'optimal':>8} {'wall s':>7} {'peak MiB':>9} {'makespan':>9} {'bound':>6} {'gap':>6} {'cost USD':>14} {'budget USD':>14} {'errors':>6}"
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size), "--time-limit", str(args.time_limit)]
        r = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        print(
            f"{r['size']:>8,} {r['teams']:>6} {r['optimal']:>8} {r['seconds']:>7.2f} {r['peak_mib']:>9} "
            f"{r['makespan']:>9} {r['bound']:>6} {r['gap']:>6.1%} {r['cost']:>14,.0f} {r['budget']:>14,.0f} {r['errors']:>6}",
            flush=True,
        )


if __name__ == "__main__":
    main()
