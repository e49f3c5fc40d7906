"""Issue 13 item 4: one ladder (held, refresh due, stale, expired) and one due item per lapse."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from certpath.catalogue import coverage
from certpath.catalogue.model import Catalogue
from certpath.reports.due import due_items
from certpath.reports.tracking import due_ics, due_json
from certpath.tracking.status import LayerEvidence, layer_status

TODAY = date(2026, 11, 22)


class ExpiryRow(NamedTuple):
    person_id: str
    name: str
    team: str
    item_id: str
    expires_on: date
    window_opens: date | None


class RefreshRow(NamedTuple):
    person_id: str
    name: str
    team: str
    layer: int
    depth: str
    last_done: date
    valid_until: date | None
    open_ended: int


def test_the_ladder_climbs_held_refresh_due_stale_expired() -> None:
    last = date(2026, 1, 1)
    proof = coverage.LayerProof(last, date(2029, 1, 1), False)
    due_from, held_to = coverage.refresh_due_on(last), coverage.held_until(last)
    assert coverage.stage(proof, today=due_from - timedelta(days=1)) == "held"
    assert coverage.stage(proof, today=due_from) == "refresh-due"
    assert coverage.stage(proof, today=held_to) == "refresh-due"
    assert coverage.stage(proof, today=held_to + timedelta(days=1)) == "stale"
    lapsed = coverage.LayerProof(last, date(2026, 3, 1), False)
    assert coverage.stage(lapsed, today=date(2026, 4, 1)) == "expired"
    # An undated roster claim is taken at its word: fresh, never due.
    assert coverage.stage(coverage.LayerProof(None, None, True, undated=True), today=TODAY) == "held"


@given(
    age=st.integers(0, 1500),
    expires_in=st.none() | st.integers(-400, 1500),
    window=st.none() | st.integers(0, 400),
    attempt=st.none() | st.integers(0, 60),
)
def test_status_never_calls_a_held_layer_overdue(
    age: int, expires_in: int | None, window: int | None, attempt: int | None
) -> None:
    last = TODAY - timedelta(days=age)
    until = None if expires_in is None else TODAY + timedelta(days=expires_in)
    opens = None if until is None or window is None else until - timedelta(days=window)
    tried = None if attempt is None else TODAY - timedelta(days=attempt)
    found = LayerEvidence(last, until, until is None, opens, tried, False)
    status = layer_status("P1", 3, "technical", found, today=TODAY)
    assert not (status.held and status.overdue), status
    assert status.overdue == (status.next_date is not None and status.next_date < TODAY)
    assert (status.mark == "refresh-due") == (status.held and coverage.refresh_due_on(last) <= TODAY)


def test_an_expired_credential_is_one_item_restoring_the_layers_it_proved(catalogue: Catalogue) -> None:
    earned, lapsed = date(2022, 3, 1), date(2025, 3, 1)
    expiries = [ExpiryRow("E1", "Eve", "Data", "MLA-C01", lapsed, None)]
    refreshes = [RefreshRow("E1", "Eve", "Data", layer, "technical", earned, lapsed, 0) for layer in (2, 3)]
    (item,) = due_items(catalogue, expiries, refreshes, today=TODAY)
    assert (item.kind, item.subject, item.due_on, item.overdue, item.restores) == (
        "expired",
        "MLA-C01",
        lapsed,
        True,
        (2, 3),
    )
    assert item.action == "retake or renew MLA-C01: expired 2025-03-01; restores Layers 2 and 3"
    assert due_json([item], today=TODAY, within_days=0)["items"][0]["restores"] == [2, 3]


def test_a_layer_still_held_elsewhere_keeps_its_own_refresh(catalogue: Catalogue) -> None:
    # Layer 3 also rests on a course taken eight months ago: renewing MLA-C01 is not what restores it.
    course = TODAY - timedelta(days=240)
    expiries = [ExpiryRow("E1", "Eve", "Data", "MLA-C01", date(2025, 3, 1), None)]
    refreshes = [RefreshRow("E1", "Eve", "Data", 3, "technical", course, date(2025, 3, 1), 1)]
    expired, refresh = sorted(due_items(catalogue, expiries, refreshes, today=TODAY), key=lambda i: i.kind)
    assert (expired.subject, expired.restores) == ("MLA-C01", ())
    assert (refresh.kind, refresh.subject, refresh.overdue) == ("refresh", "Layer 3", False)
    assert refresh.due_on == coverage.held_until(course) and f"by {refresh.due_on}" in refresh.action


def test_a_refresh_is_overdue_only_once_the_layer_is_stale(catalogue: Catalogue) -> None:
    half = TODAY - timedelta(days=250)
    old = TODAY - timedelta(days=400)
    rows = [
        RefreshRow("E1", "Eve", "Data", 1, "technical", half, None, 1),
        RefreshRow("E2", "Ann", "Data", 1, "technical", old, None, 1),
    ]
    items = {i.person: i for i in due_items(catalogue, [], rows, today=TODAY)}
    assert not items["E1"].overdue and items["E2"].overdue
    assert items["E2"].due_on == coverage.held_until(old) < TODAY
    assert [i.person for i in due_items(catalogue, [], rows, today=TODAY, overdue_only=True)] == ["E2"]


def test_no_calendar_reminder_lies_in_the_past(catalogue: Catalogue) -> None:
    rows = [
        ExpiryRow("E1", "Eve", "Data", "MLA-C01", date(2025, 3, 1), None),  # overdue
        ExpiryRow("E2", "Ann", "Data", "DP-100", TODAY + timedelta(days=40), None),  # 30 and 7 days ahead
        ExpiryRow("E3", "Bo", "Data", "AI-102", TODAY + timedelta(days=3), None),  # only on the day
    ]
    events = Calendar.from_ical(due_ics(due_items(catalogue, rows, [], today=TODAY), today=TODAY)[2])
    seen = {}
    for event in events.walk("VEVENT"):
        start = event.decoded("DTSTART")
        seen[str(event["SUMMARY"]).split(": ")[1].split(" ")[0]] = (
            start,
            sorted(start + a.decoded("TRIGGER") for a in event.walk("VALARM")),
        )
    assert seen["MLA-C01"] == (TODAY, [TODAY])
    due = TODAY + timedelta(days=40)
    assert seen["DP-100"] == (due, [due - timedelta(days=30), due - timedelta(days=7)])
    assert seen["AI-102"] == (TODAY + timedelta(days=3), [TODAY + timedelta(days=3)])
