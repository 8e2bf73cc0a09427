"""The page tier: pages driven in this process through NiceGUI's simulated ``User`` — no browser, no server.

For page logic: what a role is shown, what a click does to the data, which route answers what. What only a browser
shows (layout, dark mode, touch, scripts) stays in ``tests/e2e``. Each test gets a fresh NiceGUI app with the real
page areas, sign-in guard and 404 page (``app.web.install_pages``) on the current test database, and signs in
through the real login page.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from nicegui import app as nicegui_app
from nicegui import core, ui
from nicegui.functions.download import download
from nicegui.functions.navigate import Navigate
from nicegui.functions.notify import notify
from nicegui.testing import User
from nicegui.testing.general import nicegui_reset_globals, prepare_simulation
from nicegui.testing.user_interaction import UserInteraction

from app.core.enums import Role
from app.web import install_pages
from tests.support.organizations import Org

SignIn = Callable[[Org, Role], Awaitable[User]]


@pytest.fixture
async def user(backend: str) -> AsyncIterator[User]:
    """A simulated browser on a fresh NiceGUI app with this project's pages; not signed in."""
    # Each install includes the areas' routers, and FastAPI chains every included router's lifespan onto the app's;
    # the reset keeps the one app object, so without restoring the chain it grows a level per test until recursion.
    lifespan = core.app.router.lifespan_context
    with nicegui_reset_globals():
        os.environ['NICEGUI_USER_SIMULATION'] = 'true'
        try:
            prepare_simulation()
            install_pages(nicegui_app)
            ui.run(storage_secret='simulated secret')
            async with core.app.router.lifespan_context(core.app):
                transport = httpx.ASGITransport(core.app)
                async with httpx.AsyncClient(transport=transport, base_url='http://test') as client:
                    yield User(client)
        finally:
            os.environ.pop('NICEGUI_USER_SIMULATION', None)
            core.app.router.lifespan_context = lifespan
            ui.navigate, ui.notify, ui.download = Navigate(), notify, download


@pytest.fixture
def sign_in(user: User) -> SignIn:
    """Sign in as the organisation's member of ``role`` through the login page; returns the signed-in user."""

    async def signed_in(org: Org, role: Role) -> User:
        member = org.members[role]
        await user.open('/login')
        user.find('Email').type(member.user.email)
        user.find('Password').type(member.password)
        user.find(kind=ui.button, content='Sign in').click()
        await user.should_not_see(kind=ui.button, content='Sign in', retries=50)  # password hashing takes a while
        return user

    return signed_in


def click_line(user: User, label: str) -> None:
    """Tap the line (``components.links``) whose label is ``label``: a search result, a "needs attention" entry."""
    lines = [item for item in user.find(kind=ui.item).elements if item.props.get('aria-label') == label]
    assert lines, f'no line {label!r} on the page'
    UserInteraction(user, set(lines[:1]), None).click()


async def lands_on(user: User, path: str, *, seconds: float = 5) -> None:
    """Wait until a tap's navigation has opened ``path`` (the next page loads after the handler returns)."""
    for _ in range(int(seconds * 20)):
        if user.back_history and user.back_history[-1] == path:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f'expected to land on {path}, still on {user.back_history[-1:]}')
