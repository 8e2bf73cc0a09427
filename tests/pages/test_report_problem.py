"""Reporting a problem from an asset: the work-order area's button on the asset page (where a scan lands), three
taps to a work request; the asset's open work on its overview."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from app.core.db import session_scope
from app.core.enums import Role
from app.core.errors import ValidationFailed
from app.work_orders import photos
from app.work_orders import service as work_orders
from app.work_orders.enums import Priority, WorkOrderStatus, WorkType
from app.work_orders.schemas import WorkOrderCreate, WorkOrderFilter
from pages.work_orders.report_problem import _raise_request
from tests.pages.conftest import SignIn
from tests.support.files import PNG
from tests.support.organizations import Org, unique
from tests.support.services import call, make_asset, make_work_order


def requests_on(org: Org, asset_id: int):
    filters = WorkOrderFilter(asset_id=asset_id, status=[WorkOrderStatus.REQUESTED])
    return call(work_orders.list_work_orders, principal=org.supervisor, filters=filters).items


def report_button(user: User):
    return user.find(kind=ui.button, content='Report a problem')


async def test_a_technician_reports_a_problem_in_three_taps_and_sees_it_in_the_open_work(
    sign_in: SignIn, org: Org
) -> None:
    asset = make_asset(org, site_id=org.site_id)
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open(f'/assets/{asset.id}')

    report_button(user).click()  # 1
    user.find("What's wrong?").type('Motor smells of burning')  # 2
    user.find(kind=ui.button, content='Send').click()  # 3

    await user.should_see('is waiting for a supervisor to plan it', retries=30)
    [request] = requests_on(org, asset.id)
    assert (request.title, request.work_type, request.priority) == (
        'Motor smells of burning',
        WorkType.CORRECTIVE,
        Priority.MEDIUM,
    )
    assert request.requested_by == org.members[Role.TECHNICIAN].principal.label
    await user.should_see(f'{request.number} · Motor smells of burning', retries=30)  # the overview's open work


async def test_a_report_without_a_title_is_refused_at_the_field_and_nothing_is_raised(
    sign_in: SignIn, org: Org
) -> None:
    asset = make_asset(org)
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open(f'/assets/{asset.id}')
    report_button(user).click()
    user.find(kind=ui.toggle).elements.pop().set_value(Priority.HIGH.value)
    user.find(kind=ui.button, content='Send').click()
    await user.should_see('Say in a few words what is wrong')
    assert requests_on(org, asset.id) == []


@pytest.mark.parametrize('role', [Role.VIEWER])
async def test_who_may_not_raise_work_sees_no_report_button(sign_in: SignIn, org: Org, role: Role) -> None:
    asset = make_asset(org)
    user = await sign_in(org, role)
    await user.open(f'/assets/{asset.id}')
    await user.should_see('Print label')
    await user.should_not_see(kind=ui.button, content='Report a problem')


async def test_a_retired_asset_offers_no_report(sign_in: SignIn, org: Org) -> None:
    asset = make_asset(org, status='retired')
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open(f'/assets/{asset.id}')
    await user.should_see('Print label')
    await user.should_not_see(kind=ui.button, content='Report a problem')


async def test_the_overview_lists_the_assets_open_work_with_status_and_not_the_closed(
    sign_in: SignIn, org: Org
) -> None:
    asset = make_asset(org)
    scheduled = make_work_order(org, asset_id=asset.id, status=WorkOrderStatus.SCHEDULED, title=unique('Align'))
    done = make_work_order(org, asset_id=asset.id, status=WorkOrderStatus.CANCELLED, title=unique('Old job'))
    user = await sign_in(org, Role.VIEWER)
    await user.open(f'/assets/{asset.id}')  # the overview tab
    await user.should_see('Open work (1)')
    await user.should_see(f'{scheduled.number} · {scheduled.title}')
    await user.should_see(kind=ui.label, content='Scheduled')  # its status badge
    await user.should_not_see(done.title)


async def test_a_refused_photo_leaves_no_request_behind(org: Org) -> None:
    asset = make_asset(org)
    data = WorkOrderCreate(title=unique('Cracked guard'), asset_id=asset.id)
    with pytest.raises(ValidationFailed), session_scope() as session:
        _raise_request(session, org.technician, data, ('guard.png', b'not an image at all'))
    assert requests_on(org, asset.id) == []


async def test_a_photo_goes_with_the_request(org: Org) -> None:
    asset = make_asset(org)
    data = WorkOrderCreate(title=unique('Cracked guard'), asset_id=asset.id)
    with session_scope() as session:
        request = _raise_request(session, org.technician, data, ('guard.png', PNG))
    stored = call(photos.list_photos, principal=org.supervisor, work_order_id=request.id)
    assert [p.file_name for p in stored] == ['guard.png']
