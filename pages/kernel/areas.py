"""Page areas: what each package under ``pages/`` adds to the web UI, collected once by the composition root.

An area is a package (``pages/assets/``, ``pages/work_orders/`` …) whose ``__init__`` declares ``AREA``: its
NiceGUI router (the routes of its pages and browser downloads), its drawer entries, and the tabs it adds to
detail pages — its own or another area's, so the work-order area adds the Work tab to the asset page without the
asset pages knowing about work orders. The domains' manifests name their areas (``Domain.pages``);
``install_page_areas`` imports them, includes their routers and fills the registry that the shell and the detail
pages read. Nothing is registered by importing a page module on its own.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from nicegui import APIRouter

from app.core.permissions import Permission, can
from app.core.principal import Principal
from components.frame import NavItem


@dataclass(frozen=True)
class NavEntry:
    """A drawer entry, listed to roles with ``permission``; lower ``order`` comes first."""

    label: str
    icon: str
    path: str
    permission: Permission
    order: int


@dataclass(frozen=True)
class DetailTab:
    """A tab of a detail page (``page`` is the page's name: 'asset', 'work_order').

    ``render`` gets the page's view object (``AssetView``, ``WorkOrderView``) and draws into the tab's panel.
    """

    page: str
    name: str
    label: str
    icon: str
    render: Callable[[Any], Awaitable[None]]
    order: int
    permission: Permission | None = None


@dataclass(frozen=True)
class PageArea:
    router: APIRouter
    nav: tuple[NavEntry, ...] = ()
    tabs: tuple[DetailTab, ...] = ()


@dataclass
class _Registry:
    nav: list[NavEntry] = field(default_factory=list)
    tabs: list[DetailTab] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)


_registry = _Registry()


def install_page_areas(app: FastAPI, names: Iterable[str]) -> None:
    """Import each area package, include its router in ``app`` and register what it adds.

    Called once by the app; the page tests call it again for each simulated app, so it starts the registry afresh.
    """
    registry = _Registry()
    for name in names:
        area: PageArea = importlib.import_module(name).AREA
        app.include_router(area.router)
        registry.nav.extend(area.nav)
        registry.tabs.extend(area.tabs)
        registry.areas.append(name)
    registry.nav.sort(key=lambda entry: entry.order)
    registry.tabs.sort(key=lambda tab: tab.order)
    _registry.nav, _registry.tabs, _registry.areas = registry.nav, registry.tabs, registry.areas


def visible_nav_items(principal: Principal) -> list[NavItem]:
    return [NavItem(e.label, e.icon, e.path) for e in _registry.nav if can(principal, e.permission)]


def detail_tabs(page: str, principal: Principal) -> list[DetailTab]:
    """The tabs of one detail page this person may see, in order."""
    return [
        tab for tab in _registry.tabs if tab.page == page and (tab.permission is None or can(principal, tab.permission))
    ]
