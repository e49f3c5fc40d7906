"""`/api/v1/rosters`: upload an HR export, preview it with every problem, then commit it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Body, UploadFile
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from certpath.accounts.roles import Action
from certpath.interfaces.http.context import Context, Me, RowId
from certpath.interfaces.http.errors import location_json
from certpath.interfaces.http.uploads import check_files
from certpath.services.rosters import RosterPreview, commit_roster, preview_roster, upload_roster

router = APIRouter(tags=["rosters"])


class RoleChoices(BaseModel):
    """Roles chosen for job titles the preview listed in `titles_to_confirm`."""

    model_config = ConfigDict(extra="forbid")
    titles: dict[Annotated[str, Field(max_length=300)], Annotated[str, Field(max_length=100)]] = Field(
        default_factory=dict,
        max_length=10_000,
        description="job title -> role id, for everyone with the title",
    )


@router.post("/rosters", status_code=201, summary="Upload a roster; nothing is imported until commit")
async def upload(file: UploadFile, context: Context, me: Me) -> dict[str, Any]:
    me.require(Action.IMPORT_ROSTER)
    check_files([file], context.settings.limits)
    upload_id = await run_in_threadpool(
        upload_roster,
        context.unit_of_work(me.username),
        context.catalogue,
        file.filename or "roster.csv",
        file.file,
        today=context.today(),
    )
    preview = await run_in_threadpool(
        preview_roster, context.unit_of_work(me.username), context.catalogue, upload_id
    )
    return preview_json(preview)


@router.get("/rosters/{upload_id}", summary="The preview of an upload: people, or every problem")
def preview(upload_id: RowId, context: Context, me: Me) -> dict[str, Any]:
    me.require(Action.IMPORT_ROSTER)
    return preview_json(preview_roster(context.unit_of_work(me.username), context.catalogue, upload_id))


@router.post("/rosters/{upload_id}/commit", summary="Import the upload's people in one transaction")
def commit(
    upload_id: RowId, context: Context, me: Me, choices: Annotated[RoleChoices | None, Body()] = None
) -> dict[str, Any]:
    me.require(Action.IMPORT_ROSTER)
    result = commit_roster(
        context.unit_of_work(me.username),
        context.catalogue,
        upload_id,
        today=context.today(),
        titles=choices.titles if choices else None,
    )
    return asdict(result)


def preview_json(preview: RosterPreview) -> dict[str, Any]:
    """The API's view of an upload's preview."""
    return {
        "upload_id": preview.upload_id,
        "filename": preview.filename,
        "committed": preview.committed,
        "ok": not preview.issues,
        "issues": [{"location": location_json(i.location), "message": i.message} for i in preview.issues],
        "people": preview.members,
        "new": preview.new,
        "known": preview.known,
        "changed": preview.changed,
        "leaving": preview.leaving,
        "reactivated": preview.reactivated,
        "titles_to_confirm": [
            {
                "title": c.title,
                "role": c.role,
                "confidence": c.confidence,
                "suggestions": list(c.suggestions),
                "people": c.people,
            }
            for c in preview.choices
        ],
        "notes": preview.notes,
    }
