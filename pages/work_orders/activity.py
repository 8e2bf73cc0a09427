"""The work-order page's sections about what happened: comments, photos (served to the browser session) and the
timeline; plus the photo route."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from nicegui import ui
from nicegui.events import MultiUploadEventArguments
from sqlalchemy.orm import Session

from app.core.errors import DomainError
from app.core.input_types import RowId
from app.core.permissions import Permission
from app.core.principal import Principal
from app.core.schemas import validated
from app.work_orders import comments, photos
from app.work_orders import service as work_orders
from app.work_orders.schemas import CommentCreate, PhotoRead, TimelineEntry
from components import design
from components import work_order_badges as badges
from pages.kernel.bridge import call
from pages.kernel.browser_routes import answer, stored_file
from pages.kernel.uploads import store_each
from pages.work_orders.common import WorkOrderView, moment_text
from pages.work_orders.routes import router

MAX_PHOTO_BYTES = 20 * 1024 * 1024
TIMELINE_CSS = """
    .cmms-timeline .q-timeline__title { font-size: 1rem; font-weight: 500; margin-bottom: 2px; }
    .cmms-timeline .q-timeline__subtitle { margin-bottom: 0; letter-spacing: 0; text-transform: none; }
    .cmms-timeline .q-timeline__content { padding-bottom: 14px; }
"""


async def comments_section(view: WorkOrderView) -> None:
    found = await call(comments.list_comments, principal=view.principal, work_order_id=view.wo.id)
    if view.can(Permission.WORK_ORDERS_EXECUTE):
        with ui.row().classes('w-full items-start gap-2 no-wrap'):
            body = (
                ui.textarea(placeholder='Add a comment…')
                .props('outlined autogrow aria-label="New comment"')
                .classes('grow')
            )

            async def add() -> None:
                try:
                    data = validated(CommentCreate, {'body': (body.value or '').strip()})
                    await call(comments.add_comment, principal=view.principal, work_order_id=view.wo.id, data=data)
                except DomainError as error:
                    body.error = 'Write something first' if not (body.value or '').strip() else error.detail
                    return
                await view.refresh()

            ui.button('Add comment', icon='send', on_click=add).props('unelevated no-caps').classes(design.TOUCH_TARGET)
    if not found:
        design.empty_state('forum', 'No comments yet — ask a question or note what you found.')
        return
    with ui.column().classes('w-full gap-3'):
        for comment in sorted(found, key=lambda c: c.created_at, reverse=True):
            relative, exact = view.when(comment.created_at)
            with ui.card().classes('w-full p-3 gap-1 ' + design.CARD).mark('comment'):
                with ui.row().classes('items-center gap-2'):
                    ui.icon('account_circle').classes('text-xl text-gray-500')
                    ui.label(comment.author_label).classes('font-medium')
                    ui.label(relative).classes(design.MUTED_TEXT).tooltip(exact)
                ui.label(comment.body).classes('whitespace-pre-line break-words')


async def photos_section(view: WorkOrderView) -> None:
    wo_id = view.wo.id
    found = await call(photos.list_photos, principal=view.principal, work_order_id=wo_id)

    async def uploaded(event: MultiUploadEventArguments) -> None:
        async def store(name: str, content: bytes) -> PhotoRead:
            return await call(
                photos.add_photo, principal=view.principal, work_order_id=wo_id, file_name=name, content=content
            )

        added = len(await store_each(event.files, store))
        if added:
            ui.notify(f'Added {added} photo{"s" if added > 1 else ""}', type='positive')
            await view.refresh()

    if view.can(Permission.WORK_ORDERS_EXECUTE):
        with ui.row().classes('w-full items-center gap-3 flex-wrap'):
            upload = ui.upload(
                multiple=True,
                auto_upload=True,
                max_file_size=MAX_PHOTO_BYTES,
                on_multi_upload=uploaded,
                on_rejected=lambda: ui.notify('Photos may be at most 20 MB', type='warning'),
            )
            upload.props('accept="image/*" capture=environment').classes('hidden').mark('photo-upload')
            ui.button('Add photo', icon='photo_camera', on_click=lambda: upload.run_method('pickFiles')).props(
                'unelevated no-caps'
            ).classes(design.TOUCH_TARGET)
            ui.label('Opens the camera on tablets; JPEG, PNG, WebP or GIF up to 20 MB.').classes(design.MUTED_TEXT)
    if not found:
        design.empty_state('photo_library', 'No photos yet — take one of the fault or the finished job.')
        return
    with ui.element('div').classes('w-full grid grid-cols-2 sm:grid-cols-3 lg:grid-cols-5 gap-3'):
        for photo in found:
            url = f'/work-orders/{wo_id}/photos/{photo.id}'
            relative, exact = view.when(photo.uploaded_at)
            with ui.link(target=url, new_tab=True).classes('block no-underline text-inherit').mark('photo'):
                ui.image(url).classes('w-full aspect-[4/3] rounded-lg bg-gray-100 dark:bg-gray-800').props(
                    f'fit=cover alt="{photo.file_name}"'
                )
                ui.label(f'{photo.uploaded_by} · {relative}').classes('text-xs text-gray-500 pt-1 truncate').tooltip(
                    exact
                )


async def timeline_section(view: WorkOrderView) -> None:
    entries = await call(work_orders.timeline, principal=view.principal, work_order_id=view.wo.id)
    if not entries:
        design.empty_state('history', 'Nothing has happened yet.')
        return
    ui.add_css(TIMELINE_CSS)
    with ui.timeline(side='right', layout='dense').classes('w-full pl-3 cmms-timeline'):
        for entry in entries:  # newest first
            _timeline_entry(view, entry)


def _timeline_entry(view: WorkOrderView, entry: TimelineEntry) -> None:
    relative, exact = view.when(entry.at)
    icon, color = TIMELINE_STYLE.get(entry.kind, ('circle', 'grey-7'))
    if entry.kind == 'status':  # 'scheduled → in progress: note' in the colour of the status it moved to
        head = entry.text.split(':')[0].removeprefix('created as ').split('→')[-1].strip()
        color = badges.STATUS_STYLE.get(head.replace(' ', '_'), (color, icon))[0]
    with ui.timeline_entry(title=entry.text[:1].upper() + entry.text[1:], icon=icon, color=color) as item:
        with item.add_slot('subtitle'):
            ui.label(f'{moment_text(relative, exact)} · {entry.actor}').tooltip(exact)


TIMELINE_STYLE = {  # kind → (icon, colour)
    'status': ('swap_horiz', 'primary'),
    'comment': ('forum', 'blue-grey-6'),
    'step': ('checklist', 'teal-7'),
    'part': ('inventory_2', 'brown-6'),
    'time': ('timer', 'indigo-7'),
    'photo': ('photo_camera', 'deep-orange-7'),
}


@router.get('/work-orders/{work_order_id:int}/photos/{photo_id:int}', include_in_schema=False)
async def photo_route(request: Request, work_order_id: RowId, photo_id: RowId) -> Response:
    """One photo of a work order for the signed-in browser."""

    def respond(session: Session, principal: Principal) -> Response:
        photo, path = photos.photo_file(
            session=session, principal=principal, work_order_id=work_order_id, photo_id=photo_id
        )
        return stored_file(path, photo.content_type, file_name=photo.file_name, cache_seconds=3600)

    return await answer(request, respond)
