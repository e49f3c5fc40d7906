"""Rules that span entries and files: references, cycles, coverage, lifecycle sense."""

from __future__ import annotations

from collections.abc import Iterator

from certpath.catalogue.model import Catalogue
from certpath.catalogue.team_checks import check_team_sections
from certpath.catalogue.validation_base import Problem, missing


def check_catalogue(catalogue: Catalogue) -> list[Problem]:
    """Every cross-entry problem in the catalogue; an empty list means it is sound."""
    checks = (
        _references,
        _successor_loops,
        _prerequisite_cycles,
        _shared_ids,
        _layers_complete,
        _lifecycle_dates,
        _coverage,
        _currencies,
        _pathway_options,
        check_team_sections,
    )
    return [problem for check in checks for problem in check(catalogue)]


def _references(c: Catalogue) -> Iterator[Problem]:
    items: dict[str, object] = {**c.credentials, **c.courses, **c.projects}
    for role in c.roles.values():
        if role.background:
            yield from missing(
                "roles", role.id, ("background",), role.background, c.backgrounds, "background"
            )
        if role.goal:
            yield from missing("roles", role.id, ("goal",), role.goal, c.goals, "goal")
    for cred in c.credentials.values():
        yield from missing(
            "credentials",
            cred.id,
            ("renewal_policy",),
            cred.renewal_policy,
            c.renewal_policies,
            "renewal policy",
        )
        if cred.lifecycle.successor:
            yield from missing(
                "credentials",
                cred.id,
                ("lifecycle", "successor"),
                cred.lifecycle.successor,
                c.credentials,
                "credential",
            )
        for i, pre in enumerate(cred.prerequisites):
            yield from missing("credentials", cred.id, ("prerequisites", i), pre, items, "item")
    for course in c.courses.values():
        for i, pre in enumerate(course.prerequisites):
            yield from missing("courses", course.id, ("prerequisites", i), pre, items, "item")
    for project in c.projects.values():
        for i, ref in enumerate(project.pairs_with):
            yield from missing("projects", project.id, ("pairs_with", i), ref, items, "item")
    for pathway in c.pathways.values():
        for s, step in enumerate(pathway.steps):
            for o, option in enumerate(step.options):
                if option.item:
                    yield from missing(
                        "pathways",
                        pathway.id,
                        ("steps", s, "options", o, "item"),
                        option.item,
                        items,
                        "item",
                    )
            for r, rule in enumerate(step.rules):
                yield from missing("pathways", pathway.id, ("steps", s, "rules", r), rule, c.rules, "rule")
    for group in c.counterparts.values():
        for cloud, ref in group.items.items():
            yield from missing("counterparts", group.id, ("items", cloud), ref, c.credentials, "credential")
            if ref in c.credentials and c.credentials[ref].stack != cloud:
                stack = c.credentials[ref].stack
                yield Problem(
                    "counterparts",
                    group.id,
                    ("items", cloud),
                    f"'{ref}' belongs to {stack}, not {cloud}; name a {cloud} credential here",
                )
    for background in c.backgrounds.values():
        yield from missing(
            "backgrounds", background.id, ("pathway",), background.pathway, c.pathways, "pathway"
        )
    for goal in c.goals.values():
        yield from missing("goals", goal.id, ("pathway",), goal.pathway, c.pathways, "pathway")
    for avoid in c.avoid.values():
        for i, ref in enumerate(avoid.applies_to):
            yield from missing("avoid", avoid.id, ("applies_to", i), ref, c.credentials, "credential")
        yield from missing("avoid", avoid.id, ("rule",), avoid.rule, c.rules, "rule")
    for i, mapping in enumerate(c.title_mappings):
        yield from missing("title_mappings", None, (i, "role"), mapping.role, c.roles, "role")


def _successor_loops(c: Catalogue) -> Iterator[Problem]:
    for start in c.credentials.values():
        seen = [start.id]
        current = start.lifecycle.successor
        while current and current in c.credentials:
            if current in seen:
                chain = " -> ".join([*seen, current])
                yield Problem(
                    "credentials",
                    start.id,
                    ("lifecycle", "successor"),
                    f"successor chain loops ({chain}); a successor must lead to a current credential",
                )
                break
            seen.append(current)
            current = c.credentials[current].lifecycle.successor


def _prerequisite_cycles(c: Catalogue) -> Iterator[Problem]:
    graph: dict[str, tuple[str, ...]] = {k: v.prerequisites for k, v in c.credentials.items()}
    graph.update({k: v.prerequisites for k, v in c.courses.items()})
    reported: set[frozenset[str]] = set()
    for start in graph:
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    cycle = frozenset(path)
                    if cycle not in reported:
                        reported.add(cycle)
                        section = "credentials" if start in c.credentials else "courses"
                        yield Problem(
                            section,
                            start,
                            ("prerequisites",),
                            f"prerequisites form a cycle ({' -> '.join([*path, start])}); "
                            "remove one of these links",
                        )
                elif nxt not in path:
                    stack.append((nxt, (*path, nxt)))


def _shared_ids(c: Catalogue) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for section, entries in (
        ("credentials", c.credentials),
        ("courses", c.courses),
        ("projects", c.projects),
    ):
        for key in entries:
            other = seen.get(key.upper())
            if other:
                yield Problem(
                    section,
                    key,
                    ("id",),
                    f"id '{key}' is also used in {other}; credential, course and project ids must all differ",
                )
            seen[key.upper()] = section


def _layers_complete(c: Catalogue) -> Iterator[Problem]:
    missing = sorted(set(range(1, 7)) - set(c.layers))
    if missing:
        yield Problem(
            "layers",
            None,
            (),
            f"layers {missing} are missing; the roadmap has exactly six layers (1-6)",
        )
    for role in c.roles.values():
        if 1 not in {layer.layer for layer in role.layers}:
            yield Problem("roles", role.id, ("layers",), "every role needs Layer 1 (rule L1-FIRST); add it")


def _lifecycle_dates(c: Catalogue) -> Iterator[Problem]:
    for cred in c.credentials.values():
        life = cred.lifecycle
        if life.available_from and life.retires_on and life.retires_on < life.available_from:
            yield Problem(
                "credentials",
                cred.id,
                ("lifecycle", "retires_on"),
                f"retires on {life.retires_on}, before it is available ({life.available_from})",
            )
        if life.successor == cred.id:
            yield Problem(
                "credentials",
                cred.id,
                ("lifecycle", "successor"),
                "a credential cannot succeed itself",
            )


def _coverage(c: Catalogue) -> Iterator[Problem]:
    for cred in c.credentials.values():
        if not c.projects_for(cred.id):
            yield Problem(
                "credentials",
                cred.id,
                ("id",),
                "no portfolio project pairs with this credential "
                "(rule PORTFOLIO-PAIRING); add a project whose pairs_with names it",
            )
    for number in c.layers:
        if not any(course.layer == number for course in c.courses.values()):
            yield Problem("layers", number, ("number",), f"Layer {number} has no course; add at least one")
    if 6 in c.layers and not any(course.technical_literacy for course in c.courses.values()):
        yield Problem(
            "layers",
            6,
            ("number",),
            "Layer 6 needs a technical-literacy course (rule L6-TECH-LITERACY)",
        )


def _currencies(c: Catalogue) -> Iterator[Problem]:
    for cred in c.credentials.values():
        if cred.price.currency != "USD" and cred.price.currency not in c.exchange_rates:
            yield Problem(
                "credentials",
                cred.id,
                ("price", "currency"),
                f"no exchange rate for {cred.price.currency}; add one under exchange_rates",
            )
    for course in c.courses.values():
        for n, variant in enumerate(course.variants):
            price = variant.price
            if price.currency != "USD" and price.currency not in c.exchange_rates:
                yield Problem(
                    "courses",
                    course.id,
                    ("variants", n, "price", "currency"),
                    f"no exchange rate for {price.currency}; add one under exchange_rates",
                )


def _pathway_options(c: Catalogue) -> Iterator[Problem]:
    for pathway in c.pathways.values():
        for s, step in enumerate(pathway.steps):
            clouds = [o.cloud for o in step.options if o.cloud]
            if len(clouds) != len(set(clouds)):
                yield Problem(
                    "pathways",
                    pathway.id,
                    ("steps", s, "options"),
                    "two options name the same cloud; keep one per cloud",
                )
            if sum(o.default for o in step.options) > 1:
                yield Problem(
                    "pathways",
                    pathway.id,
                    ("steps", s, "options"),
                    "more than one option is marked default; mark one",
                )
