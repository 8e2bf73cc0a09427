"""Gathering what the shell shows, and the guard every page opens with."""

from __future__ import annotations

from nicegui import app, run, ui

from app.core import tenancy, users
from app.core.db import session_scope
from app.core.permissions import Permission, can
from app.core.principal import Principal
from components import design
from components.frame import ShellContext, frame
from pages.navigation import visible_nav_items
from pages.session import current_principal, set_site_filter, site_filter


async def page_context(permission: Permission | None = None) -> tuple[Principal, ShellContext] | None:
    """The principal and shell data of this page; draws a 403 page and returns None if the role may not."""
    principal = current_principal()
    context = await run.io_bound(_load_shell, principal, site_filter(), bool(app.storage.user.get('dark_mode')))
    if permission is not None and not can(principal, permission):
        forbidden_page(context)
        return None
    return principal, context


def forbidden_page(context: ShellContext) -> None:
    ui.context.client.status_code = 403
    with frame(context, 'Not allowed', ''):
        with ui.column().classes('w-full items-center py-16 gap-3'):
            ui.icon('block', color=design.DANGER).classes('text-6xl')
            ui.label('Not allowed').classes(design.PAGE_TITLE)
            ui.label(f'Your role ({context.role}) may not open this page. Ask an admin if you need it.').classes(
                design.MUTED_TEXT
            )
            ui.button('Back to the start page', icon='home', on_click=lambda: ui.navigate.to('/'))


def _load_shell(principal: Principal, site_id: int | None, dark_mode: bool) -> ShellContext:
    with session_scope() as session:
        organization = tenancy.get_organization(session=session, principal=principal)
        sites = tenancy.list_sites(session=session, principal=principal).items
        user = users.get_own_account(session=session, principal=principal) if principal.user_id else None

    def change_site(new_site_id: int | None) -> None:
        set_site_filter(new_site_id)
        ui.navigate.reload()

    async def change_dark_mode(enabled: bool) -> None:
        app.storage.user['dark_mode'] = enabled
        await run.io_bound(_save_dark_mode, principal, enabled)

    return ShellContext(
        user_name=user.name if user else principal.label,
        user_email=user.email if user else '',
        role=principal.role.value,
        organization_name=organization.name,
        nav_items=visible_nav_items(principal),
        sites={site.id: site.name for site in sites},
        site_id=site_id if site_id in {s.id for s in sites} else None,
        dark_mode=dark_mode,
        on_site_change=change_site,
        on_dark_mode_change=change_dark_mode,
    )


def _save_dark_mode(principal: Principal, enabled: bool) -> None:
    with session_scope() as session:
        users.set_dark_mode(session=session, principal=principal, enabled=enabled)
