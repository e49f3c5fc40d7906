"""Credly issued-badge records (the JSON of its API or an export): one badge, a list, or {"data": [...]}."""

from __future__ import annotations

from typing import Any

from certpath.tracking.evidence.checks import Checklist
from certpath.tracking.evidence.context import ReadContext, as_object, parse_day
from certpath.tracking.model import NewEvidence

_SKIPPED_STATES = ("revoked", "rejected", "pending")


def is_credly(document: object) -> bool:
    """True for a Credly badge record or a list or page of them."""
    records = credly_records(document)
    return bool(records) and all(isinstance(r, dict) and "badge_template" in r for r in records)


def credly_records(document: object) -> list[Any]:
    if isinstance(document, dict) and isinstance(document.get("data"), list):
        return list(document["data"])
    if isinstance(document, list):
        return document
    return [document] if isinstance(document, dict) and "badge_template" in document else []


def read_credly(document: object, *, context: ReadContext) -> tuple[list[NewEvidence], list[str]]:
    """Evidence for every accepted badge, and notes on the badges skipped (revoked, rejected, pending)."""
    import json

    found: list[NewEvidence] = []
    skipped: list[str] = []
    for index, item in enumerate(credly_records(document)):
        record = as_object(item)
        state = str(record.get("state") or "accepted").lower()
        if state in _SKIPPED_STATES:
            skipped.append(f"{record.get('id')} ({state})")
            continue
        evidence = _badge(record, index, json.dumps(record, sort_keys=True), context)
        if evidence is not None:
            found.append(evidence)
    notes = (
        [f"Skipped {len(skipped)} Credly badges that are not accepted: {', '.join(skipped)}."]
        if skipped
        else []
    )
    return found, notes


def _badge(record: dict[str, Any], index: int, raw: str, context: ReadContext) -> NewEvidence | None:
    key = f"data[{index}]"
    template = as_object(record.get("badge_template"))
    issued = parse_day(record.get("issued_at_date") or record.get("issued_at"))
    if not record.get("id") or not template.get("name") or issued is None:
        context.problem("a Credly badge needs id, badge_template.name and issued_at", key=key)
        return None
    checks = Checklist("credly")
    checks.passed("structure", "a Credly badge with id, template and issue date")
    checks.skipped(
        "signature",
        f"Credly records are not signed; re-reading badge {record['id']} from Credly's API needs the network",
    )
    checks.skipped("key-trusted", "no key: the record's origin is the Credly account it was exported from")
    checks.skipped(
        "revocation", f"state is '{record.get('state', 'accepted')}' in the file; not re-read online"
    )
    expires_value = record.get("expires_at_date") or record.get("expires_at")
    expires = parse_day(expires_value) if expires_value else None
    if issued > context.today:
        checks.failed("dates", f"issued in the future ({issued})")
        context.problem(f"issued_at {issued} is after today", key=f"{key}.issued_at")
        return None
    if expires is not None and expires < context.today:
        checks.failed("dates", f"issued {issued}, expired {expires}: kept as history, not current")
    else:
        checks.passed(
            "dates", f"issued {issued}" + (f", expires {expires}" if expires else ", no expiry stated")
        )
    person = _person(record, checks, context, key)
    if person is None:
        return None
    issuer_name = _issuer(record)
    return NewEvidence(
        person_id=person,
        item_id=context.badge_map.item_for(
            issuer_id=issuer_name,
            issuer_name=issuer_name,
            achievement_id=str(template.get("id") or ""),
            name=str(template["name"]),
        ),
        source="credly",
        status="completed",
        completed_on=issued,
        verification=checks.record(),
        external_id=str(record["id"]),
        expires_on=expires,
        url=str(record.get("badge_url") or "") or None,
        issuer=issuer_name or None,
        achievement=str(template["name"]),
        artifact=raw,
        key=key,
    )


def _issuer(record: dict[str, Any]) -> str:
    issuer = record.get("issuer")
    if isinstance(issuer, dict):
        for entity in issuer.get("entities") or []:
            name = (entity.get("entity") or {}).get("name") if isinstance(entity, dict) else None
            if name:
                return str(name)
    return ""


def _person(record: dict[str, Any], checks: Checklist, context: ReadContext, key: str) -> str | None:
    earner = str(record.get("issuer_earner_id") or "")
    email = str(record.get("recipient_email") or "")
    person = (
        earner if earner in context.recipients.ids else context.recipients.by_email(email) if email else None
    )
    if person is None:
        context.problem(
            f"no one in the store has employee id '{earner}' or email '{email}'; import the roster first",
            key=key,
            unknown_person=True,
        )
        return None
    if context.member is not None and person != context.member:
        checks.failed("recipient", f"the badge was issued to {person}, not {context.member}")
        context.problem(f"the badge belongs to {person}, not to --member {context.member}", key=key)
        return None
    how = "issuer_earner_id" if earner == person else "recipient_email"
    checks.passed("recipient", f"{how} identifies {person}")
    return person
