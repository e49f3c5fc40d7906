"""Write evidence batches through a unit of work: skip what is already there, date expiries, apply voids."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from certpath.catalogue.model import Catalogue
from certpath.tracking.expiry import Expiry, expiry_for, window_opening
from certpath.tracking.model import EvidenceBatch, NewEvidence
from certpath.tracking.ports import UnitOfWork
from certpath.tracking.summary import CatalogueMaps


@dataclass
class ImportSummary:
    """What one file did to the store."""

    file: str
    kind: str
    added: int = 0
    already_there: int = 0
    voided: int = 0
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    import_id: int | None = None


def store_batch(
    uow: UnitOfWork,
    catalogue: Catalogue,
    batch: EvidenceBatch,
    *,
    file: str,
    sha256: str,
    self_reported: bool = False,
) -> ImportSummary:
    """Add a batch's new evidence and apply its voids, inside the caller's transaction.

    `self_reported`: the file came from someone writing for themselves or their team, not from
    the organisation's records, so unsigned evidence in it is `claimed`, not `recorded`."""
    uow.follow_catalogue(CatalogueMaps.of(catalogue))  # so the refresh on commit maps items right
    summary = ImportSummary(file, batch.kind, notes=list(batch.notes))
    seen: set[str] = set()
    fresh: list[NewEvidence] = []
    for item in batch.evidence:
        key = item.external_id
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        fresh.append(item)
    known = uow.evidence.known_external_ids(batch.source, seen)
    fresh = [e for e in fresh if e.external_id not in known]
    summary.already_there = len(batch.evidence) - len(fresh)
    summary.import_id = uow.evidence.start_import(
        kind=batch.source, filename=file, sha256=sha256, rows=len(fresh), actor=uow.actor, at=uow.now
    )
    rows = evidence_rows(uow, catalogue, fresh, import_id=summary.import_id, self_reported=self_reported)
    uow.evidence.add_many(rows)
    summary.added = len(rows)
    summary.unmatched = [
        {
            "person": e.person_id,
            "issuer": e.issuer,
            "achievement": e.achievement,
            "external_id": e.external_id,
        }
        for e in fresh
        if e.item_id is None
    ]
    voided_people = _apply_voids(uow, batch, summary)
    summary.voided = len(voided_people)
    uow.audit.append(
        "evidence.import",
        "import",
        str(summary.import_id),
        after={
            "file": file,
            "sha256": sha256,
            "kind": batch.kind,
            "added": summary.added,
            "already_there": summary.already_there,
            "voided": summary.voided,
            "unmatched": len(summary.unmatched),
            # Whose records this import changed, so an audit can answer "who wrote my evidence?".
            "people": sorted({e.person_id for e in fresh} | set(voided_people)),
        },
    )
    return summary


def _apply_voids(uow: UnitOfWork, batch: EvidenceBatch, summary: ImportSummary) -> list[str]:
    """Void what the batch's voiding statements name; the person of each piece voided."""
    voided: list[str] = []
    for void in batch.voids:
        before = uow.evidence.void(void.source, void.target)
        if before is None:
            summary.notes.append(
                f"Voiding statement {void.statement_id} names unknown statement {void.target}; ignored."
            )
        elif before["status"] != "voided":
            voided.append(str(before["person_id"]))
            uow.audit.append(
                "evidence.void",
                "evidence",
                str(before["id"]),
                before={"status": before["status"]},
                after={"status": "voided", "by": void.statement_id, "person": before["person_id"]},
            )
    return voided


def evidence_rows(
    uow: UnitOfWork,
    catalogue: Catalogue,
    items: list[NewEvidence],
    *,
    import_id: int | None,
    self_reported: bool = False,
) -> list[tuple[Any, ...]]:
    """Rows (in EVIDENCE_COLUMNS order) for new evidence, expiries dated by each vendor's rule."""
    credentials = catalogue.credentials
    pairs = {
        (e.person_id, e.item_id)
        for e in items
        if e.item_id is not None and e.item_id in credentials and e.status == "completed"
    }
    history = uow.evidence.credential_history(pairs)  # (person, item) -> (first award, latest expiry)
    records = _records(items, self_reported=self_reported)
    record_ids = uow.evidence.verification_ids({record for record, _ in records.values()})
    no_expiry = Expiry(None, None)
    dated: dict[tuple[Any, ...], Expiry] = {}
    now = uow.now
    rows = []
    for item in sorted(items, key=lambda e: (e.person_id, e.item_id or "", e.completed_on)):
        expiry = no_expiry
        if item.status == "completed" and item.item_id in credentials:
            expiry = _expiry(catalogue, item, history, dated)
        record, assurance = records[id(item.verification)]
        rows.append(
            (
                item.person_id,
                item.item_id,
                item.source,
                item.external_id,
                item.status,
                item.completed_on,
                expiry.expires_on,
                expiry.window_opens,
                assurance,
                item.credential_id,
                item.url,
                item.note,
                item.issuer,
                item.achievement,
                record_ids[record],
                None if item.artifact is None else _sha(item.artifact),
                item.artifact,
                import_id,
                now,
            )
        )
    return rows


def _records(items: list[NewEvidence], *, self_reported: bool) -> dict[int, tuple[str, str]]:
    """Each distinct verification record's JSON and assurance, keyed by object id.

    A CSV's rows share one record, so this works it out once per file rather than once per
    row. Object ids are valid keys because `items` keeps every record alive while they are used.
    """
    records: dict[int, tuple[str, str]] = {}
    for item in items:
        key = id(item.verification)
        if key not in records:
            verification = item.verification
            record = json.dumps(
                {"format": verification.format, "checks": [c.as_dict() for c in verification.checks]}
            )
            assurance = verification.assurance
            records[key] = (record, "claimed" if self_reported and assurance == "recorded" else assurance)
    return records


def _expiry(
    catalogue: Catalogue,
    item: NewEvidence,
    history: dict[tuple[str, str], tuple[date, date]],
    dated: dict[tuple[Any, ...], Expiry],
) -> Expiry:
    """The item's expiry and window; `dated` remembers the arithmetic, which repeats across rows."""
    assert item.item_id is not None
    policy_id = catalogue.credentials[item.item_id].renewal_policy
    key = (item.person_id, item.item_id)
    first, previous = history.get(key, (None, None))
    inputs = (policy_id, item.completed_on, item.expires_on, previous, first)
    expiry = dated.get(inputs)
    if expiry is None:
        policy = catalogue.renewal_policies[policy_id]
        if item.expires_on is not None:  # the issuer stated the expiry: it wins over the policy's arithmetic
            expiry = Expiry(item.expires_on, window_opening(policy, item.expires_on))
        else:
            expiry = expiry_for(
                policy, completed_on=item.completed_on, previous_expiry=previous, first_awarded=first
            )
        dated[inputs] = expiry
    if expiry.expires_on is not None:
        history[key] = (first or item.completed_on, max(expiry.expires_on, previous or expiry.expires_on))
    return expiry


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()
