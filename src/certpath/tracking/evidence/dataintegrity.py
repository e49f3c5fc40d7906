"""Offline Data Integrity proofs: `eddsa-rdfc-2022`, `eddsa-jcs-2022` and `Ed25519Signature2020`.

The RDF suites canonicalise with RDFC-1.0, which pyld calls URDNA2015; pyld's default
(URGNA2012) is the older algorithm and gives other bytes, so the algorithm is always named.
Contexts come only from the files shipped in tracking/data/contexts: an unknown context is
never fetched, and the proof is reported as not checked rather than as failed. JCS is RFC 8785
through the `rfc8785` package. Signatures are Ed25519 through `cryptography`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld.canon import URDNA2015

from certpath.tracking.evidence.multibase import decode_base58btc, encode_base58btc

CONTEXTS = Path(__file__).parent.parent / "data" / "contexts"
_OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/"
PINNED = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-2020-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/vc/status-list/2021/v1": "status-list-2021-v1.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "credentials-status-v1.jsonld",
    # Open Badges 3.0 context releases; see data/contexts/README.md for what each file is.
    f"{_OB3}context.json": "context-3.0.0.json",
    f"{_OB3}context-3.0.1.json": "context-3.0.1.json",
    f"{_OB3}context-3.0.2.json": "context-3.0.2.json",
    f"{_OB3}context-3.0.3.json": "context-3.0.3.json",
}
RDFC = "eddsa-rdfc-2022"
JCS = "eddsa-jcs-2022"
ED2020 = "Ed25519Signature2020"
SUITES = (RDFC, JCS, ED2020)
CRYPTOSUITE = RDFC  # kept for callers of the first version of this module


class ProofError(ValueError):
    """The proof does not verify; the message says why."""


class ProofUnchecked(ProofError):
    """The proof could not be checked offline (unknown suite or context): it is neither good nor bad."""


@cache
def _context(url: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((CONTEXTS / PINNED[url]).read_text(encoding="utf-8"))
    return document


def _load_document(url: str, options: Any = None) -> dict[str, Any]:
    if url not in PINNED:
        raise ProofUnchecked(f"the JSON-LD context {url} is not one certpath has pinned; it is never fetched")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": _context(url),
        "contentType": "application/ld+json",
    }


#: Most N-degree hashing steps one canonicalisation may take. RDFC-1.0 is exponential in blank
#: nodes that look alike and link to each other ("poison graphs", its section 4.4 says to bound
#: this): a 2 KB badge with seven such nodes cost 3.4 s and each more one about ten times that.
#: Real credentials need a handful of steps at most.
MAX_DEEP_ITERATIONS = 500


class _BoundedRdfc(URDNA2015):  # type: ignore[misc]
    """pyld's RDFC-1.0 (URDNA2015) that gives up, as not checked, past MAX_DEEP_ITERATIONS."""

    def __init__(self) -> None:
        super().__init__()
        self.deep_iterations = 0

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self.deep_iterations += 1
        if self.deep_iterations > MAX_DEEP_ITERATIONS:
            raise ProofUnchecked(
                "the document's blank nodes are too alike and interlinked to canonicalise within "
                f"{MAX_DEEP_ITERATIONS} steps; no issuer's credential needs that"
            )
        return super().hash_n_degree_quads(id_, issuer)


@lru_cache(maxsize=256)  # bounded: a server verifies many documents over its life
def _canonical_text(document_json: str) -> str:
    """Canonical N-Quads of a JSON text; cached because a proof set canonicalises one document per proof."""
    from pyld import jsonld

    options = {"documentLoader": _load_document, "produceGeneralizedRdf": False}
    dropped: list[object] = []
    try:
        processor = jsonld.JsonLdProcessor(on_property_dropped=dropped.append)
        dataset = processor.to_rdf(json.loads(document_json), options)
        text = str(_BoundedRdfc().main(dataset, {"format": "application/n-quads"}))
    except ProofError:
        raise
    except Exception as error:  # pyld wraps loader and syntax failures in its own errors
        cause: BaseException | None = error
        while cause is not None:
            if isinstance(cause, ProofError):
                raise cause from None
            cause = cause.__cause__ or getattr(cause, "cause", None)
        first = str(error).splitlines()[0]
        raise ProofUnchecked(f"the document cannot be canonicalised as JSON-LD: {first}") from None
    if dropped:
        # Safe mode: a term no context defines is left out of the canonical form, so the proof
        # would not cover it and it could be changed (a subject's identifier, say) unnoticed.
        names = ", ".join(sorted({str(term) for term in dropped}))
        raise ProofUnchecked(f"the proof cannot cover {names}: no pinned context defines these terms")
    return text


def canonical(document: dict[str, Any]) -> str:
    """RDFC-1.0 (URDNA2015) N-Quads of a JSON-LD document, using the pinned contexts only."""
    return _canonical_text(json.dumps(document, sort_keys=True))


def jcs(document: dict[str, Any]) -> bytes:
    """The RFC 8785 (JSON Canonicalization Scheme) bytes of `document`."""
    try:
        return rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, ValueError, TypeError) as error:
        raise ProofUnchecked(f"the document cannot be canonicalised with JCS: {error}") from None


def suite_of(proof: dict[str, Any]) -> str:
    """The proof's suite as messages name it: the cryptosuite of a DataIntegrityProof, else its type."""
    if proof.get("type") == "DataIntegrityProof":
        suite = str(proof.get("cryptosuite"))
        return suite if suite in (RDFC, JCS) else f"DataIntegrityProof with cryptosuite {suite}"
    return str(proof.get("type"))


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _rdf_hashes(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    return _sha(canonical(options).encode()) + _sha(canonical(document).encode())


def _jcs_hashes(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    return _sha(jcs(options)) + _sha(jcs(document))


_HASHERS: dict[str, Callable[[dict[str, Any], dict[str, Any]], bytes]] = {
    RDFC: _rdf_hashes,
    ED2020: _rdf_hashes,
    JCS: _jcs_hashes,
}


def signing_input(credential: dict[str, Any], proof: dict[str, Any] | None = None) -> bytes:
    """SHA-256 of the canonical proof options followed by SHA-256 of the canonical credential."""
    proof = proof if proof is not None else credential.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("the credential has no embedded proof object")
    suite = suite_of(proof)
    if suite not in _HASHERS:
        raise ProofUnchecked(f"proof type {suite} is not one certpath verifies ({', '.join(SUITES)})")
    document = {key: value for key, value in credential.items() if key != "proof"}
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    if "@context" in document:
        _check_proof_context(options.get("@context"), document["@context"])
        options["@context"] = document["@context"]
    return _HASHERS[suite](document, options)


def _check_proof_context(own: object, documents: object) -> None:
    """A proof's own @context must be the start of the document's (vc-di-eddsa, verify proof step 4)."""
    if own is None:
        return
    mine = own if isinstance(own, list) else [own]
    theirs = documents if isinstance(documents, list) else [documents]
    if theirs[: len(mine)] != mine:
        raise ProofError("the proof's @context is not the start of the credential's @context")


def verify_proof(
    credential: dict[str, Any], public_key: bytes, *, proof: dict[str, Any] | None = None
) -> str:
    """The suite name, or ProofError unless the proof (default: the only one) verifies under `public_key`."""
    proof = proof if proof is not None else credential.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("the credential has no embedded proof object")
    suite = suite_of(proof)
    if suite not in SUITES:
        raise ProofUnchecked(f"proof type {suite} is not one certpath verifies ({', '.join(SUITES)})")
    try:
        signature = decode_base58btc(str(proof.get("proofValue", "")))
    except ValueError as error:
        raise ProofError(f"proofValue {error}") from None
    data = signing_input(credential, proof)
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        raise ProofError("the Ed25519 signature does not match the credential as it is now") from None
    return suite


def sign_credential(
    credential: dict[str, Any],
    private_key: bytes,
    *,
    verification_method: str,
    created: str,
    suite: str = RDFC,
    keep_proofs: bool = False,
) -> dict[str, Any]:
    """A copy of `credential` with a proof in `suite` by the 32-byte Ed25519 seed `private_key`.

    With `keep_proofs` the new proof joins the existing ones (a proof set); certpath never
    issues badges, so this serves examples and tests.
    """
    unsigned = {key: value for key, value in credential.items() if key != "proof"}
    proof: dict[str, Any] = {"type": "DataIntegrityProof", "cryptosuite": suite}
    if suite == ED2020:
        proof = {"type": ED2020}
    proof |= {
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(signing_input(unsigned, proof))
    proof["proofValue"] = encode_base58btc(signature)
    old = credential.get("proof") if keep_proofs else None
    proofs = [] if old is None else old if isinstance(old, list) else [old]
    return {**unsigned, "proof": [*proofs, proof] if proofs else proof}
