"""Translate certpath's errors into a message on stderr and an exit code, once, at the edge."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from certpath.errors import CertpathError, InfeasiblePlanError, InputError
from certpath.interfaces.cli.exit_status import ExitStatus

P = ParamSpec("P")
R = TypeVar("R")


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command; a CertpathError becomes 'error: ...' on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except InfeasiblePlanError as error:
            _fail(error, ExitStatus.INFEASIBLE)
        except InputError as error:
            _fail(error, ExitStatus.INPUT)
        except CertpathError as error:
            _fail(error, ExitStatus.INPUT)
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def _fail(error: CertpathError, status: ExitStatus) -> None:
    sys.stderr.write(f"error: {error}\n")
    raise typer.Exit(int(status))
