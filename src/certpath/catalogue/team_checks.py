"""Cross-entry checks for the team sections: policies and layer exams."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from certpath.catalogue.model import Catalogue, LayerExam
from certpath.catalogue.validation_base import Problem, missing


def check_team_sections(c: Catalogue) -> Iterator[Problem]:
    """Unknown rules or credentials, and team sizes that no policy covers or two policies share."""
    for policy in c.team_policies.values():
        for i, rule in enumerate(policy.rules):
            yield from missing("team_policies", policy.id, ("rules", i), rule, c.rules, "rule")
    for exam in c.layer_exams.values():
        for i, choice in enumerate(exam.choices):
            yield from missing(
                "layer_exams",
                exam.layer,
                ("options", i, "item"),
                choice.item,
                c.credentials,
                f"{choice.stack} credential",
            )
            for j, role in enumerate(choice.roles or ()):
                yield from missing(
                    "layer_exams", exam.layer, ("options", i, "roles", j), role, c.roles, "role"
                )
        yield from _unreachable(exam)
    yield from _size_ranges(c)


def _unreachable(exam: LayerExam) -> Iterator[Problem]:
    """An option no one reaches: an earlier option of its stack already takes all its roles
    (the first that fits wins), so a role-specific option must come before the general one."""
    for i, choice in enumerate(exam.choices):
        for j, earlier in enumerate(exam.choices[:i]):
            if earlier.stack != choice.stack:
                continue
            if earlier.roles is None or (
                choice.roles is not None and set(choice.roles) <= set(earlier.roles)
            ):
                taken = "every role" if earlier.roles is None else "its roles"
                yield Problem(
                    "layer_exams",
                    exam.layer,
                    ("options", i),
                    f"the {choice.stack} option {choice.item} is never chosen: option {j + 1} "
                    f"({earlier.item}) already takes {taken}; list the option with roles first",
                )
                break


def _size_ranges(c: Catalogue) -> Iterator[Problem]:
    if not c.team_policies:
        yield Problem(
            "team_policies", None, (), "no team policies: define at least one (small, mid, enterprise)"
        )
        return
    ordered = sorted(c.team_policies.values(), key=lambda p: p.min_size)
    for before, after in itertools.pairwise(ordered):
        if before.max_size is None or after.min_size != before.max_size + 1:
            upto = "no limit" if before.max_size is None else before.max_size
            yield Problem(
                "team_policies",
                after.id,
                ("min_size",),
                f"team sizes must follow on without gaps or overlaps: '{before.id}' ends at {upto}, "
                f"so '{after.id}' should start at {'(nothing)' if before.max_size is None else before.max_size + 1}",
            )
    if ordered[-1].max_size is not None:
        yield Problem(
            "team_policies",
            ordered[-1].id,
            ("max_size",),
            "the largest policy must have no 'max_size' so every team size has a policy",
        )
