"""Assets → Print labels: an A4 sheet of QR labels (3 × 7 per page, the common 63.5 × 38.1 mm label stock) for the
assets chosen in the list (``?ids=1,2,3``) or for the list's filters (the same query parameters as /assets).

Each A4 page is one block of HTML drawn on the server (500 labels as NiceGUI elements would be thousands of
elements), sent one page at a time; the QR codes are inline SVG, so printing needs nothing from outside.
"""

from __future__ import annotations

import html

from nicegui import run, ui

from app.assets import labels
from app.assets.labels import MAX_LABELS, LabelItem, LabelSheet
from app.core.permissions import Permission
from components import design
from components.frame import frame
from pages.assets.common import ListQuery
from pages.assets.routes import router
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context

PER_PAGE = 21
SHEET_CSS = """
@page { size: A4 portrait; margin: 0; }
.cmms-sheet { display: flex; flex-direction: column; align-items: center; gap: 24px; width: 100%; }
.cmms-label-page {
    width: 210mm; height: 297mm; box-sizing: border-box; padding: 15.15mm 7.25mm 0; background: #fff; color: #111;
    display: grid; grid-template-columns: repeat(3, 63.5mm); grid-auto-rows: 38.1mm; column-gap: 2.54mm;
    align-content: start; box-shadow: 0 1px 6px rgba(0, 0, 0, .25); flex: none;
}
.cmms-label {
    box-sizing: border-box; padding: 2.2mm 3mm; display: flex; flex-direction: column; gap: 1.2mm; overflow: hidden;
    border-radius: 2mm; outline: 1px dashed #cbd5e1; outline-offset: -1px;
}
.cmms-label-code { font: 700 14pt/1.1 ui-sans-serif, system-ui, sans-serif; white-space: nowrap; overflow: hidden; }
.cmms-label-code.long { font-size: 11pt; }
.cmms-label-code.longer { font-size: 8pt; white-space: normal; overflow-wrap: anywhere; }
.cmms-label-body { display: flex; gap: 2.5mm; align-items: flex-start; min-height: 0; flex: 1; }
.cmms-qr { width: 25mm; height: 25mm; flex: none; }
.cmms-qr svg { width: 100%; height: 100%; display: block; }
.cmms-label-text { min-width: 0; display: flex; flex-direction: column; gap: 1.2mm; padding-top: .5mm; }
.cmms-label-name { font-size: 9pt; line-height: 1.2; font-weight: 500; -webkit-line-clamp: 3; }
.cmms-label-place { font-size: 7.5pt; line-height: 1.2; color: #444; -webkit-line-clamp: 3; }
.cmms-label-name, .cmms-label-place { display: -webkit-box; -webkit-box-orient: vertical; overflow: hidden;
                                      overflow-wrap: anywhere; }
@media screen and (max-width: 1023px) { .cmms-label-page { zoom: .84; } }
@media screen and (max-width: 700px) { .cmms-label-page { zoom: .55; } }
@media print {
    .q-header, .q-drawer, .q-footer, .cmms-no-print { display: none !important; }
    .q-page-container { padding: 0 !important; }
    body, .q-layout, .q-page { background: #fff !important; min-height: 0 !important; }
    .nicegui-content, .cmms-print-host { padding: 0 !important; margin: 0 !important; max-width: none !important;
                                         gap: 0 !important; }
    .cmms-sheet { display: block; }
    .cmms-label-page { box-shadow: none; zoom: 1; break-after: page; }
    .cmms-label-page:last-child { break-after: auto; }
    .cmms-label { outline: none; }
}
"""


@router.page('/assets/labels')
async def asset_labels_page() -> None:
    request = ui.context.client.request
    if (opened := await page_context(Permission.ASSETS_READ)) is None:
        return None
    principal, context = opened
    ids = _ids(request.query_params.get('ids', ''))
    query = ListQuery.parse(request.query_params, context.site_id)
    back = '/assets' + (f'?{query.to_query()}' if ids is None and query.to_query() else '')
    ui.add_css(SHEET_CSS)
    with frame(context, 'Print labels', '/assets') as content:
        content.classes('cmms-print-host')
        with ui.column().classes('w-full gap-2 cmms-no-print'):
            with ui.row().classes('items-center gap-1 ' + design.MUTED_TEXT).props('aria-label=Breadcrumbs'):
                ui.link('Assets', back).classes('text-primary dark:text-blue-300')
                ui.icon('chevron_right')
                ui.label('Print labels')
            with ui.row().classes('w-full items-center justify-between gap-3 flex-wrap'):
                with ui.column().classes('gap-0'):
                    ui.label('Print labels').classes(design.PAGE_TITLE)
                    summary = ui.label('Finding the assets …').classes(design.MUTED_TEXT).props('aria-live=polite')
                print_button = (
                    ui.button('Print', icon='print', on_click=lambda: ui.run_javascript('window.print()'))
                    .props('unelevated no-caps')
                    .classes(design.TOUCH_TARGET)
                )
                print_button.disable()
            notes = ui.column().classes('w-full gap-2')
            progress = ui.linear_progress(value=0, show_value=False).props('rounded size=8px aria-label="Labels drawn"')
        sheet_box = ui.element('div').classes('cmms-sheet')
    # The sheet is sent page by page once the browser is connected: the frame shows at once, and no single
    # message carries hundreds of QR codes.
    await ui.context.client.connected()
    sheet = await call(
        labels.label_sheet_items,
        principal=principal,
        base_url=str(request.base_url),
        filters=None if ids is not None else query.to_filter(),
        ids=ids,
    )
    shown, pages = len(sheet.items), -(-len(sheet.items) // PER_PAGE)
    summary.set_text(
        f'{shown:,} label{"s" if shown != 1 else ""} on {pages} A4 page{"s" if pages != 1 else ""}'
        f' · {PER_PAGE // 7} × 7 labels of 63.5 × 38.1 mm'
    )
    with notes:
        _notes(sheet, shown)
    if not shown:
        progress.set_visibility(False)
        with sheet_box:
            design.empty_state(
                'qr_code_2', 'No assets selected — choose assets or filters in the asset list, then "Print labels".'
            )
        return None
    for number in range(pages):
        chunk = sheet.items[number * PER_PAGE : (number + 1) * PER_PAGE]
        cells = await run.io_bound(_labels_html, chunk)
        with sheet_box:  # built from escaped text and segno's SVG only
            ui.html(cells, sanitize=False, tag='section').classes('cmms-label-page').props(
                f'aria-label="Label page {number + 1}"'
            )
        progress.set_value((number + 1) / pages)
    progress.set_visibility(False)
    print_button.enable()
    return None


def _notes(sheet: LabelSheet, shown: int) -> None:
    if sheet.total > shown:
        with (
            ui.row()
            .classes('w-full items-center gap-2 p-3 rounded-lg bg-amber-100 text-amber-950 no-wrap')
            .props('role=alert')
        ):
            ui.icon('warning', color='warning').classes('text-2xl')
            ui.label(
                f'{sheet.total:,} assets are selected; a sheet holds at most {MAX_LABELS:,} labels, so only the '
                f'first {shown:,} are shown. Narrow the filters in the asset list and print the rest separately.'
            )
    if shown:
        ui.label('Tip: print at 100 % scale ("Actual size"), without headers and footers.').classes(design.MUTED_TEXT)


def _ids(text: str) -> list[int] | None:
    """``ids=1,2,3`` (or repeated) as a list; None when the page is for the list's filters instead."""
    parts = [part.strip() for part in text.split(',') if part.strip()]
    return [int(part) for part in parts if part.isdigit() and len(part) < 19] if parts else None


def _labels_html(items: list[LabelItem]) -> str:
    return ''.join(_label_html(item) for item in items)


def _label_html(item: LabelItem) -> str:
    place = ' · '.join(part for part in (item.site, item.location) if part)
    code = html.escape(item.code)
    size = '' if len(item.code) <= 14 else ' long' if len(item.code) <= 20 else ' longer'  # keep it on one line
    return (
        f'<article class="cmms-label" data-asset-id="{item.id}"><div class="cmms-label-code{size}">{code}</div>'
        f'<div class="cmms-label-body"><div class="cmms-qr" role="img" aria-label="QR code for {code}">'
        f'{labels.qr_svg(item.url)}</div><div class="cmms-label-text">'
        f'<div class="cmms-label-name">{html.escape(item.name)}</div>'
        + (f'<div class="cmms-label-place">{html.escape(place)}</div>' if place else '')
        + '</div></div></article>'
    )
