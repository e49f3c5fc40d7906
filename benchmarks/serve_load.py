"""Load on `certpath serve`: a 10,000-person org in PostgreSQL, 2 workers, 50 clients, 60 s per target.

    .venv/bin/python benchmarks/serve_load.py                 # the issue's settings
    .venv/bin/python benchmarks/serve_load.py --duration 10   # a quick look

Targets: the team page (session cookie), the gaps API (org-wide, API token), the advisor API
(POST) and a bare FastAPI endpoint under the same uvicorn settings (the ceiling). The load comes
from wrk (Debian's package, installed here if missing) in its own process on loopback, so the
client costs little CPU; its Lua hook prints p50/p95/p99. PostgreSQL comes from
scripts/postgres-for-tests, in a database of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tracking_scale import ROOT, engine_for, insert_people, write_completions

PASSWORD = "benchmark password"
REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %.1f %.1f %.1f %.1f\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.duration / 1e6))
end
"""


def wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk") or "wrk"


def prepare(people: int, rows: int, folder: Path) -> tuple[str, str]:
    """The org in its own PostgreSQL database, with evidence and an admin; (database URL, team)."""
    from sqlalchemy import text

    from certpath.bootstrap import open_catalogue
    from certpath.config import Settings
    from certpath.services.accounts import add_user
    from certpath.services.tracking import import_evidence, load_badge_map
    from certpath.services.write_scope import ORGANISATION
    from certpath.tracking.unit_of_work import SqlAccountWork, SqlUnitOfWork
    from tracking_scale import TODAY

    engine = engine_for("postgresql", folder, database="certpath_bench_serve")
    insert_people(engine, people)
    catalogue = open_catalogue(Settings())
    completions = folder / "completions.csv"
    write_completions(completions, people, rows)
    import_evidence(
        SqlUnitOfWork(engine, actor="bench", now=datetime.now(UTC)),
        catalogue,
        [completions],
        badge_map=load_badge_map(catalogue, None, None),
        today=TODAY,
        scope=ORGANISATION,
    )
    bench = SqlAccountWork(engine, actor="bench", now=datetime.now(UTC))
    add_user(bench, "bench", PASSWORD, role="admin", person_id=None)
    with engine.connect() as connection:  # type: ignore[attr-defined]
        sizes = connection.execute(
            text("SELECT team, COUNT(*) FROM people GROUP BY team ORDER BY 2, 1")
        ).all()
    team = sizes[len(sizes) // 2][0]  # the median-sized team
    url = engine.url.render_as_string(hide_password=False)  # type: ignore[attr-defined]
    engine.dispose()  # type: ignore[attr-defined]
    return url, team


def start(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/healthz"
                if "certpath" in command[0]
                else f"http://127.0.0.1:{port}/ping"
            )
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server did not start: {server.stderr.read().decode() if server.stderr else ''}")


def call(port: int, path: str, body: dict[str, object]) -> tuple[dict[str, object], str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read()), response.headers.get("Set-Cookie", "")


def measure(
    url: str, *, duration: int, clients: int, headers: dict[str, str], body: str | None = None
) -> dict[str, float]:
    """Warm the workers up for 3 s (first requests load the catalogue), then measure."""
    load(url, duration=3, clients=clients, headers=headers, body=body)
    return load(url, duration=duration, clients=clients, headers=headers, body=body)


def load(
    url: str, *, duration: int, clients: int, headers: dict[str, str], body: str | None = None
) -> dict[str, float]:
    lines = [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    if body is not None:
        lines += [
            'wrk.method = "POST"',
            f"wrk.body = {json.dumps(body)}",
            'wrk.headers["Content-Type"] = "application/json"',
        ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lines) + REPORT)
    ran = subprocess.run(
        [wrk(), "-t2", f"-c{clients}", f"-d{duration}s", "--timeout", "10s", "-s", script.name, url],
        capture_output=True,
        text=True,
        check=True,
    )
    os.unlink(script.name)
    fields = next(line for line in ran.stdout.splitlines() if line.startswith("RESULT")).split()[1:]
    requests, socket_errors, status_errors, p50, p95, p99, seconds = map(float, fields)
    return {
        "requests": requests,
        "errors": socket_errors + status_errors,
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "rps": requests / seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=100_000, help="completion rows imported")
    parser.add_argument("--duration", type=int, default=60, help="seconds per target")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    wrk()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        database, team = prepare(args.people, args.rows, Path(folder))
        print(
            f"prepared {args.people:,} people, {args.rows:,} completions in {time.perf_counter() - started:.0f} s; team page: {team}"
        )
        port, bare_port = 8711, 8712
        env = {**os.environ, "CERTPATH_DATABASE_URL": database}
        certpath = str(ROOT / ".venv" / "bin" / "certpath")
        server = start([certpath, "serve", "--port", str(port), "--workers", str(args.workers)], env, port)
        results = {}
        try:
            _, cookie = call(port, "/api/v1/session", {"username": "bench", "password": PASSWORD})
            session = cookie.split(";")[0]
            token = subprocess.run(
                [certpath, "user", "token", "bench"], env=env, capture_output=True, text=True, check=True
            ).stdout.strip()
            auth = {"Authorization": f"Bearer {token}"}
            base = f"http://127.0.0.1:{port}"
            quoted = urllib.request.quote(team)
            results["team page"] = measure(
                f"{base}/teams/{quoted}",
                duration=args.duration,
                clients=args.clients,
                headers={"Cookie": session},
            )
            results["gaps API"] = measure(
                f"{base}/api/v1/gaps", duration=args.duration, clients=args.clients, headers=auth
            )
            advice = json.dumps({"background": "software-developer", "cloud": "azure", "hours_per_week": 6})
            results["advisor API"] = measure(
                f"{base}/api/v1/advise",
                duration=args.duration,
                clients=args.clients,
                headers=auth,
                body=advice,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        bare = start(
            [
                str(ROOT / ".venv" / "bin" / "uvicorn"),
                "bare_app:app",
                "--app-dir",
                str(ROOT / "benchmarks"),
                "--port",
                str(bare_port),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env,
            bare_port,
        )
        try:
            results["bare FastAPI"] = measure(
                f"http://127.0.0.1:{bare_port}/ping", duration=args.duration, clients=args.clients, headers={}
            )
        finally:
            bare.terminate()
            bare.wait(timeout=30)
    print(
        f"\n{args.people:,} people, PostgreSQL, {args.workers} workers, {args.clients} clients, {args.duration} s each (wrk on loopback)"
    )
    print(f"{'target':<14}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, r in results.items():
        print(
            f"{name:<14}{r['requests']:>10,.0f}{r['rps']:>9,.1f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8,.0f}"
        )


if __name__ == "__main__":
    main()
