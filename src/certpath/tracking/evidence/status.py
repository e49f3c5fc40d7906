"""Revocation through status lists (W3C Bitstring Status List and its predecessor StatusList2021).

A credential names an entry: a list credential's URL and an index into its bitstring. The
list credential comes from a file the admin supplies (`--status-list FILE`) or, only when
network access is allowed, from its URL. It must itself be a credential of the same issuer
whose proof verifies; its `encodedList` is a GZIP-compressed bitstring, base64url (with the
multibase prefix 'u' in Bitstring Status List), and index 0 is the left-most bit.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from certpath.tracking.evidence.badge_map import BadgeMap
from certpath.tracking.evidence.checks import Checklist
from certpath.tracking.evidence.context import ReadContext, as_object, parse_day
from certpath.tracking.evidence.proofs import assess_proofs

ENTRY_TYPES = ("BitstringStatusListEntry", "StatusList2021Entry")
LIST_TYPES = ("BitstringStatusListCredential", "StatusList2021Credential")
#: Largest decompressed bitstring read (the specs' minimum is 16 KB; this allows 128 million entries).
MAX_BITSTRING = 16 * 1024 * 1024


class StatusUnknown(ValueError):
    """The entry cannot be checked; the message says why and what would let certpath check it."""


@dataclass(frozen=True)
class Status:
    """A set status bit: `purpose` is revocation or suspension."""

    purpose: str
    detail: str


def check_status(
    credential: dict[str, Any], issuer_id: str, checks: Checklist, context: ReadContext
) -> Status | None:
    """Record the revocation check; the status when a list says the credential is revoked or suspended."""
    value = credential.get("credentialStatus")
    entries = [as_object(e) for e in (value if isinstance(value, list) else [value] if value else [])]
    if not entries:
        checks.skipped("revocation", "the credential names no status list, so revocation cannot be checked")
        return None
    details: list[str] = []
    unknown = False
    for entry in entries:
        try:
            set_bit = _entry_set(entry, issuer_id, context)
        except StatusUnknown as error:
            details.append(str(error))
            unknown = True
            continue
        if set_bit is not None:
            checks.failed("revocation", set_bit.detail)
            return set_bit
        details.append(f"bit {entry.get('statusListIndex')} of {entry.get('statusListCredential')} is clear")
    (checks.skipped if unknown else checks.passed)("revocation", "; ".join(details))
    return None


def _entry_set(entry: dict[str, Any], issuer_id: str, context: ReadContext) -> Status | None:
    kind = str(entry.get("type"))
    if kind not in ENTRY_TYPES:
        raise StatusUnknown(f"status type {kind} is not one certpath reads ({', '.join(ENTRY_TYPES)})")
    url = str(entry.get("statusListCredential") or "")
    missing = [key for key in ("statusListCredential", "statusListIndex") if entry.get(key) in (None, "")]
    if missing:
        raise StatusUnknown(
            f"the {kind} names no {' and no '.join(missing)}, so there is no list entry to check"
        )
    try:
        index = int(str(entry.get("statusListIndex")))
    except ValueError:
        raise StatusUnknown(f"statusListIndex '{entry.get('statusListIndex')}' is not a number") from None
    purpose = str(entry.get("statusPurpose") or "revocation")
    document = _list_document(url, context)
    subject = _verified_subject(document, url, issuer_id, context.badge_map)
    if subject.get("statusPurpose", purpose) != purpose:
        raise StatusUnknown(f"the list at {url} is for {subject.get('statusPurpose')}, not {purpose}")
    bits = _bitstring(subject.get("encodedList"), kind, url)
    if index < 0 or index >= len(bits) * 8:
        raise StatusUnknown(f"statusListIndex {index} is outside the list at {url} ({len(bits) * 8} entries)")
    is_set = bits[index // 8] >> (7 - index % 8) & 1
    # Revocation cannot be undone, so a set bit counts even in an out-of-date list; a clear bit
    # in one says nothing about today.
    if not (is_set and purpose == "revocation"):
        _check_current(document, url, context.today)
    if is_set:
        return Status(purpose, f"{purpose}: bit {index} of the status list {url} is set")
    return None


def _list_document(url: str, context: ReadContext) -> dict[str, Any]:
    if url in context.status_lists:
        return context.status_lists[url]
    if context.fetch is None:
        reason = _not_supplied(url, list(context.status_lists))
        raise StatusUnknown(f"{reason} and network access is off (CERTPATH_ALLOW_NETWORK)")
    try:
        document = json.loads(context.fetch(url))
    except (OSError, ValueError) as error:
        raise StatusUnknown(f"the status list {url} could not be fetched: {error}") from None
    return as_object(document)


def _not_supplied(url: str, given: list[str]) -> str:
    if not given:
        return f"the status list {url} was not supplied (--status-list FILE)"
    # Lists are matched by their own id; a list published at another address than its id says
    # (it happens) is not the one the credential names, as far as certpath can tell.
    shown = ", ".join(sorted(given)[:3]) + (f" and {len(given) - 3} more" if len(given) > 3 else "")
    return (
        f"no status list given with --status-list has the id {url} (their ids: {shown}); "
        f"give a list downloaded from that URL as --status-list {url}=FILE"
    )


def _verified_subject(
    document: dict[str, Any], url: str, issuer_id: str, badge_map: BadgeMap
) -> dict[str, Any]:
    issuer = document.get("issuer")
    list_issuer = str(issuer.get("id") if isinstance(issuer, dict) else issuer or "")
    if list_issuer != issuer_id:
        raise StatusUnknown(
            f"the status list {url} is issued by '{list_issuer}', not by the credential's issuer"
        )
    kinds = document.get("type")
    if not {str(k) for k in (kinds if isinstance(kinds, list) else [kinds])} & set(LIST_TYPES):
        raise StatusUnknown(
            f"the document given for the status list {url} is not a status list credential "
            f"(its type names neither {' nor '.join(LIST_TYPES)})"
        )
    proofs = assess_proofs(document, issuer_id, badge_map)
    if proofs.outcome != "passed" or not proofs.by_issuer:
        raise StatusUnknown(
            f"the status list {url} is not verified ({proofs.outcome}: {proofs.detail or 'no proof'})"
        )
    return as_object(document.get("credentialSubject"))


def _check_current(document: dict[str, Any], url: str, today: date) -> None:
    """A list outside its own validity period says nothing about today: the issuer publishes a newer one."""
    starts = parse_day(document.get("validFrom") or document.get("issuanceDate"))
    ends = parse_day(document.get("validUntil") or document.get("expirationDate"))
    if starts is not None and starts > today:
        raise StatusUnknown(
            f"the status list {url} is not valid until {starts}; supply the list in force today"
        )
    if ends is not None and ends < today:
        raise StatusUnknown(f"the status list {url} expired on {ends}; supply a current copy of the list")


def _bitstring(encoded: object, kind: str, url: str) -> bytes:
    text = str(encoded or "")
    if kind == "BitstringStatusListEntry":
        if not text.startswith("u"):
            raise StatusUnknown(
                f"the encodedList of {url} is not multibase base64url (it must start with 'u')"
            )
        text = text[1:]
    try:
        compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        # Bounded: a small hostile list could otherwise inflate to gigabytes.
        bits = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(compressed, MAX_BITSTRING + 1)
    except (ValueError, zlib.error) as error:
        raise StatusUnknown(
            f"the encodedList of {url} is not a GZIP'd base64url bitstring ({error})"
        ) from None
    if len(bits) > MAX_BITSTRING:
        raise StatusUnknown(f"the status list {url} is larger than {MAX_BITSTRING:,} bytes")
    return bits
