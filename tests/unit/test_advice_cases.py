"""Issue 15's wrong advice, one regression test per case (today 2026-11-28, as when they were found)."""

from __future__ import annotations

from datetime import date

from certpath.catalogue.model import Catalogue
from certpath.planning.advice import Advice, Holding, Profile
from certpath.planning.advisor import advise

TODAY = date(2026, 11, 28)


def credentials(advice: Advice) -> list[str]:
    return [s.item for s in advice.steps if s.kind == "credential"]


def messages(advice: Advice, rule: str) -> list[str]:
    return [f"{w.message} {w.fix}" for w in advice.warnings if w.rule == rule]


def test_a_cka_passed_before_april_2024_is_valid_for_36_months(catalogue: Catalogue) -> None:
    held = (Holding("CKA", date(2024, 1, 20)),)
    advice = advise(catalogue, Profile(goal="mlops-lead", held=held, ml_months=24), today=TODAY)
    assert not any("CKA expired" in m for m in messages(advice, "RENEWAL-WINDOW"))
    assert any("2027-01-20" in s.reason for s in [*advice.skipped, *advice.steps] if s.item.startswith("CKA"))


def test_a_cka_passed_after_april_2024_keeps_the_24_month_rule(catalogue: Catalogue) -> None:
    held = (Holding("CKA", date(2024, 4, 2)),)
    advice = advise(catalogue, Profile(goal="mlops-lead", held=held, ml_months=24), today=TODAY)
    assert "CKA" in credentials(advice)
    assert any("CKA expired on 2026-04-02" in m for m in messages(advice, "RENEWAL-WINDOW"))


def test_the_policy_gives_the_validity_in_force_on_the_pass_date(catalogue: Catalogue) -> None:
    policy = catalogue.renewal_policies["linux-foundation-2y"]
    assert policy.months_for(date(2024, 3, 31)) == 36
    assert policy.months_for(date(2024, 4, 1)) == 24
    assert policy.months_for(None) == 24
