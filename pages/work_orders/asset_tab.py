"""What the work-order area shows on the asset page: the Work tab (this asset's open work first, then what was done
on it lately) and the open-work card on its overview."""

from __future__ import annotations

from nicegui import ui

from app.work_orders import service as work_orders
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.schemas import WorkOrderFilter, WorkOrderRead
from components import design
from components import work_order_badges as badges
from pages.assets.common import AssetView
from pages.assets.tabs import card
from pages.kernel.bridge import call

RECENT_CLOSED = 20
OVERVIEW_OPEN = 5  # the overview shows the most urgent few; the Work tab has them all


async def open_work_card(view: AssetView) -> None:
    """The overview's card: this asset's open work, soonest due first, each with its status."""
    page = await call(
        work_orders.list_work_orders,
        principal=view.principal,
        filters=_open_filter(view.asset.id, OVERVIEW_OPEN),
    )
    with card(f'Open work ({page.total})', 'pending_actions').mark('open-work'):
        _rows(view, page.items, 'No open work on this asset.')
        if page.total > len(page.items):
            ui.button(
                f'All {page.total} open work orders',
                icon='arrow_forward',
                on_click=lambda: ui.navigate.to(f'/assets/{view.asset.id}?tab=work'),
            ).props('flat no-caps').classes(design.TOUCH_TARGET)


def _open_filter(asset_id: int, limit: int) -> WorkOrderFilter:
    return WorkOrderFilter(asset_id=asset_id, status=['open'], sort='due_at', descending=False, limit=limit)


async def work_tab(view: AssetView) -> None:
    asset_id = view.asset.id
    open_page = await call(work_orders.list_work_orders, principal=view.principal, filters=_open_filter(asset_id, 100))
    closed_page = await call(
        work_orders.list_work_orders,
        principal=view.principal,
        filters=WorkOrderFilter(
            asset_id=asset_id,
            status=[WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED],
            sort='updated_at',
            limit=RECENT_CLOSED,
        ),
    )
    with ui.row().classes('w-full items-center justify-end'):
        ui.button(
            'All work on this asset',
            icon='view_kanban',
            on_click=lambda: ui.navigate.to(f'/work-orders/list?asset_id={asset_id}'),
        ).props('flat no-caps').classes(design.TOUCH_TARGET)
    with ui.element('div').classes('w-full grid grid-cols-1 lg:grid-cols-2 gap-4 items-start'):
        with card(f'Open work ({open_page.total})', 'pending_actions'):
            _rows(view, open_page.items, 'No open work on this asset.')
        with card(f'Recently closed (of {closed_page.total})', 'task_alt'):
            _rows(view, closed_page.items, 'Nothing done on this asset yet.')


def _rows(view: AssetView, items: list[WorkOrderRead], empty: str) -> None:
    if not items:
        ui.label(empty).classes(design.MUTED_TEXT)
        return
    with ui.list().props('separator').classes('w-full'):
        for wo in items:
            moment = wo.completed_at or wo.cancelled_at or wo.due_at
            relative, exact = view.when(moment)
            with (
                ui.item(on_click=lambda wo_id=wo.id: ui.navigate.to(f'/work-orders/{wo_id}'))
                .props('clickable')
                .classes(design.TOUCH_TARGET)
            ):
                with ui.item_section():
                    ui.item_label(f'{wo.number} · {wo.title}').classes('font-medium')
                    with ui.row().classes('gap-2 items-center pt-1'):
                        badges.badge('status', wo.status.value)
                        badges.badge('priority', wo.priority.value)
                        if wo.is_overdue:
                            badges.overdue_badge()
                with ui.item_section().props('side'):
                    ui.label(relative or '—').classes(design.MUTED_TEXT).tooltip(exact or '')
