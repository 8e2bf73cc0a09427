"""Work orders as a kanban board (the default view): a column per status, cards moved by drag and drop or menu.

Each column shows its first 50 cards and a count, and loads 50 more on "Show more". A move goes through the
service (the state machine and its role rules); a refused one shakes the card back with the reason.
"""

from __future__ import annotations

from nicegui import ui

from app.core.errors import DomainError
from app.core.permissions import Permission, can
from app.work_orders import service as work_orders
from app.work_orders.enums import Priority
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.schemas import StatusChange, WorkOrderCard, WorkOrderRead
from app.work_orders.state_machine import transition_problem
from app.work_orders.views import CARD
from components import design
from components import work_order_badges as badges
from components.frame import frame
from components.kanban import Card, CardLook, ColumnSpec, KanbanBoard
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context
from pages.work_orders.common import (
    Lookups,
    due_text,
    initials,
    load_lookups,
    query_from_url,
)
from pages.work_orders.dialogs import new_work_order_button
from pages.work_orders.filters import FilterBar, title_row
from pages.work_orders.routes import router

PER_COLUMN = 50
MAX_PER_COLUMN = 500  # ?per_column=N (as in the JSON API) shows more cards at once, e.g. on a wall screen
ICON_AND_COLOUR = {status: (badges.STATUS_STYLE[status][1], badges.STATUS_HEX[status]) for status in S}
CARD_LOOK = CardLook(
    priorities={
        str(priority): {
            'label': badges.label(priority),
            'colour': badges.PRIORITY_COLOURS[priority],
            'icon': badges.PRIORITY_STYLE[priority][1],
        }
        for priority in Priority
    },
    href='/work-orders/{id}',
)
COLUMNS = [
    ColumnSpec(
        S.REQUESTED, 'Requested', *ICON_AND_COLOUR[S.REQUESTED], empty_text='No open requests — new work lands here'
    ),
    ColumnSpec(S.SCHEDULED, 'Scheduled', *ICON_AND_COLOUR[S.SCHEDULED], empty_text='Nothing scheduled'),
    ColumnSpec(S.IN_PROGRESS, 'In progress', *ICON_AND_COLOUR[S.IN_PROGRESS], empty_text='Nothing in progress'),
    ColumnSpec(S.ON_HOLD, 'On hold', *ICON_AND_COLOUR[S.ON_HOLD], empty_text='Nothing on hold'),
    ColumnSpec(
        S.COMPLETED,
        'Completed',
        *ICON_AND_COLOUR[S.COMPLETED],
        note='Last 7 days',
        empty_text='Nothing completed in the last 7 days',
    ),
    ColumnSpec(S.CANCELLED, 'Cancelled', *ICON_AND_COLOUR[S.CANCELLED], collapsed=True, empty_text='Nothing cancelled'),
]


@router.page('/work-orders')
async def board_page() -> None:
    if (opened := await page_context(Permission.WORK_ORDERS_READ)) is None:
        return
    principal, context = opened
    query = query_from_url(context)
    lookups = await load_lookups(principal, query)
    per_column = _per_column(ui.context.client.request.query_params.get('per_column'))
    generation = {'now': 0}

    async def load() -> None:
        generation['now'] += 1
        asked = generation['now']
        filters = query.to_filter(statuses=[])  # the list's status chips stay in the URL; columns are statuses
        pages = await call(work_orders.board, principal=principal, filters=filters, per_column=per_column, shape=CARD)
        # The service's board leaves cancelled work out; the collapsed column shows its count and cards anyway.
        pages[S.CANCELLED] = await call(
            work_orders.board_column,
            principal=principal,
            filters=filters,
            status=S.CANCELLED,
            limit=per_column,
            shape=CARD,
        )
        if asked != generation['now']:
            return  # the filters changed again meanwhile
        for status, column in board.columns.items():
            page = pages[S(status)]
            column.show([card(wo, lookups) for wo in page.items], page.total)
        total = sum(page.total for status, page in pages.items() if status != S.CANCELLED)
        count.set_text(f'{total:,} work order{"" if total == 1 else "s"} on the board')

    async def more(status: str) -> None:
        column = board.columns[status]
        page = await call(
            work_orders.board_column,
            principal=principal,
            filters=query.to_filter(statuses=[]),
            status=S(status),
            offset=len(column.cards),
            limit=per_column,
            shape=CARD,
        )
        column.show([card(wo, lookups) for wo in page.items], page.total, append=True)

    async def move(card_id: int, source: str, target: str) -> None:
        try:
            moved = await call(
                work_orders.change_status,
                principal=principal,
                work_order_id=card_id,
                data=StatusChange(status=S(target)),
            )
        except DomainError as error:
            board.shake(card_id)
            ui.notify(f'Not moved: {error.detail}', type='negative', multi_line=True, icon='block')
            return
        board.move_card(card_id, card(moved, lookups))
        ui.notify(f'{moved.number} → {badges.label(moved.status)}', type='positive')

    async def refused(card_id: int, source: str, target: str) -> None:
        reason = transition_problem(S(source), S(target), principal.role) or 'you may not make this move'
        ui.notify(f'Not moved: {reason}', type='negative', multi_line=True, icon='block')

    def changed() -> None:
        text = query.to_query(sort=False)
        ui.navigate.history.replace('/work-orders' + (f'?{text}' if text else ''))
        ui.timer(0, load, once=True)

    filters = FilterBar(query, changed, context.site_filter)
    with frame(context, 'Work orders', '/work-orders'):
        count = title_row(
            'board', query, filters, lambda: new_work_order_button(principal, lookups, on_created=lambda _wo: load())
        )
        filters.draw(principal, lookups)
        if not can(principal, Permission.WORK_ORDERS_EXECUTE):
            ui.label('You can look at the board; moving work needs a technician or supervisor.').classes(
                design.MUTED_TEXT
            )
        moves = {
            spec.status: [str(s) for s in work_orders.allowed_moves_from(principal, spec.status)] for spec in COLUMNS
        }
        board = KanbanBoard(COLUMNS, moves, CARD_LOOK, on_move=move, on_refused=refused, on_more=more)
    await load()


def card(wo: WorkOrderCard | WorkOrderRead, lookups: Lookups) -> Card:
    """The few fields a card shows (its moves come from its column, its look from ``CARD_LOOK``)."""
    due, exact = due_text(wo, lookups.zones, short=True)
    # Done work says when it was done; its due date no longer matters on the board.
    completed, completed_exact = (
        lookups.zones.when(wo.completed_at, wo.site_id) if wo.status == S.COMPLETED else ('', '')
    )
    return {
        'id': wo.id,
        'status': str(wo.status),
        'number': wo.number,
        'title': wo.title,
        'asset': f'{wo.asset_code} · {wo.asset_name}' if wo.asset_code else '',
        'assignee': wo.assignee_name or '',
        'initials': initials(wo.assignee_name),
        'due': due,
        'due_exact': exact,
        'overdue': wo.is_overdue,
        'priority': str(wo.priority),
        'steps': wo.steps_total,
        'done': wo.steps_done,
        'completed': completed,
        'completed_exact': completed_exact,
    }


def _per_column(text: str | None) -> int:
    """Cards per column and per "Show more": the default, or ?per_column=N within 1..MAX_PER_COLUMN."""
    try:
        return max(1, min(MAX_PER_COLUMN, int(text))) if text else PER_COLUMN
    except ValueError:
        return PER_COLUMN
