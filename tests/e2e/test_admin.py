"""The admin pages: who may open them, and what an admin does there (people, sites, API keys, audit log,
deliveries)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import (
    ADMIN,
    DEMO_LOGINS,
    DESKTOP,
    TABLET,
    SignedIn,
    api,
    api_token,
    login,
    screenshot,
    unique,
)

ADMIN_PAGES = {  # path → (page title, something only the real page shows)
    '/admin': ('Admin', 'Who changed what, and when'),
    '/admin/users': ('Users', ADMIN),
    '/admin/sites': ('Sites', 'Hamburg Works'),
    '/admin/api-keys': ('API keys', 'Create API key'),
    '/admin/audit': ('Audit log', 'login succeeded'),
    '/admin/deliveries': ('Deliveries', 'Waiting or retrying'),
}


def dialog(page: Page) -> Locator:
    return page.get_by_role('dialog')


def field(scope: Locator, label: str) -> Locator:
    """The whole Quasar field around an input, where its error message shows."""
    return scope.locator('.q-field').filter(has=scope.page.get_by_label(label, exact=True))


def row(page: Page, text: str) -> Locator:
    return page.locator('tbody tr').filter(has_text=text)


def wait_for_drawer(page: Page, *, mini: bool) -> None:
    """After a resize the drawer folds or unfolds with an animation; wait until it has settled."""
    width = '< 60' if mini else '> 230'
    page.wait_for_function(
        f"(drawer => drawer.offsetWidth {width} && !drawer.classList.contains('q-drawer--mini-animate'))"
        "(document.querySelector('.q-drawer'))"
    )


def choose(page: Page, scope: Locator, label: str, option: str, *, typed: str = '') -> None:
    """Pick an option of a Quasar select; ``typed`` filters a searchable one first."""
    scope.get_by_label(label, exact=True).click()
    if typed:
        scope.get_by_label(label, exact=True).fill(typed)
    page.get_by_role('option', name=option, exact=True).click()


@pytest.mark.parametrize('role', list(DEMO_LOGINS))
def test_only_admins_open_the_admin_pages(
    signed_in: SignedIn, base_url: str, role: str, request: pytest.FixtureRequest
) -> None:
    page = signed_in(base_url, DEMO_LOGINS[role])
    for path, (title, content) in ADMIN_PAGES.items():
        response = page.goto(f'{base_url}{path}')
        assert response is not None
        if role == 'admin':
            assert response.status == 200, path
            expect(page).to_have_title(f'{title} · CMMS Hub')
            expect(page.get_by_text(content).first).to_be_visible()
            expect(page.locator('.q-drawer .cmms-active')).to_contain_text('Admin')
            if request.node.callspec.params['base_url'] == 'sqlite':
                for viewport in (DESKTOP, TABLET):
                    page.set_viewport_size(viewport)
                    wait_for_drawer(page, mini=viewport is TABLET)
                    screenshot(page, request, path.strip('/').replace('/', '-'))
                page.set_viewport_size(DESKTOP)
        else:
            assert response.status == 403, path
            expect(page.get_by_text('Not allowed', exact=True)).to_be_visible()
            expect(page.get_by_text(f'Your role ({role}) may not open this page.', exact=False)).to_be_visible()


def test_admin_invites_and_deactivates_a_person(signed_in: SignedIn, base_url: str) -> None:
    email = f'{unique("invitee").replace(" ", "-")}@example.com'
    page = signed_in(base_url, ADMIN)
    page.goto(f'{base_url}/admin/users')
    page.get_by_role('button', name='Invite user').click()
    form = dialog(page)
    form.get_by_label('Email', exact=True).fill(email)
    form.get_by_label('Name', exact=True).fill('Ina Invitee')
    choose(page, form, 'Home site', 'Lyon Assembly')
    form.get_by_label('Initial password', exact=True).fill('too-short')
    form.get_by_role('button', name='Invite').click()

    expect(field(form, 'Initial password')).to_contain_text('Must be at least 12 characters')
    expect(form.locator('.q-field--error')).to_have_count(1)
    found = api(base_url, api_token(base_url), 'GET', '/users', params={'q': email}).json()
    assert found['total'] == 0

    form.get_by_label('Initial password', exact=True).fill('long-enough-password')
    form.get_by_role('button', name='Invite').click()
    expect(dialog(page)).to_have_count(0)
    invited = row(page, email)
    expect(invited).to_contain_text('Ina Invitee')
    expect(invited).to_contain_text('technician')
    expect(invited).to_contain_text('Lyon Assembly')
    expect(invited).to_contain_text('Active')
    expect(invited).to_contain_text('never')
    search = page.get_by_placeholder('Search name or email')
    search.fill(email.split('@')[0])
    expect(page.locator('tbody tr')).to_have_count(1)
    field(page.locator('main'), 'Search name or email').locator('.q-field__focusable-action').click()  # clear
    expect(row(page, ADMIN)).to_be_visible()

    page.get_by_role('button', name='Invite user').click()  # the same email again: said at the email field
    form = dialog(page)
    form.get_by_label('Email', exact=True).fill(email.upper())
    form.get_by_label('Name', exact=True).fill('Ina Again')
    form.get_by_label('Initial password', exact=True).fill('long-enough-password')
    form.get_by_role('button', name='Invite').click()
    expect(field(form, 'Email')).to_contain_text('cannot be used for a new account')  # neutral: whoever holds it
    form.get_by_role('button', name='Cancel').click()

    invited.get_by_role('button', name='Edit Ina Invitee').click()
    form = dialog(page)
    form.get_by_role('switch').click()
    form.get_by_role('button', name='Save').click()
    expect(dialog(page)).to_have_count(0)
    expect(invited).to_contain_text('Inactive')

    row(page, ADMIN).get_by_role('button', name='Edit Ada Admin').click()  # nobody locks themself out
    form = dialog(page)
    form.get_by_role('switch').click()
    form.get_by_role('button', name='Save').click()
    expect(form).to_contain_text('You cannot deactivate your own account')
    form.get_by_role('button', name='Cancel').click()
    expect(row(page, ADMIN)).to_contain_text('Active')


def test_admin_adds_a_site_with_field_errors_first(signed_in: SignedIn, base_url: str) -> None:
    name = unique('Vienna Plant')
    page = signed_in(base_url, ADMIN)
    page.goto(f'{base_url}/admin/sites')
    page.get_by_role('button', name='Add site').click()
    form = dialog(page)
    form.get_by_label('Name', exact=True).fill('Hamburg Works')
    choose(page, form, 'Timezone', 'Europe/Vienna', typed='Vienna')
    form.get_by_label('Latitude', exact=True).fill('91')
    form.get_by_label('Longitude', exact=True).fill('16.37')
    form.get_by_role('button', name='Save').click()

    expect(field(form, 'Latitude')).to_contain_text('Must be 90 or less')

    form.get_by_label('Latitude', exact=True).fill('48.21')
    form.get_by_role('button', name='Save').click()
    expect(field(form, 'Name')).to_contain_text("A site named 'Hamburg Works' already exists")

    form.get_by_label('Name', exact=True).fill(name)
    form.get_by_role('button', name='Save').click()
    expect(dialog(page)).to_have_count(0)
    added = row(page, name)
    expect(added).to_contain_text('Europe/Vienna')
    expect(added).to_contain_text('48.2100°')
    expect(added).to_contain_text('16.3700°')


def test_api_key_is_shown_once_works_and_stops_working_when_revoked(signed_in: SignedIn, base_url: str) -> None:
    name = unique('SCADA bridge')
    page = signed_in(base_url, ADMIN)
    page.goto(f'{base_url}/admin/api-keys')
    page.get_by_role('button', name='Create API key').click()
    dialog(page).get_by_label('Name', exact=True).fill(name)
    dialog(page).get_by_role('button', name='Create').click()

    shown = page.get_by_label('New API key')
    expect(shown).to_contain_text('cmms_')
    expect(page.get_by_text('It will not be shown again', exact=False)).to_be_visible()
    expect(page.get_by_role('button', name='Copy')).to_be_visible()
    key = shown.inner_text().strip()
    page.get_by_role('button', name='I have stored the key').click()
    expect(page.get_by_label('New API key')).to_have_count(0)
    assert key not in page.content()
    expect(row(page, name)).to_contain_text('Active')

    sites = httpx.get(f'{base_url}/api/v1/sites', headers={'Authorization': f'Bearer {key}'}, timeout=10)
    assert sites.status_code == 200
    assert 'Hamburg Works' in {site['name'] for site in sites.json()['items']}

    row(page, name).get_by_role('button', name=f'Revoke {name}').click()
    expect(dialog(page)).to_contain_text('cannot be undone')
    dialog(page).get_by_role('button', name='Revoke key').click()
    expect(row(page, name)).to_contain_text('Revoked')
    expect(row(page, name).get_by_role('button', name=f'Revoke {name}')).to_have_count(0)

    refused = httpx.get(f'{base_url}/api/v1/sites', headers={'Authorization': f'Bearer {key}'}, timeout=10)
    assert refused.status_code == 401


def test_audit_log_filters_and_shows_each_change(page: Page, base_url: str) -> None:
    token = api_token(base_url)
    name = unique('Audit Works')
    created = api(base_url, token, 'POST', '/sites', json={'name': name, 'timezone': 'UTC'})
    assert created.status_code == 201, created.text
    api(base_url, token, 'PATCH', f'/sites/{created.json()["id"]}', json={'timezone': 'Europe/Paris'})
    login(page, base_url, ADMIN)
    page.goto(f'{base_url}/logout')  # the logout is on the record too
    login(page, base_url, ADMIN)

    page.goto(f'{base_url}/admin/audit')
    choose(page, page.locator('main'), 'What', 'Site')
    updated = row(page, f'updated site {name}')
    expect(updated).to_contain_text(ADMIN)
    expect(updated).to_contain_text('Update')
    updated.click()
    diff = updated.locator('xpath=following-sibling::tr[1]')
    expect(diff).to_contain_text('Timezone')
    expect(diff).to_contain_text('UTC')
    expect(diff).to_contain_text('Europe/Paris')
    row(page, f'created site {name}').click()
    expect(row(page, f'created site {name}').locator('xpath=following-sibling::tr[1]')).to_contain_text(name)

    page.get_by_label('Action', exact=True).click()
    page.get_by_role('option', name='Logout', exact=True).click()
    expect(page.get_by_text('No entries match')).to_be_visible()  # "What: site" still applies
    field(page.locator('main'), 'What').locator('.q-field__focusable-action').click()  # clear "What"
    expect(row(page, f'{ADMIN} logged out').first).to_be_visible()

    today = datetime.now(UTC).date()
    page.get_by_label('From', exact=True).fill((today - timedelta(days=1)).isoformat())
    expect(row(page, f'{ADMIN} logged out').first).to_be_visible()
    page.get_by_label('To', exact=True).fill((today - timedelta(days=2)).isoformat())
    expect(page.get_by_text('No entries match')).to_be_visible()
