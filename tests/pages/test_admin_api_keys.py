"""Admin → API keys: a key made with an expiry shows it, and an expired key is marked Expired (and still revocable)."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from app.core.db import session_scope, utcnow
from app.core.enums import Role
from app.core.models import ApiKey
from tests.pages.conftest import SignIn
from tests.support.organizations import Org, make_api_key


async def test_a_key_created_with_an_expiry_shows_when_it_expires(sign_in: SignIn, org: Org) -> None:
    user = await sign_in(org, Role.ADMIN)
    await user.open('/admin/api-keys')
    user.find(kind=ui.button, content='Create API key').click()
    labelled(user, ui.input, 'Name').set_value('Meter gateway')
    labelled(user, ui.select, 'Expires').set_value('30')
    # content='Create' also matches the 'Create API key' button, which find().click() would pick (lowest id).
    create = labelled(user, ui.button, 'Create')
    UserInteraction(user, {create}, None).click()
    await user.should_see(marker='new-api-key', retries=20)

    with session_scope() as session:
        key = session.query(ApiKey).filter_by(organization_id=org.id, name='Meter gateway').one()
        assert key.expires_at is not None
        assert abs(key.expires_at - (utcnow() + timedelta(days=30))) < timedelta(minutes=5)
    [shown] = [row for row in table_rows(user) if row['name'] == 'Meter gateway']
    assert shown['status'] == 'Active'
    assert shown['expires']


async def test_an_expired_key_is_marked_expired(sign_in: SignIn, org: Org) -> None:
    key_id, _key = make_api_key(org, Role.VIEWER, name='Old bridge')
    with session_scope() as session:
        session.get(ApiKey, key_id).expires_at = utcnow() - timedelta(days=1)
    user = await sign_in(org, Role.ADMIN)
    await user.open('/admin/api-keys')
    await user.should_see(kind=ui.table)
    [shown] = [row for row in table_rows(user) if row['id'] == key_id]
    assert shown['status'] == 'Expired'


def labelled(user: User, kind: type, label: str):
    return next(element for element in user.find(kind=kind).elements if element.props.get('label') == label)


def table_rows(user: User) -> list[dict]:
    return next(iter(user.find(kind=ui.table).elements)).rows
