"""The forecast through the API: the plans' occurrences in a range and each site's days against technician
capacity from its calendar; overloaded days flagged; other organisations' sites are 404."""

from __future__ import annotations

import pytest

from app.core.enums import Role
from tests.support.api import client, problem
from tests.support.organizations import make_member, make_org, make_site
from tests.support.services import make_asset

pytestmark = pytest.mark.usefixtures('backend')
FORECAST = '/api/v1/maintenance/forecast'
PLANS = '/api/v1/maintenance/schedules'


def test_a_week_of_daily_plans_against_one_technicians_day_shows_the_overloaded_days():
    org = make_org()
    site = make_site(org, timezone='Europe/Berlin')
    headers = org.headers(Role.SUPERVISOR)
    technician = make_member(org, Role.TECHNICIAN)
    client().patch(f'/api/v1/users/{technician.user.id}', headers=org.headers(Role.ADMIN), json={'site_id': site.id})
    for hours, name in ((5, 'Daily round'), (4, 'Daily clean')):
        body = {
            'name': name,
            'asset_id': make_asset(org, site_id=site.id).id,
            'frequency': 'daily',
            'start_at': '2031-01-06T07:00:00+01:00',
            'estimated_hours': hours,
        }
        assert client().post(PLANS, headers=headers, json=body).status_code == 201
    params = {'first_day': '2031-01-06', 'last_day': '2031-01-12', 'site_id': site.id}
    answer = client().get(FORECAST, headers=org.headers(Role.VIEWER), params=params)
    assert answer.status_code == 200, answer.text
    forecast = answer.json()
    # A weekday site: Saturday and Sunday are merged into Friday by the policy "before".
    assert [o['day'] for o in forecast['occurrences'] if o['schedule_name'] == 'Daily round'] == [
        '2031-01-06',
        '2031-01-07',
        '2031-01-08',
        '2031-01-09',
        '2031-01-10',
    ]
    monday, saturday = forecast['days'][0], forecast['days'][5]
    assert (monday['planned_hours'], monday['capacity_hours'], monday['technicians']) == (9.0, 9.0, 1)
    assert monday['overloaded'] is False
    assert (saturday['capacity_hours'], saturday['closed']) == (0.0, 'site closed on weekends')
    assert forecast['overloaded_days'] == 0
    # A second daily plan of 2 h overloads every working day of the week.
    body = {'name': 'Daily check', 'asset_id': make_asset(org, site_id=site.id).id, 'frequency': 'daily',
            'start_at': '2031-01-06T07:00:00+01:00', 'estimated_hours': 2}  # fmt: skip
    client().post(PLANS, headers=headers, json=body)
    assert client().get(FORECAST, headers=headers, params=params).json()['overloaded_days'] == 5


def test_a_plan_without_an_estimate_is_counted_apart_and_work_on_a_day_without_capacity_overloads_it():
    org = make_org()
    site = make_site(org)
    body = {'name': 'Weekly look', 'asset_id': make_asset(org, site_id=site.id).id, 'frequency': 'weekly',
            'start_at': '2031-01-06T07:00:00Z'}  # fmt: skip
    client().post(PLANS, headers=org.headers(Role.SUPERVISOR), json=body)
    params = {'first_day': '2031-01-06', 'last_day': '2031-01-06', 'site_id': site.id}
    day = client().get(FORECAST, headers=org.headers(Role.SUPERVISOR), params=params).json()['days'][0]
    assert (day['occurrences'], day['without_estimate'], day['planned_hours']) == (1, 1, 0)
    assert day['overloaded'] is True  # work is due and nobody works at this site


def test_another_organisations_site_is_404_and_a_range_over_a_year_is_422():
    org, other = make_org(), make_org()
    headers = org.headers(Role.SUPERVISOR)
    problem(
        client().get(
            FORECAST,
            headers=headers,
            params={'first_day': '2031-01-01', 'last_day': '2031-01-02', 'site_id': other.site_id},
        ),
        404,
    )
    too_long = client().get(FORECAST, headers=headers, params={'first_day': '2031-01-01', 'last_day': '2032-06-30'})
    assert [e['field'] for e in problem(too_long, 422)['errors']] == ['last_day']
    problem(client().get(FORECAST, params={'first_day': '2031-01-01', 'last_day': '2031-01-02'}), 401)
