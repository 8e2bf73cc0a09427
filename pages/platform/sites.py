"""The organisation's sites: every site with its local time, address, a small map and its people."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from nicegui import ui
from sqlalchemy.orm import Session

from app.core import tenancy
from app.core.principal import Principal
from app.core.schemas import SiteRead
from components import design
from components.frame import frame
from components.maps import mini_map
from pages.kernel.bridge import in_session
from pages.kernel.page_context import page_context
from pages.platform.routes import router

ROLE_ORDER = ('admin', 'supervisor', 'technician', 'viewer')


@router.page('/sites')
async def home_page() -> None:
    if (opened := await page_context()) is None:
        return
    principal, context = opened
    sites, people = await in_session(lambda session: _load(session, principal))
    if context.site_id is not None:
        sites = [site for site in sites if site.id == context.site_id]
    with frame(context, 'Sites', '/sites'):
        with ui.row().classes('w-full items-end justify-between'):
            with ui.column().classes('gap-0'):
                ui.label('Sites').classes(design.PAGE_TITLE)
                ui.label(f'{context.organization_name} · {len(sites)} site{"s" if len(sites) != 1 else ""}').classes(
                    design.MUTED_TEXT
                )
            org_wide = people.get(None, {})
            if org_wide:
                with ui.row().classes('items-center gap-2'):
                    ui.label('Organisation-wide:').classes(design.MUTED_TEXT)
                    _people_badges(org_wide)
        if not sites:
            design.empty_state('factory', 'No sites yet — an admin can add one under Admin → Sites.')
            return
        with ui.element('div').classes('w-full grid gap-4 grid-cols-1 md:grid-cols-2 2xl:grid-cols-3'):
            for site in sites:
                _site_card(site, people.get(site.id, {}))


def _site_card(site: SiteRead, people: dict[str, int]) -> None:
    local_time = datetime.now(ZoneInfo(site.timezone)).strftime('%H:%M')
    with ui.card().classes('w-full p-0 gap-0 overflow-hidden ' + design.CARD).props(f'aria-label="Site {site.name}"'):
        if site.latitude is not None and site.longitude is not None:
            mini_map((site.latitude, site.longitude), zoom=13)
        else:
            with ui.row().classes('w-full h-44 items-center justify-center bg-gray-100 dark:bg-gray-800'):
                ui.label('No position set').classes(design.MUTED_TEXT)
        with ui.column().classes('p-4 gap-2 w-full'):
            ui.label(site.name).classes('text-lg font-semibold')
            with ui.row().classes('items-center gap-1 ' + design.MUTED_TEXT):
                ui.icon('schedule')
                ui.label(f'{site.timezone} · local time {local_time}')
                # The scheduling area's page, reached by its address: working week, holidays, closures.
                ui.link('Calendar', f'/sites/{site.id}/calendar').classes('ml-2')
            with ui.row().classes('items-start gap-1 ' + design.MUTED_TEXT).classes('no-wrap'):
                ui.icon('place')
                ui.label(site.address or 'No address')
            with ui.row().classes('items-center gap-2 pt-1'):
                if people:
                    _people_badges(people)
                else:
                    ui.label('Nobody has this as home site yet').classes(design.MUTED_TEXT)


def _people_badges(people: dict[str, int]) -> None:
    for role in ROLE_ORDER:
        if people.get(role):
            color, icon = design.ROLE_STYLE[role]
            design.badge(f'{people[role]} {role}{"s" if people[role] != 1 else ""}', color, icon)


def _load(session: Session, principal: Principal) -> tuple[list[SiteRead], dict[int | None, dict[str, int]]]:
    sites = tenancy.list_sites(session=session, principal=principal).items
    return sites, tenancy.people_by_site_and_role(session=session, principal=principal)
