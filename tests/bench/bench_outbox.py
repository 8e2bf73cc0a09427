"""Outbox dispatcher on PostgreSQL: deliveries per second to a no-op handler, and commit → delivery latency.

- B-O1: 20,000 pending deliveries (published beforehand, 1,000 events a transaction), drained by one dispatcher in
  batches of 500. Raw limit: the same rows marked delivered by bare claim-and-acknowledge statements (one UPDATE …
  WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) per batch, nothing read back, nothing decoded).
- B-O2: the app's dispatcher thread (woken by LISTEN/NOTIFY) while a producer commits 20 events every 10 ms
  (2,000 events/s) for 8 s; p95 from each commit to its delivery. Raw limit: p95 of a bare NOTIFY from a commit to
  a LISTENing connection under the same producer pattern.
"""

from __future__ import annotations

import threading
import time
from typing import ClassVar

import psycopg
from sqlalchemy import text

from app.core import events
from app.core.db import session_scope, use_database
from app.core.events import Delivery, DomainEvent, EventBus
from app.core.migrate import upgrade_to_head
from app.core.outbox import OutboxDispatcher
from app.core.tenancy import create_organization
from tests.bench.harness import Result, fresh_postgres_database, percentile

BACKLOG = 20_000
PUBLISH_CHUNK = 1_000
LATENCY_SECONDS = 8
EVENTS_PER_COMMIT = 20
COMMIT_EVERY = 0.01


class Tick(DomainEvent):
    name: ClassVar[str] = 'bench.tick'
    aggregate_type: ClassVar[str] = 'tick'
    aggregate_field: ClassVar[str] = 'seq'

    seq: int


def run() -> list[Result]:
    with fresh_postgres_database('cmms_bench_outbox') as url:
        upgrade_to_head(use_database(url))
        with session_scope() as session:
            organization_id = create_organization(session=session, name='Bench outbox').id
        return [_throughput(url, organization_id), _latency(url, organization_id)]


def _publish(organization_id: int, first: int, count: int) -> None:
    with session_scope() as session:
        events.publish_all(session, [Tick(organization_id=organization_id, seq=first + i) for i in range(count)])


def _throughput(url: str, organization_id: int) -> Result:
    bus = EventBus([events.durable(Tick, lambda _delivery: None, name='bench.noop')])
    events.install(bus)
    raw = _raw_claim_rate(url, organization_id)
    for first in range(0, BACKLOG, PUBLISH_CHUNK):
        _publish(organization_id, first, PUBLISH_CHUNK)
    dispatcher = OutboxDispatcher(bus, batch_size=500)
    started = time.perf_counter()
    delivered = dispatcher.drain(max_rounds=10_000).delivered
    rate = delivered / (time.perf_counter() - started)
    assert delivered == BACKLOG, f'delivered {delivered} of {BACKLOG}'
    return Result('B-O1', 'outbox deliveries to a no-op handler, PostgreSQL', rate, '/s', 2_000, raw)


def _raw_claim_rate(url: str, organization_id: int) -> float:
    """Bare claim-and-acknowledge of BACKLOG rows, the floor of any dispatcher's database work."""
    for first in range(0, BACKLOG, PUBLISH_CHUNK):
        _publish(organization_id, first, PUBLISH_CHUNK)
    statement = (
        "UPDATE outbox_messages SET status = 'delivered', delivered_at = now() WHERE id IN ("
        "SELECT id FROM outbox_messages WHERE status = 'pending' ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED)"
    )
    started = time.perf_counter()
    done = 0
    with psycopg.connect(url, autocommit=True) as connection:
        while (count := connection.execute(statement).rowcount) > 0:
            done += count
    rate = done / (time.perf_counter() - started)
    with session_scope() as session:
        session.execute(text('DELETE FROM outbox_messages'))
    return rate


def _latency(url: str, organization_id: int) -> Result:
    committed: dict[int, float] = {}
    delivered: dict[int, float] = {}

    def record(delivery: Delivery) -> None:
        delivered[delivery.event.seq] = time.perf_counter()

    bus = EventBus([events.durable(Tick, record, name='bench.record')])
    events.install(bus)
    raw = _raw_notify_p95(url)
    dispatcher = OutboxDispatcher(bus, batch_size=500)
    dispatcher.start()
    try:
        seq = 0
        deadline = time.perf_counter() + LATENCY_SECONDS
        next_commit = time.perf_counter()
        while time.perf_counter() < deadline:
            _publish(organization_id, seq, EVENTS_PER_COMMIT)
            now = time.perf_counter()
            committed.update(dict.fromkeys(range(seq, seq + EVENTS_PER_COMMIT), now))
            seq += EVENTS_PER_COMMIT
            next_commit += COMMIT_EVERY
            time.sleep(max(0.0, next_commit - time.perf_counter()))
        for _ in range(200):  # wait for the tail, bounded
            if len(delivered) >= seq:
                break
            time.sleep(0.05)
    finally:
        dispatcher.stop()
    lags = [(delivered[s] - committed[s]) * 1000 for s in committed if s in delivered]
    assert len(lags) == len(committed), f'{len(committed) - len(lags)} events were not delivered'
    what = f'outbox commit → delivery p95, {len(committed) / LATENCY_SECONDS:,.0f} events/s'
    return Result('B-O2', what, percentile(lags, 95), 'ms', 500, raw, higher_is_better=False)


def _raw_notify_p95(url: str) -> float:
    """p95 of a bare NOTIFY from a committing connection to a LISTENing one, same producer pattern (ms)."""
    sent: dict[str, float] = {}
    received: dict[str, float] = {}
    stop = threading.Event()

    def listen() -> None:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute('LISTEN bench_raw')
            ready.set()
            while not stop.is_set():
                for note in connection.notifies(timeout=0.1):
                    received[note.payload] = time.perf_counter()

    ready = threading.Event()
    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    ready.wait(10)
    with psycopg.connect(url) as connection:
        deadline = time.perf_counter() + 2
        count = 0
        while time.perf_counter() < deadline:
            connection.execute("SELECT pg_notify('bench_raw', %s)", (str(count),))
            connection.commit()
            sent[str(count)] = time.perf_counter()
            count += 1
            time.sleep(COMMIT_EVERY)
    time.sleep(0.5)
    stop.set()
    listener.join(5)
    lags = [(received[k] - sent[k]) * 1000 for k in sent if k in received]
    return percentile(lags, 95)
