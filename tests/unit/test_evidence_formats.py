"""Signed Open Badges 2.0 and VC-JWT with pinned keys, Credly as its API returns badges, status
lists fetched only when allowed, and importers that never crash on arbitrary JSON."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joserfc.jwk import ECKey

from certpath.catalogue.model import Catalogue
from certpath.config import Settings
from certpath.errors import CertpathError, EvidenceError
from certpath.tracking.evidence.badge_map import BadgeMap, load_badge_map
from certpath.tracking.evidence.context import ReadContext
from certpath.tracking.evidence.jose import sign
from certpath.tracking.evidence.keys import raw_ed25519, read_trust_file
from certpath.tracking.evidence.multibase import ed25519_public_key, encode_base58btc
from certpath.tracking.evidence.reading import read_evidence
from certpath.tracking.model import NewEvidence
from tests.credentials import LIST_URL, issuer, status_list
from tests.unit.test_evidence_corpus import PEOPLE, TODAY, detail, genuine, outcomes, trusting

ISSUER = "https://issuer.example/profile"
CREATOR = "https://issuer.example/keys/1"


def ec_key() -> ECKey:
    """A P-256 key from a fixed seed, so the tests sign the same bytes every run."""
    secret = int.from_bytes(hashlib.sha256(b"ob2-issuer").digest(), "big") % (2**255)
    private = ec.derive_private_key(secret, ec.SECP256R1())
    pem = private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    return ECKey.import_key(pem)


def public_pem(key: ECKey) -> str:
    public = ECKey.import_key(key.as_dict(private=False))
    raw = public.public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    return raw.decode()


def read(text: str, badge_map: BadgeMap, *, name: str = "badge.json", **options: Any) -> NewEvidence:
    context = ReadContext(name, badge_map, PEOPLE, TODAY, options.pop("member", None), **options)
    (found,) = read_evidence(Path(name), text.encode(), context=context).evidence
    return found


def pinned(catalogue: Catalogue, document: dict[str, Any], **options: Any) -> BadgeMap:
    keys = read_trust_file(json.dumps(document).encode(), source="key.json", **options)
    return load_badge_map(catalogue, []).with_pinned(keys)


def ob2_assertion() -> dict[str, Any]:
    return {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "urn:uuid:ob2-signed-1",
        "recipient": {"type": "email", "hashed": False, "identity": "e000006@example.com"},
        "badge": {
            "id": "https://issuer.example/badges/l5",
            "name": "AI Policy and Governance",
            "issuer": {"id": ISSUER, "name": "Example Issuer"},
        },
        "issuedOn": "2025-05-01T00:00:00Z",
        "verification": {"type": "SignedBadge", "creator": CREATOR},
    }


def test_a_signed_ob2_assertion_verifies_with_a_pinned_cryptographic_key(catalogue: Catalogue) -> None:
    key = ec_key()
    token = sign(ob2_assertion(), key.as_dict(private=True), header={"alg": "ES256"})
    document = {"type": "CryptographicKey", "id": CREATOR, "owner": ISSUER, "publicKeyPem": public_pem(key)}
    found = read(token, pinned(catalogue, document), name="badge.jws")
    assert outcomes(found)["signature"] == "passed" and found.verification.assurance == "verified"
    assert found.person_id == "E000006" and CREATOR in detail(found, "key-trusted")
    unpinned = read(token, load_badge_map(catalogue, []), name="badge.jws")
    assert outcomes(unpinned)["signature"] == "not-checked" and unpinned.verification.assurance == "recorded"
    head, _, signature = token.split(".")
    claims = ob2_assertion() | {"issuedOn": "2020-01-01T00:00:00Z"}
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(EvidenceError, match="signature is invalid"):
        read(f"{head}.{forged}.{signature}", pinned(catalogue, document), name="badge.jws")


def test_a_vc_jwt_verifies_with_a_key_from_a_pinned_jwks(catalogue: Catalogue) -> None:
    key = ec_key()
    jwk = key.as_dict(private=False) | {"kid": f"{ISSUER}#key-1"}
    _, credential = genuine("vc2", "rdfc", "did:web", "plain")
    credential = {k: v for k, v in credential.items() if k != "proof"} | {"issuer": {"id": ISSUER}}
    claims = {
        "iss": ISSUER,
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "vc": credential,
    }
    token = sign(claims, key.as_dict(private=True), header={"alg": "ES256", "kid": jwk["kid"], "typ": "JWT"})
    badge_map = pinned(catalogue, {"keys": [jwk]}, issuer=ISSUER)
    found = read(token, badge_map, name="badge.jwt")
    assert outcomes(found)["signature"] == "passed" and outcomes(found)["key-trusted"] == "passed"
    with pytest.raises(EvidenceError, match="does not say whose keys"):
        pinned(catalogue, {"keys": [jwk]})


def credly_page(**changes: Any) -> dict[str, Any]:
    """A page of issued badges the way Credly's API returns it."""
    badge = {
        "id": "7b0d7c0e-0000-4000-8000-000000000001",
        "state": "accepted",
        "issued_at": "2025-02-03T10:00:00.000-05:00",
        "issued_at_date": "2025-02-03",
        "expires_at": "2028-02-03T10:00:00.000-05:00",
        "expires_at_date": "2028-02-03",
        "issued_to": "Person Eight",
        "recipient_email": "e000008@example.com",
        "public": True,
        "badge_template": {
            "id": "5a2e1c3b-0000-4000-8000-00000000aaaa",
            "name": "Some Vendor Badge Title",
            "type_category": "Certification",
            "level": "Intermediate",
        },
        "issuer": {
            "summary": "issued by Example Vendor",
            "entities": [
                {
                    "label": "Issued by",
                    "primary": True,
                    "entity": {"type": "Organization", "name": "Example Vendor"},
                }
            ],
        },
        "image_url": "https://images.credly.com/x.png",
    } | changes
    return {"data": [badge], "metadata": {"count": 1, "current_page": 1, "total_count": 1, "total_pages": 1}}


def test_credly_api_badges_are_matched_by_template(catalogue: Catalogue, tmp_path: Path) -> None:
    (tmp_path / "map.yaml").write_text(
        "achievements:\n- achievement: 5a2e1c3b-0000-4000-8000-00000000aaaa\n  item: IAPP-AIGP\n"
    )
    badge_map = load_badge_map(catalogue, [tmp_path / "map.yaml"])
    found = read(json.dumps(credly_page()), badge_map, name="credly.json")
    assert (found.person_id, found.item_id, found.expires_on) == ("E000008", "IAPP-AIGP", date(2028, 2, 3))
    assert found.issuer == "Example Vendor" and outcomes(found)["dates"] == "passed"
    old = read(
        json.dumps(credly_page(expires_at_date="2026-01-01", expires_at=None)), badge_map, name="c.json"
    )
    assert outcomes(old)["dates"] == "failed" and "expired 2026-01-01" in detail(old, "dates")


def test_a_status_list_is_fetched_only_when_network_access_is_allowed(catalogue: Catalogue) -> None:
    by, signed = genuine("vc2", "jcs", "did:web", "status")
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return json.dumps(status_list("vc2", by, revoked={7})).encode()

    found = read(json.dumps(signed), trusting(catalogue, by), fetch=fetch)
    assert fetched == [LIST_URL] and found.status == "revoked"
    assert Settings.from_env({"CERTPATH_ALLOW_NETWORK": "1"}).allow_network
    assert not Settings.from_env({}).allow_network


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12,
)
KEYS = [
    "proof",
    "credentialStatus",
    "credentialSubject",
    "issuer",
    "validFrom",
    "validUntil",
    "issuanceDate",
    "@context",
    "type",
    "data",
    "badge",
    "recipient",
    "verification",
]


SIGNED = genuine("vc2", "rdfc", "did:web", "status")[1]


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(st.sampled_from(KEYS), JSON, max_size=4))
def test_importers_never_crash_on_arbitrary_json(catalogue: Catalogue, changes: dict[str, Any]) -> None:
    for document in (SIGNED | changes, credly_page() | changes, ob2_assertion() | changes):
        try:
            read(
                json.dumps(document), trusting(catalogue), member="E000001", status_lists={LIST_URL: changes}
            )
        except CertpathError as error:
            assert "badge.json" in str(error)


def test_a_vc_1_1_jwt_carries_issuer_dates_and_subject_as_claims(catalogue: Catalogue) -> None:
    key = ec_key()
    _, credential = genuine("vc1", "rdfc", "did:web", "plain")
    kept = {"@context", "type", "name", "credentialSubject"}
    vc = {k: v for k, v in credential.items() if k in kept}
    vc["credentialSubject"] = {k: v for k, v in vc["credentialSubject"].items() if k != "id"}
    claims = {"iss": ISSUER, "jti": "urn:uuid:jwt-1", "sub": "mailto:e000009@example.com",
              "nbf": 1740787200, "exp": 1835481600, "vc": vc}  # fmt: skip
    token = sign(claims, key.as_dict(private=True), header={"alg": "ES256"})
    badge_map = pinned(catalogue, {"keys": [key.as_dict(private=False)]}, issuer=ISSUER)
    found = read(token, badge_map, name="badge.jwt")
    assert (found.person_id, found.completed_on, found.expires_on) == (
        "E000009",
        date(2025, 3, 1),
        date(2028, 3, 1),
    )
    assert found.external_id == "urn:uuid:jwt-1" and found.verification.assurance == "verified"


def test_did_documents_give_keys_in_every_published_form() -> None:
    by = issuer("did:web")
    raw = ed25519_public_key(by.multikey)
    x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    methods = [
        {"id": "#a", "type": "Ed25519VerificationKey2020", "publicKeyMultibase": by.multikey},
        {"id": "#b", "type": "Ed25519VerificationKey2018", "publicKeyBase58": encode_base58btc(raw)[1:]},
        {"id": "#c", "type": "JsonWebKey2020", "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": x}},
    ]
    keys = read_trust_file(
        json.dumps({"id": by.did, "verificationMethod": methods}).encode(), source="d.json"
    )
    assert [k.key_id for k in keys] == [f"{by.did}#a", f"{by.did}#b", f"{by.did}#c"]
    assert {raw_ed25519(k.key) for k in keys} == {raw}
    with pytest.raises(EvidenceError, match=r"verificationMethod\[0\]: has none of publicKeyMultibase"):
        read_trust_file(
            json.dumps({"id": by.did, "verificationMethod": [{"id": "#x"}]}).encode(), source="d.json"
        )
