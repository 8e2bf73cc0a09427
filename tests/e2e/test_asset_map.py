"""The asset map in Chromium against the demo data: markers and clusters, popups, the floor-plan view, placing an
asset by tapping the list then the plan (it stays after a reload), and a refused drop snapping back."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import TABLET, login, screenshot

SUPERVISOR = 'supervisor@demo.example'
SMALL_DEMO_ASSETS = 300


def open_map(page: Page, base_url: str, path: str = '/map') -> None:
    login(page, base_url, SUPERVISOR)
    page.goto(f'{base_url}{path}', wait_until='commit')  # map tiles (the one outside resource) may never load
    page.locator('.cmms-pin, .cmms-cluster').first.wait_for()


def represented(page: Page) -> int:
    """Assets shown on the map: single markers plus the counts written on the clusters."""
    counts = page.locator('.cmms-cluster > span:first-child').all_inner_texts()
    return page.locator('.cmms-pin').count() + sum(int(text.replace(',', '')) for text in counts)


def test_map_shows_every_located_demo_asset_with_clusters_by_worst_state(page: Page, base_url: str, request):
    open_map(page, base_url)
    expect(page.get_by_text(re.compile(r'[\d,]+ assets on the map'))).to_be_visible()
    total = int(
        re.search(r'([\d,]+) assets', page.get_by_text(re.compile('assets on the map')).inner_text())
        .group(1)
        .replace(',', '')
    )
    assert total >= SMALL_DEMO_ASSETS
    expect(page.locator('.cmms-cluster').first).to_be_visible()
    page.wait_for_timeout(500)  # chunked clustering settles
    assert represented(page) == total
    # Each site holds repairs, so every cluster at this zoom shows the worst state: red with a count badge.
    worst = page.locator('.cmms-cluster').evaluate_all('els => els.map(e => e.dataset.worst)')
    assert worst and set(worst) == {'down'}
    # The label is the real count and the ring the mix of states inside, which add up to it.
    for count, mix, ring in page.locator('.cmms-cluster').evaluate_all(
        "els => els.map(e => [e.dataset.count, e.dataset.mix, e.style.getPropertyValue('--ring')])"
    ):
        assert sum(int(n) for n in mix.split(',')) == int(count) and 'conic-gradient' in ring
    screenshot(page, request, 'clusters')

    page.get_by_role('combobox', name='Site', exact=True).click()
    page.get_by_role('option', name='Hamburg Works').click()
    page.get_by_role('combobox', name='Status', exact=True).click()
    page.get_by_role('option', name='Repair').click()
    page.keyboard.press('Escape')
    expect(page.get_by_text(re.compile(r'^\d+ assets? on the map'))).to_be_visible()
    pins = page.locator('.cmms-pin[data-status="repair"]')
    expect(pins.first).to_be_visible()
    assert page.locator('.cmms-pin:not([data-status="repair"])').count() == 0
    page.wait_for_timeout(500)  # the view settles on the filtered markers
    pins.first.locator('xpath=..').dispatch_event('click')  # pins may overlap; open this one's popup
    popup = page.locator('.cmms-popup')
    expect(popup).to_contain_text('Repair')
    expect(popup).to_contain_text('HAM-')
    expect(popup.get_by_role('link', name=re.compile('Open asset'))).to_have_attribute(
        'href', re.compile(r'/assets/\d+')
    )
    page.wait_for_timeout(600)  # the popup's pan and the closing menu settle
    screenshot(page, request, 'popup')


def test_map_fits_a_tablet_with_the_panel_docked_below(browser, base_url: str, request):
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    try:
        open_map(page, base_url)
        # A tablet starts with the panel folded to its title bar: the map keeps the screen.
        expand = page.get_by_role('button', name='Show filters and legend')
        expect(expand).to_have_attribute('aria-expanded', 'false')
        expect(page.get_by_role('combobox', name='Type', exact=True)).to_be_hidden()
        folded = page.get_by_role('region', name='Map panel').bounding_box()
        assert folded['height'] < TABLET['height'] * 0.1 and folded['y'] > TABLET['height'] * 0.8
        page.wait_for_timeout(500)
        screenshot(page, request, 'map')
        expand.click()
        expect(page.get_by_role('combobox', name='Type', exact=True)).to_be_visible()
        panel = page.get_by_role('region', name='Map panel').bounding_box()
        assert panel['y'] > TABLET['height'] / 3 and panel['width'] > TABLET['width'] / 2
        page.get_by_role('button', name='Collapse panel').click()
        expect(page.get_by_role('combobox', name='Type', exact=True)).to_be_hidden()
        page.get_by_role('button', name='Show filters and legend').click()
        page.get_by_text('Floor plan', exact=True).click()
        expect(page.locator('img.cmms-plan-image')).to_be_visible()
        page.locator('.cmms-plan .cmms-pin').first.wait_for()
        page.wait_for_timeout(600)
        screenshot(page, request, 'plan')
    finally:
        context.close()


def test_unreachable_tiles_leave_the_markers_fast_and_say_how_to_fix_it(page: Page, base_url: str, request):
    # Tile requests that never answer (a plant without internet, a host with no route): markers must not wait.
    page.route(re.compile(r'tile\.openstreetmap\.org'), lambda route: None)
    login(page, base_url, SUPERVISOR)
    started = time.monotonic()
    page.goto(f'{base_url}/map', wait_until='commit')
    page.locator('.cmms-pin, .cmms-cluster').first.wait_for(timeout=5_000)
    assert time.monotonic() - started < 4, 'markers show without waiting for the tiles'
    notice = page.get_by_role('status').filter(has_text='Map tiles could not load from tile.openstreetmap.org')
    expect(notice).to_be_visible(timeout=12_000)
    expect(notice).to_contain_text('CMMS_MAP_TILE_URL')
    assert page.locator('.cmms-cluster, .cmms-pin').count() > 0
    screenshot(page, request, 'no-tiles')
    notice.get_by_role('button', name='Dismiss the tile notice').click()
    expect(notice).to_be_hidden()


def test_failing_tiles_show_the_notice_at_once(page: Page, base_url: str):
    page.route(re.compile(r'tile\.openstreetmap\.org'), lambda route: route.abort('connectionrefused'))
    open_map(page, base_url)
    expect(page.get_by_role('status').filter(has_text='Map tiles could not load')).to_be_visible(timeout=5_000)


def test_floor_plan_view_shows_the_drawing_with_the_placed_machines(page: Page, base_url: str, request):
    open_map(page, base_url, '/map?view=plan')
    image = page.locator('img.cmms-plan-image')
    expect(image).to_be_visible()
    page.wait_for_function("() => document.querySelector('img.cmms-plan-image')?.naturalWidth === 1600")
    expect(page.get_by_role('combobox', name='Building · floor')).to_have_value('Hall A · Ground')
    assert page.locator('.cmms-plan .cmms-pin').count() >= 10
    expect(page.get_by_text(re.compile(r'Not on the plan yet \(\d+\)'))).to_be_visible()
    page.wait_for_timeout(600)
    screenshot(page, request, 'plan')


def test_placing_an_unplaced_asset_by_tapping_the_list_then_the_plan_persists(page: Page, base_url: str):
    open_map(page, base_url, '/map?view=plan')
    entry = page.locator('.cmms-unplaced').first
    code = entry.get_attribute('aria-label').removeprefix('Place ')
    entry.click()
    expect(page.get_by_text(f'Tap the plan where {code} stands.')).to_be_visible()
    box = page.locator('img.cmms-plan-image').bounding_box()
    page.mouse.click(box['x'] + box['width'] * 0.55, box['y'] + box['height'] * 0.7)
    expect(page.get_by_text(f'Placed {code} on Hall A · Ground.')).to_be_visible()
    expect(page.locator(f'.leaflet-marker-icon[title^="{code} "]')).to_have_count(1)

    page.reload(wait_until='commit')
    page.locator('.cmms-plan .cmms-pin').first.wait_for()
    expect(page.locator(f'.leaflet-marker-icon[title^="{code} "]')).to_have_count(1)
    expect(page.locator(f'.cmms-unplaced[aria-label="Place {code}"]')).to_have_count(0)


def test_a_marker_dropped_outside_the_plan_snaps_back_with_the_reason(page: Page, base_url: str):
    open_map(page, base_url, '/map?view=plan')
    image = page.locator('img.cmms-plan-image').bounding_box()
    marker = page.locator('.cmms-plan .leaflet-marker-icon').last
    before = marker.bounding_box()
    page.mouse.move(before['x'] + before['width'] / 2, before['y'] + before['height'] / 2)
    page.mouse.down()
    page.mouse.move(before['x'] + 20, image['y'] + image['height'] + 40, steps=12)
    page.mouse.up()
    expect(page.get_by_text(re.compile(r'Not moved: must be between 0 and 1000 pixels'))).to_be_visible()
    page.wait_for_timeout(300)
    after = marker.bounding_box()
    assert abs(after['x'] - before['x']) < 2 and abs(after['y'] - before['y']) < 2


@pytest.mark.parametrize('role', ['viewer@demo.example'])
def test_viewers_see_the_plan_but_cannot_place_or_upload(page: Page, base_url: str, role: str):
    login(page, base_url, role)
    page.goto(f'{base_url}/map?view=plan', wait_until='commit')
    page.get_by_role('combobox', name='Site', exact=True).click()
    page.get_by_role('option', name='Hamburg Works').click()
    expect(page.locator('img.cmms-plan-image')).to_be_visible()
    expect(page.get_by_text('Not on the plan yet', exact=False)).to_have_count(0)
    expect(page.get_by_role('button', name='Upload a floor plan')).to_have_count(0)
    assert page.locator('.cmms-plan .leaflet-marker-draggable').count() == 0
