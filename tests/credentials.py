"""Open Badges 3.0 credentials signed with generated keys (fixed seeds), in every combination
certpath verifies, and the status lists and DID documents that go with them."""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from certpath.tracking.evidence.dataintegrity import ED2020, JCS, RDFC, sign_credential
from certpath.tracking.evidence.multibase import ed25519_multikey

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
OB_300 = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
OB_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ED2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
DI_V2 = "https://w3id.org/security/data-integrity/v2"
SL2021 = "https://w3id.org/vc/status-list/2021/v1"
LIST_URL = "https://academy.example/status/1"
SALT = "pepper"
#: The suites a corpus credential is signed with: one proof each, or a proof set.
SIGNINGS: dict[str, tuple[str, ...]] = {
    "rdfc": (RDFC,),
    "jcs": (JCS,),
    "ed2020": (ED2020,),
    "rdfc+ed2020": (RDFC, ED2020),
}


@dataclass(frozen=True)
class Issuer:
    """A generated issuer: its DID, the verification method it signs with, and its seed."""

    did: str
    method: str
    seed: bytes

    @property
    def multikey(self) -> str:
        public = Ed25519PrivateKey.from_private_bytes(self.seed).public_key()
        return ed25519_multikey(public.public_bytes(Encoding.Raw, PublicFormat.Raw))

    def did_document(self) -> dict[str, Any]:
        """The DID document an admin would pin (did:web serves it at /.well-known/did.json)."""
        method = {
            "id": self.method,
            "type": "Multikey",
            "controller": self.did,
            "publicKeyMultibase": self.multikey,
        }
        return {"@context": ["https://www.w3.org/ns/did/v1"], "id": self.did, "verificationMethod": [method],
                "assertionMethod": [self.method]}  # fmt: skip


def issuer(kind: str, name: str = "academy") -> Issuer:
    """A did:key or did:web issuer whose key comes from a fixed seed."""
    seed = hashlib.sha256(f"{kind}:{name}".encode()).digest()
    if kind == "did:web":
        did = f"did:web:{name}.example"
        return Issuer(did, f"{did}#key-1", seed)
    multikey = Issuer("", "", seed).multikey
    return Issuer(f"did:key:{multikey}", f"did:key:{multikey}#{multikey}", seed)


def contexts(model: str, *, status: bool = False) -> list[str]:
    if model == "vc1":
        return [V1, OB_300, ED2020_CONTEXT, DI_V2, *([SL2021] if status else [])]
    return [V2, OB_303, ED2020_CONTEXT]


def credential(
    model: str,
    by: Issuer,
    *,
    subject: str = "id",
    expires: str | None = None,
    status_index: int | None = None,
    valid_from: str = "2025-03-01T00:00:00Z",
    person: int = 3,
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential in the VC 1.1 ("vc1") or 2.0 ("vc2") data model."""
    email = f"e{person:06d}@example.com"
    who: dict[str, Any] = {"type": ["AchievementSubject"]}
    if subject == "id":
        who["id"] = f"mailto:{email}"
    elif subject == "identifier":
        digest = hashlib.sha256((email + SALT).encode()).hexdigest()
        who["identifier"] = [{"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
                              "identityHash": f"sha256${digest}", "salt": SALT}]  # fmt: skip
    who["achievement"] = {
        "id": "https://academy.example/achievements/l5-policy",
        "type": ["Achievement"],
        "name": "AI Policy and Governance",
        "description": "Wrote and defended an AI use policy.",
        "criteria": {"narrative": "Pass the assessed policy review."},
    }
    document: dict[str, Any] = {
        "@context": contexts(model, status=status_index is not None),
        "id": f"urn:uuid:{hashlib.sha256(repr((model, by.did, subject, expires, status_index)).encode()).hexdigest()[:32]}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": by.did, "type": ["Profile"], "name": "Example Academy"},
        "name": "AI Policy and Governance",
        "credentialSubject": who,
    }
    document["issuanceDate" if model == "vc1" else "validFrom"] = valid_from
    if expires:
        document["expirationDate" if model == "vc1" else "validUntil"] = expires
    if status_index is not None:
        document["credentialStatus"] = status_entry(model, status_index)
    return document


def status_entry(model: str, index: int) -> dict[str, Any]:
    kind = "StatusList2021" if model == "vc1" else "BitstringStatusList"
    return {"id": f"{LIST_URL}#{index}", "type": f"{kind}Entry", "statusPurpose": "revocation",
            "statusListIndex": str(index), "statusListCredential": LIST_URL}  # fmt: skip


def sign(document: dict[str, Any], by: Issuer, suites: tuple[str, ...]) -> dict[str, Any]:
    """`document` with one proof per suite, each by `by`'s key."""
    signed = copy.deepcopy(document)
    for suite in suites:
        signed = sign_credential(signed, by.seed, verification_method=by.method,
                                 created="2025-03-01T00:00:00Z", suite=suite, keep_proofs=True)  # fmt: skip
    return signed


def status_list(
    model: str, by: Issuer, *, revoked: set[int], suite: str = RDFC, list_id: str = LIST_URL
) -> dict[str, Any]:
    """A signed status list credential in which the `revoked` indexes are set; `list_id` is its own id."""
    bits = bytearray(16 * 1024)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    encoded = base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode()
    kind = "StatusList2021" if model == "vc1" else "BitstringStatusList"
    document: dict[str, Any] = {
        "@context": [V1, SL2021, DI_V2] if model == "vc1" else [V2],
        "id": list_id,
        "type": ["VerifiableCredential", f"{kind}Credential"],
        "issuer": by.did,
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": kind,
            "statusPurpose": "revocation",
            "encodedList": encoded if model == "vc1" else "u" + encoded,
        },
    }
    document["issuanceDate" if model == "vc1" else "validFrom"] = "2025-01-01T00:00:00Z"
    return sign(document, by, (suite,))
