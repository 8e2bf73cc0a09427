"""The transactional outbox on SQLite and PostgreSQL: rows exist exactly when their transaction committed, failing
handlers are retried with backoff and then dead-lettered where an admin sees them, ordered subscribers get one
aggregate's events in order, and several dispatchers (or a killed one) never lose or double a delivery."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from app.core import events
from app.core.db import get_engine, session_scope
from app.core.enums import Role
from app.core.errors import Conflict
from app.core.events import Delivery
from app.core.models import OutboxMessage
from app.core.outbox import Backoff, OutboxDispatcher, prune_delivered
from tests.app.core.outbox_worker import SUBSCRIBER, Ping, subscription
from tests.support.api import API, client
from tests.support.databases import OwnDatabases
from tests.support.organizations import make_api_key, make_org, unique

WORKER = Path(__file__).with_name('outbox_worker.py')
REPO_ROOT = Path(__file__).resolve().parents[3]


class Clock:
    """A dispatcher clock the test moves by hand; it starts a second ahead, so what is published next is due."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC) + timedelta(seconds=1)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def organization_id(backend: str) -> Iterator[int]:
    """A fresh organisation; whatever of its outbox is still pending afterwards is closed, so that the next test's
    dispatcher (which serves every organisation) does not deliver it."""
    organization = make_org(roles=[Role.ADMIN], sites=0).id
    yield organization
    with session_scope() as session:
        session.execute(
            text("UPDATE outbox_messages SET status = 'dead' WHERE organization_id = :o AND status = 'pending'"),
            {'o': organization},
        )


def outbox_api(organization_id: int, role: Role = Role.ADMIN) -> TestClient:
    """The JSON API as an API key of ``role`` in the organisation."""
    api = TestClient(client().app, base_url=f'http://testserver{API}')
    api.headers['Authorization'] = f'Bearer {make_api_key(organization_id, role)[1]}'
    return api


def publish(organization_id: int, *pings: Ping) -> None:
    with session_scope() as session:
        events.publish_all(session, pings)


def ping(organization_id: int, seq: int = 0, key: str | None = None) -> Ping:
    return Ping(organization_id=organization_id, key=key or unique('k'), seq=seq)


def rows_of(organization_id: int) -> list[OutboxMessage]:
    with session_scope() as session:
        query = select(OutboxMessage).where(OutboxMessage.organization_id == organization_id)
        return list(session.scalars(query.order_by(OutboxMessage.id)))


def test_an_outbox_row_exists_exactly_when_its_transaction_committed(organization_id: int) -> None:
    refuse = events.guard(Ping, lambda _session, event: 'no odd pings' if event.seq % 2 else None)
    with events.subscribed(subscription(), refuse):
        publish(organization_id, ping(organization_id, 0))
        with pytest.raises(RuntimeError), session_scope() as session:
            events.publish(session, ping(organization_id, 2))
            raise RuntimeError('the change fails after publishing')
        with pytest.raises(Conflict, match='no odd pings'):
            publish(organization_id, ping(organization_id, 4), ping(organization_id, 5))  # one refused: none written
    rows = rows_of(organization_id)
    assert [(r.payload['seq'], r.subscriber, r.status, r.attempts) for r in rows] == [(0, SUBSCRIBER, 'pending', 0)]
    assert rows[0].event_name == 'test.ping' and rows[0].event_version == 1


def test_durable_handlers_get_the_event_and_a_key_that_is_the_same_on_every_attempt(organization_id: int) -> None:
    seen: list[Delivery] = []

    def flaky(delivery: Delivery) -> None:
        seen.append(delivery)
        if len(seen) == 1:
            raise ConnectionError('webhook timed out')

    clock = Clock()
    with events.subscribed(events.durable(Ping, flaky, name=SUBSCRIBER)):
        publish(organization_id, ping(organization_id, 7))
        dispatcher = OutboxDispatcher(clock=clock, backoff=Backoff(base_seconds=10))
        assert dispatcher.drain().retrying == 1
        assert dispatcher.drain().claimed == 0, 'not due before its backoff'
        clock.advance(seconds=11)
        assert dispatcher.drain().delivered == 1
    assert [d.event.seq for d in seen] == [7, 7] and [d.attempt for d in seen] == [1, 2]
    assert seen[0].idempotency_key == seen[1].idempotency_key
    [row] = rows_of(organization_id)
    assert (row.status, row.attempts, row.last_error, row.delivered_at is not None) == ('delivered', 2, None, True)


def test_a_failing_handler_backs_off_then_is_dead_lettered_and_an_admin_can_send_it_again(
    organization_id: int,
) -> None:
    attempts: list[datetime] = []
    broken = True

    def handler(_delivery: Delivery) -> None:
        attempts.append(clock.now)
        if broken:
            raise ValueError('mail server said 550')

    clock = Clock()
    with events.subscribed(events.durable(Ping, handler, name=SUBSCRIBER, max_attempts=4)):
        publish(organization_id, ping(organization_id))
        dispatcher = OutboxDispatcher(clock=clock, backoff=Backoff(base_seconds=10, cap_seconds=25))
        waits = []
        for _ in range(4):
            dispatcher.drain()
            [row] = rows_of(organization_id)
            waits.append((row.available_at - clock.now).total_seconds())
            clock.advance(seconds=30)
        assert row.status == 'dead' and row.attempts == 4 and row.last_error == 'ValueError: mail server said 550'
        # Backoff doubles from 10 s with 50–100 % jitter and stops at the cap; a dead row waits for nobody.
        assert 5 <= waits[0] <= 10 and 10 <= waits[1] <= 20 and 12.5 <= waits[2] <= 25 and waits[3] <= 0
        assert dispatcher.drain().claimed == 0, 'a dead delivery is not retried by itself'
        api = outbox_api(organization_id)
        dead = api.get('/outbox/deliveries', params={'status': 'dead'}).json()
        assert [(d['id'], d['attempts'], d['last_error']) for d in dead['items']] == [
            (row.id, 4, 'ValueError: mail server said 550')
        ]
        assert api.get('/outbox/summary').json()['dead_by_subscriber'] == {SUBSCRIBER: 1}
        assert api.post(f'/outbox/deliveries/{row.id}/retry').json()['status'] == 'pending'
        assert api.post(f'/outbox/deliveries/{row.id}/retry').status_code == 409
        broken = False
        assert dispatcher.drain().delivered == 1
    assert len(attempts) == 5 and rows_of(organization_id)[0].status == 'delivered'


def test_an_ordered_subscriber_gets_one_aggregates_events_in_order_even_across_failures(organization_id: int) -> None:
    received: list[tuple[str, int]] = []
    failures = {('a', 1)}

    def handler(delivery: Delivery) -> None:
        key = (delivery.event.key, delivery.event.seq)
        if key in failures:
            failures.discard(key)
            raise RuntimeError('first try fails')
        received.append(key)

    clock = Clock()
    with events.subscribed(events.durable(Ping, handler, name=SUBSCRIBER, ordered=True)):
        publish(organization_id, *[ping(organization_id, seq, key) for seq in range(3) for key in ('a', 'b')])
        dispatcher = OutboxDispatcher(clock=clock, backoff=Backoff(base_seconds=1))
        for _ in range(10):
            dispatcher.drain()
            clock.advance(seconds=5)
    assert [seq for key, seq in received if key == 'a'] == [0, 1, 2]
    assert [seq for key, seq in received if key == 'b'] == [0, 1, 2]
    # b went on while a waited for its retry: ordering holds per aggregate, not across the outbox.
    assert received.index(('b', 2)) < received.index(('a', 1))


def test_a_row_nobody_subscribes_to_any_more_is_dead_lettered_at_once(organization_id: int) -> None:
    with events.subscribed(subscription()):
        publish(organization_id, ping(organization_id))
    OutboxDispatcher().drain()  # the installed bus has no subscriber of that name
    [row] = rows_of(organization_id)
    assert row.status == 'dead' and "no durable subscriber is named 'test.record_ping'" in row.last_error


def test_delivered_rows_are_pruned_after_a_week_and_dead_ones_are_kept(organization_id: int) -> None:
    with events.subscribed(events.durable(Ping, lambda _d: None, name=SUBSCRIBER)):
        publish(organization_id, ping(organization_id), ping(organization_id))
        OutboxDispatcher().drain()
    with session_scope() as session:
        old = datetime.now(UTC) - timedelta(days=8)
        first = rows_of(organization_id)[0].id
        session.execute(text('UPDATE outbox_messages SET delivered_at = :at WHERE id = :id'), {'at': old, 'id': first})
    assert prune_delivered(older_than_days=7) >= 1
    assert [r.id for r in rows_of(organization_id)] != [] and first not in [r.id for r in rows_of(organization_id)]


def test_the_outbox_routes_are_for_admins_and_only_show_their_organisation(organization_id: int) -> None:
    other = make_org(roles=[Role.ADMIN], sites=0).id
    with events.subscribed(events.durable(Ping, lambda _d: None, name=SUBSCRIBER)):
        publish(other, ping(other))
    [theirs] = rows_of(other)
    with session_scope() as session:  # nobody will deliver the other organisation's row
        session.execute(text("UPDATE outbox_messages SET status = 'dead' WHERE id = :id"), {'id': theirs.id})
    admin = outbox_api(organization_id)
    assert admin.get('/outbox/deliveries').json()['total'] == 0
    assert admin.post(f'/outbox/deliveries/{theirs.id}/retry').status_code == 404
    assert admin.get('/outbox/deliveries', params={'status': 'lost'}).json()['errors'][0]['field'] == 'status'
    for role in (Role.SUPERVISOR, Role.TECHNICIAN, Role.VIEWER):
        api = outbox_api(organization_id, role)
        for method, path in (('GET', '/outbox/deliveries'), ('GET', '/outbox/summary')):
            assert api.request(method, path).status_code == 403
        assert api.post(f'/outbox/deliveries/{theirs.id}/retry').status_code == 403


# --- several processes on one PostgreSQL ------------------------------------------------------------------------


@pytest.fixture
def fresh_postgres(own_databases: OwnDatabases) -> str:
    """A database of its own: the workers deliver every pending row they find."""
    url = own_databases.make('postgresql', prefix='cmms_outbox')
    with get_engine().begin() as connection:
        connection.execute(
            text('CREATE TABLE outbox_hits (message_id bigint, idempotency_key text, seq integer, pid integer)')
        )
    return url


def _worker(url: str, mode: str, seconds: float) -> subprocess.Popen:
    env = {**os.environ, 'PYTHONPATH': str(REPO_ROOT), 'CMMS_DATABASE_URL': url}
    command = [sys.executable, str(WORKER), url, mode, str(seconds)]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(worker: subprocess.Popen, line: str) -> None:
    for _ in range(200):  # a bound on a wait, not a speed requirement
        got = worker.stdout.readline().strip()
        if got == line:
            return
        if worker.poll() is not None:
            raise AssertionError(f'worker exited: {worker.stderr.read()}')
    raise AssertionError(f'worker never said {line!r}')


def test_two_dispatcher_processes_on_one_postgresql_deliver_each_row_once(fresh_postgres: str) -> None:
    organization_id = make_org(roles=[Role.ADMIN], sites=0).id
    workers = [_worker(fresh_postgres, 'deliver', 90) for _ in range(2)]
    try:
        for worker in workers:
            _wait_for(worker, 'ready')
        with events.subscribed(subscription()):
            for chunk in range(6):  # published while both run, so that they claim side by side
                publish(organization_id, *[ping(organization_id, chunk * 500 + i) for i in range(500)])
        outputs = [worker.communicate(timeout=120) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    reports = [json.loads(stdout.strip().splitlines()[-1]) for stdout, _ in outputs]
    with get_engine().connect() as connection:
        hits = connection.execute(text('SELECT seq, count(*), count(DISTINCT pid) FROM outbox_hits GROUP BY seq')).all()
        states = connection.execute(text('SELECT status, count(*) FROM outbox_messages GROUP BY status')).all()
    assert sorted(seq for seq, _, _ in hits) == list(range(3000))
    assert all(count == 1 for _, count, _ in hits), 'a row was delivered twice'
    assert dict(states) == {'delivered': 3000}
    assert sum(r['delivered'] for r in reports) == 3000
    assert all(r['delivered'] > 0 for r in reports), f'both dispatchers took part: {reports}'


def test_a_dispatcher_killed_between_claim_and_acknowledgement_leaves_the_row_to_be_delivered_again(
    fresh_postgres: str,
) -> None:
    organization_id = make_org(roles=[Role.ADMIN], sites=0).id
    with events.subscribed(subscription()):
        publish(organization_id, ping(organization_id, 1))
    worker = _worker(fresh_postgres, 'hang', 0)
    try:
        _wait_for(worker, 'claimed')
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    [claimed] = rows_of(organization_id)
    assert claimed.status == 'pending' and claimed.attempts == 1 and claimed.claimed_by is not None
    clock = Clock()
    dispatcher = OutboxDispatcher(events.EventBus([subscription()]), clock=clock)
    assert dispatcher.drain().claimed == 0, 'the dead process still holds the lease'
    clock.advance(seconds=3)  # the worker's lease was 2 s
    assert dispatcher.drain().delivered == 1
    [row] = rows_of(organization_id)
    assert row.status == 'delivered' and row.attempts == 2
    with get_engine().connect() as connection:
        assert connection.execute(text('SELECT seq FROM outbox_hits')).scalars().all() == [1]


def test_the_app_dispatcher_thread_delivers_what_each_commit_writes(organization_id: int) -> None:
    got: list[int] = []
    with events.subscribed(events.durable(Ping, lambda d: got.append(d.event.seq), name=SUBSCRIBER)):
        dispatcher = OutboxDispatcher(idle_poll_seconds=30)  # so that only the commit's wake-up can explain a delivery
        dispatcher.start()
        try:
            for seq in range(3):
                publish(organization_id, ping(organization_id, seq))
                for _ in range(200):  # a bound on the wait, not a speed requirement
                    if seq in got:
                        break
                    time.sleep(0.05)
        finally:
            dispatcher.stop()
    assert got == [0, 1, 2]
