"""The parts catalogue in Chromium: low stock flagged in red with an icon and its filter, a part's stock per site with
goods in and stock counts landing in its ledger, the part form's field errors, and read-only access for technicians."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_LOGINS, TABLET, login
from tests.e2e.test_work_orders_helpers import first_site, get_part, make_part, shot, tag

ROWS = '.ag-center-cols-container .ag-row:not(.ag-row-loading)'


def test_low_stock_is_flagged_red_and_the_filter_keeps_only_those(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    label = tag()
    site = first_site(sqlite_url)
    low = make_part(sqlite_url, site['id'], on_hand='1', min_stock='5', name=f'V-belt {label}')
    make_part(sqlite_url, site['id'], on_hand='40', min_stock='5', name=f'Grease cartridge {label}')
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/parts')
    page.get_by_label('Search part number or name…').fill(label)
    expect(page.locator(ROWS)).to_have_count(2)
    low_row = page.locator(ROWS).filter(has_text=low['part_number'])
    expect(low_row).to_contain_text('1 pcs')
    flag = low_row.locator('.bg-negative')
    expect(flag).to_contain_text(f'Low at {site["name"]}')  # which site is short, not only that one is
    expect(flag.locator('i')).to_have_text('warning')
    shot(page, request, 'catalogue', full_page=False)

    page.get_by_label('Low stock only').click()
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS).first).to_contain_text(low['part_number'])
    expect(page).to_have_url(re.compile(rf'q={label}.*low_only=1'))
    page.set_viewport_size(TABLET)
    shot(page, request, 'catalogue', full_page=False)


def test_goods_in_and_a_stock_count_land_in_the_ledger(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    site = first_site(base_url)
    part = make_part(base_url, site['id'], on_hand='1', min_stock='3', name=f'Filter element {tag()}')
    login(page, base_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{base_url}/parts?q={part["part_number"]}')
    page.locator(ROWS).filter(has_text=part['part_number']).click()
    dialog = page.get_by_role('dialog')
    expect(dialog).to_contain_text('Stock per site')
    expect(dialog.locator('[aria-label="low stock"]')).to_be_visible()
    dialog.get_by_role('button', name=re.compile(f'Goods in {site["name"]}')).click()
    stock = page.get_by_role('dialog').filter(has_text='Goods in —')
    stock.get_by_label('Quantity received').fill('5')
    stock.get_by_label('Note (optional)').fill('PO 4711')
    shot(page, request, 'goods-in', full_page=False)
    stock.get_by_role('button', name='Receive').click()
    expect(stock).to_be_hidden()
    expect(dialog.locator('tbody').first).to_contain_text('6 pcs')
    expect(dialog.locator('[aria-label="low stock"]')).to_have_count(0)

    dialog.get_by_role('button', name=re.compile(f'Count {site["name"]}')).click()
    count = page.get_by_role('dialog').filter(has_text='Stock count —')
    count.get_by_label('Counted on hand').fill('4')
    count.get_by_role('button', name='Save count').click()
    expect(count).to_be_hidden()
    ledger = dialog.locator('.q-table').last
    expect(ledger).to_contain_text('Adjustment')
    expect(ledger).to_contain_text('Receipt')
    expect(ledger).to_contain_text('-2')
    shot(page, request, 'part', full_page=False)
    assert float(get_part(base_url, part['id'])['stock'][0]['on_hand']) == 4


def test_the_part_form_puts_a_duplicate_number_at_the_field(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    site = first_site(sqlite_url)
    existing = make_part(sqlite_url, site['id'])
    fresh = f'E2E-{tag()}'
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/parts')
    page.get_by_role('button', name='New part').click()
    dialog = page.get_by_role('dialog')
    dialog.get_by_label('Part number').fill(existing['part_number'])
    dialog.get_by_label('Name', exact=True).fill('Duplicate seal')
    dialog.get_by_role('button', name='Save part').click()
    number_field = dialog.locator('.q-field').filter(has=page.get_by_label('Part number'))
    expect(number_field).to_contain_text(existing['part_number'])
    expect(number_field).to_have_class(re.compile('q-field--error'))
    shot(page, request, 'part-form-error', full_page=False)
    dialog.get_by_label('Part number').fill(fresh)
    dialog.get_by_label('Unit cost').fill('3.75')
    dialog.get_by_label('Site', exact=True).click()
    page.get_by_role('option', name=site['name'], exact=True).click()
    dialog.get_by_label('On hand', exact=True).fill('12')
    dialog.get_by_role('button', name='Save part').click()
    expect(dialog).to_be_hidden()
    page.get_by_label('Search part number or name…').fill(fresh)
    expect(page.locator(ROWS).filter(has_text=fresh)).to_contain_text('12 pcs')


def test_a_technician_reads_the_catalogue_but_cannot_change_it(page: Page, sqlite_url: str) -> None:
    site = first_site(sqlite_url)
    part = make_part(sqlite_url, site['id'])
    login(page, sqlite_url, DEMO_LOGINS['technician'])
    page.goto(f'{sqlite_url}/parts?q={part["part_number"]}')
    expect(page.get_by_role('button', name='New part')).to_have_count(0)
    page.locator(ROWS).filter(has_text=part['part_number']).click()
    dialog = page.get_by_role('dialog')
    expect(dialog).to_contain_text('Stock per site')
    for action in ('Edit', 'Goods in at another site'):
        expect(dialog.get_by_role('button', name=action)).to_have_count(0)
    expect(dialog.get_by_role('button', name=re.compile('^Goods in'))).to_have_count(0)
