"""Translate certpath's errors into a message on stderr and an exit code, once, at the edge."""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from certpath.errors import (
    BudgetTooSmallError,
    CertpathError,
    EmptyStoreError,
    InfeasiblePlanError,
    InputError,
    LastAdminError,
    NotInScopeError,
    PersonLinkRequiredError,
    SettingError,
    UnknownPersonError,
    UnknownUserError,
)
from certpath.interfaces.cli.clock import start_command
from certpath.interfaces.cli.exit_status import ExitStatus

P = ParamSpec("P")
R = TypeVar("R")


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command; a CertpathError becomes 'error: ...' on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        start_command()
        try:
            check_numbers(kwargs)
            return command(*args, **kwargs)
        except OverflowError:
            # dates or numbers beyond what a calendar can hold, from any option: a usage error
            _fail(
                InputError(
                    "A date or number is out of range (past the year 9999, or too large); use a nearer one."
                ),
                ExitStatus.INPUT,
            )
        except BudgetTooSmallError as error:
            _fail_with(f"{error} {budget_fix(error)}", ExitStatus.INFEASIBLE)
        except InfeasiblePlanError as error:
            _fail(error, ExitStatus.INFEASIBLE)
        except UnknownPersonError as error:
            _fail_with(
                f"{error} Run `certpath roster import FILE` with a roster that lists them first.",
                ExitStatus.INPUT,
            )
        except SettingError as error:
            _fail_with(setting_fix(error), ExitStatus.INPUT)
        except EmptyStoreError as error:
            _fail_with(f"{error} Import a roster first: `certpath roster import FILE`.", ExitStatus.INPUT)
        except NotInScopeError as error:
            _fail_with(f"{error} {LISTINGS[error.kind]}", ExitStatus.INPUT)
        except (UnknownUserError, LastAdminError, PersonLinkRequiredError) as error:
            _fail_with(f"{error} {account_fix(error)}", ExitStatus.INPUT)
        except InputError as error:
            _fail(error, ExitStatus.INPUT)
        except CertpathError as error:
            _fail(error, ExitStatus.INPUT)
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def check_numbers(options: dict[str, object]) -> None:
    """Refuse NaN and infinity in any number option: they would reach JSON as NaN or crash a solver."""
    for name, value in options.items():
        if isinstance(value, float) and not math.isfinite(value):
            flag = "--" + name.replace("_", "-")
            raise InputError(f"{flag} {value}: give a finite number, for example 1500 or 2.5.")


#: The option that sets each report setting, where it is not the setting's name with dashes.
OPTIONS = {
    "within_days": "--within",
    "budget_usd": "--budget",
    "quarterly_budget_usd": "--quarterly-budget",
    "time_limit_s": "--time-limit",
    "held": "--have",
}
#: Settings whose value is text the user typed, shown quoted.
QUOTED = frozenset({"horizon", "objective", "held", "title"})
#: Where the command line lists the teams or the people there are.
LISTINGS = {"team": "`certpath gaps` lists the teams.", "person": "`certpath status` lists the people."}


def setting_fix(error: SettingError) -> str:
    """A setting out of range, named as the command line's option."""
    option = OPTIONS.get(error.setting, "--" + error.setting.replace("_", "-"))
    value = f"{error.value}d" if option == "--within" else error.value
    shown = f"'{value}'" if error.setting in QUOTED else value
    return f"{option} {shown}: {error.reason}"


def budget_fix(error: BudgetTooSmallError) -> str:
    """The fix for a budget too small, in the command line's terms: the option to raise."""
    option = "--budget" if error.kind == "budget" else "--quarterly-budget"
    otherwise = f", or {error.otherwise}" if error.otherwise else ""
    return f"Raise {option} to at least {error.required:,.0f}{otherwise}."


def account_fix(error: UnknownUserError | LastAdminError | PersonLinkRequiredError) -> str:
    """The fix for an account error, in the command line's terms: the command or option to use."""
    if isinstance(error, UnknownUserError):
        if error.token_id is None:
            return "`certpath user list` shows the users."
        return f"`certpath user tokens {error.username}` lists their tokens."
    if isinstance(error, LastAdminError):
        return "Make another user admin first (`certpath user set-role NAME admin`), then try again."
    return "Give --person EMPLOYEE_ID."


def _fail(error: CertpathError, status: ExitStatus) -> None:
    _fail_with(str(error), status)


def _fail_with(message: str, status: ExitStatus) -> None:
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(int(status))
