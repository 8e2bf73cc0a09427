"""Concurrent writers on SQLite and PostgreSQL: of two edits with the same version exactly one wins (also in a real
two-connection race on PostgreSQL), two simultaneous status moves make one transition, numbers never repeat."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core.db import session_scope
from app.core.enums import Role
from app.core.errors import Conflict
from app.work_orders import service
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.schemas import StatusChange, WorkOrderUpdate
from tests.support.api import client
from tests.support.organizations import Org, make_org
from tests.support.rows import transitions_of
from tests.support.services import get_work_order, make_work_order

pytestmark = pytest.mark.usefixtures('backend')
S = WorkOrderStatus


def test_two_patches_with_the_same_version_one_wins_one_is_409(org: Org):
    work_order = make_work_order(org)
    start = threading.Barrier(2, timeout=30)

    def patch(title: str):
        start.wait()
        return client().patch(
            f'/api/v1/work-orders/{work_order.id}',
            json={'version': work_order.version, 'title': title},
            headers=org.headers(Role.SUPERVISOR),
        )

    with ThreadPoolExecutor(2) as pool:
        responses = list(pool.map(patch, ['Alice was here', 'Bob was here']))
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], [r.text for r in responses]
    winner = next(r for r in responses if r.status_code == 200).json()
    loser = next(r for r in responses if r.status_code == 409).json()
    assert 'changed' in loser['detail']
    final = get_work_order(org, work_order.id)
    assert (final.title, final.version) == (winner['title'], work_order.version + 1)


def test_a_real_race_between_two_connections_is_decided_by_the_version_column(org: Org, backend: str):
    """On PostgreSQL both writers pass the version check before either writes, and the row version in the UPDATE
    decides. SQLite runs one write transaction at a time, so there the second writer finds the new version up front
    (waiting for each other there would deadlock: the writers only meet on PostgreSQL)."""
    work_order = make_work_order(org)
    both_checked = threading.Barrier(2 if backend == 'postgresql' else 1, timeout=30)

    def edit(title: str) -> str:
        try:
            with session_scope() as session:
                event.listen(session, 'before_flush', lambda *_: _wait_once(session, both_checked))
                service.update_work_order(
                    session=session,
                    principal=org.supervisor,
                    work_order_id=work_order.id,
                    data=WorkOrderUpdate(version=work_order.version, title=title),
                )
        except Conflict as exc:
            return f'409 {exc.detail}'
        return '200'

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(edit, ['first', 'second']))
    assert sorted(o[:3] for o in outcomes) == ['200', '409'], outcomes
    expected = 'changed by someone else' if backend == 'postgresql' else 'current version is'
    assert expected in next(o for o in outcomes if o.startswith('409'))
    assert get_work_order(org, work_order.id).version == work_order.version + 1


def _wait_once(session: Session, barrier: threading.Barrier) -> None:
    if not session.info.get('waited'):
        session.info['waited'] = True
        barrier.wait()


def test_two_technicians_starting_the_same_work_order_make_one_move(org: Org):
    work_order = make_work_order(org, status=S.SCHEDULED)
    start = threading.Barrier(4, timeout=30)

    def begin(_):
        start.wait()
        try:
            with session_scope() as session:
                service.change_status(
                    session=session,
                    principal=org.technician,
                    work_order_id=work_order.id,
                    data=StatusChange(status=S.IN_PROGRESS),
                )
        except Conflict as exc:
            return exc.detail
        return 'moved'

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(begin, range(4)))
    assert outcomes.count('moved') == 1
    assert all('already in progress' in o for o in outcomes if o != 'moved')
    assert [t.to_status for t in transitions_of(work_order.id)] == [S.REQUESTED, S.SCHEDULED, S.IN_PROGRESS]


def test_concurrent_creations_in_a_new_organisation_number_from_one(backend):
    org = make_org()  # no counter row yet: the first uses race to create it
    start = threading.Barrier(6, timeout=30)

    def create(index: int) -> str:
        start.wait()
        return (
            client()
            .post('/api/v1/work-orders', json={'title': f'Job {index}'}, headers=org.headers(Role.TECHNICIAN))
            .json()['number']
        )

    with ThreadPoolExecutor(6) as pool:
        numbers = list(pool.map(create, range(6)))
    assert sorted(numbers) == [f'WO-{n:06d}' for n in range(1, 7)]
