"""Signing in and out, the shell around every page, the site filter, dark mode and the 404 page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    ADMIN,
    TABLET,
    SignedIn,
    create_user,
    login,
    screenshot,
    submit_login,
)

DARK = re.compile(r'\bbody--dark\b')
DEMO_SITES = ['Hamburg Works', 'Lyon Assembly', 'Columbus Distribution Center']


def site_card(page: Page, name: str):
    return page.get_by_label(f'Site {name}', exact=True)


def test_fresh_server_sends_to_login_and_admin_sees_the_shell(
    page: Page, base_url: str, request: pytest.FixtureRequest
) -> None:
    page.goto(f'{base_url}/')
    expect(page).to_have_url(f'{base_url}/login?redirect_to=%2F')
    expect(page.get_by_role('button', name='Sign in')).to_have_css('text-transform', 'none')  # not SIGN IN

    login(page, base_url, ADMIN)

    expect(page).to_have_url(f'{base_url}/attention')  # an admin starts with what needs attention
    expect(page.get_by_text('Needs attention', exact=True).last).to_be_visible()
    header = page.locator('header')
    expect(header).to_contain_text('Demo Plant')
    expect(header.get_by_label('User menu')).to_contain_text('Ada Admin')
    drawer = page.locator('.q-drawer')
    for entry in ('Needs attention', 'Sites', 'Admin'):
        expect(drawer.get_by_label(entry, exact=True)).to_be_visible()
    drawer.get_by_label('Sites', exact=True).click()
    expect(page).to_have_url(f'{base_url}/sites')
    for name in DEMO_SITES:
        expect(site_card(page, name)).to_be_visible()
    screenshot(page, request)
    page.set_viewport_size(TABLET)
    expect(site_card(page, DEMO_SITES[0])).to_be_visible()
    screenshot(page, request)


def test_login_returns_to_the_page_asked_for(page: Page, base_url: str) -> None:
    page.goto(f'{base_url}/admin/users')
    expect(page).to_have_url(f'{base_url}/login?redirect_to=%2Fadmin%2Fusers')

    login(page, base_url, ADMIN)

    expect(page).to_have_url(f'{base_url}/admin/users')
    expect(page.locator('tbody')).to_contain_text(ADMIN)


def test_wrong_password_then_lockout_after_five_attempts(page: Page, base_url: str) -> None:
    person = create_user(base_url)
    message = page.get_by_role('alert')

    submit_login(page, base_url, person['email'], 'not-the-password')
    expect(message).to_have_text('wrong email or password')
    for _ in range(4):
        submit_login(page, base_url, person['email'], 'still-not-the-password')
        expect(page.get_by_label('Password', exact=True)).to_have_value('')  # the form answered this attempt
    submit_login(page, base_url, person['email'], person['password'])

    expect(message).to_contain_text('this account is locked after 5 failed logins')
    expect(page).to_have_url(f'{base_url}/login')


def test_dark_mode_follows_the_person_across_logout_and_login(page: Page, sqlite_url: str) -> None:
    base_url = sqlite_url
    person = create_user(base_url)  # not a demo login: its preference must not leak into other tests
    login(page, base_url, person['email'], person['password'])
    body = page.locator('body')
    expect(body).not_to_have_class(DARK)

    page.get_by_label('Toggle dark mode').click()
    expect(body).to_have_class(DARK)
    expect(page.get_by_label('Toggle dark mode')).to_contain_text('light_mode')

    page.get_by_label('User menu').click()
    page.get_by_label('Log out').click()
    expect(page).to_have_url(f'{base_url}/login')
    expect(body).not_to_have_class(DARK)

    login(page, base_url, person['email'], person['password'])
    expect(body).to_have_class(DARK)


def test_unknown_path_shows_the_404_page(signed_in: SignedIn, sqlite_url: str) -> None:
    page = signed_in(sqlite_url, 'viewer@demo.example')

    response = page.goto(f'{sqlite_url}/no/such/page')

    assert response is not None and response.status == 404
    expect(page.get_by_text('Page not found')).to_be_visible()
    expect(page.get_by_text('There is no page at /no/such/page.')).to_be_visible()
    expect(page.get_by_label('Site filter')).to_be_visible()  # inside the shell
    expect(page.get_by_role('button', name='Go to the start page')).to_have_css('text-transform', 'none')
    page.get_by_role('button', name='Go to the start page').click()
    expect(page).to_have_url(f'{sqlite_url}/attention')


def test_site_filter_narrows_the_sites_and_stays_while_navigating(page: Page, sqlite_url: str) -> None:
    base_url = sqlite_url
    login(page, base_url, 'supervisor@demo.example')
    page.goto(f'{base_url}/sites')
    site_filter = page.get_by_label('Site filter')
    expect(site_card(page, 'Hamburg Works')).to_be_visible()

    site_filter.click()
    page.get_by_role('option', name='Lyon Assembly').click()

    expect(site_card(page, 'Hamburg Works')).to_have_count(0)
    expect(site_card(page, 'Lyon Assembly')).to_be_visible()
    expect(page.get_by_text('Demo Plant · 1 site', exact=True)).to_be_visible()

    page.goto(f'{base_url}/admin')  # another page (a 403 for this role, still in the shell) and back
    expect(page.get_by_label('Site filter')).to_contain_text('Lyon Assembly')
    page.get_by_label('Sites', exact=True).click()
    expect(page).to_have_url(f'{base_url}/sites')
    expect(page.get_by_label('Site filter')).to_contain_text('Lyon Assembly')
    expect(site_card(page, 'Lyon Assembly')).to_be_visible()
    expect(site_card(page, 'Columbus Distribution Center')).to_have_count(0)


def test_every_page_fits_a_tablet(signed_in: SignedIn, sqlite_url: str) -> None:
    """The drawer folds to icons at 768 px, and neither a page nor its tables scroll sideways."""
    page = signed_in(sqlite_url, ADMIN, TABLET)
    expect(page.locator('.q-drawer--mini')).to_be_visible()
    for path in ('/attention', '/sites', '/admin', '/admin/users', '/admin/sites', '/admin/api-keys', '/admin/audit'):
        page.goto(f'{sqlite_url}{path}')
        expect(page.locator('.q-drawer .cmms-active')).to_have_count(1)
        width = page.evaluate('document.documentElement.scrollWidth')
        assert width <= TABLET['width'], f'{path} is {width} px wide'
        squeezed = page.evaluate(
            "[...document.querySelectorAll('.q-table__middle')].filter(t => t.scrollWidth > t.clientWidth + 1).length"
        )
        assert squeezed == 0, f'a table on {path} scrolls sideways'


def test_on_a_tablet_the_menu_button_opens_the_drawer_with_its_words(
    signed_in: SignedIn, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    """Touch has no tooltips: the icon rail must open with its labels, not hide (and fold again on the next tap)."""
    page = signed_in(sqlite_url, ADMIN, TABLET)
    page.goto(f'{sqlite_url}/sites')
    drawer = page.locator('.q-drawer')
    label = drawer.get_by_text('Work orders', exact=True)
    expect(page.locator('.q-drawer--mini')).to_be_visible()
    expect(label).to_be_hidden()
    menu = page.get_by_role('button', name='Menu', exact=True)
    menu.click()
    expect(label).to_be_visible()
    expect(page.locator('.q-drawer--mini')).to_have_count(0)
    box = drawer.bounding_box()
    assert box and box['x'] >= 0 and box['width'] >= 200, box  # open on the screen, wide enough for the words
    screenshot(page, request)
    menu.click()
    expect(page.locator('.q-drawer--mini')).to_be_visible()
    expect(label).to_be_hidden()
    drawer.get_by_label('Work orders', exact=True).click()  # the rail still works by its icons
    expect(page).to_have_url(re.compile(r'/work-orders'))
