"""Domain events: typed facts a service publishes inside its transaction, and the subscribers that react to them.

A domain reacts to another's change by subscribing to its event, never by importing its internals. Three kinds:

- a **guard** runs in the publishing transaction and may object (return a reason): the change is refused with
  every objection, and nothing of it is written. Guards only read (an import preview asks them too).
- a **reaction** runs in the publishing transaction after the guards, for rules that must hold atomically with the
  change; raising rolls the whole change back.
- a **durable** subscriber gets an outbox row written in the same transaction, so it exists exactly when the change
  committed; the dispatcher (``app.core.outbox``) delivers it later, at least once, with retries.

Subscriptions come from the domain manifests: the composition root builds one ``EventBus`` from them and installs
it (``app.domains.install``). Publishing with no bus installed is an error, not a silent no-op, so that no guard is
ever skipped because some module happened not to be imported.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy import event as orm_event
from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from app.core.db import is_postgresql, utcnow
from app.core.errors import Conflict
from app.core.models import OutboxMessage

OUTBOX_WRITTEN = 'cmms.outbox_written'  # session.info flag: this transaction wrote outbox rows (wake the dispatcher)
OUTBOX_CHANNEL = 'cmms_outbox'  # PostgreSQL NOTIFY channel: every instance's dispatcher LISTENs on it
DEFAULT_MAX_ATTEMPTS = 10


class DomainEvent(BaseModel):
    """A fact about one aggregate (an asset, a work order, a part at a site), named and versioned.

    ``name`` is the stable wire name (outbox rows carry it); bump ``version`` when the payload changes shape, and
    teach ``upgrade`` to read the older payloads still waiting in the outbox.
    """

    model_config = ConfigDict(frozen=True, extra='forbid')

    name: ClassVar[str]
    version: ClassVar[int] = 1
    aggregate_type: ClassVar[str]
    aggregate_field: ClassVar[str]

    organization_id: int

    @property
    def aggregate(self) -> str:
        """'work_order:42': deliveries of one aggregate to an ordered subscriber keep their publishing order."""
        return f'{self.aggregate_type}:{getattr(self, self.aggregate_field)}'

    def refusal(self, objections: list[str]) -> str:
        """The 409 detail when guards object."""
        return f'{self.name} refused: {"; ".join(objections)}'

    @classmethod
    def upgrade(cls, payload: dict[str, Any], version: int) -> dict[str, Any]:
        """A payload stored by an older ``version`` in today's shape (none so far: every event is at version 1)."""
        raise ValueError(f'{cls.name} has no upgrade from version {version} to {cls.version}')


class Mode(StrEnum):
    GUARD = 'guard'
    REACTION = 'reaction'
    DURABLE = 'durable'


@dataclass(frozen=True)
class Delivery:
    """What a durable subscriber gets: the event, and a key that is the same on every attempt of this delivery."""

    event: DomainEvent
    idempotency_key: str
    attempt: int
    message_id: int
    occurred_at: datetime


Guard = Callable[[Session, Any], str | None]
Reaction = Callable[[Session, Any], None]
DurableHandler = Callable[[Delivery], None]


@dataclass(frozen=True)
class Subscription:
    event: type[DomainEvent]
    handler: Callable[..., Any]
    mode: Mode
    name: str
    ordered: bool = False
    max_attempts: int = DEFAULT_MAX_ATTEMPTS


def guard(event: type[DomainEvent], handler: Guard) -> Subscription:
    """``handler(session, event)`` returns a reason to refuse the change, or None."""
    return Subscription(event, handler, Mode.GUARD, _qualified_name(handler))


def reaction(event: type[DomainEvent], handler: Reaction) -> Subscription:
    """``handler(session, event)`` runs in the publishing transaction; raising refuses the change."""
    return Subscription(event, handler, Mode.REACTION, _qualified_name(handler))


def durable(
    event: type[DomainEvent],
    handler: DurableHandler,
    *,
    name: str,
    ordered: bool = False,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> Subscription:
    """``handler(delivery)`` runs after commit, at least once (so it must be idempotent: use the delivery's key).

    ``name`` is stored on every outbox row and must stay the same across releases (rows waiting under an old name
    would find no handler and be dead-lettered). ``ordered`` delivers one aggregate's events in publishing order:
    the next waits until the one before is delivered or dead-lettered. A delivery failing ``max_attempts`` times
    is dead-lettered for an admin to see and retry.
    """
    if max_attempts < 1:
        raise ValueError('max_attempts must be at least 1')
    return Subscription(event, handler, Mode.DURABLE, name, ordered, max_attempts)


@dataclass
class EventBus:
    """The subscriptions of every installed domain, indexed by event type."""

    subscriptions: Iterable[Subscription]
    _by_event: dict[type[DomainEvent], dict[Mode, list[Subscription]]] = field(init=False, default_factory=dict)
    _events_by_name: dict[str, type[DomainEvent]] = field(init=False, default_factory=dict)
    _durable_by_name: dict[str, Subscription] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.subscriptions = tuple(self.subscriptions)
        for subscription in self.subscriptions:
            modes = self._by_event.setdefault(subscription.event, {mode: [] for mode in Mode})
            modes[subscription.mode].append(subscription)
            self._events_by_name[subscription.event.name] = subscription.event
            if subscription.mode is Mode.DURABLE:
                if subscription.name in self._durable_by_name:
                    raise ValueError(f'two durable subscribers are named {subscription.name!r}')
                self._durable_by_name[subscription.name] = subscription

    def of(self, event_type: type[DomainEvent], mode: Mode) -> list[Subscription]:
        return self._by_event.get(event_type, {}).get(mode, [])

    def durable_subscription(self, name: str) -> Subscription | None:
        return self._durable_by_name.get(name)

    def decode(self, name: str, version: int, payload: dict[str, Any]) -> DomainEvent:
        """The event an outbox row holds, in today's shape."""
        event_type = self._events_by_name.get(name)
        if event_type is None:
            raise LookupError(f'no subscriber knows the event {name!r}')
        if version != event_type.version:
            payload = event_type.upgrade(payload, version)
        return event_type.model_validate(payload)


_bus: EventBus | None = None
_commit_callbacks: list[Callable[[], None]] = []
_NOTIFY = text(f"SELECT pg_notify('{OUTBOX_CHANNEL}', '')")


def install(bus: EventBus) -> None:
    """Make ``bus`` the subscriptions of this process (the composition root, once at start; tests per case)."""
    global _bus
    _bus = bus
    if not orm_event.contains(Session, 'after_commit', _after_commit):
        orm_event.listen(Session, 'after_commit', _after_commit)
        orm_event.listen(Session, 'after_rollback', _after_rollback)


def on_outbox_commit(callback: Callable[[], None]) -> Callable[[], None]:
    """Call ``callback`` after each commit in this process that wrote outbox rows; returns the undo."""
    _commit_callbacks.append(callback)
    return lambda: _commit_callbacks.remove(callback)


def _after_commit(session: Session) -> None:
    if session.info.pop(OUTBOX_WRITTEN, False):
        for callback in list(_commit_callbacks):
            callback()


def _after_rollback(session: Session) -> None:
    session.info.pop(OUTBOX_WRITTEN, None)


def is_installed() -> bool:
    return _bus is not None


def installed_bus() -> EventBus:
    if _bus is None:
        raise RuntimeError('no event subscriptions are installed: call app.domains.install() at start-up')
    return _bus


@contextmanager
def subscribed(*extra: Subscription) -> Iterator[EventBus]:
    """The installed subscriptions plus ``extra``, for the duration of the block (tests)."""
    previous = installed_bus()
    bus = EventBus([*previous.subscriptions, *extra])
    install(bus)
    try:
        yield bus
    finally:
        install(previous)


def objections(session: Session, event: DomainEvent) -> list[str]:
    """What the guards of ``event`` object to, without publishing it (previews, combined refusals)."""
    return [reason for s in installed_bus().of(type(event), Mode.GUARD) if (reason := s.handler(session, event))]


def publish(session: Session, event: DomainEvent) -> None:
    """Publish one event inside the caller's transaction: guards, then reactions, then the outbox rows."""
    publish_all(session, [event])


def publish_all(session: Session, events: Iterable[DomainEvent]) -> None:
    """Publish events in order (a bulk import's); the outbox rows of all of them go in one statement."""
    bus = installed_bus()
    rows: list[dict[str, Any]] = []
    for event in events:
        event_type = type(event)
        if found := [r for s in bus.of(event_type, Mode.GUARD) if (r := s.handler(session, event))]:
            raise Conflict(event.refusal(found))
        for subscription in bus.of(event_type, Mode.REACTION):
            subscription.handler(session, event)
        if durable_subscriptions := bus.of(event_type, Mode.DURABLE):
            rows += _outbox_rows(event, durable_subscriptions)
    if rows:
        connection = session.connection()
        connection.execute(insert(OutboxMessage.__table__), rows)
        if is_postgresql(connection.engine) and not session.info.get(OUTBOX_WRITTEN):
            connection.execute(_NOTIFY)  # sent at commit, to every instance; dropped with a rollback
        session.info[OUTBOX_WRITTEN] = True


def _outbox_rows(event: DomainEvent, subscriptions: list[Subscription]) -> list[dict[str, Any]]:
    event_id = uuid.uuid4()
    payload = event.model_dump(mode='json')
    now = utcnow()
    aggregate = event.aggregate
    return [
        {
            'organization_id': event.organization_id,
            'event_id': str(event_id),
            'event_name': event.name,
            'event_version': event.version,
            'aggregate': aggregate,
            'payload': payload,
            'subscriber': subscription.name,
            'ordering_key': f'{subscription.name}|{aggregate}' if subscription.ordered else None,
            # The same on every attempt of this delivery, and different for each subscriber of the event.
            'idempotency_key': str(uuid.uuid5(event_id, subscription.name)),
            'status': 'pending',
            'attempts': 0,
            'available_at': now,
            'created_at': now,
        }
        for subscription in subscriptions
    ]


def _qualified_name(handler: Callable[..., Any]) -> str:
    return f'{handler.__module__}.{handler.__qualname__}'
