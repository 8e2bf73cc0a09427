"""The work view's big actions and their sheets — "Used a part", "Log time" (the running timer and +15 min /
+30 min / +1 h), "Add photo" (the camera) — what was used and photographed, and the lifecycle dialogs (pause with a
reason, complete with a summary, what is still missing, a refusal in words).

Sheets live in the view's stable ``sheets`` container, so a redraw of the page behind them never takes them away.
"""

from __future__ import annotations

from decimal import Decimal

from nicegui import ui
from nicegui.events import MultiUploadEventArguments

from app.core.errors import DomainError
from app.core.numbers import quantity_text
from app.work_orders import failure_codes, labour, photos
from app.work_orders.enums import OPEN_STATUSES
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.schemas import PhotoRead, StatusChange, StepRead, TimeLogCreate
from components import design, touch
from components.forms import REFUSED, Form, close_on_escape
from components.money import money
from pages.kernel.bridge import call
from pages.kernel.uploads import store_each
from pages.my_work.job import WorkView
from pages.my_work.parts import PartsSheet
from pages.work_orders.failure_fields import add_failure_fields, failure_values

QUICK_TIME = (('+15 min', '0.25'), ('+30 min', '0.5'), ('+1 h', '1'))
PAUSE_REASONS = ('Waiting for parts', 'Waiting for a production stop', 'Needs a second person', 'Shift ends')
MAX_PHOTO_BYTES = 20 * 1024 * 1024
TIMER_TONE = 'bg-indigo-50 text-indigo-950 dark:bg-indigo-950 dark:text-indigo-100'
WARNING_TONE = 'bg-amber-50 text-amber-950 dark:bg-amber-950 dark:text-amber-100'


# --- the three action tiles -------------------------------------------------------------------------------------


def part_tile(view: WorkView) -> None:
    used = len(view.wo.parts)
    button, _note = touch.tile(
        'Used a part', 'inventory_2', lambda: PartsSheet(view).open(), f'{used} used' if used else 'Search the store'
    )
    button.mark('tile-parts').set_enabled(view.wo.status in OPEN_STATUSES)


def time_tile(view: WorkView) -> None:
    running = view.timer is not None and view.timer.work_order_id == view.wo.id
    caption = 'Timer running' if running else f'{quantity_text(view.wo.actual_hours)} h logged'
    button, note = touch.tile('Log time', 'timer', lambda: time_sheet(view), caption)
    button.mark('tile-time').set_enabled(view.wo.status in OPEN_STATUSES)
    if running:
        note.classes('font-semibold')


def photo_tile(view: WorkView) -> None:
    count = len(view.photos)
    button, _note = touch.tile('Add photo', 'photo_camera', None, f'{count} taken' if count else 'Opens the camera')
    # The file picker must open from the tap itself (browsers refuse it from a server round trip).
    picker = f'document.querySelector("#{view.uploader.html_id} input[type=file]")'
    button.on(
        'click', js_handler=f'() => {{ const i = {picker}; i.setAttribute("capture", "environment"); i.click(); }}'
    )
    button.mark('tile-photo')


def photo_uploader(view: WorkView) -> ui.upload:
    """The hidden camera input behind "Add photo" (made once per page, outside anything that redraws)."""

    async def uploaded(event: MultiUploadEventArguments) -> None:
        async def store(name: str, content: bytes) -> PhotoRead:
            return await call(
                photos.add_photo, principal=view.principal, work_order_id=view.wo.id, file_name=name, content=content
            )

        added = len(await store_each(event.files, store, lambda why: touch.toast(why, 'negative', multi_line=True)))
        upload.reset()
        if added:
            touch.toast(f'Photo added to {view.wo.number}' if added == 1 else f'{added} photos added', 'positive')
            await view.reload()

    upload = ui.upload(
        multiple=True,
        auto_upload=True,
        max_file_size=MAX_PHOTO_BYTES,
        on_multi_upload=uploaded,
        on_rejected=lambda: touch.toast('A photo may be at most 20 MB', 'warning'),
    )
    upload.props('accept="image/*"').classes('hidden').mark('photo-upload')
    return upload


# --- what the work order already has ----------------------------------------------------------------------------


def used_parts(view: WorkView) -> None:
    if not view.wo.parts:
        return
    with ui.column().classes('w-full gap-2').mark('used-parts'):
        ui.label('Parts used').classes('text-xl font-semibold')
        for line in view.wo.parts:
            with ui.row().classes('w-full items-center gap-3 p-3 rounded-xl bg-gray-50 dark:bg-gray-800 no-wrap'):
                ui.label(f'{quantity_text(line.quantity)} {line.unit}').classes('text-lg font-semibold cmms-num w-20')
                ui.label(line.name).classes('text-base grow break-words')
                ui.label(money(line.cost)).classes('text-base cmms-num text-gray-600 dark:text-gray-300')


def photo_strip(view: WorkView) -> None:
    if not view.photos:
        return
    with ui.column().classes('w-full gap-2'):
        ui.label('Photos').classes('text-xl font-semibold')
        with ui.element('div').classes('w-full grid grid-cols-3 gap-3'):
            for photo in view.photos[:9]:
                url = f'/work-orders/{view.wo.id}/photos/{photo.id}'
                with ui.link(target=url, new_tab=True).classes('block').mark('photo'):
                    image = ui.image(url).classes('w-full aspect-square rounded-xl bg-gray-100 dark:bg-gray-800')
                    touch.attrs(image.props('fit=cover'), alt=photo.file_name)


# --- log time ---------------------------------------------------------------------------------------------------


def time_sheet(view: WorkView) -> None:
    with view.sheets, close_on_escape(ui.dialog().props('position=bottom')) as dialog:
        with ui.card().classes('cmms-touch w-full max-w-3xl p-5 gap-4 rounded-t-2xl').mark('time-sheet'):

            @ui.refreshable
            def content() -> None:
                wo, timer = view.wo, view.timer
                with ui.row().classes('w-full items-center no-wrap'):
                    with ui.column().classes('gap-0 grow'):
                        ui.label(f'Time on {wo.number}').classes('text-xl font-semibold')
                        ui.label(f'{quantity_text(wo.actual_hours)} h logged in all').classes(
                            'text-base text-gray-600 dark:text-gray-300'
                        ).mark('time-total')
                    ui.button('Done', icon='close', on_click=dialog.close).props('flat no-caps size=lg').classes(
                        touch.TARGET
                    )
                here = timer is not None and timer.work_order_id == wo.id
                if here:
                    started = timer.started_at.astimezone(view.zones.zone(wo.site_id)).strftime('%H:%M')
                    touch.notice(f'Your timer runs since {started}', 'timer', tone=TIMER_TONE)
                    touch.big_button('Stop timer', 'stop_circle', lambda: log('stop'), color='red-8', classes='w-full')
                else:
                    if timer is not None:
                        touch.notice(f'Your timer runs on {timer.work_order_number}: starting here stops it there.')
                    touch.big_button(
                        'Start timer', 'play_circle', lambda: log('start'), color=design.IN_PROGRESS, classes='w-full'
                    )
                ui.label('Add time worked').classes('text-lg font-medium pt-2')
                with ui.row().classes('w-full gap-3 no-wrap'):
                    for text, hours in QUICK_TIME:
                        touch.big_button(
                            text,
                            'more_time',
                            lambda h=hours: log('manual', Decimal(h)),
                            outline=True,
                            classes='grow basis-1/3',
                        ).mark(f'time-{hours}')

            async def log(action: str, hours: Decimal | None = None) -> None:
                try:
                    await call(
                        labour.log_time,
                        principal=view.principal,
                        work_order_id=view.wo.id,
                        data=TimeLogCreate(action=action, hours=hours),
                    )
                except DomainError as error:
                    touch.toast(error.detail, 'negative', multi_line=True)
                    return
                done = {'start': 'Timer started', 'stop': 'Timer stopped'}.get(
                    action, f'{quantity_text(hours)} h logged'
                )
                touch.toast(done, 'positive')
                await view.reload()
                content.refresh()

            content()
    dialog.open()


# --- lifecycle dialogs ------------------------------------------------------------------------------------------


def pause_dialog(view: WorkView) -> None:
    with view.sheets, close_on_escape(ui.dialog().props('position=bottom')) as dialog:
        with ui.card().classes('cmms-touch w-full max-w-3xl p-5 gap-3 rounded-t-2xl').mark('pause-sheet'):
            ui.label('Why are you pausing?').classes('text-xl font-semibold')
            for reason in PAUSE_REASONS:
                touch.big_button(reason, 'pause_circle', lambda r=reason: pause(r), outline=True, classes='w-full')
            touch.big_button('Keep working', 'arrow_back', dialog.close, color='grey-8', outline=True, classes='w-full')

    async def pause(reason: str) -> None:
        dialog.close()
        await view.move(S.ON_HOLD, note=reason)

    dialog.open()


async def complete_dialog(view: WorkView) -> None:
    """Complete with a summary; repair work and work with a failed step also say what failed, why and what was done
    (the failure-code lists of the asset's type), each refusal at its list and the sheet kept open."""
    wo = view.wo
    asked = await call(failure_codes.asked_at_completion, principal=view.principal, work_order_id=wo.id)
    answered = sum(step.state.value != 'pending' for step in wo.steps)
    failed = sum(step.state.value == 'failed' for step in wo.steps)
    form = Form()
    with view.sheets, close_on_escape(ui.dialog().props('position=bottom')) as dialog:
        with (
            ui.card()
            .classes('cmms-touch w-full max-w-3xl max-h-[92vh] overflow-y-auto p-5 gap-3 rounded-t-2xl')
            .mark('complete-sheet')
        ):
            ui.label(f'Complete {wo.number}?').classes('text-xl font-semibold')
            if wo.steps:
                ui.label(f'{answered} of {len(wo.steps)} steps answered' + (f', {failed} failed' if failed else ''))
            ui.label(f'{quantity_text(wo.actual_hours)} h logged · {len(wo.parts)} parts used').classes('text-base')
            if not wo.actual_hours and not (view.timer and view.timer.work_order_id == wo.id):
                touch.notice(
                    'No time logged yet — add it with Log time before completing.', 'warning', tone=WARNING_TONE
                )
            with ui.column().classes('w-full gap-3'):
                add_failure_fields(form, asked, wo)
            with ui.row().classes('w-full gap-3 no-wrap pt-2'):
                touch.big_button(
                    'Not yet', 'arrow_back', dialog.close, color='grey-8', outline=True, classes='basis-1/3'
                )
                confirm = touch.big_button(
                    'Complete', 'check_circle', lambda: complete(), color='green-8', classes='grow basis-2/3'
                ).mark('complete-confirm')

    async def complete() -> None:
        data = StatusChange(status=S.COMPLETED, **failure_values(form.values()))
        if await form.submit(confirm, lambda: view.change(data)) is not REFUSED:
            dialog.close()

    dialog.open()


def pending_steps_dialog(view: WorkView, pending: list[StepRead]) -> None:
    """Complete refused before asking: which required steps are still open (a tap jumps to one)."""
    with view.sheets, close_on_escape(ui.dialog().props('position=bottom')) as dialog:
        with ui.card().classes('cmms-touch w-full max-w-3xl p-5 gap-3 rounded-t-2xl').mark('pending-sheet'):
            count = len(pending)
            ui.label(f'Not yet: {count} required step{"s are" if count != 1 else " is"} not done').classes(
                'text-xl font-semibold text-red-700 dark:text-red-300'
            )
            for step in pending:
                touch.big_button(
                    f'{step.position}. {step.title}',
                    'radio_button_unchecked',
                    lambda p=step.position: jump(p),
                    color='red-8',
                    outline=True,
                    classes='w-full justify-start text-left',
                )
            touch.big_button('OK', 'check', dialog.close, classes='w-full')

    def jump(position: int) -> None:
        dialog.close()
        target = f'document.querySelector("[data-step=\\"{position}\\"]")'
        ui.run_javascript(f'{target}?.scrollIntoView({{behavior: "smooth", block: "center"}})')

    dialog.open()


def refusal(view: WorkView, detail: str) -> None:
    """A move the service refused, in its words (e.g. the steps still pending, or a change made meanwhile)."""
    with (
        view.sheets,
        close_on_escape(ui.dialog()) as dialog,
        ui.card().classes('cmms-touch max-w-xl p-5 gap-4').mark('refusal'),
    ):
        with ui.row().classes('items-start gap-3 no-wrap'):
            ui.icon('block', color=design.DANGER).classes('text-4xl shrink-0')
            ui.label(detail).classes('text-lg break-words')
        touch.big_button('OK', 'check', dialog.close, classes='w-full')
    dialog.open()
