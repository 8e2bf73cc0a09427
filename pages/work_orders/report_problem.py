"""Report a problem from an asset: the button the work-order area adds to the asset page's header, and its form.

The asset page is also where a scan lands (the scan page and a label's QR code both open it), so a technician
reports a fault in three taps: "Report a problem", type what is wrong, "Send". What they send is a work request
(status requested, type corrective, priority medium unless changed) for a supervisor to plan; a photo, when
given, is stored in the same transaction, so a refused photo leaves no request behind.
"""

from __future__ import annotations

from nicegui import ui
from nicegui.events import UploadEventArguments
from sqlalchemy.orm import Session

from app.assets.enums import END_OF_LIFE_STATUSES
from app.core import files
from app.core.errors import DomainError, ValidationFailed
from app.core.permissions import Permission, can
from app.core.principal import Principal
from app.core.schemas import validated
from app.work_orders import photos
from app.work_orders import service as work_orders
from app.work_orders.enums import Priority, WorkOrderStatus, WorkType
from app.work_orders.schemas import WorkOrderCreate, WorkOrderRead
from components import design, touch
from components import work_order_badges as badges
from components.forms import REFUSED, Form
from pages.assets.common import AssetView
from pages.kernel.bridge import in_session

BUTTON_LABEL = 'Report a problem'
TITLE_LABEL = "What's wrong?"
PRIORITIES = [Priority.LOW, Priority.MEDIUM, Priority.HIGH, Priority.CRITICAL]


def report_button(view: AssetView) -> None:
    """The header's "Report a problem" (not for a retired or decommissioned asset: no work is raised on those)."""
    if view.asset.status in END_OF_LIFE_STATUSES:
        return
    ui.button(BUTTON_LABEL, icon='report_problem', on_click=lambda: ReportDialog(view).open()).props(
        'unelevated no-caps color=accent text-color=grey-10 size=md aria-label="Report a problem"'
    ).classes(design.TOUCH_TARGET + ' font-semibold')


class ReportDialog:
    def __init__(self, view: AssetView) -> None:
        self.view = view
        self.form = Form()
        self.photo: tuple[str, bytes] | None = None
        touch.use_touch_styles()
        self.dialog = ui.dialog()
        self.dialog.on('hide', self.dialog.delete)
        with (
            self.dialog,
            ui.card().classes('cmms-touch w-[36rem] max-w-full p-6 gap-4').props('aria-label="Report a problem"'),
        ):
            with ui.column().classes('gap-0'):
                ui.label(BUTTON_LABEL).classes(design.SECTION_TITLE)
                ui.label(f'{view.asset.code} · {view.asset.name}').classes(design.MUTED_TEXT)
            self.title = self.form.add(
                'title',
                ui.input(TITLE_LABEL)
                .props('outlined autofocus maxlength=200 enterkeyhint=send autocapitalize=sentences')
                .classes('w-full'),
            )
            self.title.on('keydown.enter', self.send)
            self.description = self.form.add(
                'description',
                ui.textarea('More details (optional)').props('outlined autogrow maxlength=20000').classes('w-full'),
            )
            with ui.column().classes('w-full gap-1'):
                ui.label('Priority').classes(design.MUTED_TEXT)
                self.priority = self.form.add(
                    'priority',
                    ui.toggle({p.value: badges.label(p) for p in PRIORITIES}, value=Priority.MEDIUM.value)
                    .props('spread no-caps unelevated toggle-color=primary aria-label="Priority"')
                    .classes('w-full ' + design.TOUCH_TARGET),
                )
            if can(view.principal, Permission.WORK_ORDERS_EXECUTE):  # adding photos is part of carrying out work
                self._photo_picker()
            with ui.row().classes('w-full justify-end gap-2 pt-2'):
                ui.button('Cancel', on_click=self.dialog.close).props('flat no-caps').classes(touch.TARGET)
                self.send_button = (
                    ui.button('Send', icon='send', on_click=self.send)
                    .props('unelevated no-caps size=lg')
                    .classes(touch.TARGET + ' px-6')
                )

    def open(self) -> None:
        self.dialog.open()

    def _photo_picker(self) -> None:
        with ui.row().classes('w-full items-center gap-3'):
            picker = ui.button('Add a photo', icon='photo_camera').props('outline no-caps').classes(touch.TARGET)
            self.photo_name = ui.label().classes('text-base break-all')
            self.photo_name.set_visibility(False)
        self.form.add('file', self.photo_name)  # a refused photo's reason shows below it
        self.upload = (
            ui.upload(auto_upload=True, max_file_size=photos.MAX_BYTES, on_upload=self._picked)
            .props('accept="image/*"')
            .classes('hidden')
        )
        self.upload.on_rejected(lambda: self.form.set_error('file', 'A photo may be at most 20 MB'))
        # The file picker must open from the tap itself (browsers refuse it from a server round trip).
        chooser = f'document.querySelector("#{self.upload.html_id} input[type=file]")'
        picker.on(
            'click', js_handler=f'() => {{ const i = {chooser}; i.setAttribute("capture", "environment"); i.click(); }}'
        )

    async def _picked(self, event: UploadEventArguments) -> None:
        name, content = event.file.name, await event.file.read()
        self.upload.reset()
        try:  # the same check as on saving, at once: the person learns now, not after typing the rest
            files.inspect_upload(name, content, types=files.IMAGE_TYPES, allowed=photos.ALLOWED)
        except DomainError as error:
            self.photo = None
            self.photo_name.set_visibility(False)
            self.form.show(error)
            return
        self.form.set_error('file', None)
        self.photo = (name, content)
        self.photo_name.set_text(f'Photo: {name}')
        self.photo_name.set_visibility(True)

    async def send(self) -> None:
        sent = await self.form.submit(self.send_button, self._save)
        if sent is REFUSED:
            return
        self.dialog.close()
        ui.notify(f'Sent: {sent.number} is waiting for a supervisor to plan it', type='positive', multi_line=True)
        await self.view.refresh()  # the overview's open work shows it

    async def _save(self) -> WorkOrderRead:
        values = self.form.values()
        data = validated(
            WorkOrderCreate,
            {
                'title': values['title'] or None,
                'description': values['description'] or '',
                'asset_id': self.view.asset.id,
                'work_type': WorkType.CORRECTIVE,
                'priority': values['priority'],
                'status': WorkOrderStatus.REQUESTED,
            },
        )
        if data.title is None:
            raise ValidationFailed.field('title', 'say in a few words what is wrong')
        principal, photo = self.view.principal, self.photo
        return await in_session(lambda session: _raise_request(session, principal, data, photo))


def _raise_request(
    session: Session, principal: Principal, data: WorkOrderCreate, photo: tuple[str, bytes] | None
) -> WorkOrderRead:
    request = work_orders.create_work_order(session=session, principal=principal, data=data)
    if photo is not None:
        name, content = photo
        photos.add_photo(
            session=session, principal=principal, work_order_id=request.id, file_name=name, content=content
        )
    return request
