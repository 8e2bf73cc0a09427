"""The label sheet in Chromium: one label with a QR code per chosen asset, 21 to an A4 page when printed."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ADMIN, TABLET, api, api_token, login, screenshot

COUNT = 23  # one full A4 page of 21 and a second page


def import_assets(base_url: str, prefix: str, count: int) -> list[dict]:
    token = api_token(base_url)
    rows = '\n'.join(f'{prefix}-{n:02},Conveyor drive {n},machinery,Hall {n % 3},{n}' for n in range(count))
    content = f'code,name,asset_type,building,room\n{rows}\n'.encode()
    response = api(
        base_url,
        token,
        'POST',
        '/assets/import',
        params={'dry_run': 'false'},
        files={'file': ('labels.csv', content, 'text/csv')},
    )
    assert response.status_code == 200 and response.json()['created'] == count, response.text
    listed = api(base_url, token, 'GET', '/assets', params={'q': prefix, 'limit': 500}).json()['items']
    return sorted(listed, key=lambda asset: asset['code'])


def test_label_sheet_has_a_qr_label_per_asset(page: Page, base_url: str, request: pytest.FixtureRequest) -> None:
    prefix = f'LBL{uuid.uuid4().hex[:6].upper()}'
    assets = import_assets(base_url, prefix, COUNT)
    login(page, base_url, ADMIN)

    page.goto(f'{base_url}/assets/labels?q={prefix}')
    labels = page.locator('.cmms-label')
    expect(labels).to_have_count(COUNT)
    expect(page.locator('.cmms-label .cmms-qr svg path')).to_have_count(2 * COUNT)  # background and modules
    expect(page.locator('.cmms-label-page')).to_have_count(2)
    expect(page.get_by_text(f'{COUNT} labels on 2 A4 pages')).to_be_visible()
    first = labels.first
    expect(first.locator('.cmms-label-code')).to_have_text(f'{prefix}-00')
    expect(first).to_contain_text('Conveyor drive 0')
    expect(first).to_contain_text('Hall 0')
    expect(page.get_by_role('button', name='Print')).to_be_enabled()
    screenshot(page, request)
    page.set_viewport_size(TABLET)
    page.wait_for_timeout(500)  # let the drawer settle into its tablet (mini) form before the screenshot
    expect(labels).to_have_count(COUNT)
    screenshot(page, request)

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb'/Type\s*/Page\b(?!s)', pdf)) == 2, 'printed: two A4 pages, header and drawer hidden'

    chosen = [assets[3]['id'], assets[1]['id']]
    page.goto(f'{base_url}/assets/labels?ids={",".join(map(str, chosen))}')
    expect(labels).to_have_count(2)
    expect(labels.locator('.cmms-label-code')).to_have_text([f'{prefix}-01', f'{prefix}-03'])
    expect(labels.first).to_have_attribute('data-asset-id', str(assets[1]['id']))


def test_empty_selection_says_what_to_do(page: Page, sqlite_url: str) -> None:
    login(page, sqlite_url, ADMIN)
    page.goto(f'{sqlite_url}/assets/labels?q=no-such-asset-{uuid.uuid4().hex}')
    expect(page.get_by_text('No assets selected')).to_be_visible()
    expect(page.get_by_role('button', name='Print')).to_be_disabled()
