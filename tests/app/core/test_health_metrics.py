"""/health for load balancers, /metrics for Prometheus (optionally token-protected), security headers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.core.config import get_secrets, get_settings
from app.core.enums import Role
from app.core.migrate import head_revision
from tests.support.api import bearer, client
from tests.support.databases import OwnDatabases
from tests.support.organizations import make_api_key, make_org


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Set CMMS_* variables for one test; the cached settings are rebuilt now and again afterwards."""

    def apply(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        get_secrets.cache_clear()

    yield apply
    monkeypatch.undo()
    get_settings.cache_clear()
    get_secrets.cache_clear()


def test_health_reports_database_migrations_and_scheduler(backend: str) -> None:
    response = client().get('/health')

    assert response.status_code == 200
    report = response.json()
    assert report['status'] == 'ok'
    assert report['database'] == {'status': 'ok', 'dialect': backend}
    assert report['migrations'] == {'status': 'current', 'current': head_revision(), 'head': head_revision()}
    assert report['scheduler'] in {'running', 'stopped', 'disabled'}


def test_health_is_503_when_the_schema_is_behind(backend: str, own_databases: OwnDatabases, tmp_path: Path) -> None:
    own_databases.switch(f'sqlite:///{tmp_path / "never-migrated.db"}')

    response = client().get('/health')

    assert response.status_code == 503
    assert response.json()['status'] == 'unhealthy'
    assert response.json()['migrations']['status'] == 'behind'


def test_health_is_503_when_the_database_is_unreachable(backend: str, own_databases: OwnDatabases) -> None:
    own_databases.switch('postgresql://nobody@127.0.0.1:1/nothing')

    response = client().get('/health')

    assert response.status_code == 503
    assert response.json()['database']['status'] == 'unreachable'


def test_metrics_count_requests_by_route(backend: str) -> None:
    key = make_api_key(make_org(roles=[], sites=0), Role.VIEWER)[1]
    assert client().get('/api/v1/sites', headers=bearer(key)).status_code == 200
    client().get('/api/v1/sites/12345', headers=bearer(key))

    response = client().get('/metrics')

    assert response.status_code == 200
    assert response.headers['content-type'].startswith('text/plain')
    assert '# TYPE cmms_http_requests_total counter' in response.text
    assert 'cmms_http_requests_total{method="GET",route="/api/v1/sites",status="200"}' in response.text
    # Labelled by route template, so ids do not explode the number of series.
    assert 'route="/api/v1/sites/{site_id}"' in response.text
    assert '/api/v1/sites/12345' not in response.text
    assert 'cmms_http_request_duration_seconds_bucket' in response.text


def test_metrics_need_the_token_when_one_is_set(backend: str, settings_env: Callable[..., None]) -> None:
    settings_env(CMMS_METRICS_TOKEN='scrape-token-0123456789')

    assert client().get('/metrics').status_code == 401
    wrong = client().get('/metrics', headers=bearer('another-token'))
    assert wrong.status_code == 401
    assert wrong.headers['content-type'] == 'application/problem+json'
    assert 'scrape-token' not in wrong.text
    allowed = client().get('/metrics', headers=bearer('scrape-token-0123456789'))
    assert allowed.status_code == 200
    assert 'cmms_http_requests_total' in allowed.text


def test_metrics_are_open_without_a_token(backend: str) -> None:
    assert get_settings().metrics_token is None
    assert client().get('/metrics').status_code == 200


def test_every_response_carries_security_headers(backend: str) -> None:
    for path in ('/health', '/api/v1/sites', '/api/openapi.json'):
        headers = client().get(path).headers
        assert "default-src 'self'" in headers['content-security-policy']
        assert headers['x-content-type-options'] == 'nosniff'
        assert headers['x-frame-options'] == 'DENY'


def test_unknown_api_paths_answer_problem_json_not_html(backend: str) -> None:
    response = client().get('/api/v1/no-such-thing')
    assert response.status_code == 404
    assert response.headers['content-type'] == 'application/problem+json'
    assert 'no-such-thing' in response.json()['detail']
