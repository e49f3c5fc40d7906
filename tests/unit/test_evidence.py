"""Evidence readers and verifiers without a database: the 1EdTech vector, tampering, fuzzing, expiry."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certpath.catalogue.coverage import freshness
from certpath.catalogue.model import Catalogue
from certpath.errors import CertpathError, EvidenceError
from certpath.tracking.evidence.badge_map import load_badge_map
from certpath.tracking.evidence.context import ReadContext
from certpath.tracking.evidence.dataintegrity import ProofError, canonical, verify_proof
from certpath.tracking.evidence.identity import Recipients
from certpath.tracking.evidence.multibase import decode_base58btc, ed25519_public_key, encode_base58btc
from certpath.tracking.evidence.reading import read_evidence
from certpath.tracking.expiry import expiry_for

DATA = Path(__file__).resolve().parents[1] / "data" / "openbadges"
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "certpath" / "examples"
TODAY = date(2026, 11, 22)
VECTOR_KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
PEOPLE = Recipients(
    frozenset(f"E{n:06d}" for n in range(1, 121)),
    {f"e{n:06d}@example.com": f"E{n:06d}" for n in range(1, 121)},
)


def context(catalogue: Catalogue, source: str = "f", member: str | None = None) -> ReadContext:
    badge_map = load_badge_map(catalogue, [EXAMPLES / "badge-map.yaml"])
    return ReadContext(source, badge_map, PEOPLE, TODAY, member)


def test_1edtech_vector_canonical_forms_and_signature() -> None:
    vector = json.loads((DATA / "ob3-test-vector.signed.json").read_text())
    document = {k: v for k, v in vector.items() if k != "proof"}
    options = {k: v for k, v in vector["proof"].items() if k != "proofValue"} | {
        "@context": vector["@context"]
    }
    assert canonical(document) == (DATA / "ob3-test-vector.document-canon.txt").read_text()
    assert canonical(options) == (DATA / "ob3-test-vector.proof-canon.txt").read_text()
    assert hashlib.sha256(canonical(document).encode()).hexdigest().startswith("87f65a76")
    verify_proof(vector, ed25519_public_key(VECTOR_KEY))


def test_canonical_is_pyld_urdna2015_named_explicitly() -> None:
    """pyld's default algorithm has been URGNA2012 in releases; the bounded canonicaliser must give
    exactly what pyld gives when URDNA2015 is named, blank nodes included."""
    from pyld import jsonld

    document = {
        "@context": {"name": "https://schema.org/name", "knows": {"@id": "https://schema.org/knows"}},
        "name": "urdna-spy",
        "knows": [{"name": "a", "knows": {"name": "b"}}, {"name": "b", "knows": {"name": "a"}}],
    }
    named = jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads"})
    assert canonical(document) == named and "_:c14n" in named


def test_a_poison_graph_is_not_checked_instead_of_taking_hours() -> None:
    """Seven blank nodes that all look alike and all link to each other cost pyld 3.4 s; ten, hours."""
    import time

    from certpath.tracking.evidence.dataintegrity import ProofUnchecked

    link = {"@id": "https://example.org/link", "@type": "@id"}
    nodes = [
        {"@id": f"_:n{i}", "https://example.org/link": [{"@id": f"_:n{j}"} for j in range(7) if j != i]}
        for i in range(7)
    ]
    started = time.process_time()
    with pytest.raises(ProofUnchecked, match="too alike and interlinked to canonicalise within 500 steps"):
        canonical({"@context": {"link": link}, "@graph": nodes})
    assert time.process_time() - started < 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Leadership Badge"),
        ("validFrom", "2009-01-01T00:00:00Z"),
        ("credentialSubject.id", "did:example:other"),
    ],
)
def test_tampered_vector_fails(field: str, value: str) -> None:
    vector = json.loads((DATA / "ob3-test-vector.signed.json").read_text())
    node = vector
    *path, last = field.split(".")
    for key in path:
        node = node[key]
    node[last] = value
    with pytest.raises(ProofError, match="signature does not match"):
        verify_proof(vector, ed25519_public_key(VECTOR_KEY))


def test_unpinned_context_fails_closed() -> None:
    vector = json.loads((DATA / "ob3-test-vector.signed.json").read_text())
    vector["@context"].append("https://attacker.example/context.json")
    with pytest.raises(ProofError, match="not one certpath has pinned"):
        verify_proof(vector, ed25519_public_key(VECTOR_KEY))


def test_base58_round_trip_and_bad_input() -> None:
    for data in (b"", b"\x00\x00abc", bytes(range(40))):
        assert decode_base58btc(encode_base58btc(data)) == data
    with pytest.raises(ValueError, match="not a base58 character"):
        decode_base58btc("z0OIl")


def badge_file(name: str) -> Path:
    return next((EXAMPLES / "evidence").glob(name))


def test_signed_example_badge_is_verified_with_every_check_listed(catalogue: Catalogue) -> None:
    path = badge_file("academy-l5-*.ob3.json")
    batch = read_evidence(path, path.read_bytes(), context=context(catalogue, str(path)))
    (found,) = batch.evidence
    outcomes = {c.check: c.outcome for c in found.verification.checks}
    assert outcomes == {"structure": "passed", "signature": "passed", "key-trusted": "passed", "dates": "passed",
                        "revocation": "not-checked", "recipient": "passed"}  # fmt: skip
    assert found.item_id == "L5-POLICY" and found.verification.assurance == "verified"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda b: b.__setitem__("name", "Something else"), "signature is invalid"),
        (lambda b: b.__setitem__("validFrom", "2026-01-01T00:00:00Z"), "signature is invalid"),
        (
            lambda b: b["credentialSubject"]["identifier"][0].__setitem__(
                "identityHash", "sha256$" + "0" * 64
            ),
            "signature is invalid",
        ),
    ],
)
def test_tampered_signed_badge_is_rejected_with_the_reason(
    catalogue: Catalogue, tmp_path: Path, change: object, reason: str
) -> None:
    badge = json.loads(badge_file("academy-l5-*.ob3.json").read_text())
    change(badge)  # type: ignore[operator]
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(badge))
    with pytest.raises(EvidenceError, match=reason):
        read_evidence(path, path.read_bytes(), context=context(catalogue, str(path)))


def test_vc_jwt_verifies_and_a_changed_payload_does_not(catalogue: Catalogue, tmp_path: Path) -> None:
    import base64

    path = badge_file("aws-mla-c01-*.vc.jwt")
    (found,) = read_evidence(path, path.read_bytes(), context=context(catalogue, str(path))).evidence
    assert found.item_id == "MLA-C01" and found.verification.assurance == "verified"
    header, payload, signature = path.read_text().strip().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["validFrom"] = "2020-01-01T00:00:00Z"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    bad = tmp_path / "forged.jwt"
    bad.write_text(f"{header}.{forged}.{signature}")
    with pytest.raises(EvidenceError, match="signature is invalid"):
        read_evidence(bad, bad.read_bytes(), context=context(catalogue, str(bad)))


def test_hosted_ob2_is_stored_saying_what_a_network_check_would_do(catalogue: Catalogue) -> None:
    path = badge_file("hosted-badge.ob2.json")
    (found,) = read_evidence(path, path.read_bytes(), context=context(catalogue, str(path))).evidence
    signature = next(c for c in found.verification.checks if c.check == "signature")
    assert signature.outcome == "not-checked" and "needs the network" in signature.detail
    assert found.item_id == "L6-TECH-LITERACY" and found.verification.assurance == "recorded"


def test_badge_for_someone_else_than_member_is_refused(catalogue: Catalogue) -> None:
    path = badge_file("academy-l5-*.ob3.json")
    with pytest.raises(EvidenceError, match=r"belongs to E0000\d\d, not to --member E000099"):
        read_evidence(path, path.read_bytes(), context=context(catalogue, str(path), member="E000099"))


def test_unmatched_badge_is_kept_with_its_names(catalogue: Catalogue) -> None:
    path = DATA / "ob3-test-vector.signed.json"
    (found,) = read_evidence(
        path, path.read_bytes(), context=context(catalogue, str(path), member="E000001")
    ).evidence
    assert found.item_id is None and found.achievement == "Teamwork"
    checks = {c.check: c for c in found.verification.checks}
    # The key is only named by the credential itself (its method's fragment): nothing says it is
    # the issuer's, so the signature proves nothing and is not checked.
    assert checks["signature"].outcome == "not-checked" and "nothing ties" in checks["signature"].detail
    assert checks["key-trusted"].outcome == "not-checked"


VALID = [p for p in sorted((EXAMPLES / "evidence").iterdir()) if p.stat().st_size < 20_000]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".json", ".csv", ".jwt", ".ndjson", ".txt"]))
def test_arbitrary_bytes_never_crash_an_importer(catalogue: Catalogue, data: bytes, suffix: str) -> None:
    path = Path("fuzz" + suffix)
    try:
        read_evidence(path, data, context=context(catalogue, str(path), member="E000001"))
    except CertpathError as error:
        assert str(path) in str(error)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    source=st.sampled_from(VALID),
    position=st.floats(min_value=0, max_value=1),
    replacement=st.binary(min_size=0, max_size=8),
    cut=st.integers(min_value=0, max_value=8),
)
def test_mutated_valid_files_never_crash_an_importer(
    catalogue: Catalogue, source: Path, position: float, replacement: bytes, cut: int
) -> None:
    data = source.read_bytes()
    at = int(position * len(data))
    mutated = data[:at] + replacement + data[at + cut :]
    try:
        read_evidence(source, mutated, context=context(catalogue, str(source)))
    except CertpathError as error:
        assert str(source) in str(error)


def test_expiry_bases(catalogue: Catalogue) -> None:
    aws = catalogue.renewal_policies["aws-3y-reexam"]
    assert expiry_for(aws, completed_on=date(2025, 3, 31)).expires_on == date(2028, 3, 31)
    microsoft = catalogue.renewal_policies["microsoft-associate-annual"]
    early = expiry_for(microsoft, completed_on=date(2026, 9, 1), previous_expiry=date(2026, 12, 10))
    assert early.expires_on == date(2027, 12, 10)  # renewing early loses no time
    assert early.window_opens == date(2027, 6, 13)
    late = expiry_for(microsoft, completed_on=date(2027, 3, 1), previous_expiry=date(2026, 12, 10))
    assert late.expires_on == date(2028, 3, 1)  # after expiry it counts from completion
    fixed = copy.copy(aws)
    object.__setattr__(fixed, "basis", "fixed-anniversary")
    object.__setattr__(fixed, "validity_months", 12)
    object.__setattr__(fixed, "minimum_active_days", 180)
    assert expiry_for(
        fixed, completed_on=date(2026, 3, 1), first_awarded=date(2024, 6, 30)
    ).expires_on == date(2026, 6, 30) + (date(2027, 6, 30) - date(2026, 6, 30))
    assert expiry_for(
        fixed, completed_on=date(2026, 1, 1), first_awarded=date(2024, 6, 30)
    ).expires_on == date(2026, 6, 30)


def test_freshness_halves_every_six_months() -> None:
    assert freshness(TODAY, TODAY) == 1.0
    assert freshness(date(2026, 5, 22), TODAY) == pytest.approx(0.5, abs=0.01)
    assert freshness(date(2025, 11, 22), TODAY) == pytest.approx(0.25, abs=0.01)
