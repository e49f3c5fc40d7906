"""Turn a pydantic validation error into a sentence that says what was found and what is expected."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from certpath.errors import closest_choice


def describe_validation_error(detail: ErrorDetails, schema: type[BaseModel]) -> str:
    """One line: the value found, what was expected, and a hint when there is one."""
    loc = detail["loc"]
    kind = detail["type"]
    if kind == "missing":
        return f"missing required key '{loc[-1]}'; add it to this entry"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(schema, loc[:-1])
        hint = closest_choice(str(loc[-1]), allowed)
        suggestion = f"; did you mean '{hint}'?" if hint else ""
        return (
            f"unknown key '{loc[-1]}'{suggestion} Allowed keys here: {', '.join(allowed)}"
            if allowed
            else f"unknown key '{loc[-1]}'{suggestion}"
        )
    message = detail["msg"].removeprefix("Value error, ")
    return f"found {_shorten(detail.get('input'))}; expected: {message}"


def _shorten(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_keys(schema: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    model: type[BaseModel] | None = schema
    for part in loc:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        model = _model_in(info.annotation) if info else None
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `list[X]`, `X | None` or `Annotated[X]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None
