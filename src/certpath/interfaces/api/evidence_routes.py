"""`/api/v1/evidence`: record a completion, import badges / xAPI / CSV, read a verification record."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Form, UploadFile

from certpath.accounts.roles import Principal
from certpath.interfaces.http.audit import log_access
from certpath.interfaces.http.bodies import RecordBody, record_from
from certpath.interfaces.http.context import AppContext, Context, Me, RowId
from certpath.interfaces.http.uploads import check_files
from certpath.roster.values import parse_date_format
from certpath.services.evidence_uploads import import_uploads
from certpath.services.people import evidence_detail

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
    date_format: Annotated[str | None, Form(max_length=32)] = None,
) -> list[dict[str, Any]]:
    """`date_format` (MM/DD/YYYY, DD.MM.YYYY, %m/%d/%Y) reads a completions CSV's non-ISO dates."""
    from starlette.concurrency import run_in_threadpool

    check_files(files, context.settings.limits)
    pattern = parse_date_format(date_format, option="date_format")
    # The parsed files are spooled temporary files; they are copied to disk in blocks, never read whole.
    uploads = [(f.filename or "evidence", f.file) for f in files]
    return await run_in_threadpool(_import, context, me, uploads, member, pattern)


def _import(
    context: AppContext,
    me: Principal,
    uploads: list[tuple[str, BinaryIO]],
    member: str | None,
    date_format: str | None,
) -> list[dict[str, Any]]:
    summaries = import_uploads(
        context.unit_of_work(me.username),
        context.catalogue,
        me,
        uploads,
        badge_map=context.badge_map,
        today=context.today(),
        member=member,
        date_format=date_format,
    )
    return [dict(asdict(s)) for s in summaries]


@router.get("/evidence/{evidence_id}", summary="One piece of evidence with every verification check")
def verification(evidence_id: RowId, context: Context, me: Me) -> dict[str, Any]:
    found = evidence_detail(context.unit_of_work(me.username), evidence_id, scope=me.scope)
    log_access(context, me, "read.evidence", "evidence", str(evidence_id), person=found["person"])
    return found
