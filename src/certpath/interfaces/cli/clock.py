"""The clock of one CLI command: read once when the command starts, then the same instant throughout.

`guarded` (cli/guard.py) starts every command with `start_command`; the unit of work's stamp, the
default `--today` and anything else that asks for the time within the command read that instant.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, date, datetime

_STARTED: ContextVar[datetime | None] = ContextVar("certpath_command_started", default=None)


def start_command() -> None:
    """Read the clock for the command that starts now."""
    _STARTED.set(datetime.now(UTC))


def command_now() -> datetime:
    """The instant the running command started (read now, once, outside a guarded command)."""
    started = _STARTED.get()
    if started is None:
        started = datetime.now(UTC)
        _STARTED.set(started)
    return started


def command_today() -> date:
    """The local calendar date at the instant the command started."""
    return command_now().astimezone().date()
