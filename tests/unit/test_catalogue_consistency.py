"""Consistency over the whole shipped catalogue (issue 15, item 5).

Each expectation below is written from the vendors' policies and the 2026-11-28 market review
(shared/research/cert-market-2026-11.md), not read back from the catalogue, so a credential
given the wrong policy, a pathway step that leads nowhere, or a cloud left without a layer's
credential fails here.
"""

from __future__ import annotations

from datetime import date

import pytest

from certpath.catalogue.model import Catalogue, Credential
from certpath.catalogue.validity import add_months, validity_on

#: Months a pass stays valid, by vendor (None: never expires). Microsoft and Google differ by tier.
VENDOR_MONTHS: dict[str, int | None] = {
    "AWS": 36,
    "Databricks": 24,
    "NVIDIA": 24,
    "CNCF / The Linux Foundation": 24,  # passes from 2024-04-01
    "HashiCorp": 24,
    "IAPP": 24,
    "PMI": 36,
    "Snowflake": 24,
    "Anthropic": 12,
    "ISACA": 36,
    "PECB": 36,
    "CompTIA": 36,
    "Oracle": 24,
    "Salesforce": 12,
    "dbt Labs": 24,
    "Confluent": 24,
}
#: Microsoft: Fundamentals-level (literacy) never expire; associate and above last a year.
MICROSOFT_MONTHS = {"literacy": None, "associate": 12, "professional": 12, "specialty": 12}
#: Google: Professional 2 years; the Generative AI Leader 3 (third-party); others Google's default 2.
GOOGLE_MONTHS = {"literacy": 36, "associate": 24, "professional": 24}
#: States in which a person can sit the exam and earn the credential.
OFFERED = ("active", "retiring", "beta")
MAJOR_CLOUDS = ("aws", "azure", "gcp")
#: (layer, cloud) pairs for which the market has no credential of that cloud, and why.
CLOUD_GAPS = {
    (5, "aws"): "AWS has no AI governance credential; responsible AI is one AIF-C01 domain (Layer 1)",
    (5, "azure"): "no Microsoft AI governance credential appears in the 2026 review of its new AI exams",
    (5, "gcp"): "Google Cloud has no AI governance credential; its exams are engineering and literacy ones",
    (6, "aws"): "AWS has no leadership or AI strategy credential; AIF-C01 is literacy",
}
EARNED = date(2025, 1, 15)


def _expected_months(credential: Credential) -> int | None:
    if credential.vendor == "Microsoft":
        return MICROSOFT_MONTHS[credential.tier]
    if credential.vendor == "Google Cloud":
        return GOOGLE_MONTHS[credential.tier]
    return VENDOR_MONTHS[credential.vendor]


def test_every_credentials_validity_matches_its_vendors_policy(catalogue: Catalogue) -> None:
    wrong = []
    for credential in catalogue.credentials.values():
        policy = catalogue.renewal_policies[credential.renewal_policy]
        months = _expected_months(credential)
        validity = validity_on(catalogue, credential, earned_on=EARNED, today=EARNED)
        expires = None if months is None else add_months(EARNED, months)
        if validity.expires_on != expires or policy.vendor not in credential.vendor:
            wrong.append(f"{credential.id}: policy {policy.id} ({policy.vendor}) gives {validity.expires_on}")
    assert wrong == []


def _offered_on_some_day(credential: Credential, as_of: date) -> bool:
    life = credential.lifecycle
    days = [d for d in (life.available_from, life.general_availability, life.retires_on) if d]
    return any(credential.lifecycle.status_on(d).state in OFFERED for d in [*days, as_of, date(2000, 1, 1)])


def test_every_pathway_step_names_items_that_exist_and_were_offered(catalogue: Catalogue) -> None:
    for pathway in catalogue.pathways.values():
        for number, step in enumerate(pathway.steps, start=1):
            for option in step.options:
                if option.item is None:
                    continue
                item = catalogue.item(option.item)
                if isinstance(item, Credential):
                    assert _offered_on_some_day(item, catalogue.as_of), f"{pathway.id} step {number}"


def _current(catalogue: Catalogue, credential: Credential) -> Credential | None:
    """The credential or the successor a retired one leads to, if offered on the catalogue date."""
    seen: set[str] = set()
    while credential.lifecycle.status_on(catalogue.as_of).state not in OFFERED:
        successor = credential.lifecycle.successor
        if successor is None or successor in seen:
            return None
        seen.add(successor)
        credential = catalogue.credentials[successor]
    return credential


def test_every_pathway_step_leads_to_something_offered_today(catalogue: Catalogue) -> None:
    dead = []
    for pathway in catalogue.pathways.values():
        for number, step in enumerate(pathway.steps, start=1):
            for option in step.options:
                item = catalogue.item(option.item) if option.item else None
                if isinstance(item, Credential) and _current(catalogue, item) is None:
                    dead.append(f"{pathway.id} step {number}: {item.id}")
    assert dead == []


def _offered(catalogue: Catalogue, layer: int, stack: str) -> list[str]:
    return [
        c.id
        for c in catalogue.credentials.values()
        if c.stack == stack and layer in c.layers and c.lifecycle.status_on(catalogue.as_of).state in OFFERED
    ]


@pytest.mark.parametrize("layer", range(1, 7))
def test_each_layer_has_a_credential_on_each_major_cloud_unless_the_market_has_none(
    catalogue: Catalogue, layer: int
) -> None:
    gaps = {cloud for cloud in MAJOR_CLOUDS if not _offered(catalogue, layer, cloud)}
    assert gaps == {cloud for (gap_layer, cloud) in CLOUD_GAPS if gap_layer == layer}
    if gaps:
        assert _offered(catalogue, layer, "neutral"), f"Layer {layer} needs a cloud-neutral credential"


def test_every_gap_says_why() -> None:
    assert all(len(reason) > 30 for reason in CLOUD_GAPS.values())
