"""The import page in Chromium: a file with a bad row shows that row's error and imports nothing; a valid file
imports and says how many assets were created; technicians are refused."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ADMIN, DEMO_LOGINS, TABLET, api, api_token, login, screenshot


def csv_rows(*rows: str) -> bytes:
    return ('code,name,asset_type,status,parent_code,room\n' + '\n'.join(rows) + '\n').encode()


def choose_file(page: Page, name: str, content: bytes) -> None:
    page.locator('.cmms-uploader input[type=file]').set_input_files(
        files=[{'name': name, 'mimeType': 'text/csv', 'buffer': content}]
    )


def count_assets(base_url: str, prefix: str) -> int:
    response = api(base_url, api_token(base_url), 'GET', '/assets', params={'q': prefix})
    assert response.status_code == 200, response.text
    return response.json()['total']


def test_preview_shows_the_bad_row_and_a_valid_file_imports(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    prefix = f'E2E{uuid.uuid4().hex[:6].upper()}'
    login(page, base_url, ADMIN)
    page.goto(f'{base_url}/assets/import')
    expect(page.get_by_text('1 · Choose a CSV or XLSX file')).to_be_visible()

    bad = csv_rows(
        f'{prefix}-1,Feed pump,equipment,operational,,A-1',
        f'{prefix}-2,Drive motor,pump,operational,{prefix}-1,A-1',
        f'{prefix}-3,Gearbox,component,standby,{prefix}-1,A-2',
    )
    choose_file(page, 'bad.csv', bad)
    errors = page.locator('.q-table tbody')
    expect(errors).to_contain_text("unknown value 'pump'")
    first_error = errors.locator('tr').first
    expect(first_error.locator('td').nth(0)).to_have_text('3')
    expect(first_error.locator('td').nth(1)).to_have_text('asset_type')
    expect(page.get_by_text('1 of 3 rows cannot be imported')).to_be_visible()
    expect(page.get_by_role('button', name='Import', exact=True)).to_be_disabled()
    expect(page.get_by_role('button', name='Import the 2 valid rows')).to_be_enabled()
    screenshot(page, request, 'preview')
    page.set_viewport_size(TABLET)
    page.wait_for_timeout(500)  # let the drawer settle into its tablet (mini) form before the screenshot
    expect(errors).to_contain_text('asset_type')
    screenshot(page, request, 'preview')
    assert count_assets(base_url, prefix) == 0  # a preview writes nothing

    good = csv_rows(
        *(f'{prefix}-{n},Pump {n},equipment,operational,{prefix}-0,B-{n}' for n in range(1, 5)),
        f'{prefix}-0,Pump line,system,operational,,B-0',
    )  # the parent comes last
    choose_file(page, 'good.csv', good)
    expect(page.get_by_text('Every row is valid.')).to_be_visible()
    page.get_by_role('button', name='Import 5 rows').click()
    result = page.get_by_role('status').filter(has_text='Imported good.csv')
    expect(result).to_be_visible()
    assert 'Imported good.csv 5 Created 0 Updated 0 Skipped' in result.aria_snapshot()
    expect(result.get_by_role('link', name='Open the asset list')).to_have_attribute('href', '/assets')
    screenshot(page, request, 'result')
    assert count_assets(base_url, prefix) == 5


def test_template_download_and_technician_refused(page: Page, sqlite_url: str) -> None:
    login(page, sqlite_url, ADMIN)
    page.goto(f'{sqlite_url}/assets/import')
    with page.expect_download() as download:
        page.get_by_role('button', name='Download the CSV template').click()
    text = download.value.path().read_text(encoding='utf-8-sig')
    assert text.splitlines()[0].startswith('code,name,asset_type,status') and 'PUMP-001' in text

    page.context.clear_cookies()
    login(page, sqlite_url, DEMO_LOGINS['technician'])
    page.goto(f'{sqlite_url}/assets/import')
    expect(page.get_by_text('Not allowed')).to_be_visible()
    expect(page.locator('.cmms-uploader')).to_have_count(0)


def test_a_file_with_other_column_names_is_matched_then_imported(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    prefix = f'E2EMAP{uuid.uuid4().hex[:6].upper()}'
    content = (
        'Asset No.,Title,Kind,Serial,Colour\n'
        f'{prefix}-1,Feed pump,equipment,S-1,red\n'
        f'{prefix}-2,Mixer,spaceship,S-2,blue\n'
    ).encode()
    login(page, base_url, ADMIN)
    page.goto(f'{base_url}/assets/import')
    choose_file(page, 'other-system.csv', content)
    expect(page.get_by_text('2 · Match the columns')).to_be_visible()
    page.get_by_label('Field for column Kind').click()
    page.get_by_role('option', name='asset_type', exact=True).click()
    page.wait_for_timeout(300)
    screenshot(page, request, 'mapping')
    page.get_by_role('button', name='Check with these columns').click()
    expect(page.get_by_text('1 of 2 rows cannot be imported')).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role('button', name='Download the rejected rows (CSV)').click()
    rejected = download.value.path().read_text(encoding='utf-8-sig')
    assert rejected.splitlines()[0] == 'Asset No.,Title,Kind,Serial,Colour,error' and f'{prefix}-2' in rejected
    page.get_by_role('button', name='Import the 1 valid row').click()
    expect(page.get_by_role('status').filter(has_text='Imported other-system.csv')).to_be_visible()
    assert count_assets(base_url, prefix) == 1
