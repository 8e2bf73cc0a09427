"""The pages around the real ones: signing in, "not found" and "not allowed" — sentence-case buttons, and the 404
inside the shell for someone signed in."""

from __future__ import annotations

import re

from nicegui import ui
from nicegui.testing import User

from app.core.enums import Role
from tests.pages.conftest import SignIn
from tests.support.organizations import Org


def button(user: User, label: str) -> ui.button:
    return next(iter(user.find(kind=ui.button, content=label).elements))


async def test_an_unknown_page_is_a_404_inside_the_shell_for_someone_signed_in(sign_in: SignIn, org: Org) -> None:
    user = await sign_in(org, Role.TECHNICIAN)
    response = await user.http_client.get('/no/such/page')
    assert response.status_code == 404
    assert 'There is no page at /no/such/page.' in response.text
    for shell in ('Site filter', 'User menu', 'aria-label":"Search', 'My work'):
        assert shell in response.text, shell
    assert sentence_case(response.text, 'Go to the start page')


def sentence_case(page: str, label: str) -> bool:
    """Whether the page's button ``label`` has Quasar's no-caps (its props as the page sends them)."""
    return re.search(r'"label":"' + re.escape(label) + r'"[^}]*"no-caps":true', page) is not None


async def test_the_sign_in_and_not_allowed_buttons_are_not_upper_case(sign_in: SignIn, org: Org, user: User) -> None:
    await user.open('/login')
    assert 'no-caps' in button(user, 'Sign in').props
    await sign_in(org, Role.TECHNICIAN)
    response = await user.http_client.get('/admin/users')  # not the technician's
    assert response.status_code == 403
    assert sentence_case(response.text, 'Back to the start page')
