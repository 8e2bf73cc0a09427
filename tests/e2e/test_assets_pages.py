"""The asset pages in Chromium: the server-side list with filters in the URL, the detail tabs, the edit dialog
with field errors, the touch-sized condition dialog, and who sees which action.

Every test makes its own assets through the JSON API (unique codes), so nothing depends on the demo assets.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import DEMO_LOGINS, DESKTOP, OUTPUT_DIR, TABLET, api, api_token, login

GRID_ROWS = '.ag-center-cols-container .ag-row:not(.ag-row-loading)'


def make_assets(base_url: str, *specs: dict) -> list[dict]:
    """Create assets as the demo admin; each spec overrides the defaults (a unique code and name)."""
    token = api_token(base_url)
    made = []
    for spec in specs:
        body = {'code': f'E2E-{uuid.uuid4().hex[:10]}', 'name': 'E2E asset', 'asset_type': 'equipment'} | spec
        response = api(base_url, token, 'POST', '/assets', json=body)
        assert response.status_code == 201, response.text
        made.append(response.json())
    return made


def get_asset(base_url: str, asset_id: int) -> dict:
    response = api(base_url, api_token(base_url), 'GET', f'/assets/{asset_id}')
    assert response.status_code == 200, response.text
    return response.json()


def shot(page: Page, request: pytest.FixtureRequest, label: str, *, full_page: bool = True) -> None:
    """tests/output/<test>-<label>-<w>x<h>.png; dialogs at the viewport size, where their backdrop ends."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    name = re.sub(r'[^\w.-]+', '-', request.node.name).strip('-')
    page.wait_for_timeout(300)  # let transitions settle
    page.screenshot(path=OUTPUT_DIR / f'{name}-{label}-{size["width"]}x{size["height"]}.png', full_page=full_page)


def field(scope: Locator, label: str) -> Locator:
    """The whole Quasar field around an input, where its error message shows."""
    return scope.locator('.q-field').filter(has=scope.page.get_by_label(label, exact=True))


def pick(page: Page, label: str, *options: str) -> None:
    """Choose options in the (multi-)select labelled ``label``, then close its menu."""
    page.get_by_label(label, exact=True).click()
    for option in options:
        page.get_by_role('option', name=option, exact=True).click()
    page.keyboard.press('Escape')


def open_tab(page: Page, name: str) -> None:
    page.get_by_role('tab', name=name).click()
    expect(page.get_by_role('tab', name=name)).to_have_attribute('aria-selected', 'true')


def badge(page: Page, kind: str) -> Locator:
    return page.locator(f'[aria-label^="{kind} "]').first


def test_search_and_status_chip_narrow_the_grid_and_stay_in_the_url(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    tag = uuid.uuid4().hex[:8]
    _, *broken = make_assets(
        base_url,
        {'name': f'Feed pump {tag}', 'status': 'operational', 'location': {'building': 'Hall 7', 'room': 'R2'}},
        {'name': f'Press {tag}', 'status': 'repair', 'condition': 'poor', 'criticality': 'high'},
        {'name': f'Crane {tag}', 'status': 'repair', 'condition': 'critical', 'criticality': 'critical'},
    )
    login(page, base_url, DEMO_LOGINS['admin'])
    page.goto(f'{base_url}/assets')
    expect(page.get_by_role('button', name='Add asset')).to_be_visible()
    page.get_by_label('Search code, name, serial…').fill(tag)
    expect(page.locator(GRID_ROWS)).to_have_count(3)
    expect(page.get_by_text('3 assets', exact=True)).to_be_visible()

    pick(page, 'Status', 'Repair')
    expect(page.locator(GRID_ROWS)).to_have_count(2)
    expect(page.get_by_text('2 assets', exact=True)).to_be_visible()
    expect(page.locator(GRID_ROWS).filter(has_text='Feed pump')).to_have_count(0)
    expect(page).to_have_url(re.compile(rf'q={tag}.*status=repair'))
    shot(page, request, 'list-filtered')

    page.reload()  # the filters live in the URL: the same list comes back
    expect(page.locator(GRID_ROWS)).to_have_count(2)
    expect(page.get_by_label('Search code, name, serial…')).to_have_value(tag)

    page.get_by_role('button', name='Clear filters').first.click()
    page.get_by_label('Search code, name, serial…').fill(f'nothing-matches-{tag}')
    expect(page.get_by_text('No assets match these filters')).to_be_visible()
    shot(page, request, 'list-empty', full_page=False)

    page.goto(f'{base_url}/assets?q={tag}&sort=name')
    page.locator(GRID_ROWS).filter(has_text=broken[0]['code']).click()
    expect(page).to_have_url(f'{base_url}/assets/{broken[0]["id"]}')
    expect(page.get_by_text(f'Press {tag}', exact=True).first).to_be_visible()


def test_edit_shows_the_field_error_saves_nothing_then_a_valid_edit_lands_in_history(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    (asset,) = make_assets(sqlite_url, {'name': 'Boiler to edit'})
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/assets/{asset["id"]}')
    page.get_by_role('button', name='Edit').click()
    dialog = page.get_by_role('dialog')
    dialog.get_by_label('Latitude', exact=True).fill('95')
    dialog.get_by_label('Longitude', exact=True).fill('10')
    dialog.get_by_role('button', name='Save').click()
    expect(field(dialog, 'Latitude')).to_contain_text('Must be 90 or less')
    shot(page, request, 'edit-error', full_page=False)
    assert get_asset(sqlite_url, asset['id'])['location']['latitude'] is None
    assert get_asset(sqlite_url, asset['id'])['version'] == asset['version']

    dialog.get_by_label('Latitude', exact=True).fill('53.55')
    dialog.get_by_label('Name', exact=True).fill('Boiler, edited')
    dialog.get_by_label('Why (shown in the history)').fill('survey 2026')
    dialog.get_by_role('button', name='Save').click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text('Boiler, edited', exact=True).first).to_be_visible()
    open_tab(page, 'History')
    expect(page.get_by_text('Name changed')).to_be_visible()
    expect(page.get_by_text('Moved')).to_be_visible()
    expect(page.get_by_text('“survey 2026”').first).to_be_visible()
    assert get_asset(sqlite_url, asset['id'])['location']['latitude'] == 53.55


def test_a_technician_updates_the_condition_on_a_tablet(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    (asset,) = make_assets(sqlite_url, {'name': 'Chiller on the roof', 'condition': 'good'})
    page.set_viewport_size(TABLET)
    login(page, sqlite_url, DEMO_LOGINS['technician'])
    page.goto(f'{sqlite_url}/assets/{asset["id"]}')
    expect(badge(page, 'condition')).to_contain_text('Good')
    expect(page.get_by_role('button', name='Edit')).to_have_count(0)
    page.get_by_role('button', name='Update condition').click()
    dialog = page.get_by_role('dialog')
    critical = dialog.get_by_role('button', name='Condition critical')
    expect(critical).to_be_visible()
    page.wait_for_timeout(400)  # the dialog grows in
    box = critical.bounding_box()
    assert box is not None and box['height'] >= 44 and box['width'] >= 300  # a thumb, in gloves
    critical.click()
    expect(critical).to_have_attribute('aria-pressed', 'true')
    dialog.get_by_label('Note (optional)').fill('compressor trips')
    shot(page, request, 'condition-dialog', full_page=False)
    dialog.get_by_role('button', name='Save condition').click()
    expect(dialog).to_be_hidden()
    expect(badge(page, 'condition')).to_contain_text('Critical')
    open_tab(page, 'History')
    expect(page.get_by_text('Condition assessed')).to_be_visible()
    expect(page.get_by_text('“compressor trips”')).to_be_visible()
    shot(page, request, 'history')
    assert get_asset(sqlite_url, asset['id'])['condition'] == 'critical'


def test_a_viewer_sees_neither_edit_nor_condition(page: Page, sqlite_url: str) -> None:
    (asset,) = make_assets(sqlite_url, {'name': 'Read-only asset'})
    login(page, sqlite_url, DEMO_LOGINS['viewer'])
    page.goto(f'{sqlite_url}/assets/{asset["id"]}')
    expect(page.get_by_text('Read-only asset', exact=True).first).to_be_visible()
    expect(page.get_by_role('button', name='Print label')).to_be_visible()
    for action in ('Edit', 'Update condition', 'Move'):
        expect(page.get_by_role('button', name=action)).to_have_count(0)
    page.goto(f'{sqlite_url}/assets')
    expect(page.get_by_role('button', name='Export')).to_be_visible()
    expect(page.get_by_role('button', name='Add asset')).to_have_count(0)
    expect(page.get_by_role('button', name='Import')).to_have_count(0)


def test_a_lower_reading_on_a_cumulative_meter_shows_the_error_under_the_field(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    (asset,) = make_assets(sqlite_url, {'name': 'Compressor with hours'})
    token = api_token(sqlite_url)
    meter = api(
        sqlite_url, token, 'POST', f'/assets/{asset["id"]}/meters', json={'name': 'Run hours', 'unit': 'h'}
    ).json()
    api(sqlite_url, token, 'POST', f'/assets/{asset["id"]}/meters/{meter["id"]}/readings', json={'value': 1200})
    login(page, sqlite_url, DEMO_LOGINS['technician'])
    page.goto(f'{sqlite_url}/assets/{asset["id"]}?tab=meters')
    expect(page.get_by_text('1,200 h').first).to_be_visible()
    page.get_by_role('button', name='Record reading').click()
    dialog = page.get_by_role('dialog')
    dialog.get_by_label('Reading', exact=True).fill('1100')
    dialog.get_by_role('button', name='Save reading').click()
    expect(field(dialog, 'Reading')).to_contain_text('cannot be lower')
    shot(page, request, 'reading-error', full_page=False)
    dialog.get_by_label('Reading', exact=True).fill('1234.5')
    dialog.get_by_role('button', name='Save reading').click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text('1,234.5 h').first).to_be_visible()


@pytest.mark.parametrize('viewport', [DESKTOP, TABLET], ids=['desktop', 'tablet'])
def test_screens(page: Page, sqlite_url: str, request: pytest.FixtureRequest, viewport: dict) -> None:
    """Every tab once, the list, and the add dialog, for looking at (tests/output/)."""
    parent, child = make_assets(
        sqlite_url,
        {
            'name': 'Packaging line 4',
            'asset_type': 'system',
            'manufacturer': 'Krones',
            'model': 'Modulfill',
            'serial_number': 'KR-2291',
            'install_date': '2019-05-02',
            'purchase_cost': '245000.00',
            'expected_life_years': 20,
            'attributes': {'voltage': 400, 'line': 'L4'},
            'location': {'building': 'Hall A', 'floor': '1', 'room': 'Bay 3', 'latitude': 53.55, 'longitude': 9.99},
        },
        {'name': 'Filler motor', 'asset_type': 'component', 'status': 'maintenance', 'condition': 'fair'},
    )
    api(sqlite_url, api_token(sqlite_url), 'PATCH', f'/assets/{child["id"]}', json={'parent_id': parent['id']})
    page.set_viewport_size(viewport)
    login(page, sqlite_url, DEMO_LOGINS['admin'])
    page.goto(f'{sqlite_url}/assets')
    expect(page.locator(GRID_ROWS).first).to_be_visible()
    shot(page, request, 'list', full_page=False)
    page.get_by_role('button', name='Add asset').click()
    expect(page.get_by_role('dialog').get_by_label('Code', exact=True)).to_be_visible()
    page.wait_for_timeout(500)  # the dialog grows in
    shot(page, request, 'add-dialog', full_page=False)
    page.get_by_role('dialog').get_by_role('button', name='Cancel').click()

    page.goto(f'{sqlite_url}/assets/{parent["id"]}')
    expect(page.get_by_text('Krones')).to_be_visible()
    shot(page, request, 'overview')
    if viewport == DESKTOP:
        for tab in ('Location', 'Hierarchy', 'Meters', 'Files', 'History'):
            open_tab(page, tab)
            shot(page, request, tab.lower())
        expect(page.get_by_text('Created')).to_be_visible()


def test_edit_conflicts_land_at_their_field_or_ask_for_a_reload(page: Page, sqlite_url: str) -> None:
    """A taken code marks the code, a parent below the asset marks the parent, a stale version asks to reload."""
    parent, child, other = make_assets(sqlite_url, {'name': 'Line'}, {'name': 'Station'}, {'name': 'Other'})
    token = api_token(sqlite_url)
    api(sqlite_url, token, 'PATCH', f'/assets/{child["id"]}', json={'parent_id': parent['id']})
    login(page, sqlite_url, DEMO_LOGINS['admin'])
    page.goto(f'{sqlite_url}/assets/{parent["id"]}')
    page.get_by_role('button', name='Edit').click()
    dialog = page.get_by_role('dialog')

    dialog.get_by_label('Code', exact=True).fill(other['code'])
    dialog.get_by_role('button', name='Save').click()
    expect(field(dialog, 'Code')).to_contain_text('already exists')

    dialog.get_by_label('Code', exact=True).fill(parent['code'])
    dialog.get_by_label('Parent', exact=True).fill(child['code'])  # searched on the server as you type
    page.get_by_role('option', name=f'{child["code"]} — Station').click()
    dialog.get_by_role('button', name='Save').click()
    expect(field(dialog, 'Parent')).to_contain_text('cycle')

    page.keyboard.press('Escape')
    dialog.get_by_role('button', name='Cancel').click()
    page.get_by_role('button', name='Edit').click()
    api(sqlite_url, token, 'PATCH', f'/assets/{parent["id"]}', json={'name': 'Line, renamed elsewhere'})
    dialog.get_by_label('Name', exact=True).fill('Line, mine')
    dialog.get_by_role('button', name='Save').click()
    expect(dialog.get_by_text('Someone else changed this asset')).to_be_visible()
    assert get_asset(sqlite_url, parent['id'])['name'] == 'Line, renamed elsewhere'
    dialog.get_by_role('button', name='Reload').click()
    expect(page.get_by_text('Line, renamed elsewhere', exact=True).first).to_be_visible()


def test_the_export_follows_the_list_filters(page: Page, sqlite_url: str) -> None:
    tag = uuid.uuid4().hex[:8]
    kept, dropped = make_assets(
        sqlite_url, {'name': f'Kept {tag}', 'status': 'standby'}, {'name': f'Dropped {tag}', 'status': 'operational'}
    )
    login(page, sqlite_url, DEMO_LOGINS['viewer'])
    page.goto(f'{sqlite_url}/assets?q={tag}&status=standby')
    expect(page.locator(GRID_ROWS)).to_have_count(1)
    page.get_by_role('button', name='Export').click()
    with page.expect_download() as download:
        page.get_by_text('Export CSV').click()
    text = download.value.path().read_text(encoding='utf-8-sig')
    assert kept['code'] in text
    assert dropped['code'] not in text
    assert download.value.suggested_filename.endswith('.csv')


PNG = bytes.fromhex(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d'
    '0000000049454e44ae426082'
)


def test_photos_upload_download_and_delete_in_the_files_tab(page: Page, sqlite_url: str) -> None:
    (asset,) = make_assets(sqlite_url, {'name': 'Pump with photos'})
    login(page, sqlite_url, DEMO_LOGINS['admin'])
    page.goto(f'{sqlite_url}/assets/{asset["id"]}?tab=files')
    expect(page.get_by_text('No files yet')).to_be_visible()
    camera = page.locator('.q-uploader').first.locator('input[type=file]')
    assert camera.get_attribute('capture') == 'environment'
    assert camera.get_attribute('accept') == 'image/*'
    camera.set_input_files(files=[{'name': 'seal.png', 'mimeType': 'image/png', 'buffer': PNG}])
    row = page.locator('tbody tr').filter(has_text='seal.png')
    expect(row).to_be_visible()
    attachment = api(sqlite_url, api_token(sqlite_url), 'GET', f'/assets/{asset["id"]}/attachments').json()[0]
    response = page.request.get(f'{sqlite_url}/assets/{asset["id"]}/files/{attachment["id"]}')
    assert response.status == 200 and response.body() == PNG
    assert response.headers['content-type'] == 'image/png'

    row.get_by_role('button', name='Delete').click()
    page.get_by_role('dialog').get_by_role('button', name='Delete').click()
    expect(page.get_by_text('No files yet')).to_be_visible()
    assert page.request.get(f'{sqlite_url}/assets/{asset["id"]}/files/{attachment["id"]}').status == 404


def test_rows_chosen_by_checkbox_change_status_together(page: Page, base_url: str, request) -> None:
    tag = uuid.uuid4().hex[:8]
    made = make_assets(base_url, *({'name': f'Bulk {tag} {n}'} for n in range(3)))
    login(page, base_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{base_url}/assets?q={tag}')
    expect(page.locator(GRID_ROWS)).to_have_count(3)
    chosen = []
    for index in (0, 2):  # rows by their place in the grid (the DOM order of AG Grid's rows may differ)
        code = page.locator(f'.ag-center-cols-container .ag-row[row-index="{index}"] [col-id="code"]')
        chosen.append(code.inner_text().strip())
        page.locator(f'.ag-pinned-left-cols-container .ag-row[row-index="{index}"] input[type=checkbox]').click()
    expect(page).to_have_url(re.compile(r'/assets\?q='))  # a checkbox chooses the row, it does not open it
    bar = page.get_by_role('toolbar', name='Chosen assets')
    expect(bar).to_contain_text('2 chosen')
    shot(page, request, 'list-selection', full_page=False)
    bar.get_by_role('button', name='Change status').click()
    page.get_by_label('New status', exact=True).click()
    page.get_by_role('option', name='Standby', exact=True).click()
    page.get_by_role('button', name='Change 2').click()
    expect(page.get_by_text('Changed 2 of 2 assets')).to_be_visible()
    expect(bar).to_be_hidden()
    statuses = {a['code']: get_asset(base_url, a['id'])['status'] for a in made}
    assert statuses == {code: 'standby' if code in chosen else 'operational' for code in statuses}
