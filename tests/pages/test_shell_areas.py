"""The shell the page areas make up: the drawer lists each area's entries to the roles that may use them."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from app.core.enums import Role
from tests.pages.conftest import SignIn
from tests.support.organizations import Org

EVERY_ROLE_SEES = ('Needs attention', 'Sites', 'Assets', 'Scan', 'Map')


@pytest.mark.parametrize(
    ('role', 'shown'),
    [
        (Role.ADMIN, (*EVERY_ROLE_SEES, 'My work', 'Work orders', 'Parts', 'Admin')),
        (Role.SUPERVISOR, (*EVERY_ROLE_SEES, 'My work', 'Work orders', 'Parts')),
        (Role.TECHNICIAN, (*EVERY_ROLE_SEES, 'My work', 'Work orders', 'Parts')),
        (Role.VIEWER, (*EVERY_ROLE_SEES, 'Work orders', 'Parts')),
    ],
)
async def test_the_drawer_lists_each_areas_entries_in_order_to_the_roles_that_may_use_them(
    sign_in: SignIn, org: Org, role: Role, shown: tuple[str, ...]
) -> None:
    user = await sign_in(org, role)
    await user.open('/')
    assert drawer_entries(user) == shown


def drawer_entries(user: User) -> tuple[str, ...]:
    drawer = next(iter(user.find(kind=ui.left_drawer).elements))
    return tuple(item.props['aria-label'] for item in drawer.descendants() if isinstance(item, ui.item))  # in order
