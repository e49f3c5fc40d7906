"""Check every embedded proof on a credential and report each one, offline.

The signature check passes when at least one proof verifies and none fails; a proof that
cannot be checked (an unknown suite or context, a key certpath does not have) is reported as
not checked and accuses no one. The key-trusted check passes only when a proof that verified
was made with a key pinned for the credential's issuer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from certpath.tracking.evidence.badge_map import BadgeMap
from certpath.tracking.evidence.checks import Checklist
from certpath.tracking.evidence.context import ReadContext
from certpath.tracking.evidence.dataintegrity import (
    SUITES,
    ProofError,
    ProofUnchecked,
    suite_of,
    verify_proof,
)
from certpath.tracking.evidence.keys import controller_of, did_key_multikey, raw_ed25519

_PIN_HINT = "pin the issuer's keys with --trust FILE (a DID document or JWKS) or the badge map"


@dataclass(frozen=True)
class ProofResult:
    """What came of one proof: passed, failed or not-checked, and whether its key is pinned for the issuer."""

    outcome: str
    detail: str
    trusted: bool = False
    by_issuer: bool = False  # made with a key of the issuer: pinned for it, or its own did:key


@dataclass(frozen=True)
class Assessment:
    """Every proof on one credential, summed up: passed, failed, not-checked or absent."""

    results: tuple[ProofResult, ...]

    @property
    def outcome(self) -> str:
        outcomes = {r.outcome for r in self.results}
        if not outcomes:
            return "absent"
        return "failed" if "failed" in outcomes else "passed" if "passed" in outcomes else "not-checked"

    @property
    def detail(self) -> str:
        many = len(self.results) > 1
        return "; ".join(
            f"proof {n} of {len(self.results)}: {r.detail}" if many else r.detail
            for n, r in enumerate(self.results, start=1)
        )

    @property
    def trusted(self) -> bool:
        return any(r.trusted for r in self.results if r.outcome == "passed")

    @property
    def by_issuer(self) -> bool:
        return any(r.by_issuer for r in self.results if r.outcome == "passed")


def assess_proofs(credential: dict[str, Any], issuer_id: str, badge_map: BadgeMap) -> Assessment:
    """Check each embedded proof of `credential` (one, or a proof set) against the keys certpath has."""
    proof = credential.get("proof")
    proofs = [] if proof is None else proof if isinstance(proof, list) else [proof]
    return Assessment(tuple(_check_one(credential, p, issuer_id, badge_map) for p in proofs))


def check_proofs(credential: dict[str, Any], issuer_id: str, checks: Checklist, context: ReadContext) -> bool:
    """Record the signature and key-trusted checks; False when a proof fails (the credential was altered)."""
    found = assess_proofs(credential, issuer_id, context.badge_map)
    if found.outcome == "absent":
        checks.skipped("signature", "the credential carries no proof (unsigned)")
        checks.skipped("key-trusted", "no proof, so no key")
    elif found.outcome == "failed":
        checks.failed("signature", found.detail)
        first = next(r.detail for r in found.results if r.outcome == "failed")
        context.problem(
            f"the badge's signature is invalid: {first}; the badge may have been altered", key="proof"
        )
        return False
    elif found.outcome == "not-checked":
        checks.skipped("signature", found.detail)
        checks.skipped("key-trusted", f"no proof could be checked; {_PIN_HINT}")
    else:
        checks.passed("signature", found.detail)
        if found.trusted:
            checks.passed(
                "key-trusted", f"a verified proof was made with a key pinned for issuer {issuer_id}"
            )
        else:
            checks.failed(
                "key-trusted", f"no verified proof used a key pinned for issuer {issuer_id}; {_PIN_HINT}"
            )
    return True


def _check_one(credential: dict[str, Any], proof: object, issuer_id: str, badge_map: BadgeMap) -> ProofResult:
    if not isinstance(proof, dict):
        return ProofResult("failed", "a proof that is not a JSON object")
    suite = suite_of(proof)
    if suite not in SUITES:
        return ProofResult(
            "not-checked", f"proof type {suite} is not one certpath verifies ({', '.join(SUITES)})"
        )
    method = str(proof.get("verificationMethod") or "")
    keys = _keys_for(method, issuer_id, badge_map)
    if not keys:
        return ProofResult("not-checked", f"{suite} by {method or '(no verificationMethod)'}: key not pinned")
    trusted = {raw for raw in map(raw_ed25519, badge_map.trusted_keys(issuer_id)) if raw}
    errors: list[str] = []
    for raw in keys:
        try:
            verify_proof(credential, raw, proof=proof)
        except ProofUnchecked as error:
            return ProofResult("not-checked", f"{suite}: not checked: {error}")
        except ProofError as error:
            errors.append(str(error))
            continue
        return _verified(suite, method, issuer_id, pinned=raw in trusted, badge_map=badge_map)
    return ProofResult("failed", f"{suite} by {method}: {errors[0]}")


def _verified(suite: str, method: str, issuer_id: str, *, pinned: bool, badge_map: BadgeMap) -> ProofResult:
    """A proof whose signature matched: passed, unless the only key is the one its method's id spells."""
    self_certifying = method.startswith("did:key:")
    if not (pinned or self_certifying or badge_map.pinned_key(method)):
        # A key spelled in an https or did:web method's fragment is only the credential's say-so:
        # anyone who alters a badge can sign it again and name their own key there.
        return ProofResult(
            "not-checked",
            f"{suite} by {method}: the signature matches the key named in the method's own id, "
            f"which nothing ties to {controller_of(method)}; {_PIN_HINT}",
        )
    how = (
        "a key pinned for the issuer"
        if pinned
        else "the key its did:key is made of"
        if self_certifying
        else "a key pinned for another issuer"
    )
    own = pinned or (self_certifying and controller_of(method) == issuer_id)
    return ProofResult("passed", f"{suite} by {method}: verified offline with {how}", pinned, own)


def _keys_for(method: str, issuer_id: str, badge_map: BadgeMap) -> list[bytes]:
    """Ed25519 keys that may have made the proof: pinned for the method, read from a did:key, or the issuer's."""
    pinned = badge_map.pinned_key(method)
    if pinned is not None and (raw := raw_ed25519(pinned.key)):
        return [raw]
    if (multikey := did_key_multikey(method)) is not None:
        return [raw for raw in [raw_ed25519(multikey)] if raw]
    fragment = method.rpartition("#")[2]
    issuer_keys = [k for k in badge_map.trusted_keys(issuer_id) if raw_ed25519(k)]
    named = [k for k in issuer_keys if k == fragment]
    if named or (issuer_keys and controller_of(method) in (issuer_id, "")):
        return [raw for raw in map(raw_ed25519, named or issuer_keys) if raw]
    # A method whose fragment is the Multikey itself (as 1EdTech's example does) names its own key.
    self_named = raw_ed25519(fragment) if fragment.startswith("z6Mk") else None
    return [self_named] if self_named else []
