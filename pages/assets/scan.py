"""Scan: one big field for a USB/Bluetooth scanner (it types the code and Enter) or a thumb; opens the asset.

It takes an asset code, or the URL a label's QR code holds (…/assets/123). Camera scanning is not offered:
tablets scan QR labels with their own camera app, which opens that URL directly.
"""

from __future__ import annotations

import re

from nicegui import ui

from app.assets import service as assets
from app.core.errors import DomainError, NotFound
from app.core.permissions import Permission
from app.core.principal import Principal
from components import design
from components.frame import frame
from pages.assets.routes import router
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context

ASSET_URL = re.compile(r'/assets/(\d{1,18})(?:[/?#]|$)')
FIELD_LABEL = 'Scan or type an asset code'


@router.page('/scan')
async def scan_page(code: str = '') -> None:
    if (opened := await page_context(Permission.ASSETS_READ)) is None:
        return
    principal, context = opened

    async def open_asset() -> None:
        scanned = (field.value or '').strip()
        if not scanned:
            field.error = 'Scan a label or type a code first'
            return
        button.props('loading')
        try:
            asset_id = await _find(principal, scanned)
        except DomainError as error:
            field.error = error.detail
            field.run_method('select')  # the next scan replaces the text instead of adding to it
            return
        finally:
            button.props(remove='loading')
        field.error = None
        ui.navigate.to(f'/assets/{asset_id}')

    ui.add_css('.cmms-scan-field .q-field__bottom { font-size: 1rem; }')  # the error must be readable at arm's length
    with frame(context, 'Scan', '/scan'):
        with ui.column().classes('w-full max-w-2xl mx-auto items-stretch gap-6 pt-4 md:pt-12'):
            with ui.row().classes('items-center gap-4 no-wrap'):
                ui.icon('qr_code_scanner', color='primary').classes('text-6xl')
                with ui.column().classes('gap-1'):
                    ui.label('Scan an asset').classes(design.PAGE_TITLE)
                    ui.label('Point the scanner at the label, or type the code and press Enter.').classes(
                        'text-base text-gray-600 dark:text-gray-300'
                    )
            field = (
                ui.input(FIELD_LABEL, value=code)
                .props(
                    'outlined autofocus clearable autocomplete=off autocapitalize=characters spellcheck=false '
                    'enterkeyhint=go input-class="text-3xl tracking-wide" input-style="height: 64px" '
                    f'aria-label="{FIELD_LABEL}"'
                )
                .classes('cmms-scan-field w-full text-2xl')
            )
            field.on('keydown.enter', open_asset)
            field.on_value_change(lambda: setattr(field, 'error', None) if field.error else None)
            button = (
                ui.button('Open asset', icon='arrow_forward', on_click=open_asset)
                .props('unelevated no-caps size=lg')
                .classes('w-full min-h-[64px] text-lg')
            )
            with ui.row().classes('items-start gap-2 no-wrap ' + design.MUTED_TEXT):
                ui.icon('info').classes('text-lg')
                ui.label(
                    "A label's QR code can also be scanned with the tablet's camera app: it opens the "
                    "asset's page directly."
                )
    if code:
        await open_asset()  # /scan?code=P-001: a scanner or bookmark that opens a URL


async def _find(principal: Principal, scanned: str) -> int:
    """The id of the scanned asset: from a label URL (…/assets/123) or by code; NotFound with a clear message."""
    if match := ASSET_URL.search(scanned):
        asset_id = int(match.group(1))
        try:
            return (await call(assets.get_asset, principal=principal, asset_id=asset_id)).id
        except NotFound:
            raise NotFound(
                f'This label is for asset {asset_id}, which is not in your organisation or was removed'
            ) from None
    try:
        return (await call(assets.get_asset_by_code, principal=principal, code=scanned[:64])).id
    except NotFound:
        raise NotFound(f'No asset with code "{scanned[:64]}" — check the label, or type the code again') from None
