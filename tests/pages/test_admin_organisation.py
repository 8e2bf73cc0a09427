"""Admin → the organisation's settings: the admin picks the currency, and money everywhere is shown in it."""

from __future__ import annotations

from nicegui import ui

from app.core.db import session_scope
from app.core.enums import Role
from app.core.models import Organization
from tests.pages.conftest import SignIn
from tests.support.organizations import make_org


async def test_the_admin_sets_the_currency_on_the_admin_page(sign_in: SignIn, backend: str) -> None:
    org = make_org(sites=1)  # its own: the currency is the organisation's, for every page
    user = await sign_in(org, Role.ADMIN)
    await user.open('/admin')
    await user.should_see(marker='organisation-settings')
    await user.should_see('Amounts read like €1,234.50')
    currency = next(s for s in user.find(kind=ui.select).elements if s.props.get('label') == 'Currency')
    currency.set_value('GBP')
    user.find(kind=ui.button, content='Save').click()
    await user.should_see('Money is now shown in GBP')
    await user.should_see('Amounts read like £1,234.50')
    with session_scope() as session:
        assert session.get(Organization, org.id).currency == 'GBP'
