from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from certpath.catalogue.loader import load_catalogue
from certpath.catalogue.model import Catalogue

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _clean_environ(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    for name in ("CERTPATH_OVERLAY", "CERTPATH_CATALOGUE_DIR", "COLUMNS", "CERTPATH_BADGE_MAP"):
        monkeypatch.delenv(name, raising=False)
    # Every test gets its own empty SQLite store, never the user's.
    monkeypatch.setenv("CERTPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'certpath.db'}")
    monkeypatch.setenv("CERTPATH_ACTOR", "tester")
    monkeypatch.setenv("CERTPATH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
