"""Open Badges 3.0 as a VC-JWT: claims that must agree with the credential, and a pinned key."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from certpath.tracking.evidence.checks import Checklist
from certpath.tracking.evidence.context import ReadContext, as_object
from certpath.tracking.evidence.jose import JoseError, peek, verify


def with_claims(credential: dict[str, Any], claims: dict[str, Any]) -> dict[str, Any]:
    """The credential with what a VC-JWT may carry only as claims (VC 1.1's JWT encoding moves
    the issuer, id, dates and subject id into `iss`, `jti`, `nbf`, `exp` and `sub`)."""
    merged = dict(credential)
    for key, claim in (("issuer", "iss"), ("id", "jti")):
        if not merged.get(key) and isinstance(claims.get(claim), str):
            merged[key] = claims[claim]
    for keys, claim in ((("validFrom", "issuanceDate"), "nbf"), (("validUntil", "expirationDate"), "exp")):
        if not any(merged.get(k) for k in keys) and (moment := _timestamp(claims.get(claim))):
            merged[keys[1]] = moment
    subject = merged.get("credentialSubject")
    if isinstance(subject, dict) and not subject.get("id") and isinstance(claims.get("sub"), str):
        merged["credentialSubject"] = {**subject, "id": claims["sub"]}
    return merged


def _timestamp(value: object) -> str | None:
    """An ISO 8601 date-time of a JWT NumericDate, or None when it is not a usable one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def check_jwt(
    token: str, credential: dict[str, Any], issuer_id: str, checks: Checklist, context: ReadContext
) -> None:
    """Record the structure (claims), signature and key-trusted checks of a VC-JWT."""
    parsed = peek(token)
    claims = parsed.payload
    subject = as_object(credential.get("credentialSubject"))
    expected = {"iss": issuer_id, "jti": credential.get("id"), "sub": subject.get("id")}
    wrong = [
        f"{claim} is '{claims.get(claim)}', not '{value}'"
        for claim, value in expected.items()
        if claim in claims and value and claims[claim] != value
    ]
    if wrong:
        checks.failed("structure", "JWT claims disagree with the credential: " + "; ".join(wrong))
        context.problem("JWT claims disagree with the credential: " + "; ".join(wrong))
        return
    pinned = context.badge_map.pinned_key(str(parsed.header.get("kid") or ""))
    trusted = [pinned.key] if pinned and pinned.issuer == issuer_id else []
    trusted = trusted or list(context.badge_map.trusted_keys(issuer_id))
    inline = parsed.header.get("jwk")
    keys: list[Any] = trusted or ([inline] if isinstance(inline, dict) else [])
    if not keys:
        kid = parsed.header.get("kid", "(none)")
        checks.skipped(
            "signature", f"key {kid} is not pinned for issuer {issuer_id}; fetching it needs the network"
        )
        checks.skipped("key-trusted", "pin the issuer's keys with --trust FILE (a DID document or JWKS)")
        return
    errors = []
    for key in keys:
        try:
            verify(token, key)
            break
        except (JoseError, ValueError) as error:
            errors.append(str(error))
    else:
        checks.failed("signature", f"VC-JWT: {errors[0]}")
        context.problem(f"the badge's signature is invalid: {errors[0]}; the badge may have been altered")
        return
    checks.passed("signature", f"VC-JWT {parsed.header.get('alg')} signature verified offline")
    if trusted:
        checks.passed("key-trusted", f"the key is pinned for issuer {issuer_id}")
    else:
        checks.failed(
            "key-trusted", "the key is embedded in the token header (self-asserted); pin it with --trust FILE"
        )
