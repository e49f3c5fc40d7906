"""The catalogue cache returns the same catalogue and notices every edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from certpath.bootstrap import open_catalogue
from certpath.config import Settings
from tests.conftest import DATA


def test_cache_hit_and_invalidation(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    shutil.copy(DATA / "overlay_local.yaml", overlay)
    settings = Settings(cache_dir=tmp_path / "cache", overlays=(overlay,))
    first = open_catalogue(settings)
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    second = open_catalogue(settings)
    assert second.credentials["MLA-C01"] == first.credentials["MLA-C01"]
    overlay.write_text(overlay.read_text().replace("value: 140", "value: 150"))
    third = open_catalogue(settings)
    assert third.credentials["MLA-C01"].price.value == 150


def test_a_corrupt_cache_file_is_rebuilt(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path)
    open_catalogue(settings)
    (cached,) = tmp_path.glob("*.pickle")
    cached.write_bytes(b"not a pickle")
    assert "MLA-C01" in open_catalogue(settings).credentials


def test_settings_from_the_environment() -> None:
    settings = Settings.from_env({"CERTPATH_OVERLAY": "a.yaml:b.yaml", "CERTPATH_CACHE_DIR": ""})
    assert settings.overlays == (Path("a.yaml"), Path("b.yaml")) and settings.cache_dir is None
    assert Settings.from_env({"XDG_CACHE_HOME": "/x"}).cache_dir == Path("/x/certpath")
