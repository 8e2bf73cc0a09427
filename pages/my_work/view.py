"""The full-screen work view of My work (``/my-work/{id}``): what, where and when at the top; three big actions
(used a part, log time, add photo); the checklist as large toggles, pass/fail pairs and number pads; and one big
lifecycle button fixed at the bottom, within thumb reach — only the moves the state machine allows this person.
"""

from __future__ import annotations

from nicegui import ui
from sqlalchemy.orm import Session

from app.assets import service as assets
from app.core import tenancy
from app.core.errors import DomainError, NotFound
from app.core.permissions import Permission
from app.core.principal import Principal
from app.work_orders import labour, photos
from app.work_orders import service as work_orders
from app.work_orders.enums import StepState
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.schemas import StatusChange, WorkOrderRead
from components import design, touch
from components import work_order_badges as badges
from components.frame import ShellContext
from pages.kernel.bridge import call, in_session
from pages.kernel.page_context import page_context
from pages.kernel.zones import Zones
from pages.my_work import sheets as my_work_sheets
from pages.my_work import steps as my_work_steps
from pages.my_work.job import WorkView
from pages.my_work.routes import router
from pages.work_orders.common import assignment_notice, due_text, moment_text

MOVE_BUTTONS = {  # target: (words, icon, colour)
    S.IN_PROGRESS: ('Start', 'play_arrow', design.IN_PROGRESS),
    S.ON_HOLD: ('Pause', 'pause', 'amber-9'),
    S.COMPLETED: ('Complete', 'check_circle', 'green-8'),
}
RESUME = ('Resume', 'play_arrow', design.IN_PROGRESS)
REOPEN = ('Reopen', 'replay', 'grey-8')
WAITING = {
    S.REQUESTED: 'Waiting to be scheduled by a supervisor',
    S.CANCELLED: 'Cancelled — nothing more to do here',
}


class WorkScreen(WorkView):
    """The work view as drawn on this page: its three refreshable parts, and the status moves."""

    async def reload(self) -> None:
        fresh = await in_session(lambda session: load_view(session, self.principal, self.context, self.wo.id))
        self.wo, self.asset, self.timer, self.photos = fresh.wo, fresh.asset, fresh.timer, fresh.photos
        self.top.refresh()
        self.body.refresh()
        self.actions.refresh()

    @ui.refreshable_method
    def top(self) -> None:
        _top_bar_content(self.wo)

    @ui.refreshable_method
    def body(self) -> None:
        wo = self.wo
        _summary(self)
        with ui.element('div').classes('w-full grid grid-cols-3 gap-3'):
            my_work_sheets.part_tile(self)
            my_work_sheets.time_tile(self)
            my_work_sheets.photo_tile(self)
        my_work_steps.checklist(self)
        my_work_sheets.used_parts(self)
        my_work_sheets.photo_strip(self)
        with ui.row().classes('w-full justify-center'):
            ui.link('Open the full work order (comments, costs, timeline)', f'/work-orders/{wo.id}').classes(
                'text-base p-3'
            )

    @ui.refreshable_method
    def actions(self) -> None:
        _action_bar(self)

    async def move(self, target: S, note: str = '') -> bool:
        """Change the status; a refusal is shown in words (it names the pending steps when completing)."""
        try:
            await self.change(StatusChange(status=target, note=note))
        except DomainError as error:
            my_work_sheets.refusal(self, error.detail)
            return False
        return True

    async def change(self, data: StatusChange) -> None:
        await call(work_orders.change_status, principal=self.principal, work_order_id=self.wo.id, data=data)
        touch.toast(f'{self.wo.number}: {badges.label(data.status).lower()}', 'positive')
        await self.reload()


@router.page('/my-work/{work_order_id:int}')
async def work_view_page(work_order_id: int) -> None:
    if (opened := await page_context(Permission.WORK_ORDERS_EXECUTE)) is None:
        return
    principal, context = opened
    design.apply_theme()
    touch.use_touch_styles()
    ui.dark_mode(context.dark_mode)
    try:
        view = await in_session(lambda session: load_view(session, principal, context, work_order_id))
    except NotFound:
        ui.context.client.status_code = 404
        ui.page_title('Not found · CMMS Hub')
        _top_bar()
        design.empty_state('search_off', f'There is no work order {work_order_id} — back to My work.')
        return
    ui.page_title(f'{view.wo.number} · My work · CMMS Hub')
    with ui.element('div') as view.sheets:
        view.uploader = my_work_sheets.photo_uploader(view)
    with _top_bar():
        view.top()
    with ui.column().classes('cmms-touch w-full max-w-3xl mx-auto p-4 gap-5 pb-36'):
        view.body()
    with ui.footer(elevated=True).classes(f'cmms-touch {design.SURFACE} text-inherit px-4 py-3'):
        view.actions()


def _top_bar() -> ui.header:
    with ui.header(elevated=False).classes('items-center gap-2 px-2 py-1 bg-primary text-white min-h-[64px]') as bar:
        ui.button('My work', icon='arrow_back', on_click=lambda: ui.navigate.to('/my-work')).props(
            'flat no-caps color=white size=lg aria-label="Back to My work"'
        ).classes(f'{touch.TARGET} text-lg')
        ui.space()
    return bar


def _top_bar_content(wo: WorkOrderRead) -> None:
    with ui.row().classes('items-center gap-2 no-wrap'):
        ui.label(wo.number).classes('text-lg font-mono font-semibold')
        badges.badge('status', wo.status)


def _summary(view: WorkView) -> None:
    wo, asset = view.wo, view.asset
    assignment_notice(view.principal, wo, view.reload)
    with ui.column().classes('w-full gap-2'):
        with ui.row().classes('items-center gap-2 flex-wrap'):
            if wo.is_overdue:
                badges.overdue_badge()
            badges.badge('priority', wo.priority)
            with ui.row().classes('items-center gap-1 text-base text-gray-600 dark:text-gray-300'):
                ui.icon(badges.TYPE_ICONS[wo.work_type]).classes('text-xl')
                ui.label(badges.label(wo.work_type))
        ui.label(wo.title).classes('text-2xl font-semibold leading-snug break-words')
    with ui.column().classes(f'w-full gap-3 p-4 {design.CARD} {design.SURFACE}'):
        if wo.asset_code:
            _fact('precision_manufacturing', 'Asset', f'{wo.asset_code} · {wo.asset_name}')
        where = [view.zones.sites[wo.site_id].name] if wo.site_id in view.zones.sites else []
        if asset is not None:
            location = asset.location
            where += [part for part in (location.building, location.floor, location.room) if part]
        if where:
            _fact('place', 'Location', ' · '.join(where))
        if wo.due_at is not None:
            relative, exact = due_text(wo, view.zones)
            _fact('schedule', 'Due', moment_text(relative, exact), danger=wo.is_overdue)
        if wo.description:
            with (
                ui.expansion('Description', icon='notes')
                .classes('w-full text-base -mx-4 -mb-3')
                .props('header-class="text-lg min-h-[56px]"')
            ):
                ui.label(wo.description).classes('text-base whitespace-pre-line break-words')


def _fact(icon: str, name: str, value: str, *, danger: bool = False) -> None:
    tone = 'text-red-700 dark:text-red-300 font-semibold' if danger else ''
    with ui.row().classes('w-full items-start gap-3 no-wrap'):
        ui.icon(icon).classes(f'text-2xl shrink-0 text-gray-500 {tone}')
        with ui.column().classes('gap-0 min-w-0'):
            ui.label(name).classes('text-sm text-gray-500 dark:text-gray-400')
            ui.label(value).classes(f'text-lg leading-snug break-words {tone}').mark(f'fact-{name.lower()}')


def _action_bar(view: WorkView) -> None:
    """The lifecycle buttons, fixed at the bottom: one big primary move, Pause beside Complete."""
    wo = view.wo
    moves = [m for m in work_orders.allowed_moves(view.principal, wo) if m in MOVE_BUTTONS]
    with ui.row().classes('w-full max-w-3xl mx-auto gap-3 no-wrap'):
        if wo.status is S.COMPLETED:
            touch.big_button(
                'Done — next job', 'arrow_back', lambda: ui.navigate.to('/my-work'), color='green-8', classes='grow'
            ).mark('next-job')
        elif not moves:
            touch.notice(WAITING.get(wo.status, 'Nothing to do until a supervisor plans it'), 'info')
        for target in moves:
            text, icon, color = {S.ON_HOLD: RESUME, S.COMPLETED: REOPEN}.get(wo.status, MOVE_BUTTONS[target])
            wide = 'grow basis-2/3' if target is not S.ON_HOLD or len(moves) == 1 else 'basis-1/3'
            touch.big_button(text, icon, _handler(view, target), color=color, classes=f'{wide} text-xl').props(
                f'aria-label="{text}"'
            ).mark(f'move-{target}')


def _handler(view: WorkView, target: S):
    if target is S.ON_HOLD:
        return lambda: my_work_sheets.pause_dialog(view)
    if target is S.COMPLETED:
        return lambda: _complete(view)
    return lambda: view.move(target)


async def _complete(view: WorkView) -> None:
    pending = [s for s in view.wo.steps if s.required and s.state is StepState.PENDING]
    if pending:
        my_work_sheets.pending_steps_dialog(view, pending)
        return
    await my_work_sheets.complete_dialog(view)


def load_view(session: Session, principal: Principal, context: ShellContext, work_order_id: int) -> WorkScreen:
    """Everything the view shows, read in one transaction."""
    wo = work_orders.get_work_order(session=session, principal=principal, work_order_id=work_order_id)
    asset = None
    if wo.asset_id is not None:
        try:
            asset = assets.get_asset(session=session, principal=principal, asset_id=wo.asset_id)
        except NotFound:
            asset = None
    sites = tenancy.list_sites(session=session, principal=principal).items
    timer = labour.running_timer(session=session, principal=principal)
    found = photos.list_photos(session=session, principal=principal, work_order_id=wo.id)
    return WorkScreen(principal, context, wo, asset, Zones(sites, wo.site_id), timer, found)
