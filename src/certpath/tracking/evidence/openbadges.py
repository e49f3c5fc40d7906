"""Open Badges 3.0 (embedded Data Integrity proofs, or VC-JWT) and 2.0 (hosted, or signed JWS)."""

from __future__ import annotations

from datetime import date
from typing import Any

from certpath.tracking.evidence.checks import Checklist
from certpath.tracking.evidence.context import ReadContext, as_object, parse_day
from certpath.tracking.evidence.jose import JoseError, peek, verify
from certpath.tracking.evidence.proofs import check_proofs
from certpath.tracking.evidence.status import check_status
from certpath.tracking.evidence.vcjwt import check_jwt, with_claims
from certpath.tracking.model import NewEvidence


def _name_of(node: object) -> tuple[str, str]:
    """(id, name) of an issuer or achievement given as an IRI string or an object."""
    if isinstance(node, str):
        return node, ""
    if isinstance(node, dict):
        return str(node.get("id") or ""), str(node.get("name") or "")
    return "", ""


def read_ob3(
    credential: dict[str, Any], *, raw: str, context: ReadContext, jwt: str | None = None
) -> NewEvidence | None:
    """One OpenBadgeCredential or AchievementCredential (VC 1.1 or 2.0), verified as far as can be done offline."""
    checks = Checklist("ob3-vc-jwt" if jwt else "ob3-data-integrity")
    if jwt is not None:
        credential = with_claims(credential, peek(jwt).payload)
    subject = _subject(credential.get("credentialSubject"))
    issuer_id, issuer_name = _name_of(credential.get("issuer"))
    achievement_id, achievement_name = _name_of(subject.get("achievement"))
    valid_from = parse_day(
        credential.get("validFrom") or credential.get("issuanceDate") or credential.get("awardedDate")
    )
    if not achievement_id and not achievement_name and not _is_badge(credential, checks, context):
        return None
    if not _has_required(issuer_id, achievement_id or achievement_name, valid_from, checks, context):
        return None
    assert valid_from is not None
    _check_structure(credential, subject, checks)
    if jwt is not None:
        check_jwt(jwt, credential, issuer_id, checks, context)
    elif not check_proofs(credential, issuer_id, checks, context):
        return None
    expires = parse_day(credential.get("validUntil") or credential.get("expirationDate"))
    _check_dates(valid_from, expires, checks, context)
    revoked = check_status(credential, issuer_id, checks, context)
    person = _recipient_ob3(subject, checks, context)
    if person is None or context.issues:
        return None
    item = context.badge_map.item_for(
        issuer_id=issuer_id, issuer_name=issuer_name, achievement_id=achievement_id, name=achievement_name
    )
    return NewEvidence(
        person_id=person,
        item_id=item,
        source="ob3",
        status="revoked" if revoked else "completed",
        completed_on=valid_from,
        verification=checks.record(),
        external_id=str(credential.get("id") or "") or None,
        expires_on=expires,
        issuer=issuer_name or issuer_id,
        achievement=achievement_name or achievement_id,
        artifact=raw,
        note=revoked.detail if revoked else None,
    )


def _subject(value: object) -> dict[str, Any]:
    """The credential's subject (the first, when a credential names several)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return as_object(value)


def _is_badge(credential: dict[str, Any], checks: Checklist, context: ReadContext) -> bool:
    """A credential with neither an Open Badges type nor an achievement is some other kind of VC."""
    kinds = _types(credential)
    if kinds & {"OpenBadgeCredential", "AchievementCredential"}:
        return True
    named = ", ".join(sorted(kinds)) or "none"
    checks.failed("structure", f"a verifiable credential of type {named}, not an achievement credential")
    context.problem(
        f"is a verifiable credential of type {named}, not an Open Badges achievement credential "
        "(OpenBadgeCredential or AchievementCredential with credentialSubject.achievement); "
        "certpath records achievements only, so import the badge itself"
    )
    return False


def _has_required(
    issuer_id: str, achievement: str, valid_from: date | None, checks: Checklist, context: ReadContext
) -> bool:
    """What certpath cannot store a credential without: who issued it, for what, and when."""
    missing = [
        key
        for key, present in (
            ("issuer.id", issuer_id),
            ("credentialSubject.achievement (id or name)", achievement),
            ("validFrom (VC 2.0) or issuanceDate (VC 1.1)", valid_from),
        )
        if not present
    ]
    if missing:
        checks.failed("structure", "missing or invalid: " + ", ".join(missing))
        context.problem(f"is not an Open Badges 3.0 credential: missing or invalid {', '.join(missing)}")
    return not missing


def _check_structure(credential: dict[str, Any], subject: dict[str, Any], checks: Checklist) -> None:
    """Departures from the specification that do not touch the proof: a warning naming each one."""
    v2 = "https://www.w3.org/ns/credentials/v2" in _contexts(credential)
    achievement = as_object(subject.get("achievement"))
    departures = [
        message
        for message, departs in (
            ("type names neither OpenBadgeCredential nor AchievementCredential",
             not _types(credential) & {"OpenBadgeCredential", "AchievementCredential"}),
            ("credentialSubject has neither id nor identifier",
             not (subject.get("id") or subject.get("identifier"))),
            ("credentialSubject.achievement has no id", not achievement.get("id")),
            ("credentialSubject.achievement has no name", not achievement.get("name")),
            ("a VC 2.0 credential dated with issuanceDate instead of validFrom",
             v2 and not credential.get("validFrom")),
            ("a VC 1.1 credential dated with validFrom instead of issuanceDate",
             not v2 and not credential.get("issuanceDate")),
        )
        if departs
    ]  # fmt: skip
    kind = "VC 2.0" if v2 else "VC 1.1"
    if departures:
        checks.warned("structure", f"{kind} credential, imported despite: " + "; ".join(departures))
    else:
        checks.passed(
            "structure", f"a {kind} Open Badges 3.0 credential with issuer, achievement and subject"
        )


def _contexts(credential: dict[str, Any]) -> list[str]:
    value = credential.get("@context")
    return [c for c in (value if isinstance(value, list) else [value]) if isinstance(c, str)]


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("type")
    return {kind} if isinstance(kind, str) else {str(t) for t in kind} if isinstance(kind, list) else set()


def _check_dates(valid_from: date, expires: date | None, checks: Checklist, context: ReadContext) -> None:
    if valid_from > context.today:
        checks.failed("dates", f"not valid until {valid_from}")
        context.problem(f"the badge is not valid until {valid_from}", key="validFrom")
        return
    if expires is not None and expires < context.today:
        # Kept as history (it was earned), but it is not current: its expiry is past.
        checks.failed("dates", f"issued {valid_from}, expired {expires}: kept as history, not current")
        return
    until = f", expires {expires}" if expires else ", no expiry stated"
    checks.passed("dates", f"issued {valid_from}{until}")


def _recipient_ob3(subject: dict[str, Any], checks: Checklist, context: ReadContext) -> str | None:
    identifiers = subject.get("identifier")
    items = [
        i for i in (identifiers if isinstance(identifiers, list) else [identifiers]) if isinstance(i, dict)
    ]
    for identifier in items:
        if found := _match_identifier(identifier, context):
            how = (
                "hashed identifier"
                if identifier.get("hashed")
                else f"identifier ({identifier.get('identityType')})"
            )
            return _attribute(found, f"the {how} matches the work email of", checks, context)
    subject_id = str(subject.get("id") or "")
    if subject_id.startswith("mailto:") and (found := context.recipients.by_email(subject_id)):
        return _attribute(found, "the subject's email is the work email of", checks, context)
    emails = [i for i in items if _names_an_email(i)]
    return _unbound(
        _subject_named(subject_id, items),
        checks,
        context,
        bound=bool(emails) or subject_id.startswith("mailto:"),
    )


def _match_identifier(identifier: dict[str, Any], context: ReadContext) -> str | None:
    value = str(identifier.get("identityHash") or "")
    if identifier.get("hashed"):
        return context.recipients.by_hashed_email(value, identifier.get("salt"))
    return context.recipients.by_email(value) or (value if value in context.recipients.ids else None)


def _names_an_email(identifier: dict[str, Any]) -> bool:
    """Whether an IdentityObject claims to be an email, so no match is a mismatch, not a gap."""
    kind = identifier.get("identityType")
    # OB 3.0 requires identityType; an older or sloppier issuer that omits it hashes an email.
    return kind == "emailAddress" or (kind is None and bool(identifier.get("hashed")))


def _subject_named(subject_id: str, identifiers: list[dict[str, Any]]) -> str:
    if subject_id:
        return f"the subject {subject_id}"
    if not identifiers:
        return "the subject (no id, no identifier)"
    kinds = ", ".join(sorted({str(i.get("identityType") or "untyped") for i in identifiers}))
    return f"the subject (identified by {kinds})"


def _attribute(person: str, reason: str, checks: Checklist, context: ReadContext) -> str | None:
    if context.member is not None and context.member != person:
        checks.failed("recipient", f"{reason} {person}, not {context.member}")
        context.problem(f"the badge belongs to {person}, not to --member {context.member}")
        return None
    checks.passed("recipient", f"{reason} {person}")
    return person


def _unbound(what: str, checks: Checklist, context: ReadContext, *, bound: bool) -> str | None:
    if bound:
        checks.failed("recipient", f"{what} matches no one's work email")
        context.problem(
            f"{what} matches no one's work email; import the roster first or fix the email",
            unknown_person=True,
        )
        return None
    if context.member is None:
        context.problem(f"{what} is not an email certpath can match; give --member EMPLOYEE_ID")
        return None
    checks.skipped("recipient", f"{what} names no email; attributed to {context.member} by --member")
    return context.member


def read_ob2(
    assertion: dict[str, Any], *, raw: str, context: ReadContext, jws: str | None = None
) -> NewEvidence | None:
    """One Open Badges 2.0 Assertion: hosted ones are stored saying what a network check would do."""
    checks = Checklist("ob2-signed" if jws else "ob2-hosted")
    badge = assertion.get("badge")
    badge_id, badge_name = _name_of(badge)
    issuer_id, issuer_name = _name_of(badge.get("issuer")) if isinstance(badge, dict) else ("", "")
    issued = parse_day(assertion.get("issuedOn"))
    recipient = assertion.get("recipient")
    missing = [
        key
        for key, present in (
            ("id", assertion.get("id")),
            ("badge", badge_id),
            ("issuedOn", issued),
            ("recipient.identity", isinstance(recipient, dict) and recipient.get("identity")),
            ("verification", isinstance(assertion.get("verification"), dict)),
        )
        if not present
    ]
    if missing:
        checks.failed("structure", "missing or invalid: " + ", ".join(missing))
        context.problem(f"is not an Open Badges 2.0 assertion: missing or invalid {', '.join(missing)}")
        return None
    assert issued is not None and isinstance(recipient, dict)
    checks.passed("structure", "an Assertion with id, badge, recipient, issuedOn and verification")
    if jws is None:
        checks.skipped(
            "signature",
            f"hosted badge: the issuer's copy at {assertion['id']} is the proof; checking it needs the network",
        )
        checks.skipped(
            "key-trusted",
            "hosted badges have no key; a verifier checks the assertion's origin against the issuer",
        )
        checks.skipped(
            "revocation", "hosted badges are revoked by HTTP 410 at their URL or revoked: true; not fetched"
        )
    else:
        _check_ob2_signature(
            jws, issuer_id, str(assertion.get("verification", {}).get("creator") or ""), checks, context
        )
        checks.skipped("revocation", "the issuer's revocationList is online; not fetched")
    if assertion.get("revoked") is True:
        checks.failed(
            "revocation",
            f"the assertion says it is revoked: {assertion.get('revocationReason', 'no reason given')}",
        )
        context.problem("the badge is marked revoked", key="revoked")
        return None
    expires = parse_day(assertion.get("expires"))
    _check_dates(issued, expires, checks, context)
    person = _recipient_ob2(recipient, checks, context)
    if person is None or context.issues:
        return None
    return NewEvidence(
        person_id=person,
        item_id=context.badge_map.item_for(
            issuer_id=issuer_id, issuer_name=issuer_name, achievement_id=badge_id, name=badge_name
        ),
        source="ob2",
        status="completed",
        completed_on=issued,
        verification=checks.record(),
        external_id=str(assertion["id"]),
        expires_on=expires,
        url=str(assertion["id"]) if str(assertion["id"]).startswith("http") else None,
        issuer=issuer_name or issuer_id or None,
        achievement=badge_name or badge_id,
        artifact=raw,
    )


def _check_ob2_signature(
    token: str, issuer_id: str, creator: str, checks: Checklist, context: ReadContext
) -> None:
    pinned = context.badge_map.pinned_key(creator) if creator else None
    keys = [pinned.key] if pinned else list(context.badge_map.trusted_keys(issuer_id))
    if not keys:
        for trusted_id, issuer in context.badge_map.issuers.items():
            if creator.startswith(trusted_id):
                keys = list(issuer.keys)
    if not keys:
        checks.skipped(
            "signature",
            f"the signing key {creator or '(no creator)'} is not pinned; fetching it needs the network",
        )
        checks.skipped(
            "key-trusted", "pin the issuer's CryptographicKey or JWKS with --trust FILE, or in the badge map"
        )
        return
    errors = []
    for key in keys:
        try:
            verify(token, key)
            checks.passed("signature", "JWS signature verified offline")
            checks.passed(
                "key-trusted", f"the key {creator or ''} is pinned for the issuer".replace("  ", " ")
            )
            return
        except (JoseError, ValueError) as error:
            errors.append(str(error))
    checks.failed("signature", errors[0])
    context.problem(f"the badge's signature is invalid: {errors[0]}; the badge may have been altered")


def _recipient_ob2(recipient: dict[str, Any], checks: Checklist, context: ReadContext) -> str | None:
    identity = str(recipient.get("identity") or "")
    if recipient.get("type", "email") != "email":
        return _unbound(f"the recipient ({recipient.get('type')})", checks, context, bound=False)
    found = (
        context.recipients.by_hashed_email(identity, recipient.get("salt"))
        if recipient.get("hashed")
        else context.recipients.by_email(identity)
    )
    if found:
        return _attribute(found, "the recipient email hash matches the work email of", checks, context)
    return _unbound("the recipient", checks, context, bound=True)
