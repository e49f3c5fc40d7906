"""Exit codes of the certpath command (a stable contract, listed in the README)."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FINDINGS = 1  # audit found errors
    INPUT = 2  # usage or input error
    INFEASIBLE = 3  # no plan satisfies the constraints
