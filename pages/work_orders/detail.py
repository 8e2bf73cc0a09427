"""One work order: a header with number, title, status, priority, overdue, asset, assignee and due date, the
status moves this person may make, and sections (checklist, parts, time, costs, comments, photos, timeline).

The sections are the ``'work_order'`` detail tabs of the page areas (``pages.work_orders.checklist``, ``sections``,
``activity``); each draws itself on first opening and again after a change (``WorkOrderView.refresh`` reloads the
work order and redraws the header and the open section).
"""

from __future__ import annotations

from datetime import UTC, datetime

from nicegui import ui

from app.core.errors import NotFound
from app.core.permissions import Permission, can
from app.work_orders import failure_codes
from app.work_orders import service as work_orders
from components import design
from components import work_order_badges as badges
from pages.kernel.areas import detail_tabs
from pages.kernel.bridge import call
from pages.kernel.detail_page import DetailPage, not_found_page
from pages.kernel.page_context import page_context
from pages.work_orders.common import (
    WorkOrderQuery,
    WorkOrderView,
    add_page_css,
    assignment_notice,
    initials,
    load_lookups,
    moment_text,
)
from pages.work_orders.dialogs import move_verb, open_status_dialog
from pages.work_orders.failure_fields import recorded_text
from pages.work_orders.form import open_work_order_form
from pages.work_orders.routes import router


@router.page('/work-orders/{work_order_id:int}')
async def work_order_page(work_order_id: int, tab: str = '') -> None:
    if (opened := await page_context(Permission.WORK_ORDERS_READ)) is None:
        return
    principal, context = opened
    try:
        wo = await call(work_orders.get_work_order, principal=principal, work_order_id=work_order_id)
    except NotFound:
        message = f'There is no work order {work_order_id} — it may have been removed.'
        not_found_page(context, 'Work order not found', '/work-orders', message, ('Back to work orders', 'view_kanban'))
        return
    lookups = await load_lookups(principal, WorkOrderQuery(site_id=wo.site_id))

    asked = await call(failure_codes.asked_at_completion, principal=principal, work_order_id=work_order_id)

    async def reload() -> None:
        view.wo = await call(work_orders.get_work_order, principal=principal, work_order_id=work_order_id)
        view.failure = await call(failure_codes.asked_at_completion, principal=principal, work_order_id=work_order_id)

    sections = detail_tabs('work_order', principal)
    page = DetailPage(f'/work-orders/{work_order_id}', sections, draw_header=lambda: _header(view), reload=reload)
    view = WorkOrderView(principal, wo, lookups, page.refresh, asked)
    add_page_css()
    await page.draw(context, f'{wo.number} · {wo.title}', '/work-orders', tab, view)


def _header(view: WorkOrderView) -> None:
    wo = view.wo
    with ui.row().classes('items-center gap-1 flex-wrap ' + design.MUTED_TEXT).props('aria-label=Breadcrumbs'):
        ui.link('Work orders', '/work-orders').classes('text-primary dark:text-blue-300')
        ui.icon('chevron_right')
        ui.label(wo.number)
    assignment_notice(view.principal, wo, view.refresh)
    with ui.row().classes('w-full items-start justify-between gap-x-6 gap-y-3 flex-wrap'):
        with ui.column().classes('gap-1 min-w-0'):
            ui.label(wo.number).classes('text-sm font-mono text-gray-500 dark:text-gray-400')
            ui.label(wo.title).classes(design.PAGE_TITLE + ' break-words')
            with ui.row().classes('items-center gap-2 flex-wrap pt-1'):
                badges.badge('status', wo.status).mark('status-badge')
                badges.badge('priority', wo.priority, text=f'{badges.label(wo.priority)} priority')
                if wo.is_overdue:
                    badges.overdue_badge().mark('overdue-badge')
                with ui.row().classes('items-center gap-1 text-sm text-gray-600 dark:text-gray-300'):
                    ui.icon(badges.TYPE_ICONS.get(wo.work_type, 'build'))
                    ui.label(badges.label(wo.work_type))
        _actions(view)
    _facts(view)
    _failure(view)
    if wo.description:
        ui.label(wo.description).classes('text-base whitespace-pre-line max-w-4xl')


def _failure(view: WorkOrderView) -> None:
    """What failed, why and what was done, as recorded (in the catalogue's words), with the note."""
    rows = recorded_text(view.wo, view.failure) if view.failure else []
    if not rows:
        return
    with (
        ui.element('div')
        .classes('w-full grid grid-cols-1 md:grid-cols-[8rem_1fr] gap-x-4 gap-y-1 px-3 max-w-4xl')
        .mark('failure-codes')
    ):
        for what, text in rows:
            ui.label(what).classes('text-xs uppercase tracking-wide text-gray-500 pt-0.5')
            ui.label(text).classes('text-base break-words whitespace-pre-line')


def _facts(view: WorkOrderView) -> None:
    wo = view.wo
    due, exact = view.when(wo.due_at)
    with ui.element('div').classes(
        'w-full grid grid-cols-2 lg:grid-cols-4 gap-3 p-3 rounded-xl bg-gray-50 dark:bg-gray-800/60'
    ):
        with _fact('Asset', 'precision_manufacturing'):
            if wo.asset_id:
                ui.link(f'{wo.asset_code} · {wo.asset_name}', f'/assets/{wo.asset_id}').classes(
                    'text-primary dark:text-blue-300 break-words'
                )
            else:
                ui.label('No asset').classes('text-gray-500')
        with _fact('Assignee', 'person'):
            with ui.row().classes('items-center gap-2 no-wrap'):
                if wo.assignee_name:
                    ui.avatar(initials(wo.assignee_name), color='teal-7', text_color='white', size='28px').classes(
                        'text-xs'
                    )
                ui.label(wo.assignee_name or 'Not assigned').classes('' if wo.assignee_name else 'text-gray-500')
            if wo.team:
                ui.label(f'Team {wo.team}').classes(design.MUTED_TEXT)
        with _fact('Due', 'event'):
            if wo.due_at:
                ui.label(moment_text(due, exact)).classes('text-negative font-medium' if wo.is_overdue else '').tooltip(
                    exact
                ).mark('due-date')
                if wo.is_overdue:
                    ui.label(f'Overdue by {_age(wo.due_at)}').classes('text-sm text-negative')
            else:
                ui.label('No due date').classes('text-gray-500')
        with _fact('Site', 'factory'):
            ui.label(view.lookups.sites.get(wo.site_id, '—') if wo.site_id else '—')
            if wo.requested_by:
                ui.label(f'Requested by {wo.requested_by}').classes(design.MUTED_TEXT)


def _fact(label: str, icon: str) -> ui.column:
    with ui.column().classes('gap-0.5 min-w-0') as column:
        with ui.row().classes('items-center gap-1 text-xs uppercase tracking-wide text-gray-500'):
            ui.icon(icon).classes('text-sm')
            ui.label(label)
    return column


def _actions(view: WorkOrderView) -> None:
    wo, principal = view.wo, view.principal
    moves = work_orders.allowed_moves(principal, wo)
    with ui.row().classes('items-center gap-2 flex-wrap').mark('status-actions'):
        for target in moves:
            verb, icon = move_verb(wo.status, target)
            color, _ = badges.STATUS_STYLE[target]
            button = ui.button(
                verb,
                icon=icon,
                on_click=lambda target=target: open_status_dialog(principal, view.wo, target, view.refresh),
            ).classes(design.TOUCH_TARGET)
            if target == 'cancelled':
                button.props('outline no-caps color=negative')
            else:
                button.props(
                    f'unelevated no-caps color={color}' + (' text-color=grey-10' if color in badges.DARK_TEXT else '')
                )
        if can(principal, Permission.WORK_ORDERS_MANAGE):
            ui.button(
                'Edit',
                icon='edit',
                on_click=lambda: open_work_order_form(principal, view.lookups, view.wo, lambda _: view.refresh()),
            ).props('outline no-caps').classes(design.TOUCH_TARGET)


def _age(moment: datetime) -> str:
    """How long ago, in the largest whole unit: '3 days', '5 h', '12 min'."""
    seconds = max(0, (datetime.now(UTC) - moment.astimezone(UTC)).total_seconds())
    if seconds >= 86400:
        days = int(seconds // 86400)
        return f'{days} day{"s" if days != 1 else ""}'
    if seconds >= 3600:
        return f'{int(seconds // 3600)} h'
    return f'{max(1, int(seconds // 60))} min'
