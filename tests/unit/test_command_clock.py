"""A CLI command reads the clock once, when it starts; the next command reads it again."""

from __future__ import annotations

import time
from datetime import datetime

from certpath.interfaces.cli.clock import command_now, command_today
from certpath.interfaces.cli.guard import guarded


@guarded
def _two_readings() -> tuple[datetime, datetime]:
    first = command_now()
    time.sleep(0.01)
    return first, command_now()


def test_one_instant_per_command() -> None:
    first, again = _two_readings()
    assert first == again and first.tzinfo is not None
    assert command_today() == first.astimezone().date()
    later, _ = _two_readings()
    assert later > first
