"""Use cases for uploaded rosters: parse once and keep the preview and the columns certpath reads,
commit them, and purge what is not committed within a day.

The uploaded file itself is never stored: it is parsed from a temporary file that is deleted
at once, and only the preview and a CSV of the recognised columns are kept (pay, birth dates,
addresses and other columns certpath does not read never reach the database).
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from certpath.catalogue.model import Catalogue
from certpath.errors import InputError, Issue, Location, NotFoundError, RosterError
from certpath.kernel import how_many
from certpath.reports.roster import member_json
from certpath.roster.columns import header_score
from certpath.roster.importer import load_roster, roster_from_table
from certpath.roster.minimal import read_columns_csv
from certpath.roster.model import Roster, RosterOptions
from certpath.roster.reading import read_table
from certpath.services.tracking import PeopleImport, import_people, person_from
from certpath.tracking.model import Person
from certpath.tracking.ports import PlanRecords, UnitOfWork

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".yaml", ".yml")
#: Uploads not committed within this time are deleted.
KEEP_UNCOMMITTED = timedelta(hours=24)
_BLOCK = 1024 * 1024


@dataclass
class RosterPreview:
    """What committing an upload would do, or every problem that stops it."""

    upload_id: int
    filename: str
    committed: bool
    issues: list[Issue] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)  # member_json of each person
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


def upload_roster(
    uow: UnitOfWork, catalogue: Catalogue, filename: str, source: BinaryIO, *, today: date
) -> int:
    """Parse an uploaded roster once; keep its preview and only the columns certpath reads; its id.
    Uploads older than KEEP_UNCOMMITTED and never committed are purged in the same transaction."""
    name = safe_name(filename)
    if not name.lower().endswith(SUFFIXES):
        raise InputError(f"{name}: upload a roster as {', '.join(SUFFIXES)}.")
    with _spooled(name, source) as (path, digest):
        preview, kept = _parse(catalogue, path, name, today=today)
    with uow:
        uow.plans.purge_uploads(before=uow.now - KEEP_UNCOMMITTED)
        upload_id = uow.plans.add_upload(
            filename=name, sha256=digest, data=kept, preview=json.dumps(preview), by=uow.actor, at=uow.now
        )
        uow.commit()
    return upload_id


@contextmanager
def _spooled(name: str, source: BinaryIO) -> Iterator[tuple[Path, str]]:
    """The upload copied block by block to a private temporary file (deleted on exit), and its SHA-256."""
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory(prefix="certpath-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            while block := source.read(_BLOCK):
                digest.update(block)
                out.write(block)
        if path.stat().st_size == 0:
            raise InputError(f"{name} is empty; export the roster again from the HR system.")
        yield path, digest.hexdigest()


def _parse(
    catalogue: Catalogue, path: Path, name: str, *, today: date
) -> tuple[dict[str, Any], bytes | None]:
    """The preview to keep, and the recognised columns as CSV (None when the file has problems).

    The preview holds what the page shows (people, notes, titles to confirm) and each person's
    stored form, so that what a commit would change is found against the store when it is viewed.
    """
    try:
        table = read_table(path, header_score=header_score)
        roster = roster_from_table(table, catalogue, today=today)
    except RosterError as error:
        issues = [_renamed(i, str(path), name) for i in error.issues]
        return {"issues": [_issue_json(i) for i in issues], "people": [], "notes": []}, None
    preview = {
        "issues": [],
        "people": [member_json(m) for m in roster.members],
        "persons": {m.id: person_from(m).as_dict() for m in roster.members},
        "leavers": list(roster.leavers),
        "choices": [asdict(c) for c in title_choices(roster)],
        "notes": list(roster.notes),
    }
    return preview, read_columns_csv(table, roster.columns)


def safe_name(filename: str) -> str:
    """The base name of an uploaded file, with only safe characters (never a client's path)."""
    base = Path(filename.replace("\\", "/")).name
    return re.sub(r"[^A-Za-z0-9._ -]", "_", base)[:200] or "roster.csv"


def _renamed(issue: Issue, old: str, new: str) -> Issue:
    location = issue.location
    return replace(issue, location=replace(location, file=new if location.file == old else location.file))


def _issue_json(issue: Issue) -> dict[str, Any]:
    return {"location": asdict(issue.location), "message": issue.message}


def _issue(data: dict[str, Any]) -> Issue:
    return Issue(Location(**data["location"]), data["message"])


def check_choices(catalogue: Catalogue, titles: dict[str, str]) -> dict[str, str]:
    """Title -> role chosen in the preview, every role checked against the catalogue."""
    wrong = sorted(f"'{title}': '{role}'" for title, role in titles.items() if role not in catalogue.roles)
    if wrong:
        raise InputError(f"Unknown role chosen for {', '.join(wrong)}; choose a role from the list.")
    return titles


def preview_roster(uow: UnitOfWork, catalogue: Catalogue, upload_id: int) -> RosterPreview:
    """The preview kept at upload (nothing is parsed again) and what committing it would change now."""
    with uow:
        row = _upload(uow.plans, upload_id)
        stored = uow.people.all()
    kept = json.loads(row.preview or "{}")
    preview = RosterPreview(
        upload_id, row.filename, row.committed_at is not None, roles=sorted(catalogue.roles)
    )
    preview.issues = [_issue(i) for i in kept.get("issues", [])]
    preview.members = list(kept.get("people", []))
    preview.notes = list(kept.get("notes", []))
    preview.choices = [
        TitleChoice(**{**c, "suggestions": tuple(c["suggestions"])}) for c in kept.get("choices", [])
    ]
    _compare(preview, kept.get("persons", {}), kept.get("leavers", []), stored)
    return preview


def _compare(
    preview: RosterPreview, persons: dict[str, dict[str, Any]], leavers: list[str], stored: dict[str, Person]
) -> None:
    """What committing would change against the store: new, changed, leaving, reactivated."""
    for person_id, new in persons.items():
        old = stored.get(person_id)
        if old is None:
            preview.new.append(person_id)
            continue
        preview.known.append(person_id)
        fields = [k for k, v in old.as_dict().items() if k != "active" and new.get(k) != v]
        if fields:
            preview.changed[person_id] = fields
        if not old.active:
            preview.reactivated.append(person_id)
    preview.leaving = [i for i in leavers if i in stored and stored[i].active]


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


def _upload(store: PlanRecords, upload_id: int) -> Any:
    row = store.upload(upload_id)
    if row is None:
        raise NotFoundError(
            f"No roster upload {upload_id}; uploads not imported within a day are deleted. Upload the file again."
        )
    return row


def read_upload(
    uow: UnitOfWork,
    catalogue: Catalogue,
    upload_id: int,
    *,
    today: date,
    titles: dict[str, str] | None = None,
) -> Roster:
    """The upload's roster from its kept columns, with the roles chosen for titles; RosterError listing
    every problem, NotFoundError if there is no such upload."""
    options = RosterOptions(titles=check_choices(catalogue, titles or {}))
    with uow:
        row = _upload(uow.plans, upload_id)
    if row.committed_at is not None:
        raise InputError(
            f"Upload {upload_id} ({row.filename}) was imported on {row.committed_at}; plan its people from the store."
        )
    if row.data is None:
        issues = [_issue(i) for i in json.loads(row.preview or "{}").get("issues", [])]
        raise RosterError(row.filename, issues or [Issue(Location(row.filename), "upload the file again")])
    with tempfile.TemporaryDirectory(prefix="certpath-upload-") as folder:
        path = Path(folder) / "kept.csv"
        path.write_bytes(row.data)
        try:
            roster = load_roster(path, catalogue, today=today, options=options)
        except RosterError as error:
            raise RosterError(
                row.filename, [_renamed(i, str(path), row.filename) for i in error.issues]
            ) from None
    return replace(roster, source=row.filename)


def commit_roster(
    uow: UnitOfWork,
    catalogue: Catalogue,
    upload_id: int,
    *,
    today: date,
    titles: dict[str, str] | None = None,
) -> PeopleImport:
    """Import the upload's people in one transaction, then empty what was kept; RosterError if it has problems."""
    with uow:
        row = _upload(uow.plans, upload_id)
    if row.committed_at is not None:
        raise InputError(f"Upload {upload_id} ({row.filename}) was already imported on {row.committed_at}.")
    _check_confirmed(row, titles or {})
    # roles the admin chose in the preview apply to everyone with that title
    roster = read_upload(uow, catalogue, upload_id, today=today, titles=titles)
    result = import_people(uow, catalogue, roster, today=today)
    notes = json.loads(row.preview or "{}").get("notes", [])
    done = {"issues": [], "people": [], "notes": notes, "result": asdict(result)}
    with uow:
        uow.plans.mark_committed(upload_id, at=uow.now, preview=json.dumps(done))
        uow.commit()
    return result


def _check_confirmed(row: Any, titles: dict[str, str]) -> None:
    """InputError listing every title the preview asked to confirm that has no role chosen yet.

    The dashboard's form always sends a role for each; any other caller must too, so a guess
    below CONFIRM_BELOW never becomes someone's role unseen.
    """
    choices = json.loads(row.preview or "{}").get("choices", [])
    missing = [c for c in choices if c["title"] not in titles]
    if not missing:
        return
    listed = "; ".join(
        f"'{c['title']}' ({how_many(c['people'], 'person')}, read as '{c['role']}')" for c in missing
    )
    raise InputError(
        f"Upload {row.id} ({row.filename}): {how_many(len(missing), 'job title')} "
        f"to confirm before importing: {listed}. Choose a role for each (the preview's titles to "
        'confirm; in the API, the commit body {"titles": {"JOB TITLE": "ROLE ID"}}); nothing was imported.'
    )


def purge_uploads(uow: UnitOfWork) -> int:
    """Delete uploads not committed within KEEP_UNCOMMITTED of the unit of work's `now`; how many."""
    with uow:
        purged = uow.plans.purge_uploads(before=uow.now - KEEP_UNCOMMITTED)
        uow.commit()
    return purged
