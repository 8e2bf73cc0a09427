"""The failure-code lists in the work-order dialogs: Complete asks for them (every missing one at its list, the
dialog kept open) and the edit form offers the same lists instead of free text once a catalogue exists."""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from app.core.enums import Role
from app.work_orders import failure_codes
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.schemas import FailureCodeCreate
from tests.pages.conftest import SignIn
from tests.support.organizations import Org
from tests.support.services import call, get_work_order, make_asset, make_work_order


def seed(org: Org) -> None:
    """A small pump catalogue (type equipment); the organisation is shared by the module's tests, so once."""
    if call(failure_codes.list_failure_codes, principal=org.admin, asset_type='equipment'):
        return
    for kind, code, label in (
        ('problem', 'LEAK', 'Seal leaking'),
        ('problem', 'NOISE', 'Abnormal noise'),
        ('cause', 'WEAR', 'Seal face wear'),
        ('remedy', 'SEAL', 'Replaced seal'),
    ):
        data = FailureCodeCreate(asset_type='equipment', kind=kind, code=code, label=label)
        call(failure_codes.create_failure_code, principal=org.admin, data=data)


def in_dialog(user: User, label: str | None = None, **find: object) -> ui.element:
    found = user.find(label, **find).elements if label else user.find(**find).elements
    return next(e for e in found if any(isinstance(a, ui.dialog) for a in e.ancestors()))


async def settle(check, attempts: int = 60) -> None:
    for _ in range(attempts):  # services run in a worker thread
        if check():
            return
        await asyncio.sleep(0.05)


async def test_complete_asks_for_each_code_and_records_the_picked_ones(sign_in: SignIn, org: Org) -> None:
    seed(org)
    job = make_work_order(org, asset_id=make_asset(org).id, work_type='corrective', status=S.IN_PROGRESS)
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open(f'/work-orders/{job.id}')
    user.find(kind=ui.button, content='Complete').click()
    await user.should_see('Record what failed, why, and what was done.')
    submit = in_dialog(user, kind=ui.button, content='Complete')
    UserInteraction(user, {submit}, None).click()
    await user.should_see('Choose what failed')
    lists = {label: in_dialog(user, label) for label in ('Problem', 'Cause', 'Remedy')}
    assert {label: select.error for label, select in lists.items()} == {
        'Problem': 'Choose what failed',
        'Cause': 'Choose why it failed',
        'Remedy': 'Choose what was done',
    }
    assert set(lists['Problem'].options) == {None, 'LEAK', 'NOISE'}  # the asset type's problems only
    lists['Problem'].value, lists['Cause'].value, lists['Remedy'].value = 'LEAK', 'WEAR', 'SEAL'
    in_dialog(user, 'Failure note (optional)').value = 'Flush line blocked'
    UserInteraction(user, {submit}, None).click()
    await settle(lambda: get_work_order(org, job.id).status is S.COMPLETED)
    done = get_work_order(org, job.id)
    assert (done.status, done.failure_problem, done.failure_cause, done.failure_remedy, done.failure_note) == (
        S.COMPLETED,
        'LEAK',
        'WEAR',
        'SEAL',
        'Flush line blocked',
    )


async def test_the_edit_form_offers_the_catalogue_lists(sign_in: SignIn, org: Org) -> None:
    seed(org)
    job = make_work_order(org, asset_id=make_asset(org).id, work_type='corrective', status=S.IN_PROGRESS)
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open(f'/work-orders/{job.id}')
    user.find(kind=ui.button, content='Edit').click()
    await user.should_see('Failure codes')
    problem = in_dialog(user, 'Problem')
    assert isinstance(problem, ui.select) and set(problem.options) == {None, 'LEAK', 'NOISE'}
    problem.value = 'NOISE'
    UserInteraction(user, {in_dialog(user, kind=ui.button, content='Save changes')}, None).click()
    await settle(lambda: get_work_order(org, job.id).failure_problem == 'NOISE')
    assert get_work_order(org, job.id).failure_problem == 'NOISE'
