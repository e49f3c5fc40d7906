"""Read one evidence file of any supported kind; recognise the kind from its content."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from certpath.errors import EvidenceError
from certpath.tracking.evidence.context import MAX_BADGE_BYTES, ReadContext, as_object
from certpath.tracking.model import EvidenceBatch

#: Largest JSON or NDJSON evidence file, and deepest nesting read (real ones stay under 12 levels).
MAX_JSON_BYTES = MAX_BADGE_BYTES * 64
MAX_JSON_DEPTH = 64
#: A JSON string (skipped whole) or a bracket.
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
#: What load_json returns for a document it could not use (JSON null is a document).
INVALID: Any = object()


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_evidence(path: Path, data: bytes, *, context: ReadContext) -> EvidenceBatch:
    """The evidence in one file, or EvidenceError listing every problem found in it."""
    from certpath.errors import RosterError
    from certpath.roster.reading import decode

    try:
        text = decode(path, data)
    except RosterError as error:
        # Messages name the file as the caller knows it, never the path it was read from.
        issues = [replace(i, location=replace(i.location, file=context.source)) for i in error.issues]
        raise EvidenceError(context.source, issues) from None
    batch = _dispatch(path, data, text, context)
    if context.issues:
        raise EvidenceError(context.source, context.issues)
    return batch


def _dispatch(path: Path, data: bytes, text: str, context: ReadContext) -> EvidenceBatch:
    stripped = text.strip()
    if not stripped:
        context.problem("is empty; export the badge, statements or completions again and import that file")
        return EvidenceBatch("empty", "unknown")
    if path.suffix.lower() in (".yaml", ".yml"):
        context.problem("is YAML, not evidence; a badge map is given with --map FILE")
        return EvidenceBatch("yaml", "unknown")
    if path.suffix.lower() == ".csv":
        from certpath.tracking.evidence.completions_csv import read_completions

        return read_completions(text, context=context)
    if stripped.startswith("ey") and stripped.count(".") == 2 and "\n" not in stripped:
        return _token(stripped, context)
    if len(data) > MAX_JSON_BYTES:
        context.problem(
            f"is {len(data):,} bytes; JSON evidence files are limited to {MAX_JSON_BYTES:,} bytes"
        )
        return EvidenceBatch("json", "unknown")
    if path.suffix.lower() in (".ndjson", ".jsonl"):
        return _ndjson(text, context)
    document = load_json(text, context)
    if document is INVALID:
        return EvidenceBatch("json", "unknown")
    return _document(document, text, context)


def load_json(text: str, context: ReadContext, *, line: int | None = None) -> Any:
    """The parsed JSON, or INVALID with a located problem (not JSON, or nested too deep)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        context.problem(f"is not valid JSON: {error.msg}", line=line or error.lineno, column=error.colno)
        return INVALID
    except RecursionError:  # the parser gave up before MAX_JSON_DEPTH was checked
        document = INVALID
    except ValueError as error:  # a number of more than 4,300 digits: Python refuses to convert it
        reason = str(error).partition(";")[0]
        context.problem(f"has a number that cannot be read ({reason})", line=line)
        return INVALID
    if document is INVALID or too_deep(document):
        found_line, column = _deepest_place(text)
        context.problem(
            f"nests arrays and objects more than {MAX_JSON_DEPTH} levels deep; no badge or statement does",
            line=line or found_line,
            column=column,
        )
        return INVALID
    return document


def too_deep(document: Any) -> bool:
    """Whether arrays and objects nest more than MAX_JSON_DEPTH levels (checked without recursion)."""
    stack = [(document, 1)] if isinstance(document, (dict, list)) else []
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        if depth > MAX_JSON_DEPTH:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def _deepest_place(text: str) -> tuple[int | None, int | None]:
    """Line and column where the nesting first passes MAX_JSON_DEPTH (strings skipped)."""
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                at = token.start()
                return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        elif mark in "]}":
            depth -= 1
    return None, None


def _document(document: Any, text: str, context: ReadContext) -> EvidenceBatch:
    from certpath.tracking.evidence.credly import is_credly, read_credly
    from certpath.tracking.evidence.openbadges import read_ob2, read_ob3
    from certpath.tracking.evidence.xapi import read_statements, statements_in

    if (statements := statements_in(document)) is not None:
        evidence, voids, notes = read_statements(statements, context=context)
        return EvidenceBatch("xapi", "xAPI statements", evidence, voids, notes)
    if is_credly(document):
        found, notes = read_credly(document, context=context)
        return EvidenceBatch("credly", "Credly badges", found, notes=notes)
    if isinstance(document, dict) and _is_ob3(document):
        if len(text.encode()) > MAX_BADGE_BYTES:
            context.problem(f"is larger than {MAX_BADGE_BYTES:,} bytes; a badge is never this big")
            return EvidenceBatch("ob3", "Open Badges 3.0")
        one = read_ob3(document, raw=text, context=context)
        return EvidenceBatch("ob3", "Open Badges 3.0", [one] if one else [])
    if isinstance(document, dict) and document.get("type") == "Assertion":
        one = read_ob2(document, raw=text, context=context)
        return EvidenceBatch("ob2", "Open Badges 2.0", [one] if one else [])
    context.problem(
        "is not a kind of evidence certpath reads: Open Badges 2.0 or 3.0, a VC-JWT, Credly badge JSON, "
        "xAPI statements (JSON or NDJSON) or a completions CSV"
    )
    return EvidenceBatch("json", "unknown")


def _is_ob3(document: dict[str, Any]) -> bool:
    contexts = document.get("@context")
    listed = contexts if isinstance(contexts, list) else [contexts]
    return any(isinstance(c, str) and "credentials" in c for c in listed) and "credentialSubject" in document


def _token(token: str, context: ReadContext) -> EvidenceBatch:
    from certpath.tracking.evidence.jose import JoseError, peek
    from certpath.tracking.evidence.openbadges import read_ob2, read_ob3

    try:
        payload = peek(token).payload
    except JoseError as error:
        context.problem(f"looks like a JWS but {error}")
        return EvidenceBatch("jwt", "unknown")
    if too_deep(payload):
        context.problem(f"has a payload nested more than {MAX_JSON_DEPTH} levels deep; no badge is")
        return EvidenceBatch("jwt", "unknown")
    credential = as_object(payload.get("vc")) or payload
    if "credentialSubject" in credential:
        one = read_ob3(credential, raw=token, context=context, jwt=token)
        return EvidenceBatch("ob3", "Open Badges 3.0 (VC-JWT)", [one] if one else [])
    if credential.get("type") == "Assertion":
        one = read_ob2(credential, raw=token, context=context, jws=token)
        return EvidenceBatch("ob2", "Open Badges 2.0 (signed)", [one] if one else [])
    context.problem("is a JWS whose payload is neither an Open Badges 3.0 credential nor a 2.0 assertion")
    return EvidenceBatch("jwt", "unknown")


def _ndjson(text: str, context: ReadContext) -> EvidenceBatch:
    from certpath.tracking.evidence.xapi import read_statements

    statements: list[Any] = []
    lines: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        statement = load_json(line, context, line=number)
        if statement is INVALID:
            continue
        if not isinstance(statement, dict) or "verb" not in statement:
            context.problem("is not an xAPI statement (no verb)", line=number)
            continue
        statements.append(statement)
        lines.append(number)
    evidence, voids, notes = read_statements(statements, context=context, lines=lines)
    return EvidenceBatch("xapi", "xAPI statements", evidence, voids, notes)
