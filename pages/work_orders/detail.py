"""One work order: a header with number, title, status, priority, overdue, asset, assignee and due date, the
status moves this person may make, and sections (checklist, parts, time, costs, comments, photos, timeline).

The sections live in ``work_order_sections`` and ``work_order_activity``; each draws itself on first opening and
again after a change (``WorkOrderView.refresh`` reloads the work order and redraws header and open section).
"""

from __future__ import annotations

from datetime import UTC, datetime

from nicegui import ui

from app.core.errors import DomainError, NotFound
from app.core.permissions import Permission, can
from app.work_orders import service as work_orders
from components import design
from components import work_order_badges as badges
from components.frame import frame
from pages import work_order_activity, work_order_checklist, work_order_sections
from pages.asset_common import call
from pages.shell import page_context
from pages.work_order_common import WorkOrderQuery, WorkOrderView, add_page_css, initials, load_lookups, moment_text
from pages.work_order_dialogs import move_verb, open_status_dialog
from pages.work_order_form import open_work_order_form

SECTIONS = [  # name, label, icon, draw
    ('checklist', 'Checklist', 'checklist', work_order_checklist.checklist_section),
    ('parts', 'Parts', 'inventory_2', work_order_sections.parts_section),
    ('time', 'Time', 'timer', work_order_sections.time_section),
    ('costs', 'Costs', 'payments', work_order_sections.costs_section),
    ('comments', 'Comments', 'forum', work_order_activity.comments_section),
    ('photos', 'Photos', 'photo_library', work_order_activity.photos_section),
    ('timeline', 'Timeline', 'history', work_order_activity.timeline_section),
]


@ui.page('/work-orders/{work_order_id:int}')
async def work_order_page(work_order_id: int, tab: str = '') -> None:
    if (opened := await page_context(Permission.WORK_ORDERS_READ)) is None:
        return
    principal, context = opened
    try:
        wo = await call(work_orders.get_work_order, principal=principal, work_order_id=work_order_id)
    except NotFound:
        ui.context.client.status_code = 404
        with frame(context, 'Work order not found', '/work-orders'):
            design.empty_state('search_off', f'There is no work order {work_order_id} — it may have been removed.')
            with ui.row().classes('w-full justify-center'):
                ui.button('Back to work orders', icon='view_kanban', on_click=lambda: ui.navigate.to('/work-orders'))
        return
    lookups = await load_lookups(principal, WorkOrderQuery(site_id=wo.site_id))
    current = tab if tab in {name for name, *_ in SECTIONS} else SECTIONS[0][0]
    drawn: set[str] = set()
    panels: dict[str, ui.tab_panel] = {}

    async def refresh() -> None:
        """Redraw once the handler that asked has finished: it may sit in a section or dialog about to go."""
        with root:
            ui.timer(0.01, redraw, once=True)

    async def redraw() -> None:
        view.wo = await call(work_orders.get_work_order, principal=principal, work_order_id=work_order_id)
        draw_header()
        drawn.clear()
        for panel in panels.values():
            panel.clear()
        await show(section_panels.value)

    async def show(name: str) -> None:
        ui.navigate.history.replace(
            f'/work-orders/{work_order_id}' + ('' if name == SECTIONS[0][0] else f'?tab={name}')
        )
        if name in drawn:
            return
        drawn.add(name)
        with panels[name]:
            try:
                await next(draw for key, *_, draw in SECTIONS if key == name)(view)
            except DomainError as error:
                design.empty_state('error_outline', error.detail)

    def draw_header() -> None:
        header.clear()
        with header:
            _header(view)

    view = WorkOrderView(principal, wo, lookups, refresh)
    add_page_css()
    with frame(context, f'{wo.number} · {wo.title}', '/work-orders') as root:
        header = ui.column().classes('w-full gap-3')
        with ui.column().classes('w-full gap-0'):
            with (
                ui.tabs(value=current, on_change=lambda e: show(e.value))
                .props('align=left inline-label no-caps outside-arrows mobile-arrows')
                .classes('w-full border-b border-gray-200 dark:border-gray-700') as tab_bar
            ):
                for name, label, icon, _ in SECTIONS:
                    ui.tab(name, label, icon).classes(design.TOUCH_TARGET)
            with ui.tab_panels(tab_bar, value=current, animated=False).classes(
                'w-full bg-transparent'
            ) as section_panels:
                for name, *_ in SECTIONS:
                    panels[name] = ui.tab_panel(name).classes('px-0 py-4')
    draw_header()
    await show(current)


def _header(view: WorkOrderView) -> None:
    wo = view.wo
    with ui.row().classes('items-center gap-1 flex-wrap ' + design.MUTED_TEXT).props('aria-label=Breadcrumbs'):
        ui.link('Work orders', '/work-orders').classes('text-primary dark:text-blue-300')
        ui.icon('chevron_right')
        ui.label(wo.number)
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
    if wo.description:
        ui.label(wo.description).classes('text-base whitespace-pre-line max-w-4xl')


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
