"""What the work-order browser tests share (no tests here): making work orders and parts through the JSON API as
the demo admin, reading them back, and saving screenshots.

Every test makes its own data with a unique tag in the title or part number and narrows the pages to it, so the
demo data and the other tests never get in the way.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import OUTPUT_DIR, api, api_token

CARD = '.cmms-card'


def tag() -> str:
    return uuid.uuid4().hex[:8]


def first_site(base_url: str) -> dict:
    response = api(base_url, api_token(base_url), 'GET', '/sites')
    assert response.status_code == 200, response.text
    return response.json()['items'][0]


def make_work_order(base_url: str, title: str, *, status: str = 'requested', **fields: Any) -> dict:
    """A work order made by the demo admin, then moved along the lifecycle to ``status``."""
    body = {'title': title, 'site_id': first_site(base_url)['id'], 'priority': 'medium'} | fields
    first = 'scheduled' if status != 'requested' else 'requested'
    response = api(base_url, api_token(base_url), 'POST', '/work-orders', json=body | {'status': first})
    assert response.status_code == 201, response.text
    made = response.json()
    path = {
        'in_progress': ['in_progress'],
        'on_hold': ['in_progress', 'on_hold'],
        'completed': ['in_progress', 'completed'],
    }
    for step in path.get(status, []):
        made = move(base_url, made['id'], step)
    return made


def move(base_url: str, work_order_id: int, status: str, note: str = '') -> dict:
    response = api(
        base_url,
        api_token(base_url),
        'PUT',
        f'/work-orders/{work_order_id}/status',
        json={'status': status, 'note': note},
    )
    assert response.status_code == 200, response.text
    return response.json()


def get_work_order(base_url: str, work_order_id: int) -> dict:
    response = api(base_url, api_token(base_url), 'GET', f'/work-orders/{work_order_id}')
    assert response.status_code == 200, response.text
    return response.json()


def make_part(base_url: str, site_id: int, *, on_hand: str = '10', min_stock: str = '2', **fields: Any) -> dict:
    body = {
        'part_number': f'E2E-{tag()}',
        'name': 'E2E seal kit',
        'unit': 'pcs',
        'unit_cost': '12.50',
        'stock': [{'site_id': site_id, 'on_hand': on_hand, 'min_stock': min_stock}],
    } | fields
    response = api(base_url, api_token(base_url), 'POST', '/parts', json=body)
    assert response.status_code == 201, response.text
    return response.json()


def get_part(base_url: str, part_id: int) -> dict:
    response = api(base_url, api_token(base_url), 'GET', f'/parts/{part_id}')
    assert response.status_code == 200, response.text
    return response.json()


def card(page: Page, work_order: dict) -> Locator:
    return page.locator(f'[data-wo-id="{work_order["id"]}"]')


def column(page: Page, status: str) -> Locator:
    return page.locator(f'.cmms-kanban-col[data-status="{status}"]')


def column_of(page: Page, work_order: dict) -> str:
    return card(page, work_order).evaluate("element => element.closest('.cmms-kanban-col').dataset.status")


def notification(page: Page, text: str) -> Locator:
    return page.locator('.q-notification').filter(has_text=text)


def shot(page: Page, request: pytest.FixtureRequest, label: str, *, full_page: bool = True) -> None:
    """tests/output/<test>-<label>-<w>x<h>.png; dialogs at the viewport size, where their backdrop ends."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    name = re.sub(r'[^\w.-]+', '-', request.node.name).strip('-')
    page.wait_for_timeout(350)  # let transitions settle
    page.screenshot(path=OUTPUT_DIR / f'{name}-{label}-{size["width"]}x{size["height"]}.png', full_page=full_page)


def open_tab(page: Page, name: str) -> None:
    page.get_by_role('tab', name=name, exact=True).click()
    expect(page.get_by_role('tab', name=name, exact=True)).to_have_attribute('aria-selected', 'true')
