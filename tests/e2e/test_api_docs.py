"""The API docs at /api/docs render in a browser: every group of operations, from files the app serves itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import TABLET, screenshot


def test_the_api_docs_render_every_group_of_operations(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    outside: list[str] = []
    page.on('request', lambda r: outside.append(r.url) if not r.url.startswith(sqlite_url) else None)
    page.goto(f'{sqlite_url}/api/docs')

    # Swagger UI 4 refused FastAPI's OpenAPI 3.1 with "Unable to render this definition": look for the operations.
    groups = page.locator('.opblock-tag')
    expect(groups.first).to_have_text('auth')
    expect(groups.filter(has_text='work orders')).to_be_visible()
    expect(page.get_by_text('/api/v1/work-orders/{work_order_id}/status').first).to_be_visible()
    screenshot(page, request)
    page.set_viewport_size(TABLET)
    screenshot(page, request)
    assert outside == [], f'the docs fetched files from outside the app: {outside}'
