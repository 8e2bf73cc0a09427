"""Where each role lands after signing in, and the "needs attention" page the areas fill: overdue work, assets down,
requests waiting and low stock, within the organisation and the header's site filter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from nicegui import ui

from app.core.enums import Role
from app.work_orders.enums import WorkOrderStatus as S
from tests.pages.conftest import SignIn, click_line, lands_on
from tests.pages.test_shell_areas import drawer_entries
from tests.support.organizations import Org
from tests.support.services import make_asset, make_part, make_work_order, unique


@pytest.mark.parametrize(
    ('role', 'start', 'heading'),
    [
        (Role.TECHNICIAN, '/my-work', 'My work'),
        (Role.SUPERVISOR, '/attention', 'Needs attention'),
        (Role.ADMIN, '/attention', 'Needs attention'),
        (Role.VIEWER, '/attention', 'Needs attention'),
    ],
)
async def test_each_role_lands_on_its_start_page(
    sign_in: SignIn, org: Org, role: Role, start: str, heading: str
) -> None:
    user = await sign_in(org, role)  # the login page sends a fresh sign-in to /
    await user.should_see(kind=ui.label, content=heading)
    response = await user.http_client.get('/')
    assert response.status_code == 303 and response.headers['location'] == start


async def test_the_sites_page_moved_to_its_own_address_and_stays_in_the_drawer(sign_in: SignIn, org: Org) -> None:
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/sites')
    await user.should_see(org.sites[0].name)
    assert drawer_entries(user)[:2] == ('Needs attention', 'Sites')


async def test_needs_attention_shows_overdue_work_assets_down_requests_and_low_stock(
    sign_in: SignIn, org: Org, other: Org
) -> None:
    past = datetime.now(UTC) - timedelta(days=2)
    broken = make_asset(org, name=unique('Broken press'), status='repair', site_id=org.site_id)
    overdue = make_work_order(org, status=S.SCHEDULED, due_at=past, title=unique('Overdue greasing'))
    waiting = make_work_order(org, title=unique('Leaking valve'), asset_id=broken.id)
    part = make_part(org, {org.site_id: 1}, min_stock={org.site_id: 5}, name=unique('Seal kit'))
    elsewhere = make_work_order(other, status=S.SCHEDULED, due_at=past, title=unique('Other org overdue'))

    user = await sign_in(org, Role.VIEWER)  # read-only, and sees the same page
    await user.open('/attention')
    for figure in ('Overdue work', 'Assets down', 'Requests waiting', 'Low stock'):
        await user.should_see(figure)
    await user.should_see(f'{overdue.number} · {overdue.title}')
    await user.should_see(f'{broken.code} · {broken.name}')
    await user.should_see(f'{waiting.number} · {waiting.title}')
    await user.should_see(f'{part.part_number} · {part.name}')
    await user.should_not_see(elsewhere.title)

    click_line(user, f'{broken.code} · {broken.name}')
    await lands_on(user, f'/assets/{broken.id}')


async def test_needs_attention_keeps_to_the_header_site_filter(sign_in: SignIn, org: Org) -> None:
    here = make_asset(org, name=unique('Down here'), status='repair', site_id=org.site_id)
    there = make_asset(org, name=unique('Down there'), status='repair', site_id=org.other_site_id)
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open(f'/assets?site_id={org.other_site_id}')  # a link naming a site sets the header's filter
    await user.open('/attention')
    await user.should_see(there.name)
    await user.should_not_see(here.name)
