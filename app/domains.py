"""The domains of the app, in dependency order: the one list the composition root reads (``app/core/domain.py``).

Adding a domain is its package with a ``manifest.py`` plus one line here.
"""

from __future__ import annotations

from functools import cache

from app.assets.manifest import DOMAIN as ASSETS
from app.core import audit_subjects, events
from app.core.db import Base
from app.core.domain import Domain
from app.core.events import EventBus
from app.core.jobs import JobSpec
from app.core.manifest import DOMAIN as CORE
from app.inventory.manifest import DOMAIN as INVENTORY
from app.maintenance.manifest import DOMAIN as MAINTENANCE
from app.work_orders.manifest import DOMAIN as WORK_ORDERS

DOMAINS: tuple[Domain, ...] = (
    CORE,
    ASSETS,
    INVENTORY,
    WORK_ORDERS,
    MAINTENANCE,
)

__all__ = [
    'ASSETS',
    'CORE',
    'DOMAINS',
    'INVENTORY',
    'MAINTENANCE',
    'WORK_ORDERS',
    'Base',
    'event_bus',
    'install',
    'job_specs',
]


@cache
def event_bus() -> EventBus:
    """Every domain's subscriptions, in domain order."""
    return EventBus([subscription for domain in DOMAINS for subscription in domain.subscriptions])


def install() -> None:
    """Install the domains' event subscriptions in this process (the app, the CLI, the tests), unless some are
    installed already: a test's extra subscriptions (``events.subscribed``) stay in force while it builds an app.
    The domains' audit subjects are installed every time (they are plain descriptions)."""
    audit_subjects.install(subject for domain in DOMAINS for subject in domain.audit_subjects)
    if not events.is_installed():
        events.install(event_bus())


def job_specs() -> list[JobSpec]:
    return [spec for domain in DOMAINS for spec in domain.jobs]
