"""The site filter is one value per page: the list's own site select and the header's move together, the list
follows without a reload, and the next page opens with the same site."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.core.enums import Role
from tests.pages.conftest import SignIn
from tests.support.organizations import Org


async def test_choosing_a_site_on_the_list_moves_the_header_filter_and_carries_to_the_next_page(
    sign_in: SignIn, org: Org
) -> None:
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/assets')
    site_select(user, 'Site').set_value(org.other_site_id)
    await user.should_see(kind=ui.select)
    assert header_select(user).value == org.other_site_id
    assert user.back_history[-1] == '/assets'  # no reload

    await user.open('/parts')
    assert header_select(user).value == org.other_site_id
    assert site_select(user, 'Site').value == org.other_site_id


async def test_a_shared_link_naming_a_site_moves_the_header_filter_there(sign_in: SignIn, org: Org) -> None:
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open(f'/work-orders/list?site_id={org.site_id}')
    assert header_select(user).value == org.site_id
    await user.open('/assets')
    assert site_select(user, 'Site').value == org.site_id


def header_select(user: User) -> ui.select:
    return next(s for s in user.find(kind=ui.select).elements if s.props.get('aria-label') == 'Site filter')


def site_select(user: User, label: str) -> ui.select:
    return next(s for s in user.find(kind=ui.select).elements if s.props.get('label') == label)
