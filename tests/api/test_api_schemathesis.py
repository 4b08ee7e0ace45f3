"""Property-based API testing from the OpenAPI schema: no 5xx, bounded page sizes, bad bodies refused.

schemathesis generates requests for every operation (odd ids, huge page sizes, wrong
types, long questions) and checks: no 5xx, responses match the schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from newsdesk.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
# A schema cannot say "a cursor this API gave out" or "a date inside the search text":
# such values are schema-valid strings that the API answers with a documented 400.
schema.config.checks.positive_data_acceptance.expected_statuses.append("400")


@pytest.fixture(autouse=True)
def _newsroom(transactional_db):
    """Real articles, a story and tags, so generated ids sometimes hit something."""
    from tests.web.newsroom import build

    return build()


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db(transaction=True)
def test_api_never_fails_and_matches_its_schema(case):
    case.call_and_validate(headers={"Host": "127.0.0.1"})
