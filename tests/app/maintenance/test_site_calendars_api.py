"""Site calendars through the API: every route × role, 404 for another organisation's sites and closures, bad
input named by field with nothing written, and the calendar's effect: closed days with their reasons."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.core.enums import Role
from app.core.models import AuditEntry, Site
from app.core.permissions import Permission
from app.maintenance.models import SiteCalendarSettings, SiteClosure
from tests.support.access import Endpoint, World, assert_not_found, permission_matrix, routes_in, routes_of
from tests.support.api import client, problem
from tests.support.organizations import make_org, make_site
from tests.support.snapshots import Holdings, snapshot

pytestmark = pytest.mark.usefixtures('backend')
CALENDARS = Holdings((Site, SiteCalendarSettings, SiteClosure, AuditEntry))
SHUTDOWN = {'first_day': '2027-07-26', 'last_day': '2027-08-06', 'reason': 'Summer shutdown'}


def calendar_path(site_id: int) -> str:
    return f'/api/v1/sites/{site_id}/calendar'


def add_closure(org, site_id: int, body: dict | None = None) -> int:
    response = client().post(
        f'{calendar_path(site_id)}/closures', headers=org.headers(Role.ADMIN), json=body or SHUTDOWN
    )
    assert response.status_code == 201, response.text
    return response.json()['id']


def new_world() -> World:
    org = make_org()
    return World(org, {'site_id': org.site_id, 'closure_id': add_closure(org, org.site_id)})


@pytest.fixture(scope='module')
def world_factory() -> Callable[[], World]:
    return new_world


READ, MANAGE = Permission.SITES_READ, Permission.SITES_MANAGE
ENDPOINTS = [
    Endpoint('GET', '/sites/{site_id}/calendar', READ),
    Endpoint('PATCH', '/sites/{site_id}/calendar', MANAGE, lambda _: {'working_days': [0, 1, 2, 3, 4, 5]}, 200, True),
    Endpoint('POST', '/sites/{site_id}/calendar/closures', MANAGE, lambda _: SHUTDOWN, 201, True),
    Endpoint('DELETE', '/sites/{site_id}/calendar/closures/{closure_id}', MANAGE, None, 204, True),
    Endpoint('GET', '/sites/{site_id}/calendar/closed-days?first_day=2027-07-01&last_day=2027-08-31', READ),
]


def with_a_closure_to_remove(world: World, endpoint: Endpoint) -> World:
    """Before a DELETE the world gets a closure of its own, so that every DELETE has one to remove."""
    if endpoint.method == 'DELETE':
        return World(world.org, {**world.ids, 'closure_id': add_closure(world.org, world.org.site_id)})
    return world


test_role_gets_exactly_what_the_permission_table_grants, test_no_or_bad_credentials_are_401 = permission_matrix(
    ENDPOINTS, CALENDARS, setup=with_a_closure_to_remove
)


@pytest.mark.parametrize('endpoint', ENDPOINTS, ids=str)
def test_unknown_and_other_organisations_sites_and_closures_are_404(world: World, other_world: World, endpoint):
    world = with_a_closure_to_remove(world, endpoint)
    assert_not_found(endpoint, world, other_world, CALENDARS, ('site_id', 'closure_id'))


def test_every_route_is_in_the_matrix():
    from app.maintenance.calendar_api import router

    assert routes_of(router) == {(method, path.split('?')[0]) for method, path in routes_in(ENDPOINTS)}


def test_a_site_without_a_calendar_works_weekdays_7_to_16_and_an_admin_sets_a_bavarian_six_day_week():
    org = make_org()
    site = make_site(org, timezone='Europe/Berlin')
    headers = org.headers(Role.ADMIN)
    default = client().get(calendar_path(site.id), headers=headers).json()
    assert default | {'closures': []} == {
        'site_id': site.id,
        'site_name': site.name,
        'timezone': 'Europe/Berlin',
        'working_days': [0, 1, 2, 3, 4],
        'day_starts': '07:00:00',
        'day_ends': '16:00:00',
        'hours_per_day': 9.0,
        'country': None,
        'subdivision': None,
        'policy': 'before',
        'closures': [],
    }
    body = {
        'working_days': [5, 0, 1, 2, 3, 4],
        'country': 'de',
        'subdivision': 'by',
        'day_starts': '06:00',
        'policy': 'after',
    }
    changed = client().patch(calendar_path(site.id), headers=headers, json=body)
    assert changed.status_code == 200, changed.text
    assert changed.json() | {'closures': []} == default | {
        'working_days': [0, 1, 2, 3, 4, 5],
        'country': 'DE',
        'subdivision': 'BY',
        'day_starts': '06:00:00',
        'hours_per_day': 10.0,
        'policy': 'after',
    }
    add_closure(org, site.id)
    days = (
        client()
        .get(
            f'{calendar_path(site.id)}/closed-days',
            headers=headers,
            params={'first_day': '2027-01-01', 'last_day': '2027-01-10'},
        )
        .json()
    )
    assert days == [
        {'day': '2027-01-01', 'reason': "public holiday: New Year's Day"},
        {'day': '2027-01-03', 'reason': 'site closed on Sundays'},
        {'day': '2027-01-06', 'reason': 'public holiday: Epiphany'},
        {'day': '2027-01-10', 'reason': 'site closed on Sundays'},
    ]
    shutdown = (
        client()
        .get(
            f'{calendar_path(site.id)}/closed-days',
            headers=headers,
            params={'first_day': '2027-08-02', 'last_day': '2027-08-02'},
        )
        .json()
    )
    assert shutdown == [{'day': '2027-08-02', 'reason': 'site closed: Summer shutdown'}]


def test_a_new_country_drops_the_old_subdivision_and_the_change_is_audited():
    org = make_org()
    headers = org.headers(Role.ADMIN)
    client().patch(calendar_path(org.site_id), headers=headers, json={'country': 'DE', 'subdivision': 'BY'})
    moved = client().patch(calendar_path(org.site_id), headers=headers, json={'country': 'FR'}).json()
    assert (moved['country'], moved['subdivision']) == ('FR', None)
    entries = client().get('/api/v1/audit', headers=headers, params={'entity_type': 'site'}).json()['items']
    assert any('changed the calendar of' in e['summary'] for e in entries)


@pytest.mark.parametrize(
    ('body', 'field'),
    [
        ({'working_days': []}, 'working_days'),
        ({'working_days': [0, 0]}, 'working_days'),
        ({'working_days': [7]}, 'working_days.0'),
        ({'day_starts': '17:00'}, 'day_ends'),
        ({'country': 'XX'}, 'country'),
        ({'country': 'DE', 'subdivision': 'ZZ'}, 'subdivision'),
        ({'subdivision': 'BY'}, 'subdivision'),
        ({'policy': 'never'}, 'policy'),
        ({'shifts': 3}, 'shifts'),
        ({'working_days': None}, 'working_days'),
        ({'day_starts': None}, 'day_starts'),
        ({'policy': None}, 'policy'),
    ],
)
def test_a_calendar_that_cannot_work_is_422_naming_the_field_and_changes_nothing(body: dict, field: str):
    org = make_org()
    before = snapshot(org.id, CALENDARS)
    errors = problem(client().patch(calendar_path(org.site_id), headers=org.headers(Role.ADMIN), json=body), 422)
    assert [e['field'] for e in errors['errors']] == [field], errors
    assert snapshot(org.id, CALENDARS) == before


@pytest.mark.parametrize(
    ('body', 'field'),
    [
        ({**SHUTDOWN, 'last_day': '2027-07-01'}, 'last_day'),
        ({**SHUTDOWN, 'last_day': '2028-12-31'}, 'last_day'),
        ({**SHUTDOWN, 'reason': ''}, 'reason'),
        ({**SHUTDOWN, 'first_day': 'soon'}, 'first_day'),
    ],
)
def test_a_closure_that_cannot_be_is_422_naming_the_field(body: dict, field: str):
    org = make_org()
    before = snapshot(org.id, CALENDARS)
    response = client().post(f'{calendar_path(org.site_id)}/closures', headers=org.headers(Role.ADMIN), json=body)
    assert [e['field'] for e in problem(response, 422)['errors']] == [field]
    assert snapshot(org.id, CALENDARS) == before


def test_closed_days_are_asked_for_at_most_a_year_at_a_time():
    org = make_org()
    params = {'first_day': '2027-01-01', 'last_day': '2028-06-30'}
    response = client().get(
        f'{calendar_path(org.site_id)}/closed-days', headers=org.headers(Role.VIEWER), params=params
    )
    assert [e['field'] for e in problem(response, 422)['errors']] == ['last_day']
