"""The composition root: settings in, ready-to-use domain objects out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from certpath.catalogue.model import Catalogue
from certpath.config import Settings


def open_catalogue(
    settings: Settings, *, overlays: Iterable[Path] = (), catalogue_dir: Path | None = None
) -> Catalogue:
    """Load the catalogue named by the settings plus any extra overlays given by the caller."""
    from certpath.catalogue import DATA_DIR
    from certpath.catalogue.cache import cached_catalogue

    data_dir = catalogue_dir or settings.catalogue_dir or DATA_DIR
    overlay_paths = [*settings.overlays, *overlays]
    files = [*sorted(data_dir.glob("*.yaml")), *overlay_paths]

    def build() -> Catalogue:
        from certpath.catalogue.loader import load_catalogue

        return load_catalogue(data_dir=data_dir, overlays=overlay_paths)

    return cached_catalogue(files, settings.cache_dir, build)
