"""The top bar's search with the keyboard ("/", arrows, Enter, Esc), and reporting a fault from a scanned asset on
a tablet in three taps."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_LOGINS, TABLET, SignedIn, api, api_token, login, screenshot

SCAN_FIELD = 'Scan or type an asset code'


def make_asset(base_url: str, name: str) -> dict:
    code = f'SR-{uuid.uuid4().hex[:8].upper()}'
    response = api(
        base_url, api_token(base_url), 'POST', '/assets', json={'code': code, 'name': name, 'asset_type': 'equipment'}
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_the_search_answers_the_keyboard(signed_in: SignedIn, base_url: str, request: pytest.FixtureRequest) -> None:
    word = f'kbd{uuid.uuid4().hex[:6]}'
    made = [make_asset(base_url, f'{word} press one'), make_asset(base_url, f'{word} press two')]
    first, second = sorted(made, key=lambda asset: asset['code'])  # assets are listed by code
    page = signed_in(base_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{base_url}/assets')
    expect(page.get_by_label('Search', exact=True)).not_to_be_focused()

    page.locator('body').press('/')  # the shortcut, from anywhere outside a field
    box = page.get_by_label('Search', exact=True)
    expect(box).to_be_focused()
    page.keyboard.type(word)
    results = page.get_by_role('listbox', name='Results')
    expect(results.get_by_role('option', name=f'{first["code"]} · {first["name"]}')).to_be_visible()
    expect(results.get_by_role('option', name=f'{second["code"]} · {second["name"]}')).to_be_visible()
    screenshot(page, request)

    page.keyboard.press('Escape')
    expect(results).to_be_hidden()
    page.keyboard.press('ArrowDown')  # opens the list again
    expect(results).to_be_visible()
    page.keyboard.press('ArrowDown')  # marks the first result
    page.keyboard.press('ArrowDown')  # the second
    expect(page.locator('.cmms-search-active')).to_have_attribute('aria-label', f'{second["code"]} · {second["name"]}')
    page.keyboard.press('Enter')
    expect(page).to_have_url(f'{base_url}/assets/{second["id"]}')


def test_a_technician_reports_a_fault_from_a_scan_in_three_taps(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    asset = make_asset(base_url, 'Scanned conveyor')
    page.set_viewport_size(TABLET)
    login(page, base_url, DEMO_LOGINS['technician'])
    expect(page).to_have_url(f'{base_url}/my-work')  # a technician starts at My work

    page.goto(f'{base_url}/scan')
    expect(page.get_by_label(SCAN_FIELD)).to_be_focused()
    page.keyboard.type(asset['code'] + '\n')
    page.wait_for_url(f'{base_url}/assets/{asset["id"]}')

    page.get_by_role('button', name='Report a problem').click()  # tap 1
    title = page.get_by_label("What's wrong?")
    expect(title).to_be_focused()
    title.fill('Belt slipping at the drive end')  # tap 2: type
    screenshot(page, request)
    page.get_by_role('button', name='Send').click()  # tap 3

    expect(page.get_by_text('is waiting for a supervisor to plan it')).to_be_visible()
    open_work = page.get_by_text(re.compile(r'^WO-\d+ · Belt slipping at the drive end$'))  # the overview's open work
    expect(open_work).to_be_visible()
    screenshot(page, request, 'sent')
