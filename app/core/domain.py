"""What a domain declares about itself, once, in its ``manifest.py``; the composition root reads nothing else.

A new domain is a package with a manifest plus one line in ``app/domains.py``. Nothing registers itself as a side
effect of being imported: routers, jobs, demo data, event subscriptions and pages are all named here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter

from app.core.audit_subjects import AuditSubject
from app.core.events import Subscription
from app.core.jobs import JobSpec

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DemoLoader = Callable[['Session', Any], None]  # (session, DemoContext): writes the domain's demo rows


@dataclass(frozen=True)
class Domain:
    """One domain of the app, as the composition root needs it.

    - ``models``: modules whose tables join ``Base.metadata`` (migrations, backups, the schema check).
    - ``routers``: JSON routers under ``/api/v1``, in matching order within the domain; ``route_priority`` orders
      domains (lower first): routes are matched in order, so the busiest domains go first.
    - ``api_tags``: the docs' groups this domain adds, in the order they are listed.
    - ``jobs``: background jobs the scheduler runs (ids unique across domains).
    - ``demo``: writes the domain's demo rows, in domain order, in the demo loader's one transaction.
    - ``subscriptions``: what the domain does when other domains' events happen (``app.core.events``).
    - ``audit_subjects``: the entity types this domain writes to the audit log, with their names in the UI and
      how an id reads (``app.core.audit_subjects``).
    - ``pages``: the page-area packages of the web UI (``pages.<area>``, each with an ``AREA``). Named, not
      imported: ``app`` never imports the UI, only the web composition root (``app/web.py``) does.
    """

    name: str
    models: tuple[ModuleType, ...] = ()
    routers: tuple[APIRouter, ...] = ()
    route_priority: int = 50
    api_tags: tuple[str, ...] = ()
    jobs: tuple[JobSpec, ...] = ()
    demo: DemoLoader | None = None
    subscriptions: tuple[Subscription, ...] = ()
    audit_subjects: tuple[AuditSubject, ...] = ()
    pages: tuple[str, ...] = ()
