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

from app.core.enums import Role
from app.core.permissions import Permission, can
from app.core.principal import Principal
from components.frame import NavItem
from components.links import LinkLine
from components.search_box import SearchGroup


@dataclass(frozen=True)
class NavEntry:
    """A drawer entry, listed to roles with ``permission``; lower ``order`` comes first."""

    label: str
    icon: str
    path: str
    permission: Permission
    order: int
    start_for: tuple[Role, ...] = ()  # the roles that land here after signing in (``start_path``)


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
class DetailAction:
    """A button in a detail page's header; ``render(view)`` draws it (or nothing, when it does not apply)."""

    page: str
    name: str
    render: Callable[[Any], None]
    order: int
    permission: Permission | None = None


@dataclass(frozen=True)
class DetailSection:
    """A card inside a tab of a detail page (``tab`` is the tab's name); ``render(view)`` draws it."""

    page: str
    tab: str
    name: str
    render: Callable[[Any], Awaitable[None]]
    order: int
    permission: Permission | None = None


@dataclass(frozen=True)
class Attention:
    """What one panel of the "needs attention" page shows: how many, the worst few, and the list behind them."""

    title: str
    icon: str
    color: str  # the design module's meaning: DANGER when count > 0 means something is wrong
    count: int
    path: str  # the full list behind the figure
    lines: list[LinkLine]
    empty: str  # said when the count is 0 ("Nothing overdue")


@dataclass(frozen=True)
class AttentionPanel:
    """A panel of the "needs attention" page: ``load(principal, site_id)`` reads it through the area's services."""

    name: str
    load: Callable[[Principal, int | None], Awaitable[Attention]]
    order: int
    permission: Permission


@dataclass(frozen=True)
class SearchProvider:
    """The top bar's search in one area: ``search(principal, text, site_id)`` finds a few matches."""

    name: str
    search: Callable[[Principal, str, int | None], Awaitable[SearchGroup]]
    order: int
    permission: Permission


@dataclass(frozen=True)
class PageArea:
    router: APIRouter
    nav: tuple[NavEntry, ...] = ()
    tabs: tuple[DetailTab, ...] = ()
    actions: tuple[DetailAction, ...] = ()
    sections: tuple[DetailSection, ...] = ()
    attention: tuple[AttentionPanel, ...] = ()
    search: tuple[SearchProvider, ...] = ()


@dataclass
class _Registry:
    nav: list[NavEntry] = field(default_factory=list)
    tabs: list[DetailTab] = field(default_factory=list)
    actions: list[DetailAction] = field(default_factory=list)
    sections: list[DetailSection] = field(default_factory=list)
    attention: list[AttentionPanel] = field(default_factory=list)
    search: list[SearchProvider] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)


_registry = _Registry()
_CONTRIBUTIONS = ('nav', 'tabs', 'actions', 'sections', 'attention', 'search')


def install_page_areas(app: FastAPI, names: Iterable[str]) -> None:
    """Import each area package, include its router in ``app`` and register what it adds.

    Called once by the app; the page tests call it again for each simulated app, so it starts the registry afresh.
    """
    registry = _Registry()
    for name in names:
        area: PageArea = importlib.import_module(name).AREA
        app.include_router(area.router)
        for kind in _CONTRIBUTIONS:
            getattr(registry, kind).extend(getattr(area, kind))
        registry.areas.append(name)
    for kind in _CONTRIBUTIONS:
        getattr(registry, kind).sort(key=lambda contribution: contribution.order)
    for kind in (*_CONTRIBUTIONS, 'areas'):
        setattr(_registry, kind, getattr(registry, kind))


def visible_nav_items(principal: Principal) -> list[NavItem]:
    return [NavItem(e.label, e.icon, e.path) for e in _registry.nav if can(principal, e.permission)]


def detail_tabs(page: str, principal: Principal) -> list[DetailTab]:
    """The tabs of one detail page this person may see, in order."""
    return [tab for tab in _registry.tabs if tab.page == page and _allowed(tab.permission, principal)]


def start_path(principal: Principal) -> str:
    """Where this person lands after signing in: the first drawer entry naming their role as its start, else the
    first entry they may open (every role reads the sites, so there always is one)."""
    entries = [entry for entry in _registry.nav if can(principal, entry.permission)]
    for entry in entries:
        if principal.role in entry.start_for:
            return entry.path
    return entries[0].path if entries else '/sites'


def _allowed(permission: Permission | None, principal: Principal) -> bool:
    return permission is None or can(principal, permission)


def detail_actions(page: str, principal: Principal) -> list[DetailAction]:
    """The header actions other areas add to one detail page, for this person, in order."""
    return [a for a in _registry.actions if a.page == page and _allowed(a.permission, principal)]


def detail_sections(page: str, tab: str, principal: Principal) -> list[DetailSection]:
    """The cards areas add to one tab of a detail page, for this person, in order."""
    return [s for s in _registry.sections if s.page == page and s.tab == tab and _allowed(s.permission, principal)]


def attention_panels(principal: Principal) -> list[AttentionPanel]:
    return [panel for panel in _registry.attention if can(principal, panel.permission)]


def search_providers(principal: Principal) -> list[SearchProvider]:
    return [provider for provider in _registry.search if can(principal, provider.permission)]
