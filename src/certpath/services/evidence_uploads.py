"""Import evidence files uploaded over HTTP: spooled to a private folder in blocks, then imported
as one transaction by the same use case as `certpath evidence import`."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from certpath.accounts.roles import Action, Principal
from certpath.catalogue.model import Catalogue
from certpath.services.rosters import safe_name
from certpath.services.tracking import import_evidence
from certpath.tracking.evidence.badge_map import BadgeMap
from certpath.tracking.ports import UnitOfWork
from certpath.tracking.recording import ImportSummary

#: Bytes copied at a time: an upload is never read into memory whole.
BLOCK = 1024 * 1024


def import_uploads(
    uow: UnitOfWork,
    catalogue: Catalogue,
    me: Principal,
    uploads: Sequence[tuple[str, BinaryIO]],
    *,
    badge_map: BadgeMap,
    today: date,
    member: str | None = None,
    date_format: str | None = None,
) -> list[ImportSummary]:
    """Import (file name as uploaded, stream) pairs for `me`; every person they name is checked
    against `me`'s scope, and messages and the audit log name the files as uploaded."""
    me.require(Action.RECORD_EVIDENCE)
    with tempfile.TemporaryDirectory(prefix="certpath-evidence-") as folder:
        paths = []
        for i, (name, data) in enumerate(uploads):
            path = Path(folder) / str(i) / safe_name(name)
            path.parent.mkdir()
            with path.open("wb") as out:
                shutil.copyfileobj(data, out, BLOCK)
            paths.append(path)
        return import_evidence(
            uow,
            catalogue,
            paths,
            badge_map=badge_map,
            today=today,
            scope=me.scope,
            member=member,
            names=[shown_name(name) for name, _ in uploads],
            date_format=date_format,
        )


def shown_name(filename: str) -> str:
    """An upload's own file name, as messages and the audit log show it: no folders, no control characters."""
    base = filename.replace("\\", "/").rpartition("/")[2]
    return "".join(c for c in base if c.isprintable())[:200] or "evidence"
