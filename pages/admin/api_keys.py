"""Admin → API keys: keys for other systems, shown in full once at creation, revocable at any time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

from app.core import api_keys, tenancy
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.permissions import Permission
from app.core.principal import Principal
from app.core.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead, validated
from components import design, forms, tables
from components.forms import FormDialog, Values
from pages.admin.common import ADMIN_PAGES, ROLE_OPTIONS, Reload, admin_frame, primary_button
from pages.admin.routes import router
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context
from pages.kernel.zones import Zones

PAGE = ADMIN_PAGES[2]
STATUS_STYLES = {
    'Active': (design.OK, 'check_circle'),
    'Expired': (design.MUTED, 'event_busy'),
    'Revoked': (design.MUTED, 'block'),
}
# Lifetimes offered at creation (days; None: until revoked). The API takes any future expires_at.
EXPIRY_OPTIONS = {'never': 'Never (until revoked)', '30': '30 days', '90': '90 days', '365': '1 year'}
COLUMNS = [
    tables.column('name', 'Name'),
    tables.column('role', 'Role'),
    tables.column('prefix', 'Key starts with', wide_only=True),
    tables.time_column('created', 'Created'),
    tables.time_column('last_used', 'Last used'),
    tables.time_column('expires', 'Expires', wide_only=True),
    tables.column('status', 'Status'),
    tables.time_column('revoked', 'Revoked', wide_only=True),
    tables.column('actions', '', align='right', sortable=False),
]


@router.page('/admin/api-keys')
async def api_keys_page() -> None:
    if (opened := await page_context(Permission.API_KEYS_MANAGE)) is None:
        return
    principal, context = opened
    zone = Zones((await call(tenancy.list_sites, principal=principal)).items, context.site_id).fallback

    async def reload() -> None:
        keys = (await call(api_keys.list_api_keys, principal=principal)).items
        table.rows = [_row(key, zone) for key in keys]

    async def revoke(row: dict[str, Any]) -> None:
        if not await forms.confirm(
            f'Revoke "{row["name"]}"?',
            'Systems using this key get "401 Unauthorized" from their next request on. This cannot be undone.',
            'Revoke key',
        ):
            return
        try:
            await call(api_keys.revoke_api_key, principal=principal, api_key_id=row['id'])
        except DomainError as error:
            ui.notify(error.detail, type='negative')
        else:
            ui.notify(f'Revoked {row["name"]}', type='positive')
        await reload()

    with admin_frame(context, PAGE) as actions:
        with actions:
            primary_button('Create API key', 'vpn_key', lambda: _create_dialog(principal, reload))
        table = tables.data_table(
            COLUMNS, [], empty='No API keys yet — create one for each system that calls the API.', empty_icon='key'
        )
    table.add_slot('body-cell-prefix', '<q-td :props="props"><code>{{ props.value }}…</code></q-td>')
    tables.add_badge_cells(table, 'role', design.ROLE_STYLE)
    tables.add_badge_cells(table, 'status', STATUS_STYLES)
    tables.add_time_cells(table, 'created')
    tables.add_time_cells(table, 'last_used', empty='never')
    tables.add_time_cells(table, 'revoked')
    tables.add_time_cells(table, 'expires', empty='never')
    tables.add_row_actions(
        table,
        'actions',
        [
            tables.RowAction('revoke', 'Revoke', 'block', when="row.status !== 'Revoked'", color=design.DANGER),
        ],
    )
    table.on('revoke', lambda e: revoke(e.args))
    await reload()


def _create_dialog(principal: Principal, reload: Reload) -> None:
    async def create(values: Values) -> None:
        expiry = values.pop('expires', 'never')
        values['expires_at'] = None if expiry in (None, 'never') else utcnow() + timedelta(days=int(expiry))
        created = await call(api_keys.create_api_key, principal=principal, data=validated(ApiKeyCreate, values))
        await reload()
        _show_key_once(created)

    dialog = FormDialog(
        'Create API key',
        'Create',
        create,
        intro='Name the system that will use the key; the role limits what it may do.',
    )
    with dialog.body:
        dialog.add('name', forms.text_input('Name', autocomplete='off', placeholder='e.g. SCADA bridge'))
        dialog.add('role', forms.select_input('Role', ROLE_OPTIONS, 'viewer'))
        dialog.add('expires', forms.select_input('Expires', EXPIRY_OPTIONS, 'never'))
    dialog.open()


def _show_key_once(created: ApiKeyCreated) -> None:
    """The full key, this once: the dialog deletes itself on close, so the key leaves the page with it."""
    with ui.dialog().props('persistent') as dialog, ui.card().classes('w-[36rem] max-w-full p-6 gap-4'):
        dialog.on('hide', dialog.delete)
        ui.label(f'API key "{created.name}" created').classes(design.SECTION_TITLE)
        with ui.row().classes('w-full items-start gap-2 no-wrap p-3 rounded bg-amber-100 text-amber-950'):
            ui.icon('warning', color='warning').classes('text-2xl')
            ui.label(
                'Copy the key now and store it safely. It will not be shown again; '
                'if it is lost, revoke it and create a new one.'
            )
        with ui.row().classes('w-full items-center gap-2 no-wrap'):
            ui.label(created.key).classes(
                'grow font-mono text-base break-all select-all p-3 rounded border border-gray-300 dark:border-gray-600'
            ).props('aria-label="New API key"').mark('new-api-key')

            def copy() -> None:
                ui.clipboard.write(created.key)
                ui.notify('Key copied to the clipboard', type='positive')

            ui.button('Copy', icon='content_copy', on_click=copy).props('no-caps unelevated').classes(
                design.TOUCH_TARGET
            )
        with ui.row().classes('w-full justify-end'):
            ui.button('I have stored the key', on_click=dialog.close).props('no-caps flat').classes(design.TOUCH_TARGET)
    dialog.open()


def _row(key: ApiKeyRead, zone: ZoneInfo) -> dict[str, Any]:
    return {
        'id': key.id,
        'name': key.name,
        'role': key.role.value,
        'prefix': key.prefix,
        'status': _status(key),
        **tables.time_fields('created', key.created_at, zone),
        **tables.time_fields('last_used', key.last_used_at, zone),
        **tables.time_fields('revoked', key.revoked_at, zone),
        **tables.time_fields('expires', key.expires_at, zone),
    }


def _status(key: ApiKeyRead) -> str:
    if key.revoked_at:
        return 'Revoked'
    return 'Expired' if key.expires_at is not None and key.expires_at <= utcnow() else 'Active'
