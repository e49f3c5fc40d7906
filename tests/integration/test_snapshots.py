"""Cached views: built once per version of the data, rebuilt after any write, on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine

from certpath.catalogue.model import Catalogue
from certpath.roster.importer import load_roster
from certpath.services.tracking import import_people, record_completion
from certpath.services.views import cached_view
from certpath.services.write_scope import ORGANISATION
from tests.factories import unit_of_work
from tests.integration.test_accounts_and_scope import ROSTER

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def test_a_view_is_built_once_per_version_and_again_after_a_write(
    engine: Engine, catalogue: Catalogue
) -> None:
    builds: list[str] = []

    def build() -> str:
        builds.append("built")
        return f"view {len(builds)}"

    assert cached_view(engine, ["page"], build, now=NOW) == "view 1"
    assert cached_view(engine, ["page"], build, now=NOW) == "view 2"  # no write has versioned the store yet
    import_people(
        unit_of_work(engine, "t"), catalogue, load_roster(ROSTER, catalogue, today=TODAY), today=TODAY
    )
    assert cached_view(engine, ["page"], build, now=NOW) == "view 3"
    assert cached_view(engine, ["page"], build, now=NOW) == "view 3"  # reused
    assert cached_view(engine, ["other page"], build, now=NOW) == "view 4"
    record_completion(
        unit_of_work(engine, "t"),
        catalogue,
        "E3",
        "L1-EVERYONE",
        day=date(2026, 11, 1),
        today=TODAY,
        scope=ORGANISATION,
    )
    assert cached_view(engine, ["page"], build, now=NOW) == "view 5"  # the write made it stale
    assert len(builds) == 5
