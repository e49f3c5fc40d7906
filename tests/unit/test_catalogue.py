"""The shipped catalogue: complete, sourced, and queryable."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from certpath.catalogue.convert import all_facts
from certpath.catalogue.loader import DATA_DIR, load_catalogue
from certpath.catalogue.model import Catalogue
from certpath.catalogue.validity import add_months, validity_on
from certpath.errors import CatalogueError, UnknownChoiceError
from tests.conftest import DATA

SEED_ROLES = {
    "data-engineer",
    "platform-engineer",
    "analytics-engineer",
    "ml-engineer",
    "devops-engineer",
    "cloud-architect",
    "data-scientist",
    "senior-data-scientist",
    "ai-developer",
    "solution-architect",
    "compliance-officer",
    "legal-counsel",
    "ai-governance-lead",
    "ciso",
    "platform-architect",
    "cto",
    "cio",
    "product-manager",
    "ai-product-manager",
    "technical-program-manager",
    "team-lead",
    "gcc-head",
    "ld-leader",
    "designer",
    "executive",
    "student",
    "software-developer",
    "data-analyst",
    "ml-researcher",
}
REQUIRED_CREDENTIALS = {
    "AIF-C01",
    "AI-900",
    "GCP-GENAI-LEADER",
    "MLA-C01",
    "AI-102",
    "DBX-ML-ASSOCIATE",
    "MLS-C01",
    "GCP-PMLE",
    "DBX-ML-PROFESSIONAL",
    "NCA-GENL",
    "CKA",
    "TERRAFORM-ASSOCIATE",
    "AI-901",
    "AI-103",
    "AI-300",
    "DP-100",
    "DBX-GENAI-ASSOCIATE",
    "NCP-GENL",
    "IAPP-AIGP",
    "PMI-CPMAI",
}


def test_holds_the_six_layers_and_every_seed_role(catalogue: Catalogue) -> None:
    assert sorted(catalogue.layers) == [1, 2, 3, 4, 5, 6]
    assert len(catalogue.roles) >= 25
    assert set(catalogue.roles) >= SEED_ROLES
    assert all(1 in {layer.layer for layer in role.layers} for role in catalogue.roles.values())


def test_holds_every_named_credential_with_a_project(catalogue: Catalogue) -> None:
    assert set(catalogue.credentials) >= REQUIRED_CREDENTIALS
    for credential_id in catalogue.credentials:
        assert catalogue.projects_for(credential_id), credential_id
    assert {5, 6} <= {layer for c in catalogue.credentials.values() for layer in c.layers}


def test_courses_cover_every_layer_with_both_layer_one_tracks(catalogue: Catalogue) -> None:
    assert {c.layer for c in catalogue.courses.values()} == {1, 2, 3, 4, 5, 6}
    assert {"L1-EVERYONE", "L1-TECHNICAL", "L6-TECH-LITERACY"} <= set(catalogue.courses)
    for layer in (2, 3, 4):
        depths = {c.depth for c in catalogue.courses.values() if c.layer == layer}
        assert {"technical", "non-technical"} <= depths, layer
    course = catalogue.courses["L1-TECHNICAL"]
    (cohort,) = course.offers("private-cohort")
    assert course.delivery == "instructor-led" and cohort.seat_limit and cohort.price.value


def _numbers_without_provenance(node: object, path: str, sourced: bool) -> list[str]:
    """Every number or date in the YAML whose enclosing mapping lacks as_of and source/estimate."""
    if isinstance(node, dict):
        here = "as_of" in node and ("source" in node or "estimate" in node)
        found = []
        for key, value in node.items():
            if key in ("as_of",):
                continue
            if isinstance(value, bool) or value is None:
                continue
            if isinstance(value, int | float | date) and not here and not sourced:
                found.append(f"{path}.{key}")
            found += _numbers_without_provenance(
                value, f"{path}.{key}", here or (sourced and not isinstance(value, dict))
            )
        return found
    if isinstance(node, list):
        return [
            p for i, v in enumerate(node) for p in _numbers_without_provenance(v, f"{path}[{i}]", sourced)
        ]
    return []


def test_every_number_and_date_in_the_shipped_files_carries_source_and_as_of() -> None:
    structural = {"number", "layer", "gate_ml_months", "seat_limit", "mistake", "typical_ml_months"}
    missing = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        missing += [
            m
            for m in _numbers_without_provenance(data, path.name, False)
            if m.rsplit(".", 1)[-1] not in structural
        ]
    assert missing == []


def test_every_credential_and_fact_carries_source_and_as_of(catalogue: Catalogue) -> None:
    for credential in catalogue.credentials.values():
        assert credential.sources and credential.as_of, credential.id
        assert credential.lifecycle.sources and credential.experience.sources, credential.id
    facts = all_facts(catalogue)
    assert len(facts) > 80
    for label, fact in facts:
        assert fact.as_of, label
        assert fact.sources or fact.estimate, label
        assert all(url.startswith(("https://", "http://")) for url in fact.sources), label
    for label in ("price", "exam_minutes"):
        outside = [f for name, f in facts if name.endswith(label) and name.count(".") == 1]  # credentials
        estimated = [f for f in outside if f.estimate]
        assert len(estimated) <= 5, f"too many {label} estimates: {estimated}"


def test_facts_where_sources_disagree_keep_the_range(catalogue: Catalogue) -> None:
    price = catalogue.credentials["NCA-GENL"].price
    assert (price.low, price.high) == (125, 135) and price.note
    assert catalogue.credentials["PMI-CPMAI"].price.value is None


@pytest.mark.parametrize(
    ("day", "state"),
    [(date(2026, 1, 15), "retiring"), (date(2026, 6, 30), "retiring"), (date(2026, 7, 1), "retired")],
)
def test_lifecycle_status_follows_the_retirement_date(catalogue: Catalogue, day: date, state: str) -> None:
    assert catalogue.credentials["AI-102"].lifecycle.status_on(day).state == state


def test_successor_not_yet_available_is_upcoming(catalogue: Catalogue) -> None:
    assert catalogue.credentials["AI-103"].lifecycle.status_on(date(2026, 1, 15)).state == "upcoming"
    assert catalogue.credentials["MLS-C01"].lifecycle.status_on(date(2026, 11, 22)).state == "retired"


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 22), 12) == date(2027, 11, 22)


def test_validity_follows_each_vendors_rule(catalogue: Catalogue) -> None:
    aws = validity_on(
        catalogue, catalogue.credentials["MLA-C01"], earned_on=date(2024, 3, 1), today=date(2026, 11, 22)
    )
    assert (aws.expires_on, aws.state) == (date(2027, 3, 1), "valid")
    microsoft = validity_on(
        catalogue, catalogue.credentials["AI-103"], earned_on=date(2026, 7, 1), today=date(2027, 2, 1)
    )
    assert (microsoft.expires_on, microsoft.window_opens, microsoft.state) == (
        date(2027, 7, 1),
        date(2027, 1, 2),
        "window-open",
    )
    fundamentals = validity_on(
        catalogue, catalogue.credentials["AI-900"], earned_on=date(2020, 1, 1), today=date(2026, 11, 22)
    )
    assert fundamentals.state == "no-expiry"
    google = validity_on(
        catalogue, catalogue.credentials["GCP-PMLE"], earned_on=date(2024, 11, 1), today=date(2026, 11, 22)
    )
    assert google.state == "grace"


def test_lookup_is_case_insensitive_and_unknown_ids_suggest_the_closest(catalogue: Catalogue) -> None:
    assert catalogue.credential("mla-c01").id == "MLA-C01"
    with pytest.raises(UnknownChoiceError) as caught:
        catalogue.credential("MLA-C02")
    assert caught.value.closest == "MLA-C01"
    assert "Valid choices" in str(caught.value)


def test_an_overlay_adds_and_overrides_entries() -> None:
    catalogue = load_catalogue(overlays=[DATA / "overlay_local.yaml"])
    mla = catalogue.credentials["MLA-C01"]
    assert (mla.price.value, mla.price.currency) == (140, "EUR")
    assert catalogue.to_usd(mla.price) == pytest.approx(154.0)
    assert mla.exam_minutes.value == 130, "fields the overlay does not name are kept"
    assert "ACME-PROMPTING" in catalogue.courses
    assert any(m.pattern == r"\bdataops\b" for m in catalogue.title_mappings)
    assert catalogue.as_of == load_catalogue().as_of, "an overlay's date is its own, not the catalogue's"


def test_an_overlay_with_a_bad_date_is_located(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("as_of: last spring\n")
    with pytest.raises(CatalogueError) as error:
        load_catalogue(overlays=[overlay])
    assert "overlay.yaml:1" in str(error.value) and "'last spring'" in str(error.value)


def test_a_duplicate_id_in_the_shipped_files_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(DATA_DIR, folder)
    (folder / "zz_extra.yaml").write_text(
        "goals:\n  - {id: ai-literacy, name: Again, pathway: goal-ai-literacy}\n"
    )
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(data_dir=folder)
    message = str(caught.value)
    assert "zz_extra.yaml:2:" in message and "duplicate id 'ai-literacy'" in message
    assert "pathways.yaml" in message, "names where the first definition is"
