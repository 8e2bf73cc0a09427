"""The two detail pages on one scaffold: tabs from every area (the work-order area adds the asset's Work tab), the
open tab in the URL, and a 404 in the shell for what is not there or not this organisation's."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.core.enums import Role
from tests.pages.conftest import SignIn
from tests.support.organizations import Org
from tests.support.services import make_asset, make_work_order

ASSET_TABS = ['overview', 'location', 'hierarchy', 'work', 'meters', 'files', 'history']
WORK_ORDER_TABS = ['checklist', 'parts', 'time', 'costs', 'comments', 'photos', 'timeline']


async def test_the_asset_page_has_its_own_tabs_and_the_work_tab_of_the_work_order_area(
    sign_in: SignIn, org: Org
) -> None:
    asset = make_asset(org)
    job = make_work_order(org, asset_id=asset.id, title='Grease the drive end')
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open(f'/assets/{asset.id}?tab=work')
    assert tab_names(user) == ASSET_TABS
    assert open_tab(user) == 'work'
    await user.should_see(f'{job.number} · Grease the drive end')


async def test_the_work_order_page_opens_the_tab_the_url_names(sign_in: SignIn, org: Org) -> None:
    job = make_work_order(org)
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open(f'/work-orders/{job.id}?tab=timeline')
    assert tab_names(user) == WORK_ORDER_TABS
    assert open_tab(user) == 'timeline'
    await user.should_see(job.title)


async def test_another_organisations_records_are_not_found_pages_in_the_shell(
    sign_in: SignIn, org: Org, other: Org
) -> None:
    asset, job = make_asset(other), make_work_order(other)
    user = await sign_in(org, Role.ADMIN)
    for path, words in ((f'/assets/{asset.id}', 'There is no asset'), (f'/work-orders/{job.id}', 'no work order')):
        response = await user.http_client.get(path)
        assert response.status_code == 404, path
        assert words in response.text and 'Site filter' in response.text  # the message, inside the shell


def tab_names(user: User) -> list[str]:
    return [tab.props['name'] for tab in user.current_layout.descendants() if isinstance(tab, ui.tab)]  # in order


def open_tab(user: User) -> str:
    return next(iter(user.find(kind=ui.tab_panels).elements)).value
