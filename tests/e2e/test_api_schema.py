"""schemathesis against the OpenAPI document: generated requests to every operation, no server errors."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.e2e.conftest import Org

#: Examples per operation: enough to hit every parameter's edges, small enough for CI.
EXAMPLES = 25


def test_no_generated_request_makes_a_server_error(org: Org) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", org.app)
    headers = {"Authorization": f"Bearer {org.tokens['admin']}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
        )
        def exercise(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            exercise()
        except Exception as error:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {error}")
    assert operations >= 28
    assert not failures, "\n\n".join(failures)
