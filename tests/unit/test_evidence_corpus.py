"""A corpus of Open Badges 3.0 credentials signed with generated keys: genuine ones of every
combination verify, tampered copies fail with their reason, unsupported proofs accuse no one."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from certpath.catalogue.model import Catalogue
from certpath.errors import EvidenceError
from certpath.tracking.evidence.badge_map import BadgeMap, load_badge_map
from certpath.tracking.evidence.context import ReadContext
from certpath.tracking.evidence.identity import Recipients
from certpath.tracking.evidence.keys import read_trust_file
from certpath.tracking.evidence.reading import read_evidence
from certpath.tracking.model import NewEvidence
from tests.credentials import LIST_URL, SIGNINGS, Issuer, credential, issuer, sign, status_list

TODAY = date(2026, 11, 22)
PEOPLE = Recipients(
    frozenset(f"E{n:06d}" for n in range(1, 11)), {f"e{n:06d}@example.com": f"E{n:06d}" for n in range(1, 11)}
)
MODELS = ("vc1", "vc2")
KINDS = ("did:key", "did:web")
#: Every model x signing x key source, each with one of the expiry/status variants in turn.
COMBINATIONS = [
    (model, signing, kind, variant)
    for n, (model, signing, kind) in enumerate(itertools.product(MODELS, SIGNINGS, KINDS))
    for variant in [("plain", "expiring", "status", "expiring+status")[n % 4]]
]


def trusting(catalogue: Catalogue, *issuers: Issuer) -> BadgeMap:
    keys = [
        k for i in issuers for k in read_trust_file(json.dumps(i.did_document()).encode(), source="did.json")
    ]
    return load_badge_map(catalogue, []).with_pinned(keys)


def read(
    document: dict[str, Any] | str,
    badge_map: BadgeMap,
    *,
    member: str | None = None,
    lists: dict[str, dict[str, Any]] | None = None,
) -> NewEvidence:
    text = document if isinstance(document, str) else json.dumps(document)
    context = ReadContext("badge.json", badge_map, PEOPLE, TODAY, member, status_lists=lists or {})
    (found,) = read_evidence(Path("badge.json"), text.encode(), context=context).evidence
    return found


def outcomes(found: NewEvidence) -> dict[str, str]:
    return {c.check: c.outcome for c in found.verification.checks}


def detail(found: NewEvidence, check: str) -> str:
    return next(c.detail for c in found.verification.checks if c.check == check)


def genuine(model: str, signing: str, kind: str, variant: str) -> tuple[Issuer, dict[str, Any]]:
    by = issuer(kind)
    unsigned = credential(
        model,
        by,
        expires="2028-03-01T00:00:00Z" if "expiring" in variant else None,
        status_index=7 if "status" in variant else None,
    )
    return by, sign(unsigned, by, SIGNINGS[signing])


@pytest.mark.parametrize(("model", "signing", "kind", "variant"), COMBINATIONS)
def test_genuine_credentials_of_every_combination_verify(
    catalogue: Catalogue, model: str, signing: str, kind: str, variant: str
) -> None:
    by, signed = genuine(model, signing, kind, variant)
    lists = {LIST_URL: status_list(model, by, revoked={3})} if "status" in variant else {}
    found = read(signed, trusting(catalogue, by), lists=lists)
    assert outcomes(found) == {"structure": "passed", "signature": "passed", "key-trusted": "passed",
                               "dates": "passed", "recipient": "passed",
                               "revocation": "passed" if "status" in variant else "not-checked"}  # fmt: skip
    assert found.verification.assurance == "verified" and found.status == "completed"
    assert found.person_id == "E000003"
    assert found.expires_on == (date(2028, 3, 1) if "expiring" in variant else None)
    assert detail(found, "signature").count("verified offline") == len(SIGNINGS[signing])


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = document
        for key in parents:
            node = node[key][0] if isinstance(node[key], list) else node[key]
        node[last] = value

    return change


def _flip_proof_value(document: dict[str, Any]) -> None:
    proof = document["proof"][0] if isinstance(document["proof"], list) else document["proof"]
    value = proof["proofValue"]
    middle = len(value) // 2
    proof["proofValue"] = value[:middle] + ("2" if value[middle] != "2" else "3") + value[middle + 1 :]


TAMPERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "name": _set("name", "Something Else"),
    "date": lambda d: d.__setitem__(
        "validFrom" if "validFrom" in d else "issuanceDate", "2020-01-01T00:00:00Z"
    ),
    "subject": _set("credentialSubject.id", "mailto:e000004@example.com"),
    "achievement": _set("credentialSubject.achievement.name", "Quantum Leadership"),
    "proofValue": _flip_proof_value,
}


@pytest.mark.parametrize(("model", "signing", "tamper"), list(itertools.product(MODELS, SIGNINGS, TAMPERS)))
def test_tampered_copies_fail_with_their_reason(
    catalogue: Catalogue, model: str, signing: str, tamper: str
) -> None:
    by, signed = genuine(model, signing, "did:web", "plain")
    tampered = copy.deepcopy(signed)
    TAMPERS[tamper](tampered)
    with pytest.raises(EvidenceError) as caught:
        read(tampered, trusting(catalogue, by))
    message = str(caught.value)
    assert "signature is invalid" in message and "does not match the credential as it is now" in message


@pytest.mark.parametrize(
    ("proof", "named"),
    [
        ({"type": "BbsBlsSignature2020", "proofValue": "zabc"}, "BbsBlsSignature2020"),
        (
            {"type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019", "proofValue": "zabc"},
            "ecdsa-rdfc-2019",
        ),
    ],
)
def test_unsupported_proofs_are_not_checked_and_accuse_no_one(
    catalogue: Catalogue, proof: dict[str, Any], named: str
) -> None:
    by = issuer("did:web")
    document = credential("vc2", by) | {"proof": proof | {"verificationMethod": by.method}}
    for badge_map in (trusting(catalogue, by), load_badge_map(catalogue, [])):
        found = read(document, badge_map)
        assert outcomes(found)["signature"] == "not-checked" and named in detail(found, "signature")
        assert "is not one certpath verifies" in detail(found, "signature")
        assert "altered" not in detail(found, "signature") and found.verification.assurance == "recorded"


def test_an_unsupported_proof_beside_a_good_one_still_verifies(catalogue: Catalogue) -> None:
    by, signed = genuine("vc2", "rdfc", "did:web", "plain")
    signed["proof"] = [signed["proof"], {"type": "BbsBlsSignature2020", "verificationMethod": by.method}]
    found = read(signed, trusting(catalogue, by))
    assert outcomes(found)["signature"] == "passed" and found.verification.assurance == "verified"
    assert "proof 2 of 2: proof type BbsBlsSignature2020 is not one certpath verifies" in detail(
        found, "signature"
    )


def test_an_unpinned_context_is_not_checked_rather_than_altered(catalogue: Catalogue) -> None:
    by = issuer("did:web")
    signed = sign(
        credential("vc2", by) | {"@context": ["https://www.w3.org/ns/credentials/v2", "https://x.example/c"]},
        by,
        ("eddsa-jcs-2022",),
    )
    signed["proof"]["cryptosuite"] = "eddsa-rdfc-2022"
    found = read(signed, trusting(catalogue, by))
    assert outcomes(found)["signature"] == "not-checked"
    assert "https://x.example/c is not one certpath has pinned" in detail(found, "signature")


def test_keys_decide_trust_did_key_is_self_asserted_and_did_web_needs_its_document(
    catalogue: Catalogue,
) -> None:
    nobody = load_badge_map(catalogue, [])
    _, by_key = genuine("vc2", "rdfc", "did:key", "plain")
    found = read(by_key, nobody)
    assert outcomes(found)["signature"] == "passed" and outcomes(found)["key-trusted"] == "failed"
    assert found.verification.assurance == "recorded"
    _, by_web = genuine("vc2", "ed2020", "did:web", "plain")
    found = read(by_web, nobody)
    assert outcomes(found)["signature"] == "not-checked" and "key not pinned" in detail(found, "signature")
    other = issuer("did:web", "elsewhere")
    found = read(by_web, trusting(catalogue, other))  # someone else's keys do not help
    assert outcomes(found)["key-trusted"] == "not-checked"


def test_a_key_of_another_did_verifies_but_is_not_trusted(catalogue: Catalogue) -> None:
    academy, mallory = issuer("did:web"), issuer("did:key", "mallory")
    forged = sign(credential("vc2", academy), mallory, ("eddsa-rdfc-2022",))
    found = read(forged, trusting(catalogue, academy))
    assert outcomes(found)["signature"] == "passed" and outcomes(found)["key-trusted"] == "failed"


@pytest.mark.parametrize("model", MODELS)
def test_a_revoked_credential_is_kept_as_revoked(catalogue: Catalogue, model: str) -> None:
    by, signed = genuine(model, "rdfc", "did:web", "status")
    found = read(signed, trusting(catalogue, by), lists={LIST_URL: status_list(model, by, revoked={7})})
    assert found.status == "revoked" and outcomes(found)["revocation"] == "failed"
    assert f"bit 7 of the status list {LIST_URL} is set" in detail(found, "revocation")


def test_status_lists_missing_forged_or_foreign_leave_revocation_not_checked(catalogue: Catalogue) -> None:
    by, signed = genuine("vc2", "rdfc", "did:web", "status")
    badge_map = trusting(catalogue, by)
    found = read(signed, badge_map)
    assert outcomes(found)["revocation"] == "not-checked" and "CERTPATH_ALLOW_NETWORK" in detail(
        found, "revocation"
    )
    assert LIST_URL in detail(found, "revocation")
    forged = status_list("vc2", by, revoked=set())
    forged["credentialSubject"]["encodedList"] = status_list("vc2", by, revoked={7})["credentialSubject"][
        "encodedList"
    ]
    found = read(signed, badge_map, lists={LIST_URL: forged})
    assert outcomes(found)["revocation"] == "not-checked" and "is not verified" in detail(found, "revocation")
    foreign = status_list("vc2", issuer("did:key", "mallory"), revoked={7})
    found = read(signed, badge_map, lists={LIST_URL: foreign})
    assert found.status == "completed" and "not by the credential's issuer" in detail(found, "revocation")


@pytest.mark.parametrize("model", MODELS)
def test_expired_credentials_fail_the_dates_check_and_future_ones_are_refused(
    catalogue: Catalogue, model: str
) -> None:
    by = issuer("did:web")
    badge_map = trusting(catalogue, by)
    expired = sign(credential(model, by, expires="2026-01-01T00:00:00Z"), by, ("eddsa-rdfc-2022",))
    found = read(expired, badge_map)
    assert outcomes(found)["dates"] == "failed" and "expired 2026-01-01" in detail(found, "dates")
    future = sign(credential(model, by, valid_from="2027-01-01T00:00:00Z"), by, ("eddsa-rdfc-2022",))
    with pytest.raises(EvidenceError, match="not valid until 2027-01-01"):
        read(future, badge_map)


def test_subjects_by_hashed_identifier_or_by_nothing(catalogue: Catalogue) -> None:
    by = issuer("did:web")
    badge_map = trusting(catalogue, by)
    hashed = sign(credential("vc2", by, subject="identifier", person=5), by, ("eddsa-rdfc-2022",))
    found = read(hashed, badge_map)
    assert found.person_id == "E000005" and "hashed identifier" in detail(found, "recipient")
    anonymous = sign(credential("vc1", by, subject="none"), by, ("Ed25519Signature2020",))
    with pytest.raises(EvidenceError, match="give --member EMPLOYEE_ID"):
        read(anonymous, badge_map)
    found = read(anonymous, badge_map, member="E000002")
    assert found.person_id == "E000002" and "by --member" in detail(found, "recipient")
    assert outcomes(found)["structure"] == "warning" and "neither id nor identifier" in detail(
        found, "structure"
    )
    assert found.verification.assurance == "verified"


def test_a_departure_from_the_spec_is_a_warning_not_a_refusal(catalogue: Catalogue) -> None:
    by = issuer("did:web")
    document = credential("vc2", by) | {"type": ["VerifiableCredential"]}
    found = read(sign(document, by, ("eddsa-jcs-2022",)), trusting(catalogue, by))
    assert outcomes(found)["structure"] == "warning"
    assert "neither OpenBadgeCredential nor AchievementCredential" in detail(found, "structure")


def test_an_empty_file_says_it_is_empty(catalogue: Catalogue) -> None:
    with pytest.raises(EvidenceError, match=r"badge\.json: is empty"):
        read("  \n", load_badge_map(catalogue, []))


def test_a_term_no_context_defines_is_not_covered_so_the_proof_is_not_checked(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the AchievementSubject type the OB context does not define `identifier`: a proof
    would not cover it, and a changed identifier must not pass as verified (safe mode)."""
    from pyld import jsonld

    from certpath.tracking.evidence import dataintegrity

    def lenient(document: dict[str, Any]) -> str:  # an issuer whose library drops undefined terms
        options = {"algorithm": "URDNA2015", "format": "application/n-quads",
                   "documentLoader": dataintegrity._load_document}  # fmt: skip
        return str(jsonld.normalize(document, options))

    by = issuer("did:web")
    document = credential("vc2", by, subject="identifier", person=5)
    document["credentialSubject"]["type"] = ["SomethingElse"]
    with monkeypatch.context() as patched:
        patched.setattr(dataintegrity, "canonical", lenient)
        signed = sign(document, by, ("eddsa-rdfc-2022",))
    found = read(signed, trusting(catalogue, by))
    assert outcomes(found)["signature"] == "not-checked" and found.verification.assurance == "recorded"
    assert "cannot cover" in detail(found, "signature") and "identifier" in detail(found, "signature")


def test_a_status_list_signed_with_a_key_it_names_itself_is_not_the_issuers(catalogue: Catalogue) -> None:
    """An https issuer's key named only in a fragment proves nothing about who signed the list."""
    https = Issuer("https://academy.example/issuer", "", issuer("did:key", "self-named").seed)
    https = Issuer(https.did, f"{https.did}#{https.multikey}", https.seed)
    signed = sign(credential("vc2", https, status_index=7), https, ("eddsa-rdfc-2022",))
    found = read(
        signed, load_badge_map(catalogue, []), lists={LIST_URL: status_list("vc2", https, revoked=set())}
    )
    assert outcomes(found)["signature"] == "not-checked" and outcomes(found)["key-trusted"] == "not-checked"
    assert outcomes(found)["revocation"] == "not-checked" and "is not verified" in detail(found, "revocation")
