"""Admin → Deliveries: dead deliveries are counted and listed with their last error, and sent again from the page.

The rows are written as the dispatcher leaves them (how they get there is ``tests/app/core/test_outbox.py``'s).
"""

from __future__ import annotations

import uuid

from nicegui import ui
from nicegui.testing import User

from app.core.db import session_scope
from app.core.enums import Role
from app.core.models import OutboxMessage
from tests.pages.conftest import SignIn
from tests.support.organizations import Org
from tests.support.rows import row


async def test_a_dead_delivery_is_listed_with_its_error_and_sent_again(sign_in: SignIn, org: Org, other: Org) -> None:
    dead = outbox_row(org, 'dead', error='SMTP 550: mailbox unavailable')
    outbox_row(other, 'dead', error='not this organisation')
    user = await sign_in(org, Role.ADMIN)
    await user.open('/admin/deliveries')
    await user.should_see(marker='count-dead')
    shown = {listed['id']: listed for listed in table_rows(user)}
    assert shown[dead]['last_error'] == 'SMTP 550: mailbox unavailable'
    assert shown[dead]['status'] == 'Dead'
    assert all(listed['last_error'] != 'not this organisation' for listed in shown.values())
    dead_count = counter(user, 'dead')
    assert dead_count == len(shown)

    user.find(kind=ui.table).trigger('retry', {'id': dead, 'event': 'AssetCreated v1', 'subscriber': 'mailer'})
    await user.should_see('AssetCreated v1 goes to mailer again')
    sent = row(OutboxMessage, dead)
    assert (sent.status, sent.attempts, sent.last_error) == ('pending', 0, 'SMTP 550: mailbox unavailable')
    await user.should_see(marker='count-dead')
    assert counter(user, 'dead') == dead_count - 1
    assert dead not in {listed['id'] for listed in table_rows(user)}  # the page shows dead ones; this one is not


async def test_the_admin_overview_counts_dead_deliveries(sign_in: SignIn, org: Org) -> None:
    outbox_row(org, 'dead')
    user = await sign_in(org, Role.ADMIN)
    await user.open('/admin')
    await user.should_see('Deliveries')
    await user.should_see('dead')


async def test_only_admins_see_deliveries(sign_in: SignIn, org: Org) -> None:
    user = await sign_in(org, Role.SUPERVISOR)
    response = await user.http_client.get('/admin/deliveries')
    assert response.status_code == 403
    assert 'may not open this page' in response.text


def outbox_row(org: Org, status: str, *, error: str | None = None) -> int:
    with session_scope() as session:
        message = OutboxMessage(
            organization_id=org.id,
            event_id=str(uuid.uuid4()),
            event_name='AssetCreated',
            event_version=1,
            aggregate='asset:1',
            payload={'asset_id': 1},
            subscriber='mailer',
            idempotency_key=str(uuid.uuid4()),
            status=status,
            attempts=8 if status == 'dead' else 0,
            last_error=error,
        )
        session.add(message)
        session.flush()
        return message.id


def table_rows(user: User) -> list[dict]:
    return next(iter(user.find(kind=ui.table).elements)).rows


def counter(user: User, name: str) -> int:
    label = next(iter(user.find(marker=f'count-{name}').elements))
    return int(label.text.replace(',', ''))
