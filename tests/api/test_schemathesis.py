"""Property-based tests over the live OpenAPI schema: no input makes the server fail (5xx).

Uses schemathesis's Python API (its pytest integration pokes pytest internals that
pytest 9 no longer has): each operation gets a bounded number of generated cases,
valid and invalid, sent to the real server.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from tests.api.conftest import ApiServer

EXAMPLES_PER_OPERATION = 10

# Raw-text bodies (SPARQL queries) have no built-in generator.
schemathesis.openapi.media_type(
    "application/sparql-query",
    st.sampled_from([b"SELECT * WHERE { ?s ?p ?o } LIMIT 3", b"ASK {}", b"", b"\xff\xfe", b"{"]),
)


def test_no_input_makes_the_server_fail(any_api: ApiServer) -> None:
    schema: schemathesis.BaseSchema = schemathesis.openapi.from_url(any_api.url + "/openapi.json")
    if any_api.store == "embedded":
        # Without Neo4j, /cypher answers 503 by design (test_cypher.py checks that).
        schema = schema.exclude(path="/cypher")
    failures: list[str] = []
    operations = 0
    sent: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def run(case: schemathesis.Case[Any]) -> None:
                response = case.call_and_validate(checks=[not_a_server_error], timeout=30)
                sent.append(response.status_code)

            try:
                run()
            except Unsatisfiable:  # nothing to negate (no parameters, or only free strings)
                continue
            except Exception as exc:  # collect every operation's failure, then report all
                failures.append(f"{operation.label} ({mode.value}): {exc}"[:2000])
    assert operations >= 9 and len(sent) >= operations * EXAMPLES_PER_OPERATION // 2
    assert not failures, "\n\n".join(failures)
