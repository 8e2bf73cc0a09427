"""Maintenance schedules through the API: every route × role, 404 for another organisation's plans, every bad
field named at once with nothing written, and plans whose next dates explain themselves (calendar moves, usage
projections, whichever comes first, paused plans)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from app.assets import meters
from app.assets.schemas import MeterCreate, MeterReadingCreate
from app.core.enums import Role
from app.core.models import AuditEntry
from app.core.permissions import Permission
from app.maintenance.models import MaintenanceSchedule
from tests.support.access import Endpoint, World, assert_not_found, permission_matrix, routes_in, routes_of
from tests.support.api import client, problem
from tests.support.organizations import Org, make_org, make_site
from tests.support.services import call, make_asset
from tests.support.snapshots import Holdings, snapshot

pytestmark = pytest.mark.usefixtures('backend')
PLANS = Holdings((MaintenanceSchedule, AuditEntry))
BASE = '/api/v1/maintenance/schedules'
MONDAY_2031 = '2031-01-06T07:00:00+01:00'  # far enough ahead to stay in the future


def quarterly(asset_id: int, **fields) -> dict:
    return {
        'name': 'Quarterly service',
        'asset_id': asset_id,
        'frequency': 'quarterly',
        'start_at': MONDAY_2031,
        'estimated_hours': '2.5',
        **fields,
    }


def add_plan(org: Org, asset_id: int, **fields) -> dict:
    response = client().post(BASE, headers=org.headers(Role.SUPERVISOR), json=quarterly(asset_id, **fields))
    assert response.status_code == 201, response.text
    return response.json()


def new_world() -> World:
    org = make_org()
    asset = make_asset(org, site_id=org.site_id)
    return World(org, {'asset_id': asset.id, 'schedule_id': add_plan(org, asset.id)['id']})


@pytest.fixture(scope='module')
def world_factory() -> Callable[[], World]:
    return new_world


READ, MANAGE = Permission.WORK_ORDERS_READ, Permission.WORK_ORDERS_MANAGE
ENDPOINTS = [
    Endpoint('POST', '/maintenance/schedules', MANAGE, lambda w: quarterly(w.ids['asset_id']), 201, True),
    Endpoint('GET', '/maintenance/schedules', READ),
    Endpoint('POST', '/maintenance/schedules/preview', READ, lambda w: quarterly(w.ids['asset_id'])),
    Endpoint('GET', '/maintenance/schedules/{schedule_id}', READ),
    Endpoint('PATCH', '/maintenance/schedules/{schedule_id}', MANAGE, lambda _: {'priority': 'high'}, 200, True),
    Endpoint('GET', '/maintenance/forecast?first_day=2031-01-01&last_day=2031-03-31', READ),
]

test_role_gets_exactly_what_the_permission_table_grants, test_no_or_bad_credentials_are_401 = permission_matrix(
    ENDPOINTS, PLANS
)


@pytest.mark.parametrize('endpoint', [e for e in ENDPOINTS if '{schedule_id}' in e.path], ids=str)
def test_unknown_and_other_organisations_plans_are_404(world: World, other_world: World, endpoint: Endpoint):
    assert_not_found(endpoint, world, other_world, PLANS, ('schedule_id',))


def test_another_organisations_asset_cannot_be_planned(world: World, other_world: World):
    before = snapshot(world.org.id, PLANS)
    response = client().post(BASE, headers=world.org.headers(Role.ADMIN), json=quarterly(other_world.ids['asset_id']))
    assert [e['field'] for e in problem(response, 422)['errors']] == ['asset_id']
    assert snapshot(world.org.id, PLANS) == before


def test_every_route_is_in_the_matrix():
    from app.maintenance.schedules_api import router

    assert routes_of(router) == {(method, path.split('?')[0]) for method, path in routes_in(ENDPOINTS)}


def test_a_quarterly_plan_lists_its_next_dates_each_explained_with_the_calendar_moves():
    org = make_org()
    asset = make_asset(org, site_id=make_site(org, timezone='Europe/Berlin').id)
    plan = add_plan(org, asset.id)
    assert plan['trigger'] == 'time' and plan['triggers'] == ['time']
    assert plan['next_due_at'] == '2031-01-06T06:00:00Z'
    assert plan['next_due_explanation'] == 'every quarter from the start on Mon 6 Jan 2031'
    upcoming = plan['upcoming']
    assert len(upcoming) == 10
    assert [u['local'] for u in upcoming[:3]] == [
        'Mon 6 Jan 2031 07:00',
        'Fri 4 Apr 2031 07:00',
        'Fri 4 Jul 2031 07:00',
    ]
    assert upcoming[1]['explanation'] == (
        'every quarter from the start on Mon 6 Jan 2031; moved from Sun 6 Apr 2031 to Fri 4 Apr 2031: '
        'site closed on weekends'
    )
    assert client().get(f'{BASE}/{plan["id"]}', headers=org.headers(Role.VIEWER)).json()['upcoming'] == upcoming
    entries = client().get(
        '/api/v1/audit', headers=org.headers(Role.ADMIN), params={'entity_type': 'maintenance_schedule'}
    )
    entry = entries.json()['items'][0]
    assert 'created the maintenance plan Quarterly service' in entry['summary']
    assert entry['changes']['estimated_hours'] == [None, '2.5']  # the decimal as sent, exactly


def test_a_usage_plan_projects_from_the_meters_rate_and_beats_a_yearly_date():
    org = make_org()
    asset = make_asset(org, site_id=org.site_id)
    meter = call(
        meters.add_meter,
        principal=org.supervisor,
        asset_id=asset.id,
        data=MeterCreate(name='Operating hours', unit='h'),
    )
    now = datetime.now(UTC).replace(microsecond=0)
    for day in range(31):
        call(
            meters.record_reading,
            principal=org.supervisor,
            asset_id=asset.id,
            meter_id=meter.id,
            data=MeterReadingCreate(value=1000 + 10 * day, read_at=now - timedelta(days=30 - day)),
        )
    body = quarterly(
        asset.id,
        name='500 h service',
        frequency='annual',
        trigger='time',
        triggers=['time', 'usage'],
        usage_meter='Operating hours',
        usage_every=500,
        start_at=(now - timedelta(days=30, hours=1)).isoformat(),
    )
    plan = client().post(BASE, headers=org.headers(Role.SUPERVISOR), json=body).json()
    explanation = plan['next_due_explanation']
    assert 'every 500 h of Operating hours: due at 1,500 h; at 10 h/day' in explanation, explanation
    assert 'whichever comes first: usage before time' in explanation
    due = datetime.fromisoformat(plan['next_due_at'])
    assert now + timedelta(days=16) <= due <= now + timedelta(days=21)  # 20 days at 10 h/day, placed on a weekday


def test_an_event_plan_has_no_date_and_says_what_it_waits_for():
    org = make_org()
    asset = make_asset(org, site_id=org.site_id)
    body = {
        'name': 'Inspect after repair',
        'asset_id': asset.id,
        'trigger': 'event',
        'event_asset_status': 'repair',
        'event_delay_days': 2,
        'start_at': MONDAY_2031,
    }
    plan = client().post(BASE, headers=org.headers(Role.SUPERVISOR), json=body).json()
    assert plan['next_due_at'] is None
    assert plan['next_due_explanation'] == 'due when the asset becomes repair (+2 days)'


def test_pausing_a_plan_clears_its_next_date_and_a_stale_version_is_409():
    org = make_org()
    plan = add_plan(org, make_asset(org, site_id=org.site_id).id)
    headers = org.headers(Role.SUPERVISOR)
    paused = client().patch(f'{BASE}/{plan["id"]}', headers=headers, json={'active': False, 'version': plan['version']})
    assert paused.status_code == 200, paused.text
    assert (paused.json()['next_due_at'], paused.json()['next_due_explanation']) == (None, 'paused: generates nothing')
    assert paused.json()['upcoming'] == []
    stale = client().patch(f'{BASE}/{plan["id"]}', headers=headers, json={'active': True, 'version': plan['version']})
    problem(stale, 409)
    listed = client().get(BASE, headers=headers, params={'active': False}).json()
    assert [p['id'] for p in listed['items']] == [plan['id']]


@pytest.mark.parametrize(
    ('fields', 'errors'),
    [
        ({'frequency': None}, ['frequency']),
        ({'frequency': 'custom'}, ['rrule']),
        ({'frequency': 'custom', 'rrule': 'FREQ=HOURLY'}, ['rrule']),
        ({'triggers': ['time', 'usage']}, ['usage_meter', 'usage_every']),
        ({'triggers': ['manual', 'time'], 'trigger': 'manual'}, ['triggers']),
        ({'trigger': 'event'}, ['event_asset_status']),
        ({'triggers': ['time', 'time']}, ['triggers']),
        ({'tolerance_pct': 101, 'lead_days': -1}, ['lead_days', 'tolerance_pct']),
        ({'start_at': '2031-01-06T07:00:00'}, ['start_at']),
        ({'assignee_id': 2**62, 'template_id': 2**62}, ['template_id', 'assignee_id']),
    ],
)
def test_a_plan_that_cannot_work_is_422_naming_every_field_and_nothing_is_written(fields: dict, errors: list[str]):
    org = make_org()
    asset = make_asset(org, site_id=org.site_id)
    before = snapshot(org.id, PLANS)
    response = client().post(BASE, headers=org.headers(Role.SUPERVISOR), json=quarterly(asset.id, **fields))
    assert sorted(e['field'] for e in problem(response, 422)['errors']) == sorted(errors)
    assert snapshot(org.id, PLANS) == before


def test_a_patch_cannot_leave_a_plan_that_cannot_work():
    org = make_org()
    plan = add_plan(org, make_asset(org, site_id=org.site_id).id)
    response = client().patch(
        f'{BASE}/{plan["id"]}', headers=org.headers(Role.SUPERVISOR), json={'triggers': ['time', 'usage']}
    )
    assert sorted(e['field'] for e in problem(response, 422)['errors']) == ['usage_every', 'usage_meter']


@pytest.mark.parametrize('field', ['name', 'trigger', 'start_at', 'interval', 'active', 'plan_mode'])
def test_a_field_a_plan_cannot_be_without_is_not_erased_by_a_null(field: str):
    org = make_org()
    plan = add_plan(org, make_asset(org, site_id=org.site_id).id)
    before = snapshot(org.id, PLANS)
    response = client().patch(f'{BASE}/{plan["id"]}', headers=org.headers(Role.SUPERVISOR), json={field: None})
    assert [e['field'] for e in problem(response, 422)['errors']] == [field]
    assert snapshot(org.id, PLANS) == before


def test_triggers_sent_as_null_leave_the_main_trigger_alone():
    org = make_org()
    asset = make_asset(org, site_id=org.site_id)
    plan = add_plan(org, asset.id, triggers=['time', 'event'], event_work_type='corrective')
    changed = client().patch(f'{BASE}/{plan["id"]}', headers=org.headers(Role.SUPERVISOR), json={'triggers': None})
    assert changed.status_code == 200, changed.text
    assert changed.json()['triggers'] == ['time']


def test_a_one_off_custom_rule_is_due_once_at_its_start():
    org = make_org()
    asset = make_asset(org, site_id=org.site_id)
    plan = add_plan(org, asset.id, frequency='custom', rrule='FREQ=DAILY;COUNT=1', start_at='2031-01-06T07:00:00Z')
    assert [u['local'] for u in plan['upcoming']] == ['Mon 6 Jan 2031 07:00']
