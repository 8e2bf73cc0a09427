"""One work order in Chromium: status moves with their reasons, the checklist (a number out of its limits fails and
offers a follow-up), parts taken from stock, the timer and manual time rolling up into hours and cost, comments,
photos served to the session, the timeline, a stale edit, and what each role may touch."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_LOGINS, DESKTOP, TABLET, api, api_token, login
from tests.e2e.test_work_orders_helpers import (
    first_site,
    get_part,
    get_work_order,
    make_part,
    make_work_order,
    notification,
    open_tab,
    shot,
    tag,
)

STEPS = [
    {'title': 'Lock out the drive', 'kind': 'checkbox'},
    {'title': 'Bearing vibration', 'kind': 'number', 'min_value': 0, 'max_value': 4.5, 'unit': 'mm/s'},
    {'title': 'Seal tight', 'kind': 'pass_fail'},
    {'title': 'Notes for next time', 'kind': 'text', 'required': False},
]
SECTIONS = ('Checklist', 'Parts', 'Time', 'Costs', 'Comments', 'Photos', 'Timeline')


def step(page: Page, position: int):
    return page.locator(f'[aria-label^="Step {position}:"]')


def test_start_then_tick_steps_and_a_number_out_of_range_fails_and_offers_a_follow_up(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    work_order = make_work_order(base_url, f'Pump PM {tag()}', status='scheduled', steps=STEPS)
    login(page, base_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{base_url}/work-orders/{work_order["id"]}')
    expect(page.get_by_text('Start the work to answer the steps.')).to_be_visible()
    expect(step(page, 1).get_by_role('button', name='Done')).to_have_count(0)

    page.get_by_role('button', name='Start work').click()
    dialog = page.get_by_role('dialog')
    dialog.get_by_label('Note (optional)').fill('on site now')
    dialog.get_by_role('button', name='Start work').click()
    expect(dialog).to_be_hidden()
    expect(page.locator('[aria-label="status in_progress"]')).to_be_visible()

    step(page, 1).get_by_role('button', name='Done').click()
    expect(step(page, 1)).to_have_attribute('data-state', 'done')
    step(page, 2).get_by_label('Bearing vibration value').fill('7.2')
    step(page, 2).get_by_role('button', name='Save').click()
    expect(step(page, 2)).to_have_attribute('data-state', 'failed')
    expect(step(page, 2)).to_contain_text('outside the limits')
    expect(step(page, 2)).to_have_class(re.compile('bg-red-50'))
    step(page, 3).get_by_role('button', name='Pass').click()
    expect(step(page, 3)).to_have_attribute('data-state', 'done')
    shot(page, request, 'checklist')

    step(page, 2).get_by_role('button', name='Create follow-up').click()
    expect(notification(page, 'Follow-up').first).to_be_visible()
    expect(step(page, 2).get_by_role('button', name='Open follow-up')).to_be_visible()
    found = get_work_order(base_url, work_order['id'])
    assert [s['state'] for s in found['steps']] == ['done', 'failed', 'done', 'pending']
    assert found['steps'][1]['value_number'] == 7.2 and found['steps'][1]['follow_up_work_order_id']
    step(page, 2).get_by_role('button', name='Open follow-up').click()
    expect(page).to_have_url(f'{base_url}/work-orders/{found["steps"][1]["follow_up_work_order_id"]}')
    expect(page.get_by_text('Follow-up: Bearing vibration').first).to_be_visible()


def test_completing_with_a_pending_required_step_shows_the_reason_and_changes_nothing(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    work_order = make_work_order(sqlite_url, f'Not done yet {tag()}', status='in_progress', steps=STEPS)
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders/{work_order["id"]}')
    page.get_by_role('button', name='Complete').click()
    dialog = page.get_by_role('dialog')
    dialog.get_by_role('button', name='Complete').click()
    problem = dialog.get_by_role('alert')
    expect(problem).to_contain_text('Lock out the drive')
    expect(dialog).to_be_visible()  # the dialog stays, with the reason in it
    shot(page, request, 'complete-refused', full_page=False)
    assert get_work_order(sqlite_url, work_order['id'])['status'] == 'in_progress'


def test_a_used_part_leaves_the_stock_and_shows_on_the_parts_page(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    site = first_site(sqlite_url)
    part = make_part(sqlite_url, site['id'], on_hand='10', min_stock='2', name=f'Seal kit {tag()}')
    work_order = make_work_order(sqlite_url, f'Replace seal {tag()}', status='in_progress', site_id=site['id'])
    login(page, sqlite_url, DEMO_LOGINS['technician'])
    page.goto(f'{sqlite_url}/work-orders/{work_order["id"]}?tab=parts')
    expect(page.get_by_text('No parts used yet')).to_be_visible()
    page.get_by_role('button', name='Use part').click()
    dialog = page.get_by_role('dialog')
    dialog.get_by_label('Search part number or name').fill(part['part_number'])
    # Wait for the search to answer: a click on the unfiltered list could land on an item being replaced.
    expect(dialog.locator('.q-item')).to_have_count(1)
    dialog.get_by_text(f'{part["part_number"]} · {part["name"]}').click()
    expect(dialog.get_by_text(f'{part["part_number"]} · {part["name"]} — 10 pcs in stock')).to_be_visible()
    dialog.get_by_role('button', name='More quantity').click()
    expect(dialog.get_by_label('Quantity', exact=True)).to_have_value('2')
    shot(page, request, 'use-part', full_page=False)
    dialog.get_by_role('button', name='Use part').click()
    expect(dialog).to_be_hidden()
    row = page.locator('tbody tr').filter(has_text=part['part_number'])
    expect(row).to_contain_text('2 pcs')
    expect(row).to_contain_text('€25.00')
    expect(page.get_by_text('Parts cost €25.00')).to_be_visible()  # the organisation's currency
    assert get_part(sqlite_url, part['id'])['stock'][0]['on_hand'] in ('8', '8.000', 8)

    row.get_by_role('button', name=re.compile('Return')).click()
    dialog = page.get_by_role('dialog')
    dialog.get_by_label('Quantity', exact=True).fill('1')
    dialog.get_by_role('button', name='Return').click()
    expect(row).to_contain_text('1 pcs')

    page.goto(f'{sqlite_url}/parts?q={part["part_number"]}')
    grid_row = page.locator('.ag-center-cols-container .ag-row').filter(has_text=part['part_number'])
    expect(grid_row).to_contain_text('9 pcs')


def test_timer_and_manual_time_add_hours_and_cost(page: Page, sqlite_url: str, request: pytest.FixtureRequest) -> None:
    work_order = make_work_order(sqlite_url, f'Timed job {tag()}', status='in_progress', estimated_hours='2')
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders/{work_order["id"]}?tab=time')
    page.get_by_role('button', name='Start timer').click()
    expect(page.get_by_text('Your timer is running')).to_be_visible()
    expect(page.locator('tbody')).to_contain_text('running')
    page.get_by_role('button', name='Stop timer').click()
    expect(page.get_by_role('button', name='Start timer')).to_be_visible()
    expect(page.locator('tbody')).to_contain_text('timer')

    page.get_by_role('button', name='Add time').click()
    dialog = page.get_by_role('dialog')
    dialog.get_by_label('Hours', exact=True).fill('1.5')
    dialog.get_by_label('Note (optional)').fill('cleaned the strainer')
    shot(page, request, 'add-time', full_page=False)
    dialog.get_by_role('button', name='Log time').click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text(re.compile(r'1\.5\d h logged'))).to_be_visible()
    expect(page.locator('tbody')).to_contain_text('cleaned the strainer')
    found = get_work_order(sqlite_url, work_order['id'])
    assert float(found['actual_hours']) >= 1.5 and float(found['actual_cost']) > 0
    open_tab(page, 'Costs')
    expect(page.get_by_text(f'{float(found["actual_hours"]):.2f} h').first).to_be_visible()
    expect(page.get_by_text(re.compile(r'\d+% of the estimate')).first).to_be_visible()


def test_a_stale_edit_says_someone_else_changed_it(page: Page, sqlite_url: str, request: pytest.FixtureRequest) -> None:
    work_order = make_work_order(sqlite_url, f'Edit race {tag()}')
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders/{work_order["id"]}')
    page.get_by_role('button', name='Edit').click()
    dialog = page.get_by_role('dialog')
    expect(dialog.get_by_label('Title', exact=True)).to_have_value(work_order['title'])
    meanwhile = api(
        sqlite_url,
        api_token(sqlite_url),
        'PATCH',
        f'/work-orders/{work_order["id"]}',
        json={'version': work_order['version'], 'title': 'Changed by someone else'},
    )
    assert meanwhile.status_code == 200, meanwhile.text
    dialog.get_by_label('Title', exact=True).fill('My change')
    dialog.get_by_role('button', name='Save changes').click()
    expect(dialog.get_by_role('alert')).to_contain_text('Someone else changed this work order')
    expect(dialog.get_by_role('button', name='Reload')).to_be_visible()
    shot(page, request, 'stale', full_page=False)
    assert get_work_order(sqlite_url, work_order['id'])['title'] == 'Changed by someone else'
    dialog.get_by_role('button', name='Reload').click()
    expect(page.get_by_text('Changed by someone else').first).to_be_visible()


def test_a_technician_has_no_edit_and_a_viewer_no_actions(page: Page, sqlite_url: str) -> None:
    work_order = make_work_order(sqlite_url, f'Roles {tag()}', status='in_progress', steps=STEPS)
    login(page, sqlite_url, DEMO_LOGINS['technician'])
    page.goto(f'{sqlite_url}/work-orders/{work_order["id"]}')
    expect(page.get_by_role('button', name='Complete')).to_be_visible()
    expect(page.get_by_role('button', name='Put on hold')).to_be_visible()
    expect(page.get_by_role('button', name='Edit')).to_have_count(0)
    expect(page.get_by_role('button', name='Cancel work order')).to_have_count(0)
    expect(step(page, 1).get_by_role('button', name='Done')).to_be_visible()

    page.context.clear_cookies()
    login(page, sqlite_url, DEMO_LOGINS['viewer'])
    page.goto(f'{sqlite_url}/work-orders/{work_order["id"]}')
    expect(page.get_by_text(work_order['title']).first).to_be_visible()
    for action in ('Complete', 'Put on hold', 'Edit', 'Cancel work order', 'Done', 'Pass'):
        expect(page.get_by_role('button', name=action, exact=True)).to_have_count(0)
    open_tab(page, 'Parts')
    expect(page.get_by_role('button', name='Use part')).to_have_count(0)
    open_tab(page, 'Time')
    expect(page.get_by_role('button', name='Start timer')).to_have_count(0)
    expect(page.get_by_role('button', name='Add time')).to_have_count(0)
    open_tab(page, 'Comments')
    expect(page.get_by_role('button', name='Add comment')).to_have_count(0)
    open_tab(page, 'Photos')
    expect(page.get_by_role('button', name='Add photo')).to_have_count(0)


def test_comments_photos_and_every_section_on_desktop_and_tablet(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    site = first_site(sqlite_url)
    part = make_part(sqlite_url, site['id'], name=f'Filter {tag()}')
    work_order = make_work_order(
        sqlite_url,
        f'Everything {tag()}',
        status='in_progress',
        steps=STEPS,
        site_id=site['id'],
        estimated_hours='3',
        estimated_cost='300',
        due_at='2020-06-01T08:00:00Z',
    )
    token = api_token(sqlite_url)
    api(
        sqlite_url,
        token,
        'POST',
        f'/work-orders/{work_order["id"]}/parts',
        json={'part_id': part['id'], 'quantity': '3'},
    )
    api(
        sqlite_url,
        token,
        'POST',
        f'/work-orders/{work_order["id"]}/time-logs',
        json={'hours': '2.25', 'note': 'first visit'},
    )
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders/{work_order["id"]}?tab=comments')
    expect(page.get_by_text('No comments yet')).to_be_visible()
    page.get_by_label('New comment').fill('Bearing housing is warm — checked twice.')
    page.get_by_role('button', name='Add comment').click()
    expect(page.get_by_text('Bearing housing is warm — checked twice.')).to_be_visible()

    open_tab(page, 'Photos')
    picture = tmp_path / 'pump.png'
    buffer = io.BytesIO()
    Image.new('RGB', (320, 240), (30, 110, 200)).save(buffer, 'PNG')
    picture.write_bytes(buffer.getvalue())
    page.locator('.q-uploader input[type=file]').set_input_files(picture)
    thumbnail = page.locator('img[alt="pump.png"]')
    expect(thumbnail).to_be_visible()
    page.wait_for_function('() => document.querySelector(\'img[alt="pump.png"]\')?.naturalWidth === 320')
    expect(page.locator('[aria-label="overdue"]')).to_be_visible()
    expect(page.get_by_text(re.compile(r'Overdue by \d+ days'))).to_be_visible()

    for viewport in (DESKTOP, TABLET):
        page.set_viewport_size(viewport)
        for section in SECTIONS:
            open_tab(page, section)
            page.wait_for_timeout(150)
            shot(page, request, section.lower())
    open_tab(page, 'Timeline')
    for entry in (
        'logged (manual)',
        'used 3 pcs',
        'added photo pump.png',
        'Bearing housing is warm',
        'scheduled → in progress',
    ):
        expect(page.locator('.q-timeline').get_by_text(entry, exact=False).first).to_be_visible()


def test_esc_closes_the_status_dialogs_and_completing_a_repair_asks_for_its_failure_codes(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    token = api_token(sqlite_url)
    pumps = api(sqlite_url, token, 'GET', '/assets', params={'q': 'PMP', 'asset_type': 'equipment'}).json()['items']
    pump = next(a for a in pumps if '-PMP-' in a['code'])
    work_order = make_work_order(
        sqlite_url,
        f'Seal leaks {tag()}',
        status='in_progress',
        asset_id=pump['id'],
        site_id=pump['site_id'],
        work_type='corrective',
    )
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders/{work_order["id"]}')
    for verb in ('Put on hold', 'Complete'):
        page.get_by_role('button', name=verb).click()
        dialog = page.get_by_role('dialog')
        expect(dialog).to_be_visible()
        page.wait_for_timeout(300)  # the dialog has taken the focus
        page.keyboard.press('Escape')
        expect(dialog).to_be_hidden()
    assert get_work_order(sqlite_url, work_order['id'])['status'] == 'in_progress'

    page.get_by_role('button', name='Complete').click()
    dialog = page.get_by_role('dialog')
    expect(dialog.get_by_text('Record what failed, why, and what was done.')).to_be_visible()
    dialog.get_by_role('button', name='Complete').click()
    for message in ('Choose what failed', 'Choose why it failed', 'Choose what was done'):
        expect(dialog.get_by_text(message)).to_be_visible()  # all three at once, each at its list
    assert get_work_order(sqlite_url, work_order['id'])['status'] == 'in_progress'
    pick(page, dialog, 'Problem — what failed', 'Seal leaking (SEAL-LEAKING)')
    pick(page, dialog, 'Cause — why it failed', 'Dry running (DRY-RUNNING)')
    pick(page, dialog, 'Remedy — what was done', 'Replaced seal (REPLACED-SEAL)')
    dialog.get_by_label('Failure note (optional)').fill('Flush line was blocked')
    shot(page, request, 'complete-with-codes', full_page=False)
    dialog.get_by_role('button', name='Complete').click()
    expect(dialog).to_be_hidden()
    done = get_work_order(sqlite_url, work_order['id'])
    assert (done['status'], done['failure_problem'], done['failure_cause'], done['failure_remedy']) == (
        'completed',
        'SEAL-LEAKING',
        'DRY-RUNNING',
        'REPLACED-SEAL',
    )
    assert done['failure_note'] == 'Flush line was blocked'
    expect(page.get_by_text('Seal leaking (SEAL-LEAKING)')).to_be_visible()
    expect(page.get_by_text('Flush line was blocked')).to_be_visible()


def pick(page: Page, dialog, label: str, option: str) -> None:
    """Choose ``option`` in the dialog's pick-list ``label``."""
    dialog.get_by_label(label).click()
    page.get_by_role('option', name=option).click()
    expect(dialog.get_by_label(label)).to_be_visible()
