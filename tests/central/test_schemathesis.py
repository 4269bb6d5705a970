"""Property-based run of the served OpenAPI document: no 500s, every reply as documented."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.central.conftest import Env, make_env

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = 20


@pytest.fixture
def sqlite_env(tmp_path: Path) -> Iterator[Env]:
    yield from make_env(f"sqlite:///{tmp_path / 'st.sqlite'}")


def test_openapi_conformance(sqlite_env: Env) -> None:
    env = sqlite_env
    app = env.client.app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 17
    failures: list[str] = []
    statuses: Counter[int] = Counter()

    def runner(op: schemathesis.APIOperation, headers: dict[str, str]):  # type: ignore[no-untyped-def]
        @given(case=op.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def run(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)

        return run

    for op in operations:
        headers = env.ph if "online-orders" in op.path else env.own.h
        try:
            runner(op, headers)()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{op.method.upper()} {op.path}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
    # It really exercised the API, past authentication and validation.
    assert sum(statuses.values()) >= len(operations) * 5
    assert statuses[200] > 0 and statuses[422] > 0, statuses
    print(dict(statuses))
