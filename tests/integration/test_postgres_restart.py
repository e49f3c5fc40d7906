"""The connection pool survives a PostgreSQL restart: the next request succeeds instead of a 500."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from certpath.config import Settings
from certpath.interfaces.server import create_app
from certpath.services.accounts import add_user, create_token
from certpath.tracking.database import upgrade
from tests.factories import account_work
from tests.integration.conftest import ROOT, fresh_postgres

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def restart_postgres(engine: Engine) -> None:
    """Restart the very server `engine` is connected to (asked for its port and data directory)."""
    with engine.connect() as connection:
        port = connection.execute(text("SHOW port")).scalar_one()
        data = connection.execute(text("SHOW data_directory")).scalar_one()
    env = {**os.environ, "CERTPATH_PG_PORT": str(port), "CERTPATH_PG_DIR": str(Path(data).parent)}
    done = subprocess.run(
        [str(ROOT / "scripts" / "postgres-for-tests"), "restart"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_a_request_after_a_server_restart_succeeds(postgres_url: str, tmp_path: Path) -> None:
    engine = fresh_postgres(postgres_url)
    upgrade(engine)
    add_user(
        account_work(engine, "t", now=NOW), "admin", "correct horse battery", role="admin", person_id=None
    )
    token = create_token(account_work(engine, "t", now=NOW), "admin", name="tests")
    settings = Settings(database_url=postgres_url, cache_dir=tmp_path / "cache")
    app = create_app(settings, clock=lambda: NOW)
    # Server errors are raised in the test rather than turned into a 500 page.
    client = TestClient(app, base_url="http://127.0.0.1", headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/v1/people").status_code == 200
    pooled = app.state.context.engine.pool.checkedin()
    assert pooled >= 1  # the request's connections wait in the pool, and the restart kills them
    restart_postgres(engine)
    engine.dispose()
    for _ in range(pooled + 1):
        assert client.get("/api/v1/people").status_code == 200
    app.state.context.engine.dispose()
