"""Every number, time and flag the API accepts is bounded or strict where it is declared (``app.core.input_types``),
checked over the whole OpenAPI document and the input models, plus the answers that follow from it: 422 naming the
field for an impossible id, 405 with ``Allow`` for a method a path does not have, a 500 that keeps the security
headers."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from pydantic.fields import FieldInfo
from starlette.testclient import TestClient

from app.api_app import create_api_app
from app.core.enums import Role
from app.core.input_types import INT64_MAX, INT64_MIN
from app.core.schemas import StrictInput
from tests.support.api import api_call, error_fields, problem
from tests.support.organizations import Org

BIG = [str(2**63), str(2**64), str(-(2**63) - 1)]


def _integers_without_bounds(schema: Any, where: str, components: dict, seen: frozenset = frozenset()) -> list[str]:
    if not isinstance(schema, dict):
        return []
    if '$ref' in schema:
        name = schema['$ref'].rsplit('/', 1)[1]
        return (
            []
            if name in seen
            else _integers_without_bounds(components[name], f'{where}>{name}', components, seen | {name})
        )
    found = []
    # FastAPI's document keeps bounds as floats: 2^63 − 1 reads 9.223372036854776e18, the same float.
    highest, lowest = float(schema.get('maximum', 2.0**70)), float(schema.get('minimum', -(2.0**70)))
    if schema.get('type') == 'integer' and (highest > float(INT64_MAX) or lowest < float(INT64_MIN)):
        found.append(where)
    for key in ('anyOf', 'oneOf', 'allOf'):
        for part in schema.get(key, []):
            found += _integers_without_bounds(part, where, components, seen)
    for name, part in schema.get('properties', {}).items():
        found += _integers_without_bounds(part, f'{where}.{name}', components, seen)
    for key in ('items', 'additionalProperties'):
        found += _integers_without_bounds(schema.get(key), f'{where}[]', components, seen)
    return found


def test_every_integer_the_api_accepts_fits_a_64_bit_column() -> None:
    document = create_api_app().openapi()
    components = document['components']['schemas']
    unbounded = []
    for path, operations in document['paths'].items():
        for method, operation in operations.items():
            name = f'{method.upper()} {path}'
            for parameter in operation.get('parameters', []):
                where = f'{name} {parameter["in"]}:{parameter["name"]}'
                unbounded += _integers_without_bounds(parameter['schema'], where, components)
            for body in operation.get('requestBody', {}).get('content', {}).values():
                unbounded += _integers_without_bounds(body['schema'], f'{name} body', components)
    assert unbounded == []


def _input_models() -> list[type[StrictInput]]:
    found, todo = [], [StrictInput]
    while todo:
        model = todo.pop()
        found.append(model)
        todo += model.__subclasses__()
    return found


def _is_lax_bool(field: FieldInfo) -> bool:
    options = get_args(field.annotation) or (field.annotation,)
    return bool in options and not any(getattr(item, 'strict', False) for item in field.metadata)


def test_every_flag_of_a_json_body_takes_true_or_false_only() -> None:
    lax = [
        f'{model.__name__}.{name}'
        for model in _input_models()
        for name, field in model.model_fields.items()
        if _is_lax_bool(field)
    ]
    assert lax == []


@pytest.mark.parametrize('number', BIG)
def test_impossible_ids_in_path_query_and_body_are_422_naming_the_field(org: Org, number: str) -> None:
    assert error_fields(api_call(org, 'GET', f'/floor-plans?site_id={number}')) == ['site_id']
    if not number.startswith('-'):  # a path segment that is not digits names no endpoint (404)
        assert error_fields(api_call(org, 'GET', f'/work-orders/{number}')) == ['work_order_id']
    assert error_fields(api_call(org, 'GET', f'/work-orders?site_id={number}')) == ['site_id']
    created = api_call(
        org,
        'POST',
        '/work-orders',
        content=f'{{"title": "Leak", "site_id": {number}}}'.encode(),
        headers={'Content-Type': 'application/json'},
    )
    assert error_fields(created) == ['site_id']


def test_times_are_iso_8601_and_flags_are_json_booleans(org: Org) -> None:
    for query in ('due_before=0.5', 'due_before=1767225600', 'due_after=-3'):
        assert error_fields(api_call(org, 'GET', f'/work-orders?{query}')) == [query.split('=')[0]]
    assert error_fields(api_call(org, 'GET', '/audit?until=0.5', Role.ADMIN)) == ['until']
    assert api_call(org, 'GET', '/work-orders?due_before=2026-12-03T08:00:00Z').status_code == 200
    for required in (0, 1, 'yes'):
        step = {'title': 'Check the seal', 'kind': 'checkbox', 'required': required}
        answer = api_call(org, 'POST', '/work-orders', json={'title': 'Leak', 'steps': [step]})
        assert error_fields(answer) == ['steps.0.required']


def test_a_method_a_path_does_not_have_is_405_with_allow(org: Org) -> None:
    answer = problem(api_call(org, 'PUT', '/me/timer'), 405)
    assert api_call(org, 'PUT', '/me/timer').headers['allow'] == 'GET'
    assert 'GET' in answer['detail']
    board = api_call(org, 'PATCH', '/work-orders/board')  # not read as /work-orders/{id}
    assert board.status_code == 405 and board.headers['allow'] == 'GET'
    problem(api_call(org, 'PUT', '/no-such-thing'), 404)


def test_the_web_pages_catch_all_does_not_make_an_unknown_api_path_look_known() -> None:
    app = create_api_app()

    @app.get('/{path:path}')  # as the web pages mounted after the API have
    def page(path: str) -> str:
        return path

    answer = TestClient(app).put('/api/v1/me/nothing-here')
    assert answer.status_code == 404, answer.text


def test_a_server_error_keeps_the_security_headers_and_is_a_problem() -> None:
    app = create_api_app()

    @app.get('/crash-for-test')  # outside /api/v1, whose catch-all would answer first
    def crash() -> None:
        raise RuntimeError('boom')

    answer = TestClient(app, raise_server_exceptions=False).get('/crash-for-test')
    assert answer.status_code == 500
    assert answer.headers['x-content-type-options'] == 'nosniff'
    assert 'content-security-policy' in answer.headers
    assert answer.json()['title'] == 'Internal server error' and 'boom' not in answer.text
