"""Admin → Audit log: the "What" filter offers every entity type the log holds (work orders, assets, parts…), rows
name their entity as people know it (WO-001900), times are on the viewer's clock and enum values read as words."""

from __future__ import annotations

import asyncio
import re

from nicegui import ui
from nicegui.testing import User

from app.core.enums import Role
from app.work_orders.enums import WorkOrderStatus
from tests.pages.conftest import SignIn
from tests.support.organizations import Org, make_org
from tests.support.services import make_asset, make_part, make_work_order, move


async def test_the_log_names_work_orders_by_number_on_the_viewers_clock(sign_in: SignIn, backend: str) -> None:
    org = make_org(sites=1)
    order = make_work_order(org)
    move(org, order.id, WorkOrderStatus.SCHEDULED, WorkOrderStatus.IN_PROGRESS)
    asset, part = make_asset(org), make_part(org)
    user = await sign_in(org, Role.ADMIN)
    user.javascript_rules[re.compile(r'Intl\.DateTimeFormat')] = lambda _: 'America/New_York'
    await user.open('/admin/audit')
    await user.should_see('Times in America/New_York', retries=100)

    what = _select(user, 'What')
    assert {'work_order': 'Work order', 'asset': 'Asset', 'part': 'Part'}.items() <= what.options.items()
    rows = _rows(user)
    moved = next(row for row in rows if row['reference'] == order.number and row['diff'][0]['field'] == 'Status')
    assert moved['entity'] == 'Work order'
    assert moved['diff'][0]['after'] == 'In progress'  # not in_progress
    assert moved['at_exact'].endswith(('EST', 'EDT'))
    assert {asset.code, part.part_number} <= {row['reference'] for row in rows}

    what.set_value('work_order')
    for _ in range(100):
        if {row['entity'] for row in _rows(user)} == {'Work order'}:
            break
        await asyncio.sleep(0.1)
    assert {row['entity'] for row in _rows(user)} == {'Work order'}


async def test_without_an_answer_from_the_browser_times_are_in_utc(sign_in: SignIn, org: Org) -> None:
    user = await sign_in(org, Role.ADMIN)
    await user.open('/admin/audit')
    await user.should_see('Times in UTC', retries=60)


def _select(user: User, label: str) -> ui.select:
    return next(s for s in user.find(kind=ui.select).elements if s.props.get('label') == label)


def _rows(user: User) -> list[dict]:
    return next(iter(user.find(kind=ui.table).elements)).rows
