"""Form errors as a person reads them: every field's message at once, next to its field, in plain words; a
negative cost refused with a reason (not turned into 0); a warranty that ends before the installation refused."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from sqlalchemy import func, select

from app.assets.models import Asset
from app.core.db import session_scope
from app.core.enums import Role
from tests.pages.conftest import SignIn
from tests.support.organizations import Org


def element(user: User, label: str) -> ui.element:
    """The form dialog's element so labelled (the asset list has filters of its own, "Type" among them)."""
    found = user.find(label).elements
    return next(e for e in found if any(isinstance(a, ui.dialog) for a in e.ancestors()))


async def test_the_asset_form_answers_every_field_at_once_in_plain_words(sign_in: SignIn, org: Org) -> None:
    user = await sign_in(org, Role.ADMIN)
    await user.open('/assets')
    user.find(kind=ui.button, content='Add asset').click()
    await user.should_see('Purchase cost')
    cost = element(user, 'Purchase cost')
    cost.value = -5
    element(user, 'Installed on').value = '2026-05-01'
    element(user, 'Warranty until').value = '2026-04-30'
    user.find(marker='asset-form-save').click()
    await user.should_see('Must be 0 or more')
    errors = {name: element(user, name).error for name in ('Code', 'Name', 'Type', 'Purchase cost', 'Warranty until')}
    assert errors == {
        'Code': 'Enter a code',
        'Name': 'Enter a name',
        'Type': 'Choose a type',
        'Purchase cost': 'Must be 0 or more',
        'Warranty until': 'The warranty cannot end before the installation date',
    }
    assert cost.value == -5  # kept as typed, to be corrected; not silently 0
    assert 'hide-bottom-space' in cost.props  # the message area grows with a long message instead of overlapping
    with session_scope() as session:
        assert session.scalar(select(func.count()).where(Asset.organization_id == org.id)) == 0
