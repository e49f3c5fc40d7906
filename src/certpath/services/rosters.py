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
    from certpath.tracking.model import Person

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
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> fields that would change
    leaving: list[str] = field(default_factory=list)  # active in the store, leavers in the file
    reactivated: list[str] = field(default_factory=list)  # inactive in the store, active in the file
    choices: list[TitleChoice] = field(default_factory=list)  # titles an admin should confirm
    roles: list[str] = field(default_factory=list)  # role ids to choose from


@dataclass(frozen=True)
class TitleChoice:
    """A job title that did not resolve, or resolved with low confidence: the admin picks its role."""

    title: str
    role: str
    confidence: float
    suggestions: tuple[str, ...]
    people: int


#: Titles resolved below this confidence are offered for the admin to confirm.
CONFIRM_BELOW = 0.9


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


def _read(
    catalogue: Catalogue, filename: str, data: bytes, *, today: date, titles: dict[str, str] | None = None
) -> Roster:
    from certpath.roster.importer import RosterOptions, load_roster

    options = RosterOptions(titles=check_choices(catalogue, titles or {}))
    with tempfile.TemporaryDirectory(prefix="certpath-upload-") as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        try:
            # The roster is known by the upload's name: its source shows in answers and the audit log.
            return replace(load_roster(path, catalogue, today=today, options=options), source=filename)
        except RosterError as error:
            raise RosterError(filename, [_renamed(i, str(path), filename) for i in error.issues]) from None


def _renamed(issue: Issue, old: str, new: str) -> Issue:
    from dataclasses import replace

    location = issue.location
    return replace(issue, location=replace(location, file=new if location.file == old else location.file))


def check_choices(catalogue: Catalogue, titles: dict[str, str]) -> dict[str, str]:
    """Title -> role chosen in the preview, every role checked against the catalogue."""
    wrong = sorted(f"'{title}': '{role}'" for title, role in titles.items() if role not in catalogue.roles)
    if wrong:
        raise InputError(f"Unknown role chosen for {', '.join(wrong)}; choose a role from the list.")
    return titles


def preview_roster(
    engine: Engine, catalogue: Catalogue, upload_id: int, *, today: date, titles: dict[str, str] | None = None
) -> RosterPreview:
    """Read the upload as the commit would, without writing anything: what changes, or every problem."""
    from certpath.tracking.plan_store import PlanStore
    from certpath.tracking.repository import PeopleRepository

    with engine.connect() as connection:
        row = PlanStore(connection).upload(upload_id)
        if row is None:
            raise NotFoundError(f"No roster upload {upload_id}; upload the file again.")
        stored = PeopleRepository(connection).all()
    preview = RosterPreview(
        upload_id, row.filename, row.committed_at is not None, roles=sorted(catalogue.roles)
    )
    try:
        roster = _read(catalogue, row.filename, row.data, today=today, titles=titles)
    except RosterError as error:
        preview.issues = list(error.issues)
        return preview
    preview.members = list(roster.members)
    preview.notes = list(roster.notes)
    _compare(preview, roster, stored)
    preview.choices = title_choices(roster)
    return preview


def _compare(preview: RosterPreview, roster: Roster, stored: dict[str, Person]) -> None:
    """What committing would change against the store: new, changed, leaving, reactivated."""
    from certpath.services.tracking import person_from

    for member in roster.members:
        old = stored.get(member.id)
        if old is None:
            preview.new.append(member.id)
            continue
        preview.known.append(member.id)
        new = person_from(member).as_dict()
        fields = [k for k, v in old.as_dict().items() if k != "active" and new.get(k) != v]
        if fields:
            preview.changed[member.id] = fields
        if not old.active:
            preview.reactivated.append(member.id)
    preview.leaving = [i for i in roster.leavers if i in stored and stored[i].active]


def title_choices(roster: Roster) -> list[TitleChoice]:
    """Unresolved and low-confidence titles, once each, with how many people hold them."""
    found: dict[str, TitleChoice] = {}
    for m in roster.members:
        if m.resolved_from in ("column", "mapping") or m.confidence >= CONFIRM_BELOW:
            continue
        seen = found.get(m.title)
        people = seen.people + 1 if seen else 1
        found[m.title] = TitleChoice(m.title, m.role, m.confidence, m.suggestions, people)
    return list(found.values())


def read_upload(
    engine: Engine, catalogue: Catalogue, upload_id: int, *, today: date, titles: dict[str, str] | None = None
) -> Roster:
    """The upload's roster; RosterError listing every problem, NotFoundError if there is no such upload."""
    from certpath.tracking.plan_store import PlanStore

    with engine.connect() as connection:
        row = PlanStore(connection).upload(upload_id)
    if row is None:
        raise NotFoundError(f"No roster upload {upload_id}; upload the file again.")
    return _read(catalogue, row.filename, row.data, today=today, titles=titles)


def commit_roster(
    engine: Engine,
    catalogue: Catalogue,
    upload_id: int,
    *,
    actor: str,
    today: date,
    now: datetime,
    titles: dict[str, str] | None = None,
) -> PeopleImport:
    """Import the upload's people in one transaction (with the roles chosen for titles); nothing on error."""
    from certpath.services.tracking import import_people
    from certpath.tracking.plan_store import PlanStore

    with engine.connect() as connection:
        row = PlanStore(connection).upload(upload_id)
    if row is None:
        raise NotFoundError(f"No roster upload {upload_id}; upload the file again.")
    if row.committed_at is not None:
        raise InputError(f"Upload {upload_id} ({row.filename}) was already imported on {row.committed_at}.")
    # roles the admin chose in the preview apply to every person with that title
    roster = read_upload(engine, catalogue, upload_id, today=today, titles=titles)
    result = import_people(engine, catalogue, roster, actor=actor, today=today)
    with engine.begin() as connection:
        PlanStore(connection).mark_committed(upload_id, at=now)
    return result
