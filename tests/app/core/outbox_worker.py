"""One app instance for the multi-process outbox tests: a dispatcher with one durable subscriber that records each
delivery in ``outbox_hits``.

Usage: outbox_worker.py DATABASE_URL MODE SECONDS
- ``deliver``: dispatch in batches of 50 until idle for a second after some work (or SECONDS pass), then print
  one JSON line with the counts;
- ``hang``: claim one batch and block inside the handler (until killed), after printing ``claimed``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import ClassVar

from sqlalchemy import text

from app.core import events
from app.core.db import session_scope, use_database
from app.core.events import Delivery, DomainEvent, EventBus
from app.core.outbox import OutboxDispatcher

SUBSCRIBER = 'test.record_ping'


class Ping(DomainEvent):
    name: ClassVar[str] = 'test.ping'
    aggregate_type: ClassVar[str] = 'ping'
    aggregate_field: ClassVar[str] = 'key'

    key: str
    seq: int


def record(delivery: Delivery) -> None:
    with session_scope() as session:
        session.execute(
            text('INSERT INTO outbox_hits (message_id, idempotency_key, seq, pid) VALUES (:m, :k, :s, :p)'),
            {'m': delivery.message_id, 'k': delivery.idempotency_key, 's': delivery.event.seq, 'p': os.getpid()},
        )


def hang(_delivery: Delivery) -> None:
    print('claimed', flush=True)
    time.sleep(3600)


def subscription(handler=record) -> events.Subscription:
    return events.durable(Ping, handler, name=SUBSCRIBER)


def main(url: str, mode: str, seconds: float) -> None:
    use_database(url)
    bus = EventBus([subscription(hang if mode == 'hang' else record)])
    dispatcher = OutboxDispatcher(bus, batch_size=50, lease_seconds=2)
    if mode == 'hang':
        dispatcher.dispatch_once()
        return
    print('ready', flush=True)
    deadline = time.monotonic() + seconds
    totals = {'claimed': 0, 'delivered': 0}
    last_work = None
    while time.monotonic() < deadline:
        counts = dispatcher.dispatch_once()
        totals['claimed'] += counts.claimed
        totals['delivered'] += counts.delivered
        if counts.claimed:
            last_work = time.monotonic()
        elif last_work is not None and time.monotonic() - last_work > 1:
            break
        else:
            time.sleep(0.02)
    print(json.dumps({'pid': os.getpid(), **totals}), flush=True)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
