"""Use case: a rendered view (a page's body, an API answer) reused until the store's data changes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from certpath.tracking.snapshots import cached

if TYPE_CHECKING:
    from certpath.tracking.database import Engine


def cached_view(engine: Engine, parts: Sequence[str], build: Callable[[], str], *, now: datetime) -> str:
    """`build()` once per version of the data and per `parts` (everything else the view depends on:
    the page, the caller's role and scope, the filters, the date, the catalogue)."""
    key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return cached(engine, key, build, now=now)
