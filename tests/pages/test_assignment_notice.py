"""A technician opening a work order that is not theirs is told whose it is ("Assigned to …"), or that nobody has
it, with a button to take it — on the work-order page and in My work. Their own work orders and planners get none."""

from __future__ import annotations

import pytest
from nicegui import ui

from app.core.enums import Role
from app.work_orders.enums import WorkOrderStatus as S
from tests.pages.conftest import SignIn
from tests.support.organizations import Org
from tests.support.services import get_work_order, make_work_order

PAGES = ['/work-orders/{id}', '/my-work/{id}']


@pytest.mark.parametrize('path', PAGES)
async def test_a_colleagues_work_order_says_whose_it_is(sign_in: SignIn, org: Org, path: str) -> None:
    colleague = org.members[Role.SUPERVISOR].user
    job = make_work_order(org, status=S.SCHEDULED, assignee_id=colleague.id)
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open(path.format(id=job.id))
    await user.should_see(f'Assigned to {colleague.name} — not to you.')
    await user.should_not_see(kind=ui.button, content='Take it')


@pytest.mark.parametrize('path', PAGES)
async def test_an_unassigned_work_order_can_be_taken(sign_in: SignIn, org: Org, path: str) -> None:
    job = make_work_order(org, status=S.SCHEDULED)
    me = org.members[Role.TECHNICIAN].user
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open(path.format(id=job.id))
    await user.should_see('Unassigned — nobody has this work order yet.')
    user.find(kind=ui.button, content='Take it').click()
    await user.should_see(f'{job.number} is yours now', retries=50)  # a database write, then a reload
    assert get_work_order(org, job.id).assignee_id == me.id
    await user.should_not_see(marker='assignment-notice', retries=50)


async def test_own_work_orders_and_planners_get_no_notice(sign_in: SignIn, org: Org) -> None:
    mine = make_work_order(org, status=S.SCHEDULED, assignee_id=org.members[Role.TECHNICIAN].user.id)
    theirs = make_work_order(org, status=S.SCHEDULED, assignee_id=org.members[Role.ADMIN].user.id)
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open(f'/work-orders/{mine.id}')
    await user.should_see(mine.title)
    await user.should_not_see(marker='assignment-notice')
    await user.open('/logout')
    supervisor = await sign_in(org, Role.SUPERVISOR)
    await supervisor.open(f'/work-orders/{theirs.id}')
    await supervisor.should_see(theirs.title)
    await supervisor.should_not_see(marker='assignment-notice')
