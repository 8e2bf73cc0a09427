"""The "needs attention" page (the supervisor's start page until the dashboard replaces it): what is wrong now.

A figure per panel (overdue work, assets down, requests waiting, low stock …), then the worst few of each. The
panels come from the page areas (``AttentionPanel``): each loads its figures through its own domain's services, so
this page imports no domain. Within the header's site filter; read-only, so a viewer sees the same.
"""

from __future__ import annotations

import asyncio

from nicegui import ui

from app.core.errors import DomainError
from app.core.principal import Principal
from components import design
from components.frame import frame
from components.links import draw_line
from pages.kernel.areas import Attention, AttentionPanel, attention_panels
from pages.kernel.page_context import page_context
from pages.platform.routes import router

TITLE = 'Needs attention'


@router.page('/attention')
async def attention_page() -> None:
    if (opened := await page_context()) is None:
        return
    principal, context = opened
    panels = attention_panels(principal)
    loaded = await asyncio.gather(*(_load(panel, principal, context.site_id) for panel in panels))
    where = context.sites.get(context.site_id, 'All sites') if context.site_id else 'All sites'
    with frame(context, TITLE, '/attention'):
        with ui.column().classes('gap-0'):
            ui.label(TITLE).classes(design.PAGE_TITLE)
            ui.label(f'{context.organization_name} · {where}').classes(design.MUTED_TEXT)
        with ui.element('div').classes('w-full grid gap-4 grid-cols-2 lg:grid-cols-4'):
            for attention in loaded:
                if isinstance(attention, Attention):
                    _figure(attention)
        with ui.element('div').classes('w-full grid gap-4 grid-cols-1 lg:grid-cols-2 items-start'):
            for panel, attention in zip(panels, loaded, strict=True):
                _panel(panel, attention)


async def _load(panel: AttentionPanel, principal: Principal, site_id: int | None) -> Attention | str:
    """The panel's figures, or why it cannot show them (one refusing panel does not blank the page)."""
    try:
        return await panel.load(principal, site_id)
    except DomainError as error:
        return error.detail


def _figure(attention: Attention) -> None:
    """A figure card: the count in its meaning's colour when something is wrong, green when nothing is."""
    wrong = attention.count > 0
    color, icon = (attention.color, attention.icon) if wrong else (design.OK, 'check_circle')
    with (
        ui.card()
        .classes('w-full p-4 gap-1 cursor-pointer ' + design.CARD)
        .props(f'aria-label="{attention.title}: {attention.count}"')
        .on('click', lambda: ui.navigate.to(attention.path))
    ):
        with ui.row().classes('w-full items-center justify-between no-wrap'):
            ui.label(attention.title).classes('text-sm font-medium text-gray-600 dark:text-gray-300')
            ui.icon(icon, color=color).classes('text-2xl')
        ui.label(f'{attention.count:,}').classes(f'text-4xl font-semibold cmms-num text-left text-{color}')


def _panel(panel: AttentionPanel, attention: Attention | str) -> None:
    with ui.card().classes('w-full p-4 gap-2 ' + design.CARD).props(f'aria-label="{panel.name}"'):
        if isinstance(attention, str):
            design.empty_state('error_outline', attention)
            return
        with ui.row().classes('w-full items-center justify-between'):
            with ui.row().classes('items-center gap-2'):
                ui.icon(attention.icon, color=attention.color if attention.count else design.OK).classes('text-xl')
                ui.label(attention.title).classes(design.SECTION_TITLE)
            if attention.count:
                ui.button(
                    f'All {attention.count:,}', icon='arrow_forward', on_click=lambda: ui.navigate.to(attention.path)
                ).props('flat no-caps').classes(design.TOUCH_TARGET)
        if not attention.lines:
            with ui.row().classes('items-center gap-2 py-2 ' + design.MUTED_TEXT):
                ui.icon('check_circle', color=design.OK).classes('text-lg')
                ui.label(attention.empty).classes('text-base')
            return
        with ui.list().props('separator').classes('w-full'):
            for line in attention.lines:
                draw_line(line)
