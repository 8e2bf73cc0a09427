"""Bodies are refused before they are read: without credentials on the JSON API, or over the size limits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.enums import Role
from tests.support.api import client
from tests.support.organizations import Org
from tests.support.services import make_asset

MIB = 1024 * 1024
CHUNK = b'x' * (64 * 1024)

pytestmark = pytest.mark.parametrize('backend', ['sqlite'], indirect=True)  # HTTP handling, no database rule


class Chunks:
    """A chunked body of ``count`` chunks that remembers how many the server asked for."""

    def __init__(self, count: int) -> None:
        self.count, self.sent = count, 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.count):
            self.sent += 1
            yield CHUNK


def test_an_anonymous_body_is_refused_unread(org: Org) -> None:
    body = Chunks(1600)  # 100 MiB
    response = client().post('/api/v1/sites', content=body, headers={'content-type': 'application/json'})
    assert response.status_code == 401
    assert response.headers['content-type'] == 'application/problem+json'
    assert response.headers['www-authenticate'] == 'Bearer'
    assert body.sent <= 2  # what the transport sent before the answer; the server read none of it


def test_a_declared_body_over_the_limit_is_413_before_reading(org: Org) -> None:
    response = client().post(
        '/api/v1/sites',
        content=b'{' + b' ' * (2 * MIB) + b'}',
        headers={**org.headers(Role.ADMIN), 'content-type': 'application/json'},
    )
    assert response.status_code == 413
    assert response.json()['detail'] == 'a request body may be at most 1 MiB'
    assert response.headers['x-content-type-options'] == 'nosniff'  # the security headers, as on every answer


def test_a_chunked_body_is_cut_off_once_it_passes_the_limit(org: Org) -> None:
    body = Chunks(1600)
    headers = {**org.headers(Role.ADMIN), 'content-type': 'application/json'}
    response = client().post('/api/v1/sites', content=body, headers=headers)
    assert response.status_code == 413  # counted as it arrived (this in-process transport hands it over at once)
    assert response.json()['detail'] == 'a request body may be at most 1 MiB'


def test_uploads_have_the_larger_limit(org: Org) -> None:
    asset = make_asset(org)
    url = f'/api/v1/assets/{asset.id}/attachments'
    fits = client().post(
        url, headers=org.headers(Role.ADMIN), files={'file': ('manual.txt', b'a' * (5 * MIB), 'text/plain')}
    )
    assert fits.status_code == 201, fits.text
    too_big = client().post(
        url, headers=org.headers(Role.ADMIN), files={'file': ('dump.txt', b'a' * (26 * MIB), 'text/plain')}
    )
    assert too_big.status_code == 413
    assert too_big.json()['detail'] == 'an upload may be at most 25 MiB'


def test_the_login_takes_a_body_without_credentials(org: Org) -> None:
    response = client().post('/api/v1/auth/token', json={'username': 'nobody@example.com', 'password': 'wrong'})
    assert response.status_code == 401
    assert response.json()['detail'] != 'send credentials: Authorization: Bearer <API key or token>'
