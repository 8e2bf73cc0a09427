"""axe-core on every page of the app, light and dark, at desktop and tablet size: no serious or critical violation.

axe-core 4.14.1 is vendored in assets/vendor/axe-core/ (see its README) and injected into each page before the
app's own scripts. One browser context per (mode, size) signs in once as an admin made for the check (every page is
open to that role) and visits every page, with a real id where a page needs one: a work order assigned to that
person, so My work and the work view show cards and checklist steps. Dark mode is that person's own preference,
switched with the top bar's button as a person would (demo logins keep their preferences: see conftest).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, DESKTOP, ROOT, TABLET, api, api_token, create_user, login, unique

AXE = ROOT / 'assets' / 'vendor' / 'axe-core' / 'axe.min.js'
BLOCKING = ('serious', 'critical')
DARK = re.compile(r'\bbody--dark\b')
STEPS = [
    {'title': 'Isolate and lock out the drive', 'kind': 'checkbox'},
    {'title': 'Bearing temperature', 'kind': 'number', 'min_value': 20, 'max_value': 70, 'unit': '°C'},
    {'title': 'Guard refitted and tight', 'kind': 'pass_fail'},
]
# Third-party internals the app cannot change; each selector as narrow as the widget allows.
EXCLUDE = [
    ['.q-uploader__header .q-btn'],  # Quasar's uploader draws its add button as an unnamed <a> around its file input
]
RUN_AXE = """exclude => axe.run({include: [document], exclude}, {resultTypes: ['violations']}).then(result =>
    result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n =>
        `${n.target.join(' ')} ${n.html.slice(0, 90)} [`
        + [...n.any, ...n.all, ...n.none].map(c => c.message).join('; ').slice(0, 160) + ']')})))"""


@pytest.mark.parametrize('size', [DESKTOP, TABLET], ids=['desktop', 'tablet'])
@pytest.mark.parametrize('mode', ['light', 'dark'])
def test_no_serious_accessibility_violation_on_any_page(browser: Browser, sqlite_url: str, mode: str, size) -> None:
    base_url = sqlite_url
    context = browser.new_context(viewport=size)
    context.add_init_script(path=str(AXE))
    try:
        page = context.new_page()
        problems = _check(page, base_url, '/login')
        email, work_order_id, asset_id = _person_with_work(base_url)
        login(page, base_url, email)
        if mode == 'dark':
            page.get_by_label('Toggle dark mode').click()
            expect(page.locator('body')).to_have_class(DARK)
        for path in _pages(work_order_id, asset_id):
            problems += _check(page, base_url, path, dark=mode == 'dark')
    finally:
        context.close()
    assert not problems, (
        f'{len(problems)} serious or critical axe violations ({mode}, {size["width"]}×{size["height"]}):\n'
        + '\n'.join(problems)
    )


def _pages(work_order_id: int, asset_id: int) -> list[str]:
    return [
        '/attention',
        '/my-work',
        f'/my-work/{work_order_id}',
        '/work-orders',
        '/work-orders/list',
        f'/work-orders/{work_order_id}',
        '/work-orders/templates',
        '/work-orders/failure-codes',
        '/assets',
        f'/assets/{asset_id}',
        f'/assets/labels?ids={asset_id}',
        '/assets/import',
        '/map',
        '/scan',
        '/parts',
        '/sites',
        '/admin',
        '/admin/users',
        '/admin/sites',
        '/admin/api-keys',
        '/admin/audit',
        '/admin/deliveries',
        '/no/such/page',
    ]


def _check(page: Page, base_url: str, path: str, *, dark: bool = False) -> list[str]:
    """The page's serious and critical violations, one line per rule: page, rule id, impact, what, targets."""
    page.goto(f'{base_url}{path}')
    expect(page.locator('#app .nicegui-content')).to_be_attached()
    if dark:
        expect(page.locator('body')).to_have_class(DARK)
    page.wait_for_timeout(800)  # data the page loads after drawing, transitions: axe measures colours as they are drawn
    violations = page.evaluate(RUN_AXE, EXCLUDE)
    return [
        f'{path}: {v["id"]} ({v["impact"]}) {v["help"]} — '
        + ', '.join(v['targets'][:6])
        + (f' (+{len(v["targets"]) - 6} more)' if len(v['targets']) > 6 else '')
        for v in violations
        if v['impact'] in BLOCKING
    ]


def _person_with_work(base_url: str) -> tuple[str, int, int]:
    """A new admin (its own dark-mode preference) with a due and an overdue job, and the asset those jobs are on."""
    person = create_user(base_url, role='admin', password=DEMO_PASSWORD)
    token = api_token(base_url)
    found = api(base_url, token, 'GET', '/assets', params={'q': 'HAM-PMP', 'asset_type': 'equipment'}).json()
    asset = next(a for a in found['items'] if a['code'].startswith('HAM-PMP'))
    made = []
    for due_in, priority in ((timedelta(days=3), 'medium'), (timedelta(days=-2), 'high')):
        response = api(
            base_url,
            token,
            'POST',
            '/work-orders',
            json={
                'title': unique('Check the pump'),
                'asset_id': asset['id'],
                'work_type': 'preventive',
                'priority': priority,
                'status': 'scheduled',
                'assignee_id': person['id'],
                'due_at': (datetime.now(UTC) + due_in).isoformat(),
                'steps': STEPS,
            },
        )
        assert response.status_code == 201, response.text
        made.append(response.json())
    return person['email'], made[0]['id'], asset['id']
