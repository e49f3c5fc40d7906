"""`/api/v1/evidence`: record a completion, import badges / xAPI / CSV, read a verification record."""

from __future__ import annotations

from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Form, UploadFile

from certpath.accounts.roles import Action, Principal
from certpath.interfaces.http.audit import log_access
from certpath.interfaces.http.bodies import RecordBody, record_from
from certpath.interfaces.http.context import AppContext, Context, Me, RowId
from certpath.interfaces.http.uploads import check_files
from certpath.services.people import evidence_detail
from certpath.services.rosters import safe_name
from certpath.services.tracking import import_evidence

router = APIRouter(tags=["evidence"])


@router.post("/evidence", status_code=201, summary="Record one completion")
def record(body: RecordBody, context: Context, me: Me) -> dict[str, Any]:
    return record_from(body, context, me)


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

    # The service checks every person the files name against the caller's scope.
    me.require(Action.RECORD_EVIDENCE)
    with tempfile.TemporaryDirectory(prefix="certpath-evidence-") as folder:
        paths = []
        for i, (name, data) in enumerate(uploads):
            path = Path(folder) / str(i) / safe_name(name)
            path.parent.mkdir()
            with path.open("wb") as out:
                shutil.copyfileobj(data, out, 1024 * 1024)
            paths.append(path)
        summaries = import_evidence(
            context.unit_of_work(me.username),
            context.catalogue,
            paths,
            badge_map=context.badge_map,
            today=context.today(),
            scope=me.scope,
            member=member,
            names=[shown_name(name) for name, _ in uploads],
        )
    return [dict(asdict(s)) for s in summaries]


def shown_name(filename: str) -> str:
    """An upload's own file name, as messages and the audit log show it: no folders, no control characters."""
    base = filename.replace("\\", "/").rpartition("/")[2]
    return "".join(c for c in base if c.isprintable())[:200] or "evidence"


@router.get("/evidence/{evidence_id}", summary="One piece of evidence with every verification check")
def verification(evidence_id: RowId, context: Context, me: Me) -> dict[str, Any]:
    found = evidence_detail(context.engine, evidence_id, scope=me.scope)
    log_access(context, me, "read.evidence", "evidence", str(evidence_id), person=found["person"])
    return found
