"""Settings from the environment, read once at the edge and passed inward.

pydantic-settings would cost about 200 ms of import time on every command, so the
few settings certpath has are read here with the standard library.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from certpath.errors import InputError

MB = 1024 * 1024


@dataclass(frozen=True)
class UploadLimits:
    """What one request to `certpath serve` may upload: bytes per file, bytes per request, files."""

    file_bytes: int = 25 * MB
    request_bytes: int = 50 * MB
    files: int = 20

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> UploadLimits:
        """Limits from CERTPATH_MAX_FILE_MB, CERTPATH_MAX_REQUEST_MB and CERTPATH_MAX_FILES."""
        default = cls()
        return cls(
            file_bytes=_megabytes(env, "CERTPATH_MAX_FILE_MB", default.file_bytes),
            request_bytes=_megabytes(env, "CERTPATH_MAX_REQUEST_MB", default.request_bytes),
            files=int(_number(env, "CERTPATH_MAX_FILES", default.files, whole=True)),
        )


def _megabytes(env: Mapping[str, str], name: str, default: int) -> int:
    return int(_number(env, name, default / MB, whole=False) * MB)


def _number(env: Mapping[str, str], name: str, default: float, *, whole: bool) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = 0
    if value <= 0:
        kind = "a whole number" if whole else "a number of megabytes, for example 25 or 0.5"
        raise InputError(f"{name}='{text}' is not valid; set it to {kind} above zero, or unset it.")
    return value


@dataclass(frozen=True)
class Settings:
    """CERTPATH_OVERLAY: overlay files separated by the OS path separator (':' on Linux).
    CERTPATH_CATALOGUE_DIR: a folder that replaces the shipped catalogue files.
    CERTPATH_CACHE_DIR: where the validated catalogue is cached (empty: no cache);
    default $XDG_CACHE_HOME/certpath or ~/.cache/certpath.
    CERTPATH_DATABASE_URL: the tracking database, for example
    postgresql+psycopg://user:pw@localhost/certpath; default SQLite in the user data directory.
    CERTPATH_ACTOR: the name written to the audit log for changes made here (default: the OS user).
    CERTPATH_MAX_FILE_MB, CERTPATH_MAX_REQUEST_MB, CERTPATH_MAX_FILES: upload limits of
    `certpath serve` (defaults 25 MB a file, 50 MB a request, 20 files a request).
    CERTPATH_ALLOW_NETWORK: 1 (or true, yes) lets evidence import fetch status lists from their
    URLs; off by default, so verification never reaches the network unless asked to."""

    overlays: tuple[Path, ...] = ()
    catalogue_dir: Path | None = None
    cache_dir: Path | None = None
    database_url: str | None = None
    actor: str = "certpath"
    limits: UploadLimits = UploadLimits()
    allow_network: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from environment variables (os.environ unless given)."""
        env = os.environ if environ is None else environ
        overlays = tuple(Path(p) for p in env.get("CERTPATH_OVERLAY", "").split(os.pathsep) if p)
        directory = env.get("CERTPATH_CATALOGUE_DIR")
        cache = env.get("CERTPATH_CACHE_DIR")
        if cache is None:
            cache = str(Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "certpath")
        return cls(
            overlays=overlays,
            catalogue_dir=Path(directory) if directory else None,
            cache_dir=Path(cache) if cache else None,
            database_url=env.get("CERTPATH_DATABASE_URL") or None,
            actor=env.get("CERTPATH_ACTOR") or env.get("USER") or env.get("USERNAME") or "certpath",
            limits=UploadLimits.from_env(env),
            allow_network=env.get("CERTPATH_ALLOW_NETWORK", "").strip().lower() in ("1", "true", "yes"),
        )
