"""The 2026-11-28 market review: new credentials, beta exams, and the disagreements it fixed."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from certpath.catalogue.lifecycle import Lifecycle
from certpath.catalogue.model import Catalogue
from certpath.services.catalogue import credential_row

REVIEW = date(2026, 11, 28)
#: The credentials issue 15 names; each must be in the catalogue.
NAMED = {
    "AIP-C01",
    "DEA-C01",
    "AI-200",
    "AB-100",
    "DP-700",
    "DBX-DE-ASSOCIATE",
    "DBX-DE-PROFESSIONAL",
    "GCP-PDE",
    "SNOWPRO-CORE",
    "ISACA-AAIA",
    "PECB-42001-LI",
}
#: The credentials the catalogue held before the review (tests/unit/test_catalogue.py lists them).
BEFORE_REVIEW = 20


def _beta(available: date, ga: date | None) -> Lifecycle:
    return Lifecycle(available, None, None, None, ("https://example.com",), REVIEW, True, ga)


def test_the_catalogue_is_as_of_the_review_and_holds_fifty_credentials(catalogue: Catalogue) -> None:
    assert catalogue.as_of == REVIEW
    assert len(catalogue.credentials) >= BEFORE_REVIEW + 30
    assert set(catalogue.credentials) >= NAMED
    main_layers = Counter(c.layer for c in catalogue.credentials.values())
    assert main_layers[2] >= 5 and main_layers[5] >= 4 and main_layers[6] >= 3


@pytest.mark.parametrize(
    ("day", "state", "on"),
    [
        (date(2025, 11, 17), "upcoming", date(2025, 11, 18)),
        (date(2025, 11, 18), "beta", date(2026, 4, 14)),
        (date(2026, 4, 13), "beta", date(2026, 4, 14)),
        (date(2026, 4, 14), "active", None),
    ],
)
def test_a_beta_turns_active_on_its_general_availability_date(day: date, state: str, on: date | None) -> None:
    status = _beta(date(2025, 11, 18), date(2026, 4, 14)).status_on(day)
    assert (status.state, status.on) == (state, on)


def test_a_beta_without_a_known_date_stays_beta_and_lists_as_such(catalogue: Catalogue) -> None:
    assert _beta(date(2026, 4, 21), None).status_on(date(2030, 1, 1)).state == "beta"
    ai_103 = credential_row(catalogue, catalogue.credentials["AI-103"], REVIEW)
    assert ai_103["status"] == "beta", "a 2026-07-11 source still calls AI-103 beta; no GA date was found"
    aip = catalogue.credentials["AIP-C01"]
    assert credential_row(catalogue, aip, date(2026, 1, 15))["status"] == "beta until 2026-04-14"
    assert credential_row(catalogue, aip, REVIEW)["status"] == "active"


def test_retirements_of_2026_lead_to_their_successors(catalogue: Catalogue) -> None:
    successors = {c.id: c.lifecycle.successor for c in catalogue.credentials.values()}
    assert successors["DP-100"] == "AI-300" and successors["AI-102"] == "AI-103"
    assert successors["AI-900"] == "AI-901" and successors["MLS-C01"] == "MLA-C01"
    assert "AIP-C01" in (catalogue.credentials["MLS-C01"].lifecycle.note or "")
    assert "AZ-204" in (catalogue.credentials["AI-200"].lifecycle.note or "")
    assert catalogue.credentials["AI-300"].lifecycle.beta, "2026-04-01 is the beta start, not GA"


def test_disagreements_in_policies_are_fixed_with_their_sources(catalogue: Catalogue) -> None:
    aws = catalogue.renewal_policies["aws-3y-reexam"]
    assert "Skill Builder" in aws.summary and "No continuing-education route" not in aws.summary
    iapp = catalogue.renewal_policies["iapp-cpe-2y"]
    assert "250" in iapp.summary and "annual" not in iapp.summary
    assert iapp.sources == ("https://iapp.org/certify/cpe/",)
    google = catalogue.renewal_policies["google-3y"]
    assert "https://support.google.com/cloud-certification/answer/9438208" in google.sources
    assert "third-party" in google.summary


def test_disagreements_in_credentials_are_fixed_with_their_sources(catalogue: Catalogue) -> None:
    genl = catalogue.credentials["NCA-GENL"].price
    assert genl.value == 125 and "2026-05-30" in (genl.note or "")
    ncp = catalogue.credentials["NCP-GENL"]
    own_article = "ncp-genl-exam-domains"
    assert any(own_article in url for url in ncp.price.sources)
    assert not any(
        "nca-genl" in url for url in (*ncp.sources, *ncp.lifecycle.sources, *ncp.experience.sources)
    )
    assert (ncp.price.low, ncp.price.high) == (200, 400)
    pmle = catalogue.credentials["GCP-PMLE"].lifecycle
    assert "2026-06-01" in (pmle.note or "") and "Pearson VUE" in (pmle.note or "")
    assert catalogue.credentials["PMI-CPMAI"].price.value is None


def test_facts_the_review_could_not_verify_are_empty_with_a_note(catalogue: Catalogue) -> None:
    unknown = [
        (c.id, name, fact)
        for c in catalogue.credentials.values()
        for name, fact in (("price", c.price), ("exam_minutes", c.exam_minutes))
        if fact.value is None
    ]
    assert {cid for cid, _, _ in unknown} >= {"ISACA-AAIR", "PECB-42001-LI", "AB-730", "CCDAK"}
    for cid, name, fact in unknown:
        assert fact.note and fact.sources, f"{cid}.{name} needs a note and the source that was checked"
