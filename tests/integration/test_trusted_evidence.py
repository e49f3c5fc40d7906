"""Evidence import with pinned keys and status lists, on SQLite and PostgreSQL: keys are kept
with who pinned them, a revoked credential is stored as revoked and never counts toward a layer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from certpath.catalogue.model import Catalogue
from certpath.errors import EvidenceError
from certpath.services.tracking import import_evidence, import_people, load_badge_map
from certpath.services.trust import list_trusted_keys, pin_trusted_keys
from certpath.services.write_scope import ORGANISATION
from certpath.tracking.tables import audit_log, evidence, person_layers
from tests.credentials import sign, status_list
from tests.factories import unit_of_work
from tests.integration.test_tracking_store import enterprise
from tests.unit.test_evidence_corpus import genuine

TODAY = date(2026, 11, 22)


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document))
    return path


@pytest.fixture
def people(engine: Engine, catalogue: Catalogue) -> Engine:
    import_people(unit_of_work(engine, "hr"), catalogue, enterprise(catalogue), today=TODAY)
    return engine


def test_trust_files_pin_keys_and_a_revoked_credential_never_counts(
    people: Engine, catalogue: Catalogue, tmp_path: Path
) -> None:
    by, revoked = genuine("vc2", "ed2020", "did:web", "status")
    _, current = genuine("vc1", "rdfc+ed2020", "did:web", "plain")
    current["credentialSubject"]["id"] = "mailto:e000004@example.com"
    current = sign({k: v for k, v in current.items() if k != "proof"}, by, ("eddsa-rdfc-2022",))
    write(tmp_path / "did.json", by.did_document())
    (tmp_path / "map.yaml").write_text(
        "trust:\n- file: did.json\nachievements:\n"
        "- achievement: https://academy.example/achievements/l5-policy\n  item: L5-POLICY\n"
    )
    badge_map = load_badge_map(catalogue, [tmp_path / "map.yaml"], None)
    summaries = import_evidence(
        unit_of_work(people, "ld-admin"),
        catalogue,
        [write(tmp_path / "revoked.json", revoked), write(tmp_path / "current.json", current)],
        badge_map=badge_map,
        today=TODAY,
        scope=ORGANISATION,
        status_lists=[write(tmp_path / "list.json", status_list("vc2", by, revoked={7}))],
    )
    assert [s.added for s in summaries] == [1, 1]
    with people.connect() as connection:
        rows = {
            r.person_id: r for r in connection.execute(select(evidence).where(evidence.c.source == "ob3"))
        }
        layers = {(r.person_id, r.layer): r.last_done for r in connection.execute(select(person_layers))}
        pins = list(connection.execute(select(audit_log).where(audit_log.c.action == "trust.pin")))
    assert rows["E000003"].status == "revoked" and rows["E000003"].assurance == "verified"
    assert rows["E000004"].status == "completed" and rows["E000004"].assurance == "verified"
    assert layers.get(("E000003", 5)) is None and layers[("E000004", 5)] == date(2025, 3, 1)
    (key,) = list_trusted_keys(unit_of_work(people))
    assert key["issuer"] == by.did and key["key_id"] == by.method and key["pinned_by"] == "ld-admin"
    assert key["source"] == str(tmp_path / "did.json")  # named by the badge map's trust: section
    assert len(pins) == 1


def test_pinned_keys_stay_in_the_store_for_later_imports(
    people: Engine, catalogue: Catalogue, tmp_path: Path
) -> None:
    by, signed = genuine("vc2", "jcs", "did:web", "plain")
    pin_trusted_keys(unit_of_work(people, "admin"), [write(tmp_path / "did.json", by.did_document())])
    listing = list_trusted_keys(unit_of_work(people))
    assert [(k["issuer"], k["key_type"], k["pinned_by"]) for k in listing] == [
        (by.did, "Ed25519 Multikey", "admin")
    ]
    pin_trusted_keys(unit_of_work(people, "admin"), [tmp_path / "did.json"])
    assert list_trusted_keys(unit_of_work(people)) == listing  # once only
    (summary,) = import_evidence(
        unit_of_work(people, "ld"),
        catalogue,
        [write(tmp_path / "badge.json", signed)],
        badge_map=load_badge_map(catalogue, [], None),
        today=TODAY,
        scope=ORGANISATION,
    )
    with people.connect() as connection:
        (row,) = connection.execute(select(evidence.c.assurance).where(evidence.c.source == "ob3"))
    assert summary.added == 1 and row.assurance == "verified"


def test_a_bad_trust_file_writes_nothing(people: Engine, catalogue: Catalogue, tmp_path: Path) -> None:
    by, signed = genuine("vc2", "rdfc", "did:web", "plain")
    private = by.did_document()
    private["verificationMethod"][0] = {
        "id": by.method,
        "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "a", "d": "b"},
    }
    with pytest.raises(EvidenceError, match=r"did\.json: verificationMethod\[0\]: is a private key"):
        import_evidence(
            unit_of_work(people, "ld"),
            catalogue,
            [write(tmp_path / "badge.json", signed)],
            badge_map=load_badge_map(catalogue, [], None),
            today=TODAY,
            scope=ORGANISATION,
            trust=[write(tmp_path / "did.json", private)],
        )
    assert list_trusted_keys(unit_of_work(people)) == []
    with pytest.raises(EvidenceError, match=r"jwks\.json: is a JWKS, which does not say whose keys"):
        pin_trusted_keys(
            unit_of_work(people, "a"), [write(tmp_path / "jwks.json", {"keys": [{"kty": "OKP"}]})]
        )
