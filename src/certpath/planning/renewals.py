"""Renewal steps for held credentials that are due (inside their window, or about to expire).

A credential the person holds is not "done" when its renewal is due: the advice plans the
renewal first, by the vendor's method (a retake at the renewal discount, a free online
assessment, continuing-education credits), and says when the credential lapses.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from certpath.catalogue.model import Catalogue, Credential, RenewalPolicy
from certpath.catalogue.validity import Validity, validity_on
from certpath.kernel import Finding
from certpath.planning.advice import Profile, Step
from certpath.planning.scheduling import week_of

#: Without a vendor window, a renewal is planned once expiry is this close.
NOTICE_DAYS = 90
#: Long continuing-education cycles (two or three years) are flagged only in their last months.
LONGEST_NOTICE_DAYS = 180
#: certpath's estimates of the work a renewal takes, by method, as a share of the first
#: preparation (a retake) or in hours (an online assessment; CE credits are counted in hours).
RETAKE_SHARE = 0.5
ASSESSMENT_HOURS = 4.0
CE_HOURS = 20.0


def renewal_steps(catalogue: Catalogue, profile: Profile, *, today: date) -> tuple[list[Step], list[Finding]]:
    """One dated renewal step per held credential that is due, most urgent first."""
    due = []
    for holding in profile.held:
        item = catalogue.item(holding.item_id)
        if not isinstance(item, Credential) or item.lifecycle.status_on(today).state == "retired":
            continue
        validity = validity_on(catalogue, item, earned_on=holding.earned_on, today=today)
        if _is_due(catalogue.renewal_policies[item.renewal_policy], validity, today):
            due.append((item, validity))
    steps: list[Step] = []
    findings: list[Finding] = []
    cursor = today
    for item, validity in sorted(due, key=lambda d: d[1].expires_on or today):
        step = _step(
            catalogue, item, validity, start=cursor, today=today, hours_per_week=profile.hours_per_week
        )
        steps.append(step)
        findings += _late(catalogue, item, step, validity, profile.hours_per_week)
        cursor = step.end + timedelta(days=1)
    return steps, findings


def _is_due(policy: RenewalPolicy, validity: Validity, today: date) -> bool:
    if validity.expires_on is None or policy.method == "none":
        return False
    if validity.state == "grace":
        return True
    if validity.state not in ("valid", "window-open"):
        return False
    notice = min(policy.window_days if policy.window_days is not None else NOTICE_DAYS, LONGEST_NOTICE_DAYS)
    return (validity.expires_on - today).days <= notice and (
        validity.window_opens is None or validity.window_opens <= today
    )


def _work(catalogue: Catalogue, item: Credential, policy: RenewalPolicy) -> tuple[float | None, float, str]:
    """(cost in USD, study hours, how) of one renewal under the vendor's method."""
    if policy.method == "free-assessment":
        return (
            0.0,
            ASSESSMENT_HOURS,
            f"pass the free online renewal assessment (about {ASSESSMENT_HOURS:g} hours)",
        )
    if policy.method == "continuing-education":
        return None, CE_HOURS, "report the continuing-education credits the vendor asks for"
    price = catalogue.to_usd(item.price)
    cost = None if price is None else round(price * (100 - policy.renewal_discount_pct) / 100, 2)
    hours = (item.study_hours.value or 0.0) * RETAKE_SHARE
    discount = f" at {policy.renewal_discount_pct}% off" if policy.renewal_discount_pct else ""
    return cost, hours, f"retake the current exam{discount}, planned at half the first preparation"


def _step(
    catalogue: Catalogue,
    item: Credential,
    validity: Validity,
    *,
    start: date,
    today: date,
    hours_per_week: float,
) -> Step:
    policy = catalogue.renewal_policies[item.renewal_policy]
    cost, hours, how = _work(catalogue, item, policy)
    end = start + timedelta(weeks=max(1, math.ceil(hours / hours_per_week))) - timedelta(days=1)
    verb = "expired on" if validity.state == "grace" else "expires on"
    grace = f", with renewal accepted until {_last_day(policy, validity)}" if policy.grace_days else ""
    return Step(
        item=item.id,
        name=f"Renew {item.name}",
        kind="renewal",
        layer=item.layer,
        cost_usd=cost,
        study_hours=hours,
        start=start,
        end=end,
        start_week=week_of(today, start),
        end_week=week_of(today, end),
        reason=f"You hold {item.id}; it {verb} {validity.expires_on}{grace}. Renew it first: {how} "
        f"(RENEWAL-WINDOW). {policy.summary}",
        rules=("RENEWAL-WINDOW",),
    )


def _last_day(policy: RenewalPolicy, validity: Validity) -> date:
    assert validity.expires_on is not None
    return validity.expires_on + timedelta(days=policy.grace_days)


def _late(
    catalogue: Catalogue, item: Credential, step: Step, validity: Validity, hours_per_week: float
) -> list[Finding]:
    last = _last_day(catalogue.renewal_policies[item.renewal_policy], validity)
    if step.end <= last:
        return []
    days = max(1, (last - step.start).days + 1)
    needed = math.ceil(step.study_hours / max(1, days / 7))
    return [
        Finding(
            "RENEWAL-WINDOW",
            "warning",
            f"At {hours_per_week:g} h/week the renewal of {item.id} ends on {step.end}, after its last day {last}.",
            f"Study about {needed} h/week until {last}, or plan to take {item.id} again from the start.",
            item.id,
        )
    ]
