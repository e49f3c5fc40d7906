"""A cache of the validated catalogue, so repeat commands skip YAML parsing and validation.

The key covers certpath's version and the path, size and modification time of every
catalogue and overlay file, so any edit invalidates it. A broken or unreadable cache
is ignored and rebuilt; the cache never changes what is loaded.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from certpath import __version__
from certpath.catalogue.model import Catalogue


def cached_catalogue(
    files: Sequence[Path], cache_dir: Path | None, build: Callable[[], Catalogue]
) -> Catalogue:
    """The catalogue from the cache when `files` are unchanged, else `build()` and store it."""
    if cache_dir is None:
        return build()
    try:
        key = _key(files)
    except OSError:
        return build()  # a missing file: let the loader report it properly
    path = cache_dir / f"catalogue-{key}.pickle"
    try:
        with path.open("rb") as handle:
            catalogue = pickle.load(handle)
        if isinstance(catalogue, Catalogue):
            return catalogue
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    catalogue = build()
    _store(path, catalogue)
    return catalogue


def _key(files: Sequence[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for file in files:
        stat = file.stat()
        digest.update(f"{file.resolve()}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def _store(path: Path, catalogue: Catalogue) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            pickle.dump(catalogue, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only cache folder only costs speed
