"""My work on a tablet (768×1024) as technician@demo.example: my overdue job on top in red, then the whole job done
with the thumb — start, tick every step, a reading, a part (the stock drops), +15 min, a photo, complete.

Each test makes its own work order through the JSON API (the demo admin's token, assigned to the technician), so
nothing depends on what the demo generator happened to produce.
"""

from __future__ import annotations

import re
import struct
import zlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    DESKTOP,
    OUTPUT_DIR,
    TABLET,
    SignedIn,
    api,
    api_token,
    create_user,
    login,
    screenshot,
    unique,
)

TECHNICIAN = 'technician@demo.example'
# The browser's own colour maths (Tailwind 4 writes oklch) turned into red, green, blue, alpha.
RGB_OF_BACKGROUND = """element => {
    const canvas = document.createElement('canvas').getContext('2d');
    canvas.fillStyle = getComputedStyle(element).backgroundColor;
    canvas.fillRect(0, 0, 1, 1);
    return [...canvas.getImageData(0, 0, 1, 1).data];
}"""
STEPS = [
    {'title': 'Isolate and lock out the drive', 'kind': 'checkbox'},
    {'title': 'Bearing temperature', 'kind': 'number', 'min_value': 20, 'max_value': 70, 'unit': '°C'},
    {'title': 'Guard refitted and tight', 'kind': 'pass_fail'},
    {'title': 'Notes for the next visit', 'kind': 'text', 'required': False},
]


def test_a_technician_does_the_whole_job_on_a_tablet(base_url: str, signed_in: SignedIn, request):
    token = api_token(base_url)
    wo, part, site_id = _job_for_the_technician(base_url, token, due_in=timedelta(days=-30), priority='high')
    page = signed_in(base_url, TECHNICIAN, viewport=TABLET)
    page.goto(f'{base_url}/my-work')
    first = page.locator('[data-my-work-card]').first
    expect(first).to_have_attribute('data-my-work-card', str(wo['id']))  # the most overdue comes first
    expect(first).to_contain_text('Overdue')
    red, green, blue, _alpha = first.locator('[data-overdue=true]').evaluate(RGB_OF_BACKGROUND)
    assert red > green + 8 and red > blue + 8  # a red tint, next to the word and the icon
    expect(page.get_by_text('Overdue', exact=True).first).to_be_visible()  # the section heading, in words
    screenshot(page, request, 'list')

    first.click()
    page.wait_for_url(f'**/my-work/{wo["id"]}')
    expect(page.get_by_text(wo['title'])).to_be_visible()
    _tap(page, 'Start')
    expect(page.get_by_role('banner').get_by_text('In progress')).to_be_visible()

    step = _step(page, 1)
    step.get_by_role('button', name='Tick as done').click()
    expect(step).to_have_attribute('data-state', 'done')
    step = _step(page, 2)
    expect(step.get_by_label('Reading for step 2')).to_have_attribute('inputmode', 'decimal')  # the number pad
    step.get_by_label('Reading for step 2').fill('42,5')
    step.get_by_role('button', name='Save').click()
    expect(step).to_have_attribute('data-state', 'done')
    step = _step(page, 3)
    step.get_by_role('button', name='Pass').click()
    expect(step).to_have_attribute('data-state', 'done')
    step = _step(page, 4)
    step.get_by_label('Your note').fill('Coupling guard bolts replaced')
    step.get_by_role('button', name='Save note').click()
    expect(step).to_have_attribute('data-state', 'done')
    expect(page.get_by_text('4 of 4 done')).to_be_visible()

    page.get_by_role('button', name='Used a part').click()
    sheet = page.locator('.q-dialog').last
    sheet.get_by_label('Search parts').fill(part['name'])
    expect(sheet.locator('[data-part-row]')).to_have_count(1)  # the search has narrowed the list
    row = sheet.get_by_label(part['name'], exact=True)
    row.get_by_role('button', name='One pcs more').click()
    _shot(page, request, 'parts', sheet=True)
    sheet.get_by_role('button', name='Use 1 item').click()
    expect(page.get_by_text('Parts used')).to_be_visible()
    assert _on_hand(base_url, token, part['id'], site_id) == Decimal('4')

    page.get_by_role('button', name='Log time').click()
    sheet = page.locator('.q-dialog').last
    sheet.get_by_role('button', name='+15 min').click()
    expect(sheet.get_by_text('0.25 h logged in all')).to_be_visible()
    _shot(page, request, 'time', sheet=True)
    sheet.get_by_role('button', name='Done').click()

    expect(page.locator('input[type=file]')).to_have_attribute('accept', 'image/*')
    page.locator('input[type=file]').set_input_files(
        files=[{'name': 'pump-after.png', 'mimeType': 'image/png', 'buffer': _png()}]
    )
    expect(page.get_by_text('1 taken')).to_be_visible()
    expect(page.locator('img[alt="pump-after.png"]')).to_be_visible()
    page.get_by_text('Checklist', exact=True).scroll_into_view_if_needed()
    _shot(page, request, 'view')

    _tap(page, 'Complete')
    sheet = page.locator('.q-dialog').last
    sheet.get_by_role('button', name='Complete').click()
    # A repair: what failed, why and what was done, from the pump's catalogue, before it counts as done.
    for message in ('Choose what failed', 'Choose why it failed', 'Choose what was done'):
        expect(sheet.get_by_text(message)).to_be_visible()
    for label, option in (
        ('Problem — what failed', 'Seal leaking (SEAL-LEAKING)'),
        ('Cause — why it failed', 'Seal face wear (SEAL-FACE-WEAR)'),
        ('Remedy — what was done', 'Replaced seal (REPLACED-SEAL)'),
    ):
        sheet.get_by_label(label).click()
        page.get_by_role('option', name=option).click()
    sheet.get_by_label('Failure note (optional)').fill('Seal faces scored')
    _shot(page, request, 'complete', sheet=True)
    sheet.get_by_role('button', name='Complete').click()
    expect(page.get_by_role('button', name='Done — next job')).to_be_visible()
    done = api(base_url, token, 'GET', f'/work-orders/{wo["id"]}').json()
    assert done['status'] == 'completed'
    assert (done['failure_problem'], done['failure_cause'], done['failure_remedy'], done['failure_note']) == (
        'SEAL-LEAKING',
        'SEAL-FACE-WEAR',
        'REPLACED-SEAL',
        'Seal faces scored',
    )
    assert Decimal(done['actual_hours']) == Decimal('0.25')
    assert [(p['part_id'], Decimal(p['quantity'])) for p in done['parts']] == [(part['id'], Decimal('1'))]
    assert [s['state'] for s in done['steps']] == ['done'] * 4
    assert done['steps'][1]['value_number'] == 42.5
    photos = api(base_url, token, 'GET', f'/work-orders/{wo["id"]}/photos').json()
    assert [p['file_name'] for p in photos] == ['pump-after.png']


def test_complete_names_the_open_steps_and_a_failed_check_raises_a_follow_up(
    sqlite_url: str, signed_in: SignedIn, request
):
    token = api_token(sqlite_url)
    wo, _part, _site = _job_for_the_technician(sqlite_url, token, due_in=timedelta(hours=3), priority='medium')
    page = signed_in(sqlite_url, TECHNICIAN, viewport=TABLET)
    page.goto(f'{sqlite_url}/my-work/{wo["id"]}')
    _tap(page, 'Start')
    _step(page, 3).get_by_role('button', name='Fail').click()
    failed = _step(page, 3)
    expect(failed).to_have_attribute('data-state', 'failed')
    failed.get_by_role('button', name='Create follow-up').click()
    expect(failed.get_by_role('button', name='Follow-up raised — open it')).to_be_visible()

    _tap(page, 'Complete')
    sheet = page.locator('.q-dialog').last
    expect(sheet.get_by_text('Not yet: 2 required steps are not done')).to_be_visible()
    expect(sheet.get_by_role('button', name='1. Isolate and lock out the drive')).to_be_visible()
    expect(sheet.get_by_role('button', name='2. Bearing temperature')).to_be_visible()
    _shot(page, request, 'pending', sheet=True)
    sheet.get_by_role('button', name='OK').click()

    current = api(sqlite_url, token, 'GET', f'/work-orders/{wo["id"]}').json()
    assert current['status'] == 'in_progress'
    follow_up = api(sqlite_url, token, 'GET', f'/work-orders/{current["steps"][2]["follow_up_work_order_id"]}').json()
    assert follow_up['follow_up_of_id'] == wo['id'] and follow_up['work_type'] == 'corrective'
    for work_order_id in (wo['id'], follow_up['id']):  # leave the technician's list as the demo made it
        cancelled = api(sqlite_url, token, 'PUT', f'/work-orders/{work_order_id}/status', json={'status': 'cancelled'})
        assert cancelled.status_code == 200, cancelled.text


def test_esc_closes_the_pause_and_complete_sheets_on_a_tablet(sqlite_url: str, signed_in: SignedIn):
    token = api_token(sqlite_url)
    wo, _part, _site = _job_for_the_technician(sqlite_url, token, due_in=timedelta(hours=5), priority='low')
    page = signed_in(sqlite_url, TECHNICIAN, viewport=TABLET)
    page.goto(f'{sqlite_url}/my-work/{wo["id"]}')
    _tap(page, 'Start')
    for position in (1, 2, 3):
        if position == 2:
            _step(page, 2).get_by_label('Reading for step 2').fill('40')
            _step(page, 2).get_by_role('button', name='Save').click()
        elif position == 3:
            _step(page, 3).get_by_role('button', name='Pass').click()
            expect(_step(page, 3).get_by_text('Passed')).to_be_visible()  # a passed check says so
        else:
            _step(page, 1).get_by_role('button', name='Tick as done').click()
        expect(_step(page, position)).to_have_attribute('data-state', 'done')
    for button in ('Pause', 'Complete'):
        _tap(page, button)
        sheet = page.locator('.q-dialog').last
        expect(sheet).to_be_visible()
        page.wait_for_timeout(400)  # the sheet slides up and takes the focus
        page.keyboard.press('Escape')
        expect(page.locator('.q-dialog')).to_have_count(0)
    assert api(sqlite_url, token, 'GET', f'/work-orders/{wo["id"]}').json()['status'] == 'in_progress'
    cancelled = api(sqlite_url, token, 'PUT', f'/work-orders/{wo["id"]}/status', json={'status': 'cancelled'})
    assert cancelled.status_code == 200, cancelled.text


def test_nothing_assigned_says_what_to_do_next(sqlite_url: str, page: Page, request):
    newcomer = create_user(sqlite_url, role='technician')
    page.set_viewport_size(TABLET)
    login(page, sqlite_url, newcomer['email'], newcomer['password'])
    page.goto(f'{sqlite_url}/my-work')
    expect(page.get_by_text('Nothing assigned to you — enjoy the quiet, or check the board')).to_be_visible()
    page.get_by_role('button', name='Open the board').click()
    page.wait_for_url('**/work-orders')


@pytest.mark.parametrize('viewport', [TABLET, DESKTOP], ids=['tablet', 'desktop'])
def test_the_demo_day_of_the_technician(sqlite_url: str, signed_in: SignedIn, request, viewport: dict):
    """Reference screenshots of Tina's demo day; every target on the tablet is at least 44 px."""
    page = signed_in(sqlite_url, TECHNICIAN, viewport=viewport)
    page.goto(f'{sqlite_url}/my-work')
    expect(page.locator('[data-my-work-card]').first).to_be_visible()
    screenshot(page, request, 'list')
    page.locator('[data-my-work-card]').first.click()
    expect(page.get_by_role('button', name='Used a part')).to_be_visible()
    _shot(page, request, 'view')
    screenshot(page, request, 'view-whole')
    if viewport is TABLET:
        small = page.evaluate(
            """() => [...document.querySelectorAll('button, a, input, textarea')]
                .filter(e => e.offsetParent !== null && !e.closest('.q-header, .q-drawer'))
                .map(e => e.getBoundingClientRect()).filter(r => r.height < 44 && r.width > 0).length"""
        )
        assert small <= 1  # the one text link to the full work order page


# --- helpers ----------------------------------------------------------------------------------------------------


def _job_for_the_technician(base_url: str, token: str, *, due_in: timedelta, priority: str) -> tuple[dict, dict, int]:
    """A scheduled work order with four steps at Hamburg, assigned to the technician, and a part stocked there (5)."""
    technician = api(base_url, token, 'GET', '/users', params={'q': TECHNICIAN}).json()['items'][0]
    found = api(base_url, token, 'GET', '/assets', params={'q': 'HAM-PMP', 'asset_type': 'equipment'}).json()
    asset = next(a for a in found['items'] if a['code'].startswith('HAM-PMP'))
    site_id = asset['site_id']
    part = api(
        base_url,
        token,
        'POST',
        '/parts',
        json={
            'part_number': unique('E2E-SEAL').replace(' ', '-'),
            'name': unique('Seal kit for my work'),
            'unit': 'pcs',
            'unit_cost': '12.50',
            'stock': [{'site_id': site_id, 'on_hand': '5', 'min_stock': '1'}],
        },
    )
    assert part.status_code == 201, part.text
    created = api(
        base_url,
        token,
        'POST',
        '/work-orders',
        json={
            'title': unique('Replace the pump seal'),
            'asset_id': asset['id'],
            'work_type': 'corrective',
            'priority': priority,
            'status': 'scheduled',
            'assignee_id': technician['id'],
            'due_at': (datetime.now(UTC) + due_in).isoformat(),
            'steps': STEPS,
        },
    )
    assert created.status_code == 201, created.text
    return created.json(), part.json(), site_id


def _shot(page: Page, request: pytest.FixtureRequest, label: str, *, sheet: bool = False) -> None:
    """What the person sees at this viewport (fixed bars where they are), without toasts (and sheets, unless asked)."""
    if sheet:
        page.wait_for_timeout(500)  # the sheet slides up
    else:
        expect(page.locator('.q-dialog')).to_have_count(0)
    page.evaluate("document.querySelectorAll('.q-notification').forEach(n => n.remove())")
    size = page.viewport_size
    name = re.sub(r'[^\w.-]+', '-', request.node.name).strip('-') + f'-{label}'
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=OUTPUT_DIR / f'{name}-{size["width"]}x{size["height"]}.png')


def _step(page: Page, position: int):
    return page.locator(f'[data-step="{position}"]')


def _tap(page: Page, name: str) -> None:
    page.locator('.q-footer').get_by_role('button', name=name).click()


def _on_hand(base_url: str, token: str, part_id: int, site_id: int) -> Decimal:
    found = api(base_url, token, 'GET', f'/parts/{part_id}').json()
    return next(Decimal(s['on_hand']) for s in found['stock'] if s['site_id'] == site_id)


def _png() -> bytes:
    """A real 8×8 PNG (the service reads the type from the content)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b''.join(b'\x00' + b'\xc0\x30\x30' * 8 for _ in range(8))
    header = struct.pack('>IIBBBBB', 8, 8, 8, 2, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
