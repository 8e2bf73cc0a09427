"""The work-order list and the "new work order" dialog in Chromium: server-side grid with filters in the URL and a
CSV export of exactly what is filtered; the dialog with field errors, a template filling it, checklist rows, and
the smaller form a technician gets for a request."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_LOGINS, DESKTOP, TABLET, login
from tests.e2e.test_work_orders_helpers import get_work_order, make_work_order, open_tab, shot, tag

ROWS = '.ag-center-cols-container .ag-row:not(.ag-row-loading)'


def pick(page: Page, label: str, *options: str) -> None:
    page.get_by_label(label, exact=True).click()
    for option in options:
        page.get_by_role('option', name=option, exact=True).click()
    page.keyboard.press('Escape')


def test_list_filters_narrow_the_grid_and_the_csv_holds_exactly_that(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    label = tag()
    urgent = make_work_order(base_url, f'Leaking valve {label}', priority='critical', work_type='emergency')
    make_work_order(base_url, f'Paint the rail {label}', priority='low', work_type='cleaning')
    late = make_work_order(base_url, f'Late check {label}', priority='high', due_at='2020-01-01T08:00:00Z')
    login(page, base_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{base_url}/work-orders/list?q={label}')
    expect(page.locator(ROWS)).to_have_count(3)
    expect(page.get_by_text('3 work orders', exact=True)).to_be_visible()

    pick(page, 'Priority', 'Critical', 'High')
    expect(page.locator(ROWS)).to_have_count(2)
    expect(page).to_have_url(re.compile(rf'q={label}.*priority=critical.*priority=high'))
    page.get_by_label('Overdue only').click()
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS).first).to_contain_text(late['number'])
    expect(page.locator(ROWS).first.locator('.bg-negative')).to_contain_text('2020')  # overdue: red, with an icon
    shot(page, request, 'filtered', full_page=False)

    page.reload()  # the filters live in the URL
    expect(page.locator(ROWS)).to_have_count(1)
    with page.expect_download() as download_info:
        page.get_by_role('button', name='Export CSV').click()
    download = download_info.value
    assert download.suggested_filename.startswith('work-orders-') and download.suggested_filename.endswith('.csv')
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding='utf-8-sig'))))
    assert [row['number'] for row in rows] == [late['number']]
    assert rows[0]['is_overdue'] == 'True' and rows[0]['priority'] == 'high'

    outsider = httpx.get(f'{base_url}/work-orders/export.csv', follow_redirects=False, timeout=10)
    assert outsider.status_code in (302, 303, 307) and '/login' in outsider.headers['location']

    page.get_by_label('Overdue only').click()
    pick(page, 'Priority', 'High')  # unticks high: critical alone is left
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS).first).to_contain_text(urgent['number'])
    page.locator(ROWS).first.click()
    expect(page).to_have_url(f'{base_url}/work-orders/{urgent["id"]}')


def test_the_new_work_order_dialog_shows_field_errors_then_creates_from_a_template(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    label = tag()
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders/list')
    page.get_by_role('button', name='New work order').click()
    dialog = page.get_by_role('dialog')
    expect(dialog.get_by_label('Start from a template')).to_be_visible()
    dialog.get_by_role('button', name='Add step').click()
    dialog.get_by_label('Step 1 title').fill('Measure vibration')
    dialog.get_by_label('Step 1 kind').click()
    page.get_by_role('option', name='Number', exact=True).click()
    dialog.get_by_label('Step 1 min').fill('5')
    dialog.get_by_label('Step 1 max').fill('1')
    dialog.get_by_role('button', name='Create work order').click()
    expect(dialog.locator('.q-field').filter(has=page.get_by_label('Title', exact=True))).to_contain_text('title')
    expect(dialog.locator('.q-field').filter(has=page.get_by_label('Step 1 max'))).to_contain_text('Below Min')
    shot(page, request, 'create-errors', full_page=False)

    dialog.get_by_label('Start from a template').click()
    page.get_by_role('option', name='Pump PM (quarterly)').click()
    expect(dialog.get_by_label('Title', exact=True)).to_have_value('Quarterly PM')
    expect(dialog.get_by_label('Step 8 title')).to_be_visible()  # the template's checklist replaced the rows
    dialog.get_by_label('Title', exact=True).fill(f'Quarterly PM {label}')
    dialog.get_by_label('Step 1 title').fill(f'Lock out first {label}')
    dialog.get_by_role('button', name='Move row 2 up').click()  # reorder: step 2 becomes step 1
    expect(dialog.get_by_label('Step 2 title')).to_have_value(f'Lock out first {label}')
    shot(page, request, 'create-template', full_page=False)
    dialog.get_by_role('button', name='Create work order').click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(r'/work-orders/\d+$'))
    created = get_work_order(sqlite_url, int(page.url.rsplit('/', 1)[1]))
    assert created['title'] == f'Quarterly PM {label}'
    assert created['template_id'] is not None and len(created['steps']) == 8
    assert created['steps'][1]['title'] == f'Lock out first {label}'


def test_a_technician_requests_work_with_the_short_form(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    label = tag()
    page.set_viewport_size(TABLET)
    login(page, sqlite_url, DEMO_LOGINS['technician'])
    page.goto(f'{sqlite_url}/work-orders')
    page.get_by_role('button', name='Request work').click()
    dialog = page.get_by_role('dialog')
    for planner_only in ('Assignee', 'Due', 'Estimated hours', 'Create as'):
        expect(dialog.get_by_label(planner_only, exact=True)).to_have_count(0)
    expect(dialog.get_by_role('button', name='Add step')).to_have_count(0)
    dialog.get_by_label('Title', exact=True).fill(f'Door sticks {label}')
    dialog.get_by_label('Asset', exact=True).fill('PMP')
    page.get_by_role('option').filter(has_text='PMP').first.click()
    shot(page, request, 'request', full_page=False)
    dialog.get_by_role('button', name='Send request').click()
    expect(dialog).to_be_hidden()
    page.get_by_label('Search number, title, asset…').fill(label)
    expect(page.locator('.cmms-kanban-col[data-status="requested"] .cmms-card')).to_have_count(1)
    expect(page.locator('.cmms-card').first).to_contain_text('PMP')


def test_screens_and_dialogs_on_desktop_and_tablet(page: Page, sqlite_url: str, request: pytest.FixtureRequest) -> None:
    """Screenshots of the work-order screens and dialogs at both sizes, each checked for its main content."""
    work_order = make_work_order(sqlite_url, f'Screens {tag()}', status='in_progress', priority='high')
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    for viewport in (DESKTOP, TABLET):
        page.set_viewport_size(viewport)
        page.goto(f'{sqlite_url}/work-orders/list')
        expect(page.locator(ROWS).first).to_be_visible()
        shot(page, request, 'list', full_page=False)
        page.goto(f'{sqlite_url}/parts')
        expect(page.locator(ROWS).first).to_be_visible()
        shot(page, request, 'parts', full_page=False)
        page.goto(f'{sqlite_url}/work-orders/templates')
        expect(page.get_by_text('Pump PM (quarterly)')).to_be_visible()
        shot(page, request, 'templates', full_page=False)
        page.goto(f'{sqlite_url}/work-orders')
        expect(page.locator('.cmms-card').first).to_be_visible()
        page.get_by_role('button', name='New work order').click()
        expect(page.get_by_role('dialog').get_by_label('Title', exact=True)).to_be_visible()
        shot(page, request, 'new-dialog', full_page=False)
        page.goto(f'{sqlite_url}/work-orders/{work_order["id"]}')
        for button, label in (('Put on hold', 'status-dialog'), ('Edit', 'edit-dialog')):
            page.get_by_role('button', name=button).click()
            expect(page.get_by_role('dialog')).to_be_visible()
            shot(page, request, label, full_page=False)
            page.get_by_role('dialog').get_by_role('button', name='Cancel').click()
            expect(page.get_by_role('dialog')).to_be_hidden()
        open_tab(page, 'Time')
        page.get_by_role('button', name='Add time').click()
        expect(page.get_by_role('dialog').get_by_label('Hours', exact=True)).to_be_visible()
        shot(page, request, 'time-dialog', full_page=False)
        page.get_by_role('dialog').get_by_role('button', name='Cancel').click()
        open_tab(page, 'Parts')
        page.get_by_role('button', name='Use part').click()
        expect(page.get_by_role('dialog').locator('.q-item').first).to_be_visible()
        shot(page, request, 'use-part-dialog', full_page=False)
        page.get_by_role('dialog').get_by_role('button', name='Cancel').click()
