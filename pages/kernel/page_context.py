"""Gathering what the shell shows, and the guard every page opens with."""

from __future__ import annotations

import asyncio

from nicegui import app, ui
from sqlalchemy.orm import Session

from app.core import tenancy, users
from app.core.permissions import Permission, can
from app.core.principal import Principal
from components import design, money
from components.frame import ShellContext, frame
from components.search_box import Search, SearchGroup
from components.site_filter import SiteFilter
from pages.kernel.areas import search_providers, visible_nav_items
from pages.kernel.bridge import call, in_session
from pages.kernel.session import current_principal, set_site_filter, site_filter


async def page_context(permission: Permission | None = None) -> tuple[Principal, ShellContext] | None:
    """The principal and shell data of this page; draws a 403 page and returns None if the role may not."""
    principal = current_principal()
    site_id, dark_mode = site_filter(), bool(app.storage.user.get('dark_mode'))  # the browser's storage: read here
    context, currency = await in_session(lambda session: _load_shell(session, principal, site_id, dark_mode))
    money.set_page_currency(currency)  # every amount on this page is shown in the organisation's currency
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
            ui.button('Back to the start page', icon='home', on_click=lambda: ui.navigate.to('/')).props(
                'no-caps'
            ).classes(design.TOUCH_TARGET)


def _load_shell(
    session: Session, principal: Principal, site_id: int | None, dark_mode: bool
) -> tuple[ShellContext, str]:
    organization = tenancy.get_organization(session=session, principal=principal)
    sites = tenancy.list_sites(session=session, principal=principal).items
    user = users.get_own_account(session=session, principal=principal) if principal.user_id else None

    async def change_dark_mode(enabled: bool) -> None:
        app.storage.user['dark_mode'] = enabled
        await call(users.set_dark_mode, principal=principal, enabled=enabled)

    shell = ShellContext(
        user_name=user.name if user else principal.label,
        user_email=user.email if user else '',
        role=principal.role.value,
        organization_name=organization.name,
        nav_items=visible_nav_items(principal),
        site_filter=SiteFilter({site.id: site.name for site in sites}, site_id, set_site_filter),
        dark_mode=dark_mode,
        on_dark_mode_change=change_dark_mode,
    )
    shell.search = searcher(principal, shell.site_filter)
    return shell, organization.currency


def searcher(principal: Principal, site_filter: SiteFilter) -> Search:
    """The top bar's search: every provider this person may use, at once, within the site filter as it is now
    (a list page may have moved it since the page was drawn)."""

    async def search(text: str) -> list[SearchGroup]:
        providers = search_providers(principal)
        return list(await asyncio.gather(*(p.search(principal, text, site_filter.site_id) for p in providers)))

    return search
