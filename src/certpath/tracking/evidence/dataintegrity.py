"""Offline `eddsa-rdfc-2022` Data Integrity proofs (W3C vc-di-eddsa), with pinned JSON-LD contexts.

Canonicalisation is RDFC-1.0, which pyld calls URDNA2015; pyld's default (URGNA2012) is the
older algorithm and gives other bytes, so the algorithm is always named. Contexts come
only from the files shipped in tracking/data/contexts: an unknown context fails closed.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

CONTEXTS = Path(__file__).parent.parent / "data" / "contexts"
PINNED = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "context-3.0.3.json",
}
CRYPTOSUITE = "eddsa-rdfc-2022"


class ProofError(ValueError):
    """The proof could not be checked or does not verify; the message says which."""


@cache
def _context(url: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((CONTEXTS / PINNED[url]).read_text(encoding="utf-8"))
    return document


def _load_document(url: str, options: Any = None) -> dict[str, Any]:
    if url not in PINNED:
        raise ProofError(f"the JSON-LD context {url} is not one certpath has pinned; it is never fetched")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": _context(url),
        "contentType": "application/ld+json",
    }


def canonical(document: dict[str, Any]) -> str:
    """RDFC-1.0 (URDNA2015) N-Quads of a JSON-LD document, using the pinned contexts only."""
    from pyld import jsonld

    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": _load_document}
    try:
        return str(jsonld.normalize(document, options))
    except ProofError:
        raise
    except Exception as error:  # pyld wraps loader and syntax failures in its own errors
        cause: BaseException | None = error
        while cause is not None:
            if isinstance(cause, ProofError):
                raise cause from None
            cause = cause.__cause__ or getattr(cause, "cause", None)
        raise ProofError(f"the document is not valid JSON-LD: {str(error).splitlines()[0]}") from None


def signing_input(credential: dict[str, Any]) -> bytes:
    """SHA-256 of the canonical proof options followed by SHA-256 of the canonical credential."""
    proof = credential.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("the credential has no embedded proof object")
    document = {key: value for key, value in credential.items() if key != "proof"}
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    options["@context"] = document.get("@context")
    proof_hash = hashlib.sha256(canonical(options).encode()).digest()
    document_hash = hashlib.sha256(canonical(document).encode()).digest()
    return proof_hash + document_hash


def verify_proof(credential: dict[str, Any], public_key: bytes) -> None:
    """Raise ProofError unless the credential's eddsa-rdfc-2022 proof verifies under `public_key`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from certpath.tracking.evidence.multibase import decode_base58btc

    proof = credential.get("proof") or {}
    if proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"cryptosuite '{proof.get('cryptosuite')}' is not supported (only {CRYPTOSUITE})")
    try:
        signature = decode_base58btc(str(proof.get("proofValue", "")))
    except ValueError as error:
        raise ProofError(f"proofValue {error}") from None
    data = signing_input(credential)
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        raise ProofError("the Ed25519 signature does not match the credential as it is now") from None


def sign_credential(
    credential: dict[str, Any], private_key: bytes, *, verification_method: str, created: str
) -> dict[str, Any]:
    """A copy of `credential` with an eddsa-rdfc-2022 proof by the 32-byte Ed25519 seed `private_key`."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from certpath.tracking.evidence.multibase import encode_base58btc

    unsigned = {key: value for key, value in credential.items() if key != "proof"}
    proof = {
        "type": "DataIntegrityProof",
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": "assertionMethod",
    }
    data = signing_input({**unsigned, "proof": proof})
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(data)
    return {**unsigned, "proof": {**proof, "proofValue": encode_base58btc(signature)}}
