"""The failure-code catalogue page: planners add codes per asset type (errors at their fields), everyone else reads."""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing import User

from app.core.enums import Role
from app.work_orders import failure_codes
from app.work_orders.schemas import FailureCodeCreate
from tests.pages.conftest import SignIn
from tests.support.organizations import Org
from tests.support.services import call


def element(user: User, label: str) -> ui.element:
    """The dialog's element so labelled (the page has an asset-type filter of its own)."""
    found = user.find(label).elements
    return next(e for e in found if any(isinstance(a, ui.dialog) for a in e.ancestors()))


async def test_a_supervisor_adds_a_code_and_a_taken_code_is_refused_at_the_code(sign_in: SignIn, org: Org) -> None:
    data = FailureCodeCreate(asset_type='equipment', kind='problem', code='LEAK', label='Seal leaking')
    call(failure_codes.create_failure_code, principal=org.admin, data=data)
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/work-orders/failure-codes')
    await user.should_see('Add code')
    assert [row['label'] for row in rows(user)] == ['Seal leaking']
    user.find(kind=ui.button, content='Add code').click()
    await user.should_see('Add failure code')
    element(user, 'Asset type').value = 'vehicle'
    element(user, 'Code').value = 'flat'
    user.find(kind=ui.button, content='Save').click()
    await user.should_see('Enter a label')
    element(user, 'Label').value = 'Tyre flat'
    user.find(kind=ui.button, content='Save').click()
    for _ in range(50):  # the save and the reload run in a worker thread
        if len(rows(user)) == 2:
            break
        await asyncio.sleep(0.05)
    assert [(row['asset_type'], row['code']) for row in rows(user)] == [('Equipment', 'LEAK'), ('Vehicle', 'FLAT')]
    listed = call(failure_codes.list_failure_codes, principal=org.viewer, asset_type='vehicle')
    assert [(c.kind.value, c.code, c.label) for c in listed] == [('problem', 'FLAT', 'Tyre flat')]


async def test_a_technician_reads_the_catalogue_without_changing_it(sign_in: SignIn, org: Org) -> None:
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open('/work-orders/failure-codes')
    await user.should_see('Failure codes')
    await user.should_not_see(kind=ui.button, content='Add code')


def rows(user: User) -> list[dict]:
    return next(iter(user.find(kind=ui.table).elements)).rows
