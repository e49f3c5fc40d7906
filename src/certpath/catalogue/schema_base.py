"""The building blocks of every catalogue file shape: strict models, sourced facts, ids and URLs."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _check_url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError("expected an http(s) URL such as https://example.com/page")
    return value


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("expected letters, digits, '.', '_' or '-', starting with a letter or digit")
    return value


def _check_pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as error:
        raise ValueError(f"not a valid regular expression ({error})") from None
    return value


Url = Annotated[str, AfterValidator(_check_url)]
Sources = Annotated[list[Url], BeforeValidator(_as_list), Field(min_length=1)]
Id = Annotated[str, AfterValidator(_check_id)]
LayerNumber = Annotated[int, Field(ge=1, le=6)]
Depth = Literal["technical", "non-technical"]
#: A credential's platform: a hyperscaler, Databricks, a single-vendor platform (Oracle Cloud,
#: Salesforce), or neutral (runs on any cloud, such as NVIDIA, Snowflake or CNCF exams).
Stack = Literal["aws", "azure", "gcp", "databricks", "oci", "salesforce", "neutral"]
Cloud = Literal["aws", "azure", "gcp", "databricks", "none"]
Tier = Literal["literacy", "associate", "professional", "specialty"]
Pattern = Annotated[str, AfterValidator(_check_pattern)]


class Strict(BaseModel):
    """Base for every file shape: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Strict):
    """An entry whose facts come from `source` (outside URLs), true as of `as_of`."""

    source: Sources
    as_of: date


class Fact(Strict):
    """One numeric fact with its provenance; `low`/`high` keep a range where sources disagree."""

    value: float | None = Field(ge=0)
    low: float | None = Field(default=None, ge=0)
    high: float | None = Field(default=None, ge=0)
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    source: Sources | None = None
    estimate: str | None = None
    as_of: date
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.source is None) == (self.estimate is None):
            raise ValueError("give exactly one of 'source' (URLs) or 'estimate' (how it was estimated)")
        if self.value is None and not self.note:
            raise ValueError("a fact without a value needs a 'note' saying why it is unknown")
        low = self.low if self.low is not None else self.value
        high = self.high if self.high is not None else self.value
        if low is not None and high is not None and low > high:
            raise ValueError(f"'low' ({low}) is above 'high' ({high})")
        if self.value is not None and not (low or 0) <= self.value <= (high or self.value):
            raise ValueError(f"'value' ({self.value}) lies outside 'low'..'high' ({low}..{high})")
        return self
