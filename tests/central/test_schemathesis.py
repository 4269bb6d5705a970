"""Property-based run of the served OpenAPI document, with a valid token of each role (a
counter, a door bound to the venue, the platform): no 500s, every reply as documented."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from central.services.doors import bind_door
from tests.central.conftest import Env, make_env

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = 8  # per operation and role: about 7 s of CPU a role on these machines


@pytest.fixture
def sqlite_env(tmp_path: Path) -> Iterator[Env]:
    yield from make_env(f"sqlite:///{tmp_path / 'st.sqlite'}")


@pytest.mark.slow
@pytest.mark.parametrize("role", ["counter", "door", "platform"])
def test_openapi_conformance(sqlite_env: Env, role: str) -> None:
    env = sqlite_env
    app = env.client.app
    bind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1")
    headers = {"counter": env.own.h, "door": env.own2.h, "platform": env.ph}[role]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    # The platform's routes with its token; every other route with a terminal's.
    operations = [op for op in (r.ok() for r in schema.get_all_operations())
                  if ("online-orders" in op.path) == (role == "platform")]
    assert len(operations) >= (2 if role == "platform" else 17)
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
        try:
            runner(op, headers)()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{op.method.upper()} {op.path}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
    # It really exercised the API, past authentication and validation.
    assert sum(statuses.values()) >= len(operations) * 5
    # (Random web orders rarely name a free seat: the platform's run may see no 200.)
    assert statuses[422] > 0 and (role == "platform" or statuses[200] > 0), statuses
    print(role, dict(statuses))
