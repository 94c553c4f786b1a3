"""schemathesis against the live schema, in-process (WSGI): every operation, without a
token and with a token of each role, on real objects and on generated ids; no response is
a server error, and every response conforms to the schema (status code, content type,
headers, body). Negative data (invalid by the schema) must be refused with a 4xx.

API_FUZZ_EXAMPLES sets the examples per operation, caller and mode (default 6; CI runs
the suite twice on 2 cores, so the default keeps this test to tens of seconds). The run
is derandomised: the same cases every time, so a failure reproduces."""

import collections
import os
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from clusterbench.labels.models import Label
from tests.api_fixtures import ROLE_PEOPLE
from tests.engagement_fixtures import make_benchmarking

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))
POSITIVE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
NEGATIVE_CHECKS = [not_a_server_error, negative_data_rejection]
CALLERS = ["anonymous", *ROLE_PEOPLE]


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, kept from closing the test's database connection
    after each request (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def objects(framework, cluster, people, engagement_at):
    """A scheduled engagement with an answer, a released one with a label, the network:
    the ids the fuzzer is given besides the ones it makes up."""
    import datetime as dt

    scheduled = engagement_at(framework, cluster, people, "scheduled")
    released = make_benchmarking(framework, cluster, dt.date(2025, 6, 1))
    Label.objects.create(
        cluster=cluster,
        level="bronze",
        certificate_id="SRB0012025",
        valid_from=dt.date(2025, 6, 1),
        valid_until=dt.date(2099, 6, 30),
    )
    return {
        "engagement_id": scheduled.pk,
        "cluster_id": cluster.pk,
        "network_id": people.network.pk,
        "certificate_id": "SRB0012025",
        "code": "S1",
        "number": 1,
        "released_id": released.pk,
    }


def fuzz(strategy, checks, record) -> None:
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = case.call()
        record(response.status_code)
        case.validate_response(response, checks=checks)

    try:
        run()
    except Unsatisfiable:
        # Negative data for an operation whose every input is fixed or free: none exists.
        assert checks is NEGATIVE_CHECKS


def test_every_operation_for_every_caller_conforms_and_never_fails(
    wsgi_app, objects, tokens, settings, capsys
):
    settings.API_RATE_PER_TOKEN = settings.API_RATE_PER_ADDRESS = "1000000/minute"
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    statuses: collections.Counter = collections.Counter()

    def record(status: int) -> None:
        statuses[status] += 1

    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 20, [op.label for op in operations]

    for operation in operations:
        public = not operation.definition.raw.get("security")
        for caller in ["anonymous"] if public else CALLERS:
            headers = {} if caller == "anonymous" else {"Authorization": f"Bearer {tokens[caller]}"}
            names = {p.name for p in operation.path_parameters}
            real_ids = {name: objects[name] for name in names}
            for mode, ids, checks in [
                (GenerationMode.POSITIVE, real_ids, POSITIVE_CHECKS),
                (GenerationMode.POSITIVE, {}, POSITIVE_CHECKS),
                (GenerationMode.NEGATIVE, real_ids, NEGATIVE_CHECKS),
            ]:
                strategy = operation.as_strategy(
                    generation_mode=mode, headers=headers, path_parameters=ids or None
                )

                fuzz(strategy, checks, record)

    seconds = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nAPI fuzzing: {len(operations)} operations, {len(CALLERS)} callers, "
            f"{statuses.total()} requests in {seconds:.1f} s; "
            f"statuses {dict(sorted(statuses.items()))}"
        )
    assert statuses[200] > 0 and not any(code >= 500 for code in statuses)
