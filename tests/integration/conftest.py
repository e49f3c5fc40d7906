"""Stores for integration tests: a fresh SQLite file and a fresh schema on a real PostgreSQL server.

The PostgreSQL server comes from scripts/postgres-for-tests (Debian's package, installed and
started by it); `scripts/test` exports its URL, and a bare `pytest` starts it the same way.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from certpath.tracking.database import make_engine, upgrade

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("CERTPATH_TEST_POSTGRES_URL")
    if url:
        return url
    started = subprocess.run(
        [str(ROOT / "scripts" / "postgres-for-tests")], capture_output=True, text=True, check=False
    )
    assert started.returncode == 0, f"PostgreSQL for the tests did not start:\n{started.stderr}"
    return started.stdout.strip().splitlines()[-1]


def fresh_postgres(url: str) -> Engine:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty store at the current schema, on each engine in turn."""
    made = _blank(request, tmp_path)
    upgrade(made)
    yield made
    made.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def first_schema_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty store at the first released schema (0001), to test upgrades from it."""
    made = _blank(request, tmp_path)
    upgrade(made, to="0001")
    yield made
    made.dispose()


def _blank(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    return fresh_postgres(request.getfixturevalue("postgres_url"))


@pytest.fixture
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    made = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    yield made
    made.dispose()
