"""The kanban board in Chromium: drag and drop through the state machine, a refused drop shaking back with the
reason, the card menu for touch screens, per-column paging, filters in the URL shared with the list, and roles."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_LOGINS, TABLET, login
from tests.e2e.test_work_orders_helpers import (
    CARD,
    card,
    column,
    column_of,
    get_work_order,
    make_work_order,
    notification,
    shot,
    tag,
)


def test_a_card_dragged_to_an_allowed_column_moves_and_stays_there_after_a_reload(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    label = tag()
    work_order = make_work_order(base_url, f'Drag me {label}', status='scheduled', priority='high')
    login(page, base_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{base_url}/work-orders?q={label}')
    expect(card(page, work_order)).to_be_visible()
    assert column_of(page, work_order) == 'scheduled'

    card(page, work_order).drag_to(column(page, 'in_progress'))
    expect(notification(page, f'{work_order["number"]} → In progress')).to_be_visible()
    expect(column(page, 'in_progress').locator(CARD)).to_have_count(1)
    expect(column(page, 'scheduled').locator(CARD)).to_have_count(0)
    expect(column(page, 'in_progress').locator('.cmms-kanban-count')).to_have_text('1')
    shot(page, request, 'moved', full_page=False)

    page.reload()
    expect(card(page, work_order)).to_be_visible()
    assert column_of(page, work_order) == 'in_progress'
    assert get_work_order(base_url, work_order['id'])['status'] == 'in_progress'


def test_a_forbidden_drop_shakes_the_card_back_and_says_why(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    label = tag()
    work_order = make_work_order(base_url, f'Not so fast {label}')  # requested
    login(page, base_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{base_url}/work-orders?q={label}')
    expect(card(page, work_order)).to_be_visible()

    card(page, work_order).drag_to(column(page, 'completed'))
    expect(card(page, work_order)).to_have_class(re.compile('is-shaking'))
    reason = notification(page, 'a requested work order cannot become completed')
    expect(reason).to_be_visible()
    shot(page, request, 'refused', full_page=False)
    assert column_of(page, work_order) == 'requested'
    expect(column(page, 'completed').locator(f'[data-wo-id="{work_order["id"]}"]')).to_have_count(0)
    assert get_work_order(base_url, work_order['id'])['status'] == 'requested'


def test_completing_on_the_board_with_a_pending_required_step_is_refused_by_the_service(
    page: Page, sqlite_url: str
) -> None:
    label = tag()
    steps = [{'title': 'Check the seal', 'kind': 'checkbox', 'required': True}]
    work_order = make_work_order(sqlite_url, f'Steps first {label}', status='in_progress', steps=steps)
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders?q={label}')
    expect(card(page, work_order)).to_contain_text('0/1')
    card(page, work_order).drag_to(column(page, 'completed'))
    expect(notification(page, 'Not moved')).to_contain_text('Check the seal')
    assert column_of(page, work_order) == 'in_progress'
    assert get_work_order(sqlite_url, work_order['id'])['status'] == 'in_progress'


def test_on_a_tablet_a_technician_moves_a_card_with_its_menu(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    label = tag()
    work_order = make_work_order(sqlite_url, f'Tap to start {label}', status='scheduled', priority='critical')
    page.set_viewport_size(TABLET)
    login(page, sqlite_url, DEMO_LOGINS['technician'])
    page.goto(f'{sqlite_url}/work-orders?q={label}')
    menu = page.get_by_role('button', name=f'Move {work_order["number"]}')
    expect(menu).to_be_visible()
    menu.click()
    options = page.get_by_role('menuitem').or_(page.locator('.q-menu .q-item'))
    expect(page.locator('.q-menu')).to_contain_text('In progress')
    expect(page.locator('.q-menu')).not_to_contain_text('Requested')  # unscheduling is a planner's move
    shot(page, request, 'card-menu', full_page=False)
    options.filter(has_text='In progress').click()
    expect(notification(page, '→ In progress')).to_be_visible()
    expect(column(page, 'in_progress').locator(CARD)).to_have_count(1)
    assert get_work_order(sqlite_url, work_order['id'])['status'] == 'in_progress'


def test_filters_live_in_the_url_and_the_list_view_keeps_them(page: Page, sqlite_url: str) -> None:
    label = tag()
    urgent = make_work_order(sqlite_url, f'Urgent {label}', priority='critical')
    calm = make_work_order(sqlite_url, f'Calm {label}', priority='low')
    login(page, sqlite_url, DEMO_LOGINS['admin'])
    page.goto(f'{sqlite_url}/work-orders')
    page.get_by_label('Search number, title, asset…').fill(label)
    expect(page.locator(CARD)).to_have_count(2)
    page.get_by_label('Priority', exact=True).click()
    page.get_by_role('option', name='Critical', exact=True).click()
    page.keyboard.press('Escape')
    expect(page.locator(CARD)).to_have_count(1)
    expect(card(page, urgent)).to_be_visible()
    expect(card(page, calm)).to_have_count(0)
    expect(page).to_have_url(re.compile(rf'q={label}.*priority=critical'))

    page.get_by_role('button', name='List').click()
    expect(page).to_have_url(re.compile(rf'/work-orders/list\?q={label}.*priority=critical'))
    rows = page.locator('.ag-center-cols-container .ag-row:not(.ag-row-loading)')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(urgent['number'])
    page.get_by_role('button', name='Board').click()
    expect(page).to_have_url(re.compile(rf'/work-orders\?q={label}.*priority=critical'))
    expect(page.locator(CARD)).to_have_count(1)


def test_a_busy_column_shows_fifty_cards_then_more_on_request(
    page: Page, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders')
    scheduled = column(page, 'scheduled')
    expect(scheduled.locator(CARD).first).to_be_visible()
    total = int(scheduled.locator('.cmms-kanban-count').inner_text())
    assert total > 50, 'the demo data has more than 50 scheduled work orders'
    expect(scheduled.locator(CARD)).to_have_count(50)
    expect(page.locator('.cmms-kanban-col[data-status="cancelled"] .cmms-kanban-cards')).to_be_hidden()
    shot(page, request, 'board', full_page=False)
    scheduled.get_by_role('button', name=re.compile('Show more')).click()
    expect(scheduled.locator(CARD)).to_have_count(min(total, 100))
    page.set_viewport_size(TABLET)
    page.reload()
    expect(scheduled.locator(CARD).first).to_be_visible()
    shot(page, request, 'board', full_page=False)


def test_a_viewer_sees_the_board_but_cannot_move_or_create(page: Page, sqlite_url: str) -> None:
    label = tag()
    work_order = make_work_order(sqlite_url, f'Look only {label}', status='scheduled')
    login(page, sqlite_url, DEMO_LOGINS['viewer'])
    page.goto(f'{sqlite_url}/work-orders?q={label}')
    expect(card(page, work_order)).to_be_visible()
    expect(card(page, work_order)).to_have_attribute('draggable', 'false')
    expect(page.get_by_role('button', name=f'Move {work_order["number"]}')).to_have_count(0)
    expect(page.get_by_role('button', name='New work order')).to_have_count(0)
    expect(page.get_by_role('button', name='Request work')).to_have_count(0)
    card(page, work_order).click()
    expect(page).to_have_url(f'{sqlite_url}/work-orders/{work_order["id"]}')


def test_card_text_is_shown_as_text_never_as_markup(page: Page, sqlite_url: str) -> None:
    """Cards are drawn as one HTML string per column: every value must be escaped."""
    label = tag()
    title = f'<img src=x onerror="window.cmmsInjected=1"> Seal & "gasket" {label}'
    work_order = make_work_order(sqlite_url, title, status='scheduled')
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders?q={label}')
    expect(card(page, work_order).locator('.cmms-card-title')).to_have_text(title)
    assert card(page, work_order).locator('img').count() == 0
    assert page.evaluate('window.cmmsInjected') is None
    card(page, work_order).locator('.cmms-card-title').click()
    expect(page).to_have_url(re.compile(f'/work-orders/{work_order["id"]}$'))
