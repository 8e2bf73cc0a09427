"""My work: the technician's tablet list (768×1024 portrait, one thumb, gloves). One column of large cards of the
open work assigned to me: overdue on top in red (icon and word, not colour alone), then today's, then the next seven
days. A tap opens the full-screen work view (``/my-work/{id}``).

The header's site filter is not applied here: work assigned to me is mine wherever it is, and a filter set for
another screen must never hide it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from nicegui import ui
from sqlalchemy.orm import Session

from app.core import tenancy
from app.core.permissions import Permission
from app.core.principal import Principal
from app.work_orders import labour
from app.work_orders import service as work_orders
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.schemas import RunningTimerRead, WorkOrderFilter, WorkOrderRead
from components import design, touch
from components import work_order_badges as badges
from components.frame import frame
from pages.kernel.bridge import in_session
from pages.kernel.page_context import page_context
from pages.kernel.zones import Zones
from pages.my_work.routes import router
from pages.work_orders.common import due_text

AHEAD_DAYS = 7
LIMIT = 200
EMPTY_TEXT = 'Nothing assigned to you — enjoy the quiet, or check the board'
OVERDUE_TONE = 'bg-red-50 dark:bg-red-950/40 border-red-400 dark:border-red-700'
OPEN = [S.REQUESTED, S.SCHEDULED, S.IN_PROGRESS, S.ON_HOLD]


@dataclass
class MyWork:
    overdue: list[WorkOrderRead] = field(default_factory=list)
    today: list[WorkOrderRead] = field(default_factory=list)
    week: list[WorkOrderRead] = field(default_factory=list)
    undated: list[WorkOrderRead] = field(default_factory=list)
    later: int = 0
    timer: RunningTimerRead | None = None

    @property
    def shown(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.week) + len(self.undated)


@router.page('/my-work')
async def my_work_page() -> None:
    if (opened := await page_context(Permission.WORK_ORDERS_EXECUTE)) is None:
        return
    principal, context = opened
    work, zones = await in_session(lambda session: load_my_work(session, principal))
    touch.use_touch_styles()
    with frame(context, 'My work', '/my-work'):
        with ui.column().classes('cmms-touch w-full max-w-3xl mx-auto gap-4'):
            with ui.column().classes('gap-0'):
                ui.label('My work').classes(design.PAGE_TITLE)
                summary = f'{context.user_name} · {work.shown} open'
                ui.label(summary + (f' · {len(work.overdue)} overdue' if work.overdue else '')).classes(
                    'text-base text-gray-600 dark:text-gray-300'
                )
            if work.timer is not None:
                _timer_banner(work.timer, zones)
            if not work.shown:
                design.empty_state('beach_access', EMPTY_TEXT)
                with ui.row().classes('w-full justify-center'):
                    touch.big_button('Open the board', 'view_kanban', lambda: ui.navigate.to('/work-orders'))
                return
            for title, icon, items, tone in (
                ('Overdue', 'warning', work.overdue, 'text-red-700 dark:text-red-300'),
                ('Today', 'today', work.today, ''),
                (f'Next {AHEAD_DAYS} days', 'date_range', work.week, ''),
                ('No due date', 'event_busy', work.undated, ''),
            ):
                if items:
                    touch.section_heading(title, icon, len(items), tone=tone)
                    for wo in items:
                        work_card(wo, zones)
            if work.later:
                with ui.row().classes('w-full justify-center pt-2'):
                    ui.link(
                        f'{work.later} more due later — see them on the board',
                        f'/work-orders?assignee_id={principal.id}',
                    ).classes('text-base p-3')


def work_card(wo: WorkOrderRead, zones: Zones) -> None:
    """One large card: the whole card is the tap target; overdue is red with an icon and the word."""
    edge = badges.PRIORITY_COLOURS[wo.priority]
    tone = OVERDUE_TONE if wo.is_overdue else f'{design.SURFACE} border-gray-200 dark:border-gray-700'
    relative, exact = due_text(wo, zones)
    with (
        ui.link(target=f'/my-work/{wo.id}')
        .classes('w-full block no-underline text-inherit')
        .props(f'data-my-work-card={wo.id}')
        .mark('my-work-card')
    ):
        with (
            ui.row()
            .classes(f'w-full min-h-[128px] p-4 pl-5 gap-3 items-center no-wrap rounded-xl border-2 shadow-sm {tone}')
            .style(f'border-left: 10px solid {edge}')
            .props(f'data-overdue={str(wo.is_overdue).lower()}')
        ):
            with ui.column().classes('grow gap-1 min-w-0'):
                with ui.row().classes('items-center gap-2 flex-wrap'):
                    ui.label(wo.number).classes('text-base font-mono font-semibold text-gray-600 dark:text-gray-300')
                    if wo.is_overdue:
                        badges.overdue_badge()
                    badges.badge('status', wo.status)
                    if wo.priority in ('critical', 'high'):
                        badges.badge('priority', wo.priority)
                ui.label(wo.title).classes('text-xl font-semibold leading-snug break-words')
                if wo.asset_code:
                    with ui.row().classes('items-center gap-1 no-wrap text-base text-gray-700 dark:text-gray-300'):
                        ui.icon('precision_manufacturing').classes('text-lg shrink-0')
                        ui.label(f'{wo.asset_code} · {wo.asset_name}').classes('truncate')
                with ui.row().classes('w-full items-center gap-x-4 gap-y-1 flex-wrap text-base'):
                    if wo.due_at is not None:
                        due_tone = 'text-red-700 dark:text-red-300 font-semibold' if wo.is_overdue else ''
                        with ui.row().classes(f'items-center gap-1 no-wrap {due_tone}'):
                            ui.icon('schedule').classes('text-lg')
                            ui.label(f'Due {relative}').props(f'title="{exact}"')
                    with ui.row().classes('items-center gap-1 no-wrap text-gray-600 dark:text-gray-300'):
                        ui.icon(badges.TYPE_ICONS[wo.work_type]).classes('text-lg')
                        ui.label(badges.label(wo.work_type))
                    if wo.steps_total:
                        ui.label(f'{wo.steps_done}/{wo.steps_total} steps').classes(
                            'text-gray-600 dark:text-gray-300 cmms-num'
                        )
            ui.icon('chevron_right').classes('text-4xl text-gray-400 shrink-0')


def _timer_banner(timer: RunningTimerRead, zones: Zones) -> None:
    started = timer.started_at.astimezone(zones.fallback).strftime('%H:%M')
    with ui.link(target=f'/my-work/{timer.work_order_id}').classes('w-full block no-underline').mark('my-work-timer'):
        with ui.row().classes('w-full items-center gap-3 p-4 rounded-xl bg-indigo-700 text-white no-wrap min-h-[72px]'):
            ui.icon('timer').classes('text-3xl')
            with ui.column().classes('gap-0 grow min-w-0'):
                ui.label(f'Timer running since {started}').classes('text-lg font-semibold')
                ui.label(f'{timer.work_order_number} · {timer.work_order_title}').classes('text-base truncate')
            ui.icon('chevron_right').classes('text-3xl')


def load_my_work(session: Session, principal: Principal, now: datetime | None = None) -> tuple[MyWork, Zones]:
    """My open work, sorted into overdue / today / the week ahead (days in each work order's site timezone)."""
    now = now or datetime.now(UTC)
    sites = tenancy.list_sites(session=session, principal=principal).items
    filters = WorkOrderFilter(
        assignee_id=principal.user_id or -1, status=OPEN, sort='due_at', descending=False, limit=LIMIT
    )
    items = work_orders.list_work_orders(session=session, principal=principal, filters=filters).items
    timer = labour.running_timer(session=session, principal=principal)
    zones = Zones(sites, _home_site(items))
    work = MyWork(timer=timer)
    for wo in items:
        if wo.due_at is None:
            work.undated.append(wo)
            continue
        zone = zones.zone(wo.site_id)
        tomorrow = datetime.combine(now.astimezone(zone).date() + timedelta(days=1), time(0), zone)
        if wo.is_overdue:
            work.overdue.append(wo)
        elif wo.due_at < tomorrow:
            work.today.append(wo)
        elif wo.due_at < tomorrow + timedelta(days=AHEAD_DAYS):
            work.week.append(wo)
        else:
            work.later += 1
    return work, zones


def _home_site(items: list[WorkOrderRead]) -> int | None:
    """The site most of my work is at (its timezone shows times that have no site of their own)."""
    sites = [wo.site_id for wo in items if wo.site_id is not None]
    return max(set(sites), key=sites.count) if sites else None
