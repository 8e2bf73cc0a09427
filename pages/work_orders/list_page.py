"""Work orders as a list: a server-side grid with the board's filters (from the URL), sorting, and a CSV export."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from nicegui import ui
from sqlalchemy.orm import Session

from app.core.permissions import Permission
from app.core.principal import Principal
from app.work_orders import export
from app.work_orders import service as work_orders
from app.work_orders.schemas import WorkOrderRead
from components import design
from components import work_order_badges as badges
from components.frame import frame
from components.grid import ServerGrid, badge_column, text_column, two_line_column
from components.money import money
from pages.kernel.bridge import call
from pages.kernel.browser_routes import answer, download
from pages.kernel.page_context import page_context
from pages.kernel.zones import Zones
from pages.work_orders.common import WorkOrderQuery, load_lookups, query_from_url
from pages.work_orders.dialogs import new_work_order_button
from pages.work_orders.filters import FilterBar, title_row
from pages.work_orders.routes import router

SORTABLE = {'number': 'number', 'title': 'title', 'status': 'status', 'priority': 'priority', 'due': 'due_at'}
# Due dates: relative words, red with an alarm icon once overdue (colour and icon, never colour alone).
DUE_RENDERER = """(params) => {
    if (!params.data) return '';
    const span = document.createElement('span');
    span.title = params.data.due_exact || '';
    if (params.data.overdue) {
        span.className = 'q-badge flex inline items-center no-wrap cmms-badge bg-negative text-white';
        const icon = document.createElement('i');
        icon.className = 'material-icons notranslate';
        icon.textContent = 'alarm';
        span.append(icon, params.value || '');
    } else {
        span.textContent = params.value || '—';
    }
    return span;
}"""


def _columns(query: WorkOrderQuery) -> list[dict]:
    columns = [
        text_column('number', 'Number', sortable=True, width=118, flex=0, bold=True),
        two_line_column('title', 'Title · asset', 'asset', width=200, flex=3),
        badge_column('status', 'Status', badges.grid_styles('status'), width=140),
        badge_column('priority', 'Priority', badges.grid_styles('priority'), width=118, visible_from=760),
        text_column('work_type', 'Type', width=110, flex=0, visible_from=1060),
        text_column('assignee', 'Assignee', width=120, flex=1, visible_from=900),
        {
            'field': 'due',
            'headerName': 'Due',
            'sortable': True,
            'width': 130,
            'minWidth': 120,
            ':cellRenderer': DUE_RENDERER,
        },
        text_column('steps', 'Steps', width=78, flex=0, cellClass='cmms-num', visible_from=1000),
        text_column('hours', 'Hours', width=88, flex=0, cellClass='cmms-num', visible_from=1250),
        text_column('cost', 'Cost', width=100, flex=0, cellClass='cmms-num', visible_from=1250),
    ]
    for column in columns:
        if SORTABLE.get(column['field']) == query.sort:
            column['sort'] = 'desc' if query.descending else 'asc'
    return columns


@router.page('/work-orders/list')
async def list_page() -> None:
    if (opened := await page_context(Permission.WORK_ORDERS_READ)) is None:
        return
    principal, context = opened
    query = query_from_url(context)
    lookups = await load_lookups(principal, query)
    generation = {'now': 0}

    async def fetch(offset: int, limit: int, sort: tuple[str, bool] | None) -> tuple[list[dict], int]:
        asked = generation['now']
        if sort and (SORTABLE.get(sort[0], 'number'), sort[1]) != (query.sort, query.descending):
            query.sort, query.descending = SORTABLE.get(sort[0], 'number'), sort[1]
            sync_url()
        page = await call(
            work_orders.list_work_orders, principal=principal, filters=query.to_filter(offset=offset, limit=limit)
        )
        if asked == generation['now']:
            count.set_text(f'{page.total:,} work order{"" if page.total == 1 else "s"}')
            empty.set_visibility(page.total == 0)
        return [_row(wo, lookups.zones) for wo in page.items], page.total

    def sync_url() -> None:
        text = query.to_query()
        ui.navigate.history.replace('/work-orders/list' + (f'?{text}' if text else ''))

    def changed() -> None:
        generation['now'] += 1
        sync_url()
        grid.refresh()

    def actions() -> None:
        ui.button(
            'Export CSV',
            icon='download',
            on_click=lambda: ui.download.from_url(f'/work-orders/export.csv?{query.to_query()}'),
        ).props('outline no-caps').classes(design.TOUCH_TARGET)
        new_work_order_button(principal, lookups, on_created=lambda wo: ui.navigate.to(f'/work-orders/{wo.id}'))

    filters = FilterBar(query, changed, context.site_filter)
    with frame(context, 'Work orders', '/work-orders'):
        count = title_row('list', query, filters, actions)
        filters.draw(principal, lookups, with_status=True)
        with ui.element('div').classes('w-full relative'):
            grid = ServerGrid(
                _columns(query), fetch, on_row_click=lambda row: ui.navigate.to(f'/work-orders/{row["id"]}')
            )
            grid.classes('h-[calc(100vh-250px)] min-h-[420px] ' + design.CARD)
            with ui.column().classes(
                f'absolute inset-x-0 top-12 bottom-0 items-center justify-center gap-3 {design.SURFACE} rounded-b-xl'
            ) as empty:
                ui.icon('assignment').classes('text-6xl text-gray-400')
                ui.label('No work orders match these filters — clear them, or create one.').classes(
                    'text-base text-gray-500 text-center px-4'
                )
                ui.button('Clear filters', icon='filter_alt_off', on_click=lambda: filters.clear_filters()).props(
                    'outline no-caps'
                ).classes(design.TOUCH_TARGET)
            empty.set_visibility(False)


def _row(wo: WorkOrderRead, zones: Zones) -> dict[str, Any]:
    due, exact = zones.when(wo.due_at, wo.site_id)
    return {
        'id': wo.id,
        'number': wo.number,
        'title': wo.title,
        'asset': f'{wo.asset_code} · {wo.asset_name}' if wo.asset_code else '',
        'status': wo.status,
        'priority': wo.priority,
        'work_type': badges.label(wo.work_type),
        'assignee': wo.assignee_name or '—',
        'due': due,
        'due_exact': exact,
        'overdue': wo.is_overdue,
        'steps': f'{wo.steps_done}/{wo.steps_total}' if wo.steps_total else '',
        'hours': f'{wo.actual_hours:,.2f} h',
        'cost': money(wo.actual_cost),
    }


@router.get('/work-orders/export.csv', include_in_schema=False)
async def export_csv(request: Request) -> Response:
    """The filtered list as CSV for the browser session (the API's export needs a bearer token)."""
    filters = WorkOrderQuery.parse(request.query_params, None).to_filter(limit=1)

    def respond(session: Session, principal: Principal) -> Response:
        return download(*export.export_work_orders(session=session, principal=principal, filters=filters))

    return await answer(request, respond)
