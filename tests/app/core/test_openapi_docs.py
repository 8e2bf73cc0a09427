"""The OpenAPI document lists the API, and the docs page works offline (its assets come from the app)."""

from __future__ import annotations

import re

from tests.support.api import client


def test_openapi_lists_the_endpoints_and_bearer_auth() -> None:
    response = client().get('/api/openapi.json')

    assert response.status_code == 200
    spec = response.json()
    assert spec['openapi'].startswith('3.')
    paths = spec['paths']
    expected = {
        '/api/v1/auth/token': {'post'},
        '/api/v1/organization': {'get'},
        '/api/v1/sites': {'get', 'post'},
        '/api/v1/sites/{site_id}': {'get', 'patch'},
        '/api/v1/users': {'get', 'post'},
        '/api/v1/users/{user_id}': {'get', 'patch'},
        '/api/v1/users/{user_id}/password': {'post'},
        '/api/v1/api-keys': {'get', 'post'},
        '/api/v1/api-keys/{api_key_id}': {'delete'},
        '/api/v1/audit': {'get'},
        '/health': {'get'},
        '/metrics': {'get'},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
    assert any(s.get('scheme') == 'bearer' for s in spec['components']['securitySchemes'].values())
    # Every operation has the one-line summary its docstring gives, so the docs read well.
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation.get('description') or operation.get('summary'), f'{method} {path}'


def test_docs_page_loads_its_assets_from_the_app_not_a_cdn() -> None:
    response = client().get('/api/docs')

    assert response.status_code == 200
    assert response.headers['content-type'].startswith('text/html')
    html = response.text
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html) + re.findall(r"""url: ?["']([^"']+)["']""", html)
    assert '/api/docs-assets/swagger-ui-bundle.js' in assets
    assert '/api/openapi.json' in html
    external = [a for a in assets if a.startswith(('http:', 'https:', '//'))]
    assert external == [], f'docs load assets from outside: {external}'
    for asset in ('/api/docs-assets/swagger-ui-bundle.js', '/api/docs-assets/swagger-ui.css'):
        served = client().get(asset)
        assert served.status_code == 200, asset
        assert len(served.content) > 1000


def test_the_docs_group_every_tag_in_the_declared_order() -> None:
    """Routes are registered busiest first, so the docs' grouping comes from the declared tag order instead."""
    spec = client().get('/api/openapi.json').json()
    used = {
        tag for operations in spec['paths'].values() for operation in operations.values() for tag in operation['tags']
    }

    declared = [tag['name'] for tag in spec['tags']]
    assert declared[0] == 'auth' and declared[-1] == 'platform'
    assert set(declared) == used, 'a tag used by a route is missing from app.api_app.TAG_ORDER (or one is unused)'
