"""`/api/v1/evidence`: record a completion, import badges / xAPI / CSV, read a verification record."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Form, UploadFile
from pydantic import BaseModel, Field

from certpath.accounts.roles import Action, Principal
from certpath.interfaces.api.audit import log_access
from certpath.interfaces.api.context import AppContext, Context, Me, RowId
from certpath.interfaces.api.uploads import check_files

router = APIRouter(tags=["evidence"])


class RecordBody(BaseModel):
    """One completion typed in (stored as claimed until a badge or LMS record verifies it)."""

    member: str = Field(min_length=1, max_length=64, description="Employee id.")
    item: str = Field(min_length=1, max_length=64, description="Catalogue course or credential id.")
    completed_on: date
    credential_id: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=1000)
    note: str | None = Field(default=None, max_length=2000)


def check_writer(context: AppContext, me: Principal, member: str) -> None:
    """The caller may record evidence, and for this person (a member only for themselves)."""
    from certpath.services.people import check_in_scope

    me.require(Action.RECORD_EVIDENCE)
    check_in_scope(context.engine, member, scope=me.scope)


@router.post("/evidence", status_code=201, summary="Record one completion")
def record(body: RecordBody, context: Context, me: Me) -> dict[str, Any]:
    return record_from(body, context, me)


def record_from(body: RecordBody, context: AppContext, me: Principal) -> dict[str, Any]:
    """Record a completion (shared with the web form)."""
    from dataclasses import asdict

    from certpath.services.tracking import record_completion

    check_writer(context, me, body.member)
    summary = record_completion(
        context.engine,
        context.catalogue,
        body.member,
        body.item,
        day=body.completed_on,
        today=context.today(),
        actor=me.username,
        credential_id=body.credential_id,
        url=body.url,
        note=body.note,
    )
    return dict(asdict(summary))


@router.post("/evidence/files", status_code=201, summary="Import Open Badges, Credly, xAPI or CSV files")
async def import_files(
    files: list[UploadFile],
    context: Context,
    me: Me,
    member: Annotated[str | None, Form(max_length=64)] = None,
) -> list[dict[str, Any]]:
    from starlette.concurrency import run_in_threadpool

    check_files(files, context.settings.limits)
    # The parsed files are spooled temporary files; they are copied to disk in blocks, never read whole.
    uploads = [(f.filename or "evidence", f.file) for f in files]
    return await run_in_threadpool(_import, context, me, uploads, member)


def _import(
    context: AppContext, me: Principal, uploads: list[tuple[str, BinaryIO]], member: str | None
) -> list[dict[str, Any]]:
    import shutil
    import tempfile
    from dataclasses import asdict
    from pathlib import Path

    from certpath.accounts.roles import ORG_WIDE
    from certpath.errors import InputError
    from certpath.services.rosters import safe_name
    from certpath.services.tracking import import_evidence

    me.require(Action.RECORD_EVIDENCE)
    if member is None and me.role not in ORG_WIDE:
        raise InputError("Give `member`: you may import evidence only for people you can see.")
    if member is not None:
        check_writer(context, me, member)
    with tempfile.TemporaryDirectory(prefix="certpath-evidence-") as folder:
        paths = []
        for i, (name, data) in enumerate(uploads):
            path = Path(folder) / str(i) / safe_name(name)
            path.parent.mkdir()
            with path.open("wb") as out:
                shutil.copyfileobj(data, out, 1024 * 1024)
            paths.append(path)
        summaries = import_evidence(
            context.engine,
            context.catalogue,
            paths,
            badge_map=context.badge_map,
            today=context.today(),
            actor=me.username,
            member=member,
        )
    return [dict(asdict(s)) for s in summaries]


@router.get("/evidence/{evidence_id}", summary="One piece of evidence with every verification check")
def verification(evidence_id: RowId, context: Context, me: Me) -> dict[str, Any]:
    from certpath.services.people import evidence_detail

    found = evidence_detail(context.engine, evidence_id, scope=me.scope)
    log_access(context, me, "read.evidence", "evidence", str(evidence_id), person=found["person"])
    return found
