"""Asset attributes: names and text values are bounded and free of control characters, through the API and the
CSV import alike, and the error names the attribute (the API field, the import's attr: column)."""

from __future__ import annotations

from typing import Any

import pytest

from app.assets import transfer
from app.assets.schemas import MAX_ATTRIBUTE_KEY, MAX_ATTRIBUTE_TEXT
from app.core.db import session_scope
from app.core.enums import Role
from tests.support.api import client, problem
from tests.support.files import csv_file, pump
from tests.support.organizations import Org, unique


@pytest.fixture(scope='module')
def org_options() -> dict[str, Any]:
    return {'roles': [Role.ADMIN], 'api_keys': True, 'sites': 0}


BAD_ATTRIBUTES = [
    ({'rating\x00': 'x'}, 'NUL in a name'),
    ({'rating': 'x\x00y'}, 'NUL in a value'),
    ({'rating': 'x\x1by'}, 'escape character in a value'),
    ({'k' * (MAX_ATTRIBUTE_KEY + 1): 'x'}, 'name too long'),
    ({'rating': 'v' * 1_000_000}, 'a 1 MB value'),
]


@pytest.mark.parametrize(('attributes', 'case'), BAD_ATTRIBUTES, ids=[case for _, case in BAD_ATTRIBUTES])
def test_the_api_refuses_bad_attributes_naming_them(org: Org, attributes: dict, case: str) -> None:
    body = {'code': unique('A'), 'name': 'Pump', 'asset_type': 'equipment', 'attributes': attributes}
    response = client().post('/api/v1/assets', json=body, headers=org.headers(Role.ADMIN))

    errors = problem(response, 422)['errors']
    assert all(error['field'].startswith('attributes') for error in errors), errors
    listed = client().get('/api/v1/assets', params={'q': body['code']}, headers=org.headers(Role.ADMIN)).json()
    assert listed['total'] == 0


def test_an_update_is_held_to_the_same_rules(org: Org) -> None:
    created = (
        client()
        .post(
            '/api/v1/assets',
            json={'code': unique('A'), 'name': 'Pump', 'asset_type': 'equipment'},
            headers=org.headers(Role.ADMIN),
        )
        .json()
    )
    response = client().patch(
        f'/api/v1/assets/{created["id"]}', json={'attributes': {'a\x00': 'x'}}, headers=org.headers(Role.ADMIN)
    )
    assert problem(response, 422)['errors'][0]['field'].startswith('attributes')


def test_tabs_line_breaks_and_the_longest_allowed_value_are_fine(org: Org) -> None:
    attributes = {'notes': 'line one\n\tline two', 'k' * MAX_ATTRIBUTE_KEY: 'v' * MAX_ATTRIBUTE_TEXT}
    body = {'code': unique('A'), 'name': 'Pump', 'asset_type': 'equipment', 'attributes': attributes}
    response = client().post('/api/v1/assets', json=body, headers=org.headers(Role.ADMIN))
    assert response.status_code == 201, response.text
    assert response.json()['attributes'] == attributes


def test_the_import_refuses_bad_attributes_naming_the_column(org: Org) -> None:
    # A NUL in the first 4 KB marks the whole file as binary (a file error); further in, it is the cell's error.
    content = csv_file(
        pump(unique('OK'), description='d' * 5000, **{'attr:rating': 'fine'}),
        pump(unique('BIG'), **{'attr:rating': 'v' * (MAX_ATTRIBUTE_TEXT + 1)}),
        pump(unique('NUL'), **{'attr:rating': 'x\x00y'}),
        pump(unique('ESC'), **{'attr:rating': 'x\x1by'}),
    )
    with session_scope() as session:
        report = transfer.preview_import(session=session, principal=org.admin, file_name='a.csv', content=content)
    assert {(error.row, error.field) for error in report.errors} == {(row, 'attr:rating') for row in (3, 4, 5)}
    assert report.valid_rows == 1

    long_name = 'attr:' + 'k' * (MAX_ATTRIBUTE_KEY + 1)
    with session_scope() as session:
        content = csv_file(pump(unique('K'), **{long_name: 'x'}))
        report = transfer.preview_import(session=session, principal=org.admin, file_name='a.csv', content=content)
    assert [(error.row, error.field) for error in report.errors] == [(2, long_name)]
