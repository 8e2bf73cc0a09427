"""What the admin pages share: calling a service off the event loop, the admin header, timezones, role options."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from nicegui import run, ui

from app.core.db import session_scope
from app.core.enums import Role
from app.core.schemas import SiteRead
from components import design
from components.frame import ShellContext, frame

T = TypeVar('T')
Reload = Callable[[], Awaitable[None]]  # what a dialog calls after a change so that the page shows it
UTC_ZONE = ZoneInfo('UTC')
ROLE_OPTIONS = {role.value: role.value.capitalize() for role in Role}


class AdminPage(NamedTuple):
    label: str
    icon: str
    path: str
    description: str


ADMIN_PAGES = [
    AdminPage('Users', 'group', '/admin/users', 'People, their roles and home sites'),
    AdminPage('Sites', 'factory', '/admin/sites', 'Plants and buildings with timezone and position'),
    AdminPage('API keys', 'key', '/admin/api-keys', 'Keys that let other systems use the API'),
    AdminPage('Audit log', 'history', '/admin/audit', 'Who changed what, and when'),
]


async def call(service: Callable[..., T], /, **kwargs: Any) -> T:
    """Run one service function in its own transaction, off the event loop."""
    return await run.io_bound(_in_session, service, kwargs)


def _in_session(service: Callable[..., T], kwargs: dict[str, Any]) -> T:
    with session_scope() as session:
        return service(session=session, **kwargs)


@contextmanager
def admin_frame(context: ShellContext, page: AdminPage, subtitle: str = '') -> Iterator[ui.row]:
    """The shell with the admin breadcrumb, the page title and a row for the page's main actions (yielded)."""
    with frame(context, page.label, page.path):
        with ui.row().classes('w-full items-end justify-between gap-4 flex-wrap'):
            with ui.column().classes('gap-0'):
                with ui.row().classes('items-center gap-1 ' + design.MUTED_TEXT):
                    ui.link('Admin', '/admin')
                    ui.icon('chevron_right')
                    ui.label(page.label)
                ui.label(page.label).classes(design.PAGE_TITLE)
                ui.label(subtitle or page.description).classes(design.MUTED_TEXT)
            actions = ui.row().classes('items-center gap-2 flex-wrap')
        yield actions


def fallback_zone(context: ShellContext, sites: list[SiteRead]) -> ZoneInfo:
    """Times without a site of their own show in the filtered site's timezone, else UTC."""
    zones = {site.id: site.timezone for site in sites}
    return ZoneInfo(zones[context.site_id]) if context.site_id in zones else UTC_ZONE


def site_zone(site_id: int | None, sites: list[SiteRead], fallback: ZoneInfo) -> ZoneInfo:
    for site in sites:
        if site.id == site_id:
            return ZoneInfo(site.timezone)
    return fallback


def primary_button(label: str, icon: str, on_click: Callable[[], Any]) -> ui.button:
    return ui.button(label, icon=icon, on_click=on_click).props('no-caps unelevated').classes(design.TOUCH_TARGET)
