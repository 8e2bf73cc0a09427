"""What the admin pages share: the list of admin pages, the admin header, role options, the main button."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from nicegui import ui

from app.core.enums import Role
from components import design
from components.frame import ShellContext, frame

Reload = Callable[[], Awaitable[None]]  # what a dialog calls after a change so that the page shows it
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
    AdminPage('Deliveries', 'outbox', '/admin/deliveries', 'Side effects waiting, retrying or given up'),
]


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


def primary_button(label: str, icon: str, on_click: Callable[[], Any]) -> ui.button:
    return ui.button(label, icon=icon, on_click=on_click).props('no-caps unelevated').classes(design.TOUCH_TARGET)
