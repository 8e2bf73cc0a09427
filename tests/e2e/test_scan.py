"""The scan page on a tablet: a typed (or scanner-typed) code or a label's QR URL opens the asset; an unknown
code says so under the field."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_LOGINS, TABLET, api, api_token, login, screenshot

FIELD = 'Scan or type an asset code'


def make_asset(base_url: str) -> dict:
    code = f'SCAN-{uuid.uuid4().hex[:8].upper()}'
    response = api(
        base_url,
        api_token(base_url),
        'POST',
        '/assets',
        json={'code': code, 'name': f'Scanned pump {code[-4:]}', 'asset_type': 'equipment'},
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_scan_opens_the_asset_and_explains_an_unknown_code(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    asset = make_asset(base_url)
    page.set_viewport_size(TABLET)
    login(page, base_url, DEMO_LOGINS['technician'])

    page.goto(f'{base_url}/scan')
    field = page.get_by_label(FIELD)
    expect(field).to_be_focused()  # a USB scanner types straight into it
    page.keyboard.type(asset['code'].lower() + '\n')  # scanners send Enter; letter case does not matter
    page.wait_for_url(f'{base_url}/assets/{asset["id"]}')

    page.goto(f'{base_url}/scan')
    unknown = f'NOPE-{uuid.uuid4().hex[:6]}'
    expect(page.get_by_label(FIELD)).to_be_focused()  # keys typed before the page is live would be lost
    page.keyboard.type(unknown + '\n')
    expect(page.get_by_text(f'No asset with code "{unknown}"')).to_be_visible()
    expect(page).to_have_url(f'{base_url}/scan')
    screenshot(page, request)

    field.fill(f'{base_url}/assets/{asset["id"]}')  # what the label's QR code holds
    page.get_by_role('button', name='Open asset').click()
    page.wait_for_url(f'{base_url}/assets/{asset["id"]}')


def test_scan_is_in_the_drawer_for_every_role(page: Page, sqlite_url: str) -> None:
    login(page, sqlite_url, DEMO_LOGINS['viewer'])
    page.locator('.q-drawer').get_by_label('Scan', exact=True).click()
    expect(page).to_have_url(f'{sqlite_url}/scan')
    page.goto(f'{sqlite_url}/scan?code=missing-{uuid.uuid4().hex[:6]}')
    expect(page.get_by_text('No asset with code')).to_be_visible()
