"""The API conforms to its own OpenAPI description: schemathesis generates
requests for every operation and checks every response against the schema.
No 5xx, no undocumented status or content type, no body that breaks the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hub.wsgi import application

EXAMPLES = 40  # per operation; 12 operations


# Loading the description runs no query; the calls run in the test's database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def same_connection(db):
    """Keep the test's database connection across the WSGI calls, as Django's
    own test client does (Django closes it at the end of every request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_conforms_to_its_openapi_description(case, same_connection):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
