"""The board's layout in Chromium: opening Cancelled keeps Requested in view, toasts keep to the bottom-right corner,
completed cards say when they were completed, the medium priority is not a drag handle, Templates has its word."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_LOGINS, login
from tests.e2e.test_work_orders_helpers import CARD, card, column, make_work_order, notification, shot, tag


def test_opening_cancelled_keeps_every_column_in_view(page: Page, sqlite_url: str, request: pytest.FixtureRequest):
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders')
    expect(column(page, 'requested').locator(CARD).first).to_be_visible()
    cancelled = page.locator('.cmms-kanban-col[data-status="cancelled"]')
    cancelled.get_by_role('button').first.click()
    expect(cancelled.locator('.cmms-kanban-cards')).to_be_visible()
    page.wait_for_timeout(300)
    board = page.locator('.cmms-board')
    assert board.evaluate('b => b.scrollLeft') == 0
    assert board.evaluate('b => b.scrollWidth <= b.clientWidth + 1'), 'all six columns fit at 1440 px'
    viewport = page.viewport_size
    for status in ('requested', 'cancelled'):
        box = column(page, status).bounding_box()
        assert box and box['x'] >= 0 and box['x'] + box['width'] <= viewport['width'], status
    shot(page, request, 'cancelled-open', full_page=False)


def test_completed_cards_say_when_and_priorities_and_templates_read_clearly(page: Page, sqlite_url: str) -> None:
    label = tag()
    done = make_work_order(sqlite_url, f'Finished {label}', status='completed', priority='medium')
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders?q={label}')
    finished = card(page, done)
    expect(finished.locator('.cmms-card-due')).to_have_text(re.compile(r'Completed (just now|\d+ min ago)'))
    expect(finished.locator('.cmms-card-priority')).not_to_have_text('drag_handle')
    expect(page.get_by_role('button', name='Templates')).to_contain_text('Templates')


def test_toasts_keep_to_the_bottom_right_corner(page: Page, sqlite_url: str) -> None:
    label = tag()
    work_order = make_work_order(sqlite_url, f'Toast {label}', status='scheduled')
    login(page, sqlite_url, DEMO_LOGINS['supervisor'])
    page.goto(f'{sqlite_url}/work-orders?q={label}')
    card(page, work_order).drag_to(column(page, 'in_progress'))
    toast = notification(page, f'{work_order["number"]} → In progress')
    expect(toast).to_be_visible()
    box, width = toast.bounding_box(), page.viewport_size['width']
    assert box and box['x'] > width / 2, 'in the right half, off the busy first columns'
    requested = column(page, 'requested').bounding_box()
    assert requested and box['x'] >= requested['x'] + requested['width']
