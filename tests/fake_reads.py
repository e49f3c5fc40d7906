"""The read side of FakeUnitOfWork (tracking/ports.py `ProgressReads`), answered in memory.

The layer summary is built from the fake's evidence and the catalogue's maps (the coverage
model's `proof_rows` and `need_rows`, as `CatalogueMaps.of` gives them) the way the SQL
summary aggregates them, so status, gaps and due read the same answers from both stores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from certpath.tracking.model import Person, Scope

if TYPE_CHECKING:
    from tests.fakes import FakePeople, State

_CLOSED = ("voided", "revoked")


def _latest(values: Iterable[date | None]) -> date | None:
    found = [v for v in values if v is not None]
    return max(found) if found else None


def _proof(rows: list[dict[str, Any]]) -> tuple[date | None, date | None, int]:
    """(last completion, latest expiry, 1 when some completion never expires) of completed rows."""
    return (
        _latest(e["completed_on"] for e in rows),
        _latest(e["expires_on"] for e in rows),
        int(any(e["expires_on"] is None for e in rows)),
    )


class FakeReads:
    def __init__(self, state: State, people: FakePeople) -> None:
        self.state = state
        self.people = people

    def _active(self, scope: Scope) -> list[Person]:
        return self.people.active(scope=scope)

    def _summary(self) -> dict[tuple[str, int, str], SimpleNamespace]:
        """person_layers: per person, layer and depth, what their evidence of that need shows."""
        maps = self.state.maps
        assert maps is not None, "call uow.summarise(CatalogueMaps.of(catalogue)) before reading layers"
        proves: dict[str, list[tuple[int, str]]] = {}
        for item, layer, depth in maps.item_layers:
            proves.setdefault(item, []).append((layer, depth))
        grouped: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
        for e in self.state.evidence:
            if e["status"] in _CLOSED:
                continue
            for layer, depth in proves.get(e["item_id"] or "", []):
                grouped.setdefault((e["person_id"], layer, depth), []).append(e)
        return {key: self._row(rows) for key, rows in grouped.items()}

    @staticmethod
    def _row(rows: list[dict[str, Any]]) -> SimpleNamespace:
        done = [e for e in rows if e["status"] == "completed"]
        verified = [e for e in done if e["assurance"] == "verified"]
        last_done, valid_until, open_ended = _proof(done)
        verified_done, verified_until, verified_open_ended = _proof(verified)
        return SimpleNamespace(
            last_done=last_done,
            valid_until=valid_until,
            open_ended=open_ended,
            window_opens=_latest(e["window_opens"] for e in done),
            last_attempt=_latest(e["completed_on"] for e in rows if e["status"] in ("in-progress", "failed")),
            verified=int(verified_done is not None),
            verified_done=verified_done,
            verified_until=verified_until,
            verified_open_ended=verified_open_ended,
        )

    def _needs(self, person: Person, policy: str) -> list[tuple[int, str]]:
        maps = self.state.maps
        assert maps is not None
        key = (policy, person.role, person.deploys_to_production, person.leads_externally)
        return sorted((layer, depth) for *who, layer, depth in maps.needs if tuple(who) == key)

    def active_count(self) -> int:
        return sum(1 for p in self.state.people.values() if p.active)

    def teams(self, *, scope: Scope) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for p in self._active(scope):
            counts[p.team] = counts.get(p.team, 0) + 1
        return sorted(counts.items())

    def team_hours(self, *, scope: Scope) -> dict[str, float]:
        hours: dict[str, list[float]] = {}
        for p in self._active(scope):
            hours.setdefault(p.team, []).append(p.hours_per_week)
        return {team: sum(h) / len(h) for team, h in hours.items()}

    def layer_evidence(self, *, policy: str, scope: Scope) -> list[Any]:
        summary = self._summary()
        return [
            SimpleNamespace(person_id=p.id, layer=layer, depth=depth, **vars(summary[(p.id, layer, depth)]))
            for p in self._active(scope)
            for layer, depth in self._needs(p, policy)
            if (p.id, layer, depth) in summary
        ]

    def team_coverage(
        self, *, policy: str, today: date, fresh_since: date, verified_only: bool, scope: Scope
    ) -> list[Any]:
        summary = self._summary()
        counts: dict[tuple[str, int, str], list[int]] = {}
        for p in self._active(scope):
            for layer, depth in self._needs(p, policy):
                row = summary.get((p.id, layer, depth))
                held = row is not None and _held(row, today, fresh_since, verified_only=verified_only)
                count = counts.setdefault((p.team, layer, depth), [0, 0])
                count[0] += 1
                count[1] += int(held)
        return [
            SimpleNamespace(team=team, layer=layer, depth=depth, needing=needing, holding=holding)
            for (team, layer, depth), (needing, holding) in sorted(counts.items())
        ]

    def literacy(self, items: Sequence[str], *, scope: Scope) -> list[Any]:
        found = []
        for p in self._active(scope):
            rows = [
                e
                for e in self.state.evidence
                if e["person_id"] == p.id and e["status"] == "completed" and e["item_id"] in items
            ]
            latest = _latest(e["completed_on"] for e in rows)
            proofs = [
                f"{e['item_id']}|{e['source']}|{e['assurance']}" for e in rows if e["completed_on"] == latest
            ]
            proof = min(proofs) if proofs else None
            found.append(SimpleNamespace(id=p.id, name=p.name, team=p.team, completed_on=latest, proof=proof))
        return found

    def expiring(self, *, until: date, scope: Scope) -> list[Any]:
        people = {p.id: p for p in self._active(scope)}
        grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for e in self.state.evidence:
            if e["status"] == "completed" and e["item_id"] and e["expires_on"] and e["person_id"] in people:
                grouped.setdefault((e["person_id"], e["item_id"]), []).append(e)
        found = []
        for (person_id, item), rows in grouped.items():
            expires = max(e["expires_on"] for e in rows)
            if expires <= until:
                who = people[person_id]
                window = _latest(e["window_opens"] for e in rows)
                found.append(
                    SimpleNamespace(
                        person_id=person_id,
                        name=who.name,
                        team=who.team,
                        item_id=item,
                        expires_on=expires,
                        window_opens=window,
                    )
                )
        return found

    def stale_layers(self, *, policy: str, last_before: date, scope: Scope) -> list[Any]:
        summary = self._summary()
        return [
            SimpleNamespace(
                person_id=p.id,
                name=p.name,
                team=p.team,
                layer=layer,
                depth=depth,
                last_done=row.last_done,
                valid_until=row.valid_until,
                open_ended=int(bool(row.open_ended)),
            )
            for p in self._active(scope)
            for layer, depth in self._needs(p, policy)
            if (row := summary.get((p.id, layer, depth))) is not None
            and row.last_done is not None
            and row.last_done <= last_before
        ]

    def freshness_bands(self, *, scope: Scope, fresh_since: date, aging_since: date) -> list[Any]:
        summary = self._summary()
        ids = {p.id for p in self._active(scope)}
        bands: dict[int, list[int]] = {}
        for (person, layer, depth), row in summary.items():
            if person not in ids or depth != "non-technical" or row.last_done is None:
                continue
            band = 0 if row.last_done >= fresh_since else 1 if row.last_done >= aging_since else 2
            bands.setdefault(layer, [0, 0, 0])[band] += 1
        return [
            SimpleNamespace(layer=layer, fresh=f, aging=a, stale=s)
            for layer, (f, a, s) in sorted(bands.items())
        ]


def _held(row: SimpleNamespace, today: date, fresh_since: date, *, verified_only: bool) -> bool:
    """queries._held in memory: the latest completion is fresh and one completion is unexpired."""
    if verified_only:
        done, until, open_ended = row.verified_done, row.verified_until, row.verified_open_ended
    else:
        done, until, open_ended = row.last_done, row.valid_until, row.open_ended
    if done is None or done < fresh_since:
        return False
    return bool(open_ended) or (until is not None and until >= today)
