"""The asset page's tabs for what is recorded against an asset: meters with their readings, and files.

Files are downloaded through a browser-session route here (the JSON API's download needs a bearer token).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from nicegui import ui
from nicegui.events import MultiUploadEventArguments
from sqlalchemy.orm import Session

from app.assets import attachments, meters
from app.assets.schemas import AttachmentRead, MeterRead
from app.core.input_types import RowId
from app.core.permissions import Permission
from app.core.principal import Principal
from app.core.schemas import PageParams
from components import design, forms, tables
from pages.assets.common import AssetView
from pages.assets.dialogs import open_meter_dialog, open_reading_dialog
from pages.assets.routes import router
from pages.assets.tabs import card
from pages.kernel.bridge import call
from pages.kernel.browser_routes import answer, stored_file
from pages.kernel.uploads import store_each

READINGS_SHOWN = 10
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
INLINE_TYPES = frozenset({'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'})
ACCEPTED = '.pdf,.png,.jpg,.jpeg,.webp,.gif,.txt,.csv,.md'
FILE_COLUMNS = [
    tables.column('file_name', 'File'),
    tables.column('kind', 'Kind', wide_only=True),
    tables.number_column('size_kb', 'Size', digits=0, unit=' KB'),
    tables.column('uploaded_by', 'By', wide_only=True),
    tables.time_column('uploaded', 'Added'),
    tables.column('actions', '', align='right', sortable=False),
]


async def meters_tab(view: AssetView) -> None:
    found = await call(meters.list_meters, principal=view.principal, asset_id=view.asset.id)
    if view.can(Permission.ASSETS_WRITE):
        with ui.row().classes('w-full justify-end'):
            ui.button(
                'Add meter', icon='add', on_click=lambda: open_meter_dialog(view.principal, view.asset, view.refresh)
            ).props('outline no-caps').classes(design.TOUCH_TARGET)
    if not found:
        design.empty_state(
            'speed',
            'No meters yet — add run hours, cycles or kilometres with "Add meter".'
            if view.can(Permission.ASSETS_WRITE)
            else 'No meters on this asset.',
        )
        return
    with ui.element('div').classes('w-full grid grid-cols-1 lg:grid-cols-2 gap-4 items-start'):
        for meter in found:
            await _meter_card(view, meter)


async def _meter_card(view: AssetView, meter: MeterRead) -> None:
    readings = await call(
        meters.list_readings,
        principal=view.principal,
        asset_id=view.asset.id,
        meter_id=meter.id,
        page=PageParams(limit=READINGS_SHOWN),
    )
    with card(meter.name, 'speed').props(f'aria-label="Meter {meter.name}"'):
        with ui.row().classes('w-full items-end justify-between no-wrap'):
            ui.label('cumulative — never goes down' if meter.cumulative else 'gauge — goes up and down').classes(
                design.MUTED_TEXT
            )
            with ui.column().classes('items-end gap-0'):
                value = '—' if meter.current_reading is None else f'{meter.current_reading:,.10g}'
                ui.label(f'{value} {meter.unit}').classes('text-2xl font-semibold cmms-num').mark('meter-value')
                text, exact = view.when(meter.read_at)
                ui.label(f'read {text}' if text else 'no reading yet').classes(design.MUTED_TEXT).tooltip(exact)
        if view.can(Permission.ASSETS_ASSESS):
            ui.button(
                'Record reading',
                icon='edit_note',
                on_click=lambda: open_reading_dialog(view.principal, view.asset, meter, view.refresh),
            ).props('unelevated no-caps').classes(design.TOUCH_TARGET)
        if readings.items:
            with (
                ui.expansion(f'Last {len(readings.items)} of {readings.total} readings', icon='list')
                .classes('w-full')
                .props('dense')
            ):
                with ui.element('div').classes('w-full grid grid-cols-[auto_1fr_auto] gap-x-4 gap-y-1 text-sm'):
                    for reading in readings.items:
                        text, exact = view.when(reading.read_at)
                        ui.label(text).tooltip(exact)
                        ui.label(reading.recorded_by or reading.source).classes('text-gray-500 truncate')
                        ui.label(f'{reading.value:,.10g} {meter.unit}').classes('cmms-num')


async def files_tab(view: AssetView) -> None:
    asset_id = view.asset.id
    found = await call(attachments.list_attachments, principal=view.principal, asset_id=asset_id)
    files = {item.id: item for item in found}

    async def uploaded(event: MultiUploadEventArguments, kind: str | None) -> None:
        async def store(name: str, content: bytes) -> AttachmentRead:
            return await call(
                attachments.add_attachment,
                principal=view.principal,
                asset_id=asset_id,
                file_name=name,
                content=content,
                kind=kind,
            )

        added = [saved.file_name for saved in await store_each(event.files, store)]
        if added:
            ui.notify(f'Added {", ".join(added)}', type='positive')
            await view.refresh()

    async def delete(attachment_id: int) -> None:
        item = files[attachment_id]
        if await forms.confirm('Delete file?', f'{item.file_name} will be removed from {view.asset.code}.', 'Delete'):
            await call(
                attachments.delete_attachment, principal=view.principal, asset_id=asset_id, attachment_id=attachment_id
            )
            ui.notify(f'Deleted {item.file_name}', type='positive')
            await view.refresh()

    if view.can(Permission.ASSETS_ASSESS):
        with ui.row().classes('w-full gap-2 flex-wrap items-center'):
            _upload_button('Take photo', 'photo_camera', 'image/*', lambda e: uploaded(e, 'photo'), camera=True)
            _upload_button('Add files', 'upload_file', ACCEPTED, lambda e: uploaded(e, None))
            ui.label('Photos, PDF manuals and text documents, up to 20 MB each.').classes(design.MUTED_TEXT)
    rows = [_file_row(view, item) for item in found]
    empty = (
        'No files yet — add photos, manuals or documents above.'
        if view.can(Permission.ASSETS_ASSESS)
        else 'No files on this asset.'
    )
    table = tables.data_table(FILE_COLUMNS, rows, empty=empty, empty_icon='attach_file')
    tables.add_time_cells(table, 'uploaded')
    actions = [tables.RowAction('download', 'Download', 'download')]
    if view.can(Permission.ASSETS_WRITE):
        actions.append(tables.RowAction('delete', 'Delete', 'delete', color='negative'))
    tables.add_row_actions(table, 'actions', actions)
    table.on('download', lambda e: ui.download.from_url(f'/assets/{asset_id}/files/{e.args["id"]}'))
    table.on('delete', lambda e: delete(e.args['id']))


def _upload_button(label: str, icon: str, accept: str, handler, *, camera: bool = False) -> None:
    """A big button that opens the file picker (the camera on tablets) of a hidden uploader."""
    upload = ui.upload(
        multiple=True,
        auto_upload=True,
        max_file_size=MAX_UPLOAD_BYTES,
        on_multi_upload=handler,
        on_rejected=lambda: ui.notify('Files may be at most 20 MB', type='warning'),
    )
    upload.props(f'accept="{accept}"' + (' capture=environment' if camera else '')).classes('hidden')
    upload.mark(f'upload-{icon}')
    ui.button(label, icon=icon, on_click=lambda: upload.run_method('pickFiles')).props('unelevated no-caps').classes(
        design.TOUCH_TARGET
    )


def _file_row(view: AssetView, item: AttachmentRead) -> dict:
    return {
        'id': item.id,
        'file_name': item.file_name,
        'kind': item.kind,
        'size_kb': max(1, item.size_bytes / 1024),
        'uploaded_by': item.uploaded_by,
        **tables.time_fields('uploaded', item.uploaded_at, view.zones.zone(view.asset.site_id)),
    }


@router.get('/assets/{asset_id:int}/files/{attachment_id:int}', include_in_schema=False)
async def download_attachment(request: Request, asset_id: RowId, attachment_id: RowId) -> Response:
    """One attachment for the signed-in browser; photos and PDFs open in place, anything else downloads."""

    def respond(session: Session, principal: Principal) -> Response:
        item, path = attachments.attachment_file(
            session=session, principal=principal, asset_id=asset_id, attachment_id=attachment_id
        )
        inline = item.content_type in INLINE_TYPES
        return stored_file(path, item.content_type, file_name=item.file_name, inline=inline)

    return await answer(request, respond)
