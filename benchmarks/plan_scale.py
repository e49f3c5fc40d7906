"""Plan synthetic organisations of growing size and print wall time, peak memory and plan quality.

    .venv/bin/python benchmarks/plan_scale.py                 # 15, 150, 1500, 15000, 100000 members
    .venv/bin/python benchmarks/plan_scale.py --sizes 15 150  # a quick subset

Each size runs in its own process so peak memory (ru_maxrss) belongs to that size alone.
The budget is USD 3,000 a person, so budget selection is exercised at every size.
Columns: wall time, peak memory, cost per person, seat fill of private cohorts, single-person
cohorts and what they cost, idle weeks per person (mean, max), the mean week a team's layer
reaches the bus factor and its bound, the makespan and its bound, error findings.
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
    from certpath.planning.plan_quality import plan_quality
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
    quality = plan_quality(plan)
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
        "per_person": quality.cost_per_person_usd,
        "seat_fill": quality.seat_fill,
        "single": quality.single_person_cohorts,
        "single_cost": quality.single_person_cohorts_cost_usd,
        "idle_mean": quality.idle_weeks_mean,
        "idle_max": quality.idle_weeks_max,
        "cover": quality.layer_cover_weeks_mean,
        "cover_bound": quality.layer_cover_weeks_bound,
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
    header = (
        f"{'members':>8} {'teams':>6} {'wall s':>7} {'peak MiB':>9} {'USD/person':>10} {'seat fill':>9} "
        f"{'1-person':>8} {'their USD':>10} {'idle mean':>9} {'idle max':>8} {'cover wk':>8} {'bound':>6} "
        f"{'makespan':>8} {'bound':>6} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size), "--time-limit", str(args.time_limit)]
        r = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        fill = "-" if r["seat_fill"] is None else f"{r['seat_fill']:.0%}"
        print(
            f"{r['size']:>8,} {r['teams']:>6} {r['seconds']:>7.2f} {r['peak_mib']:>9} {r['per_person']:>10,.0f} "
            f"{fill:>9} {r['single']:>8} {r['single_cost']:>10,.0f} {r['idle_mean']:>9.1f} {r['idle_max']:>8.0f} "
            f"{r['cover']:>8.1f} {r['cover_bound']:>6.1f} {r['makespan']:>8} {r['bound']:>6} {r['errors']:>6}",
            flush=True,
        )


if __name__ == "__main__":
    main()
