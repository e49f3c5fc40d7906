"""Build the domain model from validated file shapes (schema -> model)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel

from certpath.catalogue import model as m
from certpath.catalogue import schema as s

_M = TypeVar("_M", bound=BaseModel)


def build_catalogue(sections: dict[str, list[BaseModel]], *, as_of: date) -> m.Catalogue:
    """Turn validated entries (by section) into a Catalogue."""

    def typed(name: str, kind: type[_M]) -> list[_M]:
        return [entry for entry in sections[name] if isinstance(entry, kind)]

    return m.Catalogue(
        as_of=as_of,
        rules={e.id: m.Rule(**_sourced(e)) for e in typed("rules", s.RuleFile)},
        layers={e.number: _layer(e) for e in sorted(typed("layers", s.LayerFile), key=_number)},
        roles={e.id: _role(e) for e in typed("roles", s.RoleFile)},
        renewal_policies={e.id: _policy(e) for e in typed("renewal_policies", s.RenewalPolicyFile)},
        credentials={e.id: _credential(e) for e in typed("credentials", s.CredentialFile)},
        courses={e.id: _course(e) for e in typed("courses", s.CourseFile)},
        projects={e.id: _project(e) for e in typed("projects", s.ProjectFile)},
        pathways={e.id: _pathway(e) for e in typed("pathways", s.PathwayFile)},
        backgrounds={e.id: m.Background(**_plain(e)) for e in typed("backgrounds", s.BackgroundFile)},
        goals={e.id: m.Goal(**_plain(e)) for e in typed("goals", s.GoalFile)},
        avoid={e.id: m.AvoidRule(**_sourced(e)) for e in typed("avoid", s.AvoidFile)},
        salaries=tuple(_salary(e) for e in typed("salaries", s.SalaryFile)),
        exchange_rates={
            e.currency: m.ExchangeRate(**_sourced(e)) for e in typed("exchange_rates", s.ExchangeRateFile)
        },
        title_mappings=tuple(
            m.TitleMapping(**_plain(e)) for e in typed("title_mappings", s.TitleMappingFile)
        ),
        team_policies={e.id: m.TeamPolicy(**_sourced(e)) for e in typed("team_policies", s.TeamPolicyFile)},
        layer_exams={e.layer: _layer_exam(e) for e in typed("layer_exams", s.LayerExamFile)},
        counterparts={e.id: m.Counterpart(**_sourced(e)) for e in typed("counterparts", s.CounterpartFile)},
    )


def _layer_exam(entry: s.LayerExamFile) -> m.LayerExam:
    choices = tuple(
        m.ExamChoice(o.stack, o.item, None if o.roles is None else tuple(o.roles)) for o in entry.options
    )
    return m.LayerExam(entry.layer, choices, tuple(entry.source), entry.as_of)


def _number(entry: s.LayerFile) -> int:
    return entry.number


def _plain(entry: BaseModel) -> dict[str, Any]:
    """Field values with lists turned into tuples (the domain model is immutable)."""
    return {name: _freeze(getattr(entry, name)) for name in type(entry).model_fields}


def _sourced(entry: s.Sourced) -> dict[str, Any]:
    values = _plain(entry)
    values["sources"] = values.pop("source")
    return values


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def fact(entry: s.Fact) -> m.Fact:
    """A file fact as a domain Fact."""
    return m.Fact(
        value=entry.value,
        as_of=entry.as_of,
        sources=tuple(entry.source or ()),
        estimate=entry.estimate,
        low=entry.low,
        high=entry.high,
        currency=entry.currency or "USD",
        note=entry.note,
    )


def _optional_fact(entry: s.Fact | None) -> m.Fact | None:
    return fact(entry) if entry is not None else None


def _layer(entry: s.LayerFile) -> m.Layer:
    return m.Layer(**_sourced(entry))


def _role(entry: s.RoleFile) -> m.Role:
    values = _sourced(entry)
    values["layers"] = tuple(m.RoleLayer(layer.layer, layer.depth) for layer in entry.layers)
    return m.Role(**values)


def _policy(entry: s.RenewalPolicyFile) -> m.RenewalPolicy:
    values = _sourced(entry)
    values["earlier_validity"] = tuple(m.EarlierValidity(**_sourced(e)) for e in entry.earlier_validity)
    return m.RenewalPolicy(**values)


def _credential(entry: s.CredentialFile) -> m.Credential:
    values = _sourced(entry)
    values.update(
        awards=entry.awards or entry.name,
        price=fact(entry.price),
        exam_minutes=fact(entry.exam_minutes),
        study_hours=fact(entry.study_hours),
        experience=m.Experience(**_sourced(entry.experience)),
        lifecycle=m.Lifecycle(**_sourced(entry.lifecycle)),
    )
    return m.Credential(**values)


def _course(entry: s.CourseFile) -> m.Course:
    values = _sourced(entry)
    values.update(
        hours=fact(entry.hours),
        variants=tuple(_variant(v) for v in entry.variants),
    )
    return m.Course(**values)


def _variant(entry: s.CourseVariantFile) -> m.CourseVariant:
    values = _plain(entry)
    values.update(
        price=fact(entry.price),
        hours=_optional_fact(entry.hours),
        sessions=tuple(m.Session(x.start, x.end, x.location) for x in entry.sessions),
    )
    return m.CourseVariant(**values)


def _project(entry: s.ProjectFile) -> m.Project:
    values = _sourced(entry)
    values["hours"] = fact(entry.hours)
    return m.Project(**values)


def _pathway(entry: s.PathwayFile) -> m.Pathway:
    values = _sourced(entry)
    values["steps"] = tuple(_step(step) for step in entry.steps)
    return m.Pathway(**values)


def _step(step: s.PathwayStep) -> m.PathwayStep:
    options = tuple(m.Option(**_plain(option)) for option in step.options)
    return m.PathwayStep(
        step.purpose, options, tuple(step.rules), step.when, step.optional, step.second_cloud
    )


def _salary(entry: s.SalaryFile) -> m.Salary:
    values = _sourced(entry)
    values["median_usd"] = fact(entry.median_usd)
    return m.Salary(**values)


def all_facts(catalogue: m.Catalogue) -> Sequence[tuple[str, m.Fact]]:
    """Every numeric Fact in the catalogue, labelled by where it sits (for checks and tests)."""
    found: list[tuple[str, m.Fact]] = []
    for c in catalogue.credentials.values():
        found += [
            (f"{c.id}.price", c.price),
            (f"{c.id}.exam_minutes", c.exam_minutes),
            (f"{c.id}.study_hours", c.study_hours),
        ]
    for course in catalogue.courses.values():
        found.append((f"{course.id}.hours", course.hours))
        for variant in course.variants:
            found.append((f"{course.id}.{variant.id}.price", variant.price))
            if variant.hours is not None:
                found.append((f"{course.id}.{variant.id}.hours", variant.hours))
    found += [(f"{p.id}.hours", p.hours) for p in catalogue.projects.values()]
    found += [(f"salary {s.role}", s.median_usd) for s in catalogue.salaries]
    return found
