"""xAPI statements (completed, passed, failed, voided) from a JSON array, a StatementResult or NDJSON.

Statements are idempotent on their id; a voiding statement cancels the one it references.
"""

from __future__ import annotations

import json
from typing import Any

from certpath.tracking.evidence.checks import Checklist
from certpath.tracking.evidence.context import ReadContext, as_object, parse_day
from certpath.tracking.model import EvidenceStatus, NewEvidence, Void

VERBS = "http://adlnet.gov/expapi/verbs/"
_STATUS: dict[str, EvidenceStatus] = {"completed": "completed", "passed": "completed", "failed": "failed"}


def statements_in(document: object) -> list[Any] | None:
    """The statements of a parsed xAPI document, or None when it is not one."""
    if isinstance(document, dict) and isinstance(document.get("statements"), list):
        document = document["statements"]
    if isinstance(document, dict) and "verb" in document:
        document = [document]
    if isinstance(document, list) and document and all(isinstance(s, dict) and "verb" in s for s in document):
        return document
    return None


def read_statements(
    statements: list[Any], *, context: ReadContext, lines: list[int] | None = None
) -> tuple[list[NewEvidence], list[Void], list[str]]:
    """Evidence and voids from statements; statements with other verbs are counted in a note."""
    evidence: list[NewEvidence] = []
    voids: list[Void] = []
    ignored = 0
    for index, statement in enumerate(statements):
        line = lines[index] if lines else None
        key = f"statements[{index}]" if lines is None else ""
        verb = (
            str((statement.get("verb") or {}).get("id") or "")
            if isinstance(statement.get("verb"), dict)
            else ""
        )
        name = verb.removeprefix(VERBS) if verb.startswith(VERBS) else ""
        statement_id = str(statement.get("id") or "")
        if not statement_id:
            context.problem(
                "the statement has no id; certpath needs it to import each statement once", key=key, line=line
            )
            continue
        if name == "voided":
            target = statement.get("object") or {}
            if (
                not isinstance(target, dict)
                or target.get("objectType") != "StatementRef"
                or not target.get("id")
            ):
                context.problem(
                    "a voiding statement's object must be a StatementRef with an id",
                    key=f"{key}.object",
                    line=line,
                )
                continue
            voids.append(Void("xapi", str(target["id"]), statement_id, line=line, key=key))
        elif name in _STATUS:
            found = _statement(statement, name, statement_id, context, key, line)
            if found is not None:
                evidence.append(found)
        else:
            ignored += 1
    notes = (
        [f"Ignored {ignored} statements with other verbs (only completed, passed, failed, voided count)."]
        if ignored
        else []
    )
    return evidence, voids, notes


def _statement(
    statement: dict[str, Any], verb: str, statement_id: str, context: ReadContext, key: str, line: int | None
) -> NewEvidence | None:
    activity = as_object(statement.get("object"))
    activity_id = str(activity.get("id") or "")
    when = parse_day(statement.get("timestamp") or statement.get("stored"))
    if not activity_id or when is None:
        context.problem("the statement needs object.id and a timestamp (or stored)", key=key, line=line)
        return None
    result = as_object(statement.get("result"))
    if verb == "passed" and result.get("success") is False:
        context.problem(
            "a 'passed' statement has result.success false", key=f"{key}.result.success", line=line
        )
        return None
    checks = Checklist("xapi")
    checks.passed("structure", f"an xAPI '{verb}' statement with actor, activity and timestamp")
    checks.skipped("signature", "the statement is unsigned; its origin is the LRS or LMS export it came from")
    checks.skipped("key-trusted", "no key on an unsigned statement")
    checks.skipped("revocation", "xAPI has no revocation; voiding statements are applied on import")
    if when > context.today:
        checks.failed("dates", f"timestamp {when} is in the future")
        context.problem(f"the timestamp {when} is after today", key=f"{key}.timestamp", line=line)
        return None
    checks.passed("dates", f"completed {when}")
    person = _actor(statement.get("actor"), checks, context, key, line)
    if person is None:
        return None
    definition = as_object(activity.get("definition"))
    names = as_object(definition.get("name"))
    name = str(next(iter(names.values()), "")) if names else ""
    return NewEvidence(
        person_id=person,
        item_id=context.badge_map.item_for_activity(activity_id, name),
        source="xapi",
        status=_STATUS[verb],
        completed_on=when,
        verification=checks.record(),
        external_id=statement_id,
        url=activity_id if activity_id.startswith("http") else None,
        issuer=None,
        achievement=name or activity_id,
        artifact=json.dumps(statement, sort_keys=True),
        line=line,
        key=key,
    )


def _actor(actor: object, checks: Checklist, context: ReadContext, key: str, line: int | None) -> str | None:
    agent = as_object(actor)
    account = as_object(agent.get("account"))
    person = None
    if account.get("name") and str(account["name"]) in context.recipients.ids:
        person, how = str(account["name"]), "account name"
    elif agent.get("mbox"):
        person, how = context.recipients.by_email(str(agent["mbox"])), "mbox"
    elif agent.get("mbox_sha1sum"):
        person, how = context.recipients.by_mbox_sha1(str(agent["mbox_sha1sum"])), "mbox_sha1sum"
    if person is None:
        shown = account.get("name") or agent.get("mbox") or agent.get("mbox_sha1sum") or "(no identifier)"
        context.problem(
            f"the actor {shown} is no one in the store; import the roster first",
            key=f"{key}.actor",
            line=line,
            unknown_person=True,
        )
        return None
    checks.passed("recipient", f"the actor's {how} identifies {person}")
    return person
