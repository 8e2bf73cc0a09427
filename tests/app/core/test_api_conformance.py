"""Schemathesis over every operation of the OpenAPI document: what the API says it does is what it does.

A bounded, seeded run (``derandomize``: the same cases every time, so a failure reproduces) of valid and invalid
requests, as an admin API key of a seeded organisation on SQLite, through the whole ASGI app (middleware included).
Each answer must be no 5xx, carry a status code and content type the document declares for the operation, and have
a body that matches the declared schema (the ``Problem`` schema for errors). An undeclared method on a known path
must be 405 with ``Allow``.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.checks import unsupported_method

from app.api_app import create_api_app
from app.core.db import use_database
from app.core.enums import Role
from tests.support.organizations import Org, make_org
from tests.support.services import make_work_order

EXAMPLES_PER_OPERATION = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    unsupported_method,
]


@pytest.fixture(scope='module')
def seeded(database_urls: dict[str, str]) -> Org:
    """An organisation on SQLite (one backend is enough for the contract; the isolation and validation tests run
    on both) with API keys and something to find."""
    use_database(database_urls['sqlite'])
    org = make_org(api_keys=True)
    make_work_order(org, site_id=org.sites[0].id)
    return org


# The document as the app serves it (building it needs no database); one test per operation, so xdist spreads them.
schema = schemathesis.openapi.from_asgi('/api/openapi.json', create_api_app())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_to_its_contract(
    case: schemathesis.Case, seeded: Org, database_urls: dict[str, str]
) -> None:
    use_database(database_urls['sqlite'])
    case.call_and_validate(headers=seeded.headers(Role.ADMIN), checks=CHECKS)
