"""Shapes seen in public test credentials that wallets and verifiers test against, rebuilt here
with generated keys: each test reproduces a shape certpath once got wrong, not the credential."""

from __future__ import annotations

import json
from typing import Any

import pytest

from certpath.catalogue.model import Catalogue
from certpath.errors import EvidenceError
from certpath.tracking.evidence.badge_map import load_badge_map
from certpath.tracking.evidence.dataintegrity import ED2020, RDFC, sign_credential
from certpath.tracking.evidence.keys import read_trust_file
from tests.credentials import LIST_URL, credential, issuer, sign, status_list
from tests.unit.test_evidence_corpus import detail, outcomes, read, trusting

BITSTRING_V1 = "https://www.w3.org/ns/credentials/status/v1"


def vc1_with_bitstring_entry(index: int) -> dict[str, Any]:
    """A VC 1.1 badge whose status entry is a BitstringStatusListEntry, defined by the status/v1 context."""
    document = credential("vc1", issuer("did:web"), status_index=index)
    document["@context"] = [c for c in document["@context"] if "status-list/2021" not in c] + [BITSTRING_V1]
    document["credentialStatus"]["type"] = "BitstringStatusListEntry"
    return document


def resigned(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """`document` changed and signed again by the academy, as an issuer would publish it."""
    unsigned = {k: v for k, v in document.items() if k != "proof"} | changes
    return sign(unsigned, issuer("did:web"), (RDFC,))


@pytest.mark.parametrize("suite", [RDFC, ED2020])
def test_the_bitstring_status_context_is_pinned_so_vc1_badges_naming_it_verify(
    catalogue: Catalogue, suite: str
) -> None:
    by = issuer("did:web")
    signed = sign(vc1_with_bitstring_entry(7), by, (suite,))
    badge_map = trusting(catalogue, by)
    found = read(signed, badge_map, lists={LIST_URL: status_list("vc2", by, revoked=set())})
    assert outcomes(found)["signature"] == "passed" and outcomes(found)["revocation"] == "passed"
    assert found.verification.assurance == "verified"
    found = read(signed, badge_map, lists={LIST_URL: status_list("vc2", by, revoked={7})})
    assert found.status == "revoked" and outcomes(found)["revocation"] == "failed"


def test_a_subject_identified_by_name_is_attributed_by_member(catalogue: Catalogue) -> None:
    by = issuer("did:web")
    document = credential("vc2", by, subject="none")
    document["credentialSubject"]["identifier"] = [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Robin Roe"}
    ]
    signed = sign(document, by, (RDFC,))
    with pytest.raises(EvidenceError, match=r"identified by name\) is not an email .* give --member"):
        read(signed, trusting(catalogue, by))
    found = read(signed, trusting(catalogue, by), member="E000004")
    assert found.person_id == "E000004" and outcomes(found)["recipient"] == "not-checked"
    assert "identified by name" in detail(found, "recipient") and "by --member" in detail(found, "recipient")
    assert outcomes(found)["structure"] == "passed"


def test_an_email_identifier_that_matches_no_one_is_still_refused_with_member(catalogue: Catalogue) -> None:
    by = issuer("did:web")
    document = credential("vc2", by, subject="identifier", person=99)  # no such person on the roster
    with pytest.raises(EvidenceError, match=r"identified by emailAddress\) matches no one's work email"):
        read(sign(document, by, (RDFC,)), trusting(catalogue, by), member="E000004")


def test_a_credential_that_is_no_badge_says_what_it_is(catalogue: Catalogue) -> None:
    by = issuer("did:key")
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:6d1c0f0e-2b8a-4f57-9d1e-3b1f0a9b7c11",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": by.did,
        "validFrom": "2025-03-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:someone", "type": ["EndorsementSubject"]},
    }
    with pytest.raises(EvidenceError) as raised:
        read(sign(document, by, (RDFC,)), trusting(catalogue, by), member="E000004")
    message = str(raised.value.issues[0].message)
    assert "type EndorsementCredential, VerifiableCredential, not an Open Badges achievement" in message
    assert "certpath records achievements only" in message


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"validUntil": "2026-01-01T00:00:00Z"}, "expired on 2026-01-01; supply a current copy"),
        ({"validFrom": "2027-06-01T00:00:00Z"}, "is not valid until 2027-06-01"),
        ({"type": ["VerifiableCredential"]}, "is not a status list credential (its type names neither"),
    ],
)
def test_a_status_list_out_of_date_or_of_another_type_leaves_revocation_not_checked(
    catalogue: Catalogue, changes: dict[str, Any], reason: str
) -> None:
    by, clear = issuer("did:web"), status_list("vc2", issuer("did:web"), revoked=set())
    signed = sign(credential("vc2", by, status_index=7), by, (RDFC,))
    found = read(signed, trusting(catalogue, by), lists={LIST_URL: resigned(clear, **changes)})
    assert found.status == "completed" and outcomes(found)["revocation"] == "not-checked"
    assert reason in detail(found, "revocation")


def test_a_revocation_in_an_expired_list_still_counts(catalogue: Catalogue) -> None:
    """Revocation is final, so an old list that has the bit set is enough to know."""
    by = issuer("did:web")
    old = resigned(status_list("vc2", by, revoked={7}), validUntil="2026-01-01T00:00:00Z")
    signed = sign(credential("vc2", by, status_index=7), by, (RDFC,))
    found = read(signed, trusting(catalogue, by), lists={LIST_URL: old})
    assert found.status == "revoked" and outcomes(found)["revocation"] == "failed"


def test_a_did_web_badge_signed_again_with_a_key_it_names_itself_is_not_verified(
    catalogue: Catalogue,
) -> None:
    """The method id's fragment is a Multikey, as some issuers spell theirs: an altered badge can
    be signed again by anyone who names their own key there, so without the issuer's DID document
    the signature ties the badge to no one."""
    academy, mallory = issuer("did:web"), issuer("did:key", "mallory")
    forged = credential("vc2", academy) | {"name": "Altered"}
    method = f"{academy.did}#{mallory.multikey}"
    signed = sign_credential(
        forged, mallory.seed, verification_method=method, created="2025-03-01T00:00:00Z", suite=ED2020
    )
    found = read(signed, load_badge_map(catalogue, []))
    assert outcomes(found)["signature"] == "not-checked" and found.verification.assurance == "recorded"
    assert f"nothing ties to {academy.did}" in detail(found, "signature")
    with pytest.raises(EvidenceError, match="the badge may have been altered"):
        read(signed, trusting(catalogue, academy))  # with the DID document pinned it is caught


def test_a_did_web_badge_with_a_self_named_key_verifies_once_its_document_is_pinned(
    catalogue: Catalogue,
) -> None:
    academy = issuer("did:web")
    method = f"{academy.did}#{academy.multikey}"
    document = {**academy.did_document(), "verificationMethod": [
        {"id": method, "type": "Multikey", "controller": academy.did, "publicKeyMultibase": academy.multikey}
    ], "assertionMethod": [method]}  # fmt: skip
    signed = sign_credential(
        credential("vc2", academy), academy.seed, verification_method=method, created="2025-03-01T00:00:00Z"
    )
    pinned = load_badge_map(catalogue, []).with_pinned(
        read_trust_file(json.dumps(document).encode(), source="did.json")
    )
    found = read(signed, pinned)
    assert outcomes(found)["signature"] == "passed" and found.verification.assurance == "verified"


def test_a_status_entry_without_list_or_index_says_what_it_lacks(catalogue: Catalogue) -> None:
    by = issuer("did:web")
    document = credential("vc1", by, status_index=7)
    document["credentialStatus"] = {"id": f"{LIST_URL}#7", "type": "StatusList2021Entry"}
    found = read(sign(document, by, (RDFC,)), trusting(catalogue, by))
    assert outcomes(found)["revocation"] == "not-checked"
    assert "names no statusListCredential and no statusListIndex" in detail(found, "revocation")


def test_a_plain_email_identifier_is_named_as_such(catalogue: Catalogue) -> None:
    by = issuer("did:web")
    document = credential("vc2", by, subject="none")
    document["credentialSubject"]["identifier"] = [
        {"type": "IdentityObject", "identityType": "emailAddress", "hashed": False,
         "identityHash": "e000006@example.com"},
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Sam Roe"},
    ]  # fmt: skip
    found = read(sign(document, by, (RDFC,)), trusting(catalogue, by))
    assert found.person_id == "E000006" and outcomes(found)["recipient"] == "passed"
    assert "the identifier (emailAddress) matches the work email of E000006" in detail(found, "recipient")


def test_a_list_given_under_another_id_is_named_when_it_does_not_match(catalogue: Catalogue) -> None:
    """A list published at one address whose own id names another is not matched, and says so."""
    by = issuer("did:web")
    elsewhere = resigned(status_list("vc2", by, revoked={7}), id="https://mirror.example/lists/1")
    signed = sign(credential("vc2", by, status_index=7), by, (RDFC,))
    found = read(signed, trusting(catalogue, by), lists={"https://mirror.example/lists/1": elsewhere})
    assert found.status == "completed" and outcomes(found)["revocation"] == "not-checked"
    assert (
        f"no status list given with --status-list has the id {LIST_URL} "
        "(their ids: https://mirror.example/lists/1)" in detail(found, "revocation")
    )
