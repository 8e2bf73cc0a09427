"""A site's calendar page: an admin changes the working week, the region and the policy, adds and removes a
closure; errors sit at their fields; a supervisor sees the calendar and cannot change it."""

from __future__ import annotations

from datetime import date, timedelta

from nicegui import ui

from app.core.enums import Role
from app.maintenance import site_calendars
from app.maintenance.enums import ClosedDayPolicy
from app.maintenance.schemas import ClosureCreate
from components.weekday_picker import WeekdayPicker
from tests.pages.conftest import SignIn
from tests.support.organizations import make_org, make_site
from tests.support.services import call


def _select(user, label: str) -> ui.select:
    return next(s for s in user.find(kind=ui.select).elements if s.props.get('label') == label)


def _input(user, label: str) -> ui.input:
    return next(i for i in user.find(kind=ui.input).elements if i.props.get('label') == label)


async def test_an_admin_sets_a_six_day_bavarian_week_that_keeps_due_dates(sign_in: SignIn, backend: str) -> None:
    org = make_org(sites=1)
    site = make_site(org, name='Munich plant', timezone='Europe/Berlin')
    user = await sign_in(org, Role.ADMIN)
    await user.open(f'/sites/{site.id}/calendar')
    await user.should_see('Calendar of Munich plant')
    await user.should_see('Every week: closed on Saturdays and Sundays.')
    user.find(kind=ui.button, content='Sat').click()
    _select(user, 'Country').set_value('DE')
    _select(user, 'Region (its own holidays)').set_value('BY')
    _input(user, 'Day starts').set_value('06:00')
    next(iter(user.find(kind=ui.radio).elements)).set_value('keep')
    user.find(kind=ui.button, content='Save calendar').click()
    await user.should_see('Saved the calendar of Munich plant')
    await user.should_see('Every week: closed on Sundays.')
    saved = call(site_calendars.get_site_calendar, principal=org.admin, site_id=site.id)
    assert (saved.working_days, saved.country, saved.subdivision) == ([0, 1, 2, 3, 4, 5], 'DE', 'BY')
    assert (saved.day_starts.hour, saved.policy) == (6, ClosedDayPolicy.KEEP)


async def test_a_day_that_ends_before_it_starts_is_shown_at_the_field(sign_in: SignIn, backend: str) -> None:
    org = make_org(sites=1)
    user = await sign_in(org, Role.ADMIN)
    await user.open(f'/sites/{org.site_id}/calendar')
    _input(user, 'Day ends').set_value('05:00')
    user.find(kind=ui.button, content='Save calendar').click()
    await user.should_see('The working day must end after it starts')
    assert call(site_calendars.get_site_calendar, principal=org.admin, site_id=org.site_id).day_ends.hour == 16


async def test_an_admin_adds_a_closure_sees_it_ahead_and_reopens_it(sign_in: SignIn, backend: str) -> None:
    org = make_org(sites=1)
    user = await sign_in(org, Role.ADMIN)
    await user.open(f'/sites/{org.site_id}/calendar')
    await user.should_see('No closures: the site follows its week and its public holidays.')
    first = date.today() + timedelta(days=10)
    user.find(kind=ui.button, content='Add closure').click()
    _input(user, 'First day').set_value(first.isoformat())
    _input(user, 'Last day').set_value((first + timedelta(days=2)).isoformat())
    _input(user, 'Reason').set_value('Stocktake')
    user.find(marker='closure-submit').click()
    await user.should_see('(3 days)')
    await user.should_see('site closed: Stocktake')
    user.find(marker='remove-closure').click()
    await user.should_see('Reopen these days?')
    user.find(kind=ui.button, content='Reopen').click()
    await user.should_see('No closures: the site follows its week and its public holidays.')


async def test_a_supervisor_sees_the_calendar_without_a_way_to_change_it(sign_in: SignIn, backend: str) -> None:
    org = make_org(sites=1)
    call(
        site_calendars.add_closure,
        principal=org.admin,
        site_id=org.site_id,
        data=ClosureCreate(first_day=date(2030, 1, 2), last_day=date(2030, 1, 3), reason='Inventory'),
    )
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open(f'/sites/{org.site_id}/calendar')
    await user.should_see('Inventory')
    await user.should_not_see('Save calendar')
    await user.should_not_see('Add closure')
    picker = next(iter(user.find(kind=WeekdayPicker).elements))
    assert all(not button.enabled for button in picker.default_slot.children)
