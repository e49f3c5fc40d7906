"""Use cases for uploaded rosters: keep the file, preview it with every problem, then commit it."""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from certpath.catalogue.model import Catalogue
from certpath.errors import InputError, Issue, NotFoundError, RosterError

if TYPE_CHECKING:
    from certpath.roster.model import Member, Roster
    from certpath.services.tracking import PeopleImport
    from certpath.tracking.database import Engine

#: Largest roster file accepted over the web (bytes).
MAX_UPLOAD = 20 * 1024 * 1024
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".yaml", ".yml")


@dataclass
class RosterPreview:
    """What committing an upload would do, or every problem that stops it."""

    upload_id: int
    filename: str
    committed: bool
    issues: list[Issue] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def upload_roster(engine: Engine, filename: str, data: bytes, *, actor: str, now: datetime) -> int:
    """Keep an uploaded roster file until it is committed; returns its upload id."""
    from certpath.tracking.plan_store import PlanStore

    name = safe_name(filename)
    if not data:
        raise InputError(f"{name} is empty; export the roster again from the HR system.")
    if len(data) > MAX_UPLOAD:
        raise InputError(f"{name} is {len(data):,} bytes; the limit is {MAX_UPLOAD:,}. Split the file.")
    if not name.lower().endswith(SUFFIXES):
        raise InputError(f"{name}: upload a roster as {', '.join(SUFFIXES)}.")
    digest = hashlib.sha256(data).hexdigest()
    with engine.begin() as connection:
        return PlanStore(connection).add_upload(filename=name, sha256=digest, data=data, by=actor, at=now)


def safe_name(filename: str) -> str:
    base = Path(filename.replace("\\", "/")).name
    return re.sub(r"[^A-Za-z0-9._ -]", "_", base)[:200] or "roster.csv"


def _read(catalogue: Catalogue, filename: str, data: bytes, *, today: date) -> Roster:
    from certpath.roster.importer import load_roster

    with tempfile.TemporaryDirectory(prefix="certpath-upload-") as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        try:
            # The roster is known by the upload's name: its source shows in answers and the audit log.
            return replace(load_roster(path, catalogue, today=today), source=filename)
        except RosterError as error:
            raise RosterError(filename, [_renamed(i, str(path), filename) for i in error.issues]) from None


def _renamed(issue: Issue, old: str, new: str) -> Issue:
    from dataclasses import replace

    location = issue.location
    return replace(issue, location=replace(location, file=new if location.file == old else location.file))


def preview_roster(engine: Engine, catalogue: Catalogue, upload_id: int, *, today: date) -> RosterPreview:
    """Read the upload as the commit would, without writing anything: people, or every problem."""
    from certpath.tracking.plan_store import PlanStore
    from certpath.tracking.repository import PeopleRepository

    with engine.connect() as connection:
        row = PlanStore(connection).upload(upload_id)
        if row is None:
            raise NotFoundError(f"No roster upload {upload_id}; upload the file again.")
        stored = set(PeopleRepository(connection).versions())
    preview = RosterPreview(upload_id, row.filename, row.committed_at is not None)
    try:
        roster = _read(catalogue, row.filename, row.data, today=today)
    except RosterError as error:
        preview.issues = list(error.issues)
        return preview
    preview.members = list(roster.members)
    preview.new = [m.id for m in roster.members if m.id not in stored]
    preview.known = [m.id for m in roster.members if m.id in stored]
    preview.notes = list(roster.notes)
    return preview


def read_upload(engine: Engine, catalogue: Catalogue, upload_id: int, *, today: date) -> Roster:
    """The upload's roster; RosterError listing every problem, NotFoundError if there is no such upload."""
    from certpath.tracking.plan_store import PlanStore

    with engine.connect() as connection:
        row = PlanStore(connection).upload(upload_id)
    if row is None:
        raise NotFoundError(f"No roster upload {upload_id}; upload the file again.")
    return _read(catalogue, row.filename, row.data, today=today)


def commit_roster(
    engine: Engine, catalogue: Catalogue, upload_id: int, *, actor: str, today: date, now: datetime
) -> PeopleImport:
    """Import the upload's people in one transaction; RosterError (nothing written) if it has problems."""
    from certpath.services.tracking import import_people
    from certpath.tracking.plan_store import PlanStore

    with engine.connect() as connection:
        row = PlanStore(connection).upload(upload_id)
    if row is None:
        raise NotFoundError(f"No roster upload {upload_id}; upload the file again.")
    if row.committed_at is not None:
        raise InputError(f"Upload {upload_id} ({row.filename}) was already imported on {row.committed_at}.")
    roster = read_upload(engine, catalogue, upload_id, today=today)
    result = import_people(engine, catalogue, roster, actor=actor, today=today)
    with engine.begin() as connection:
        PlanStore(connection).mark_committed(upload_id, at=now)
    return result
