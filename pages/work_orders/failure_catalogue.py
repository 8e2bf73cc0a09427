"""The failure-code catalogue (``/work-orders/failure-codes``): the problem, cause and remedy codes completion offers
for each asset type. Everyone who reads work orders may look; planners (admin, supervisor) add, rename, deactivate
and reactivate entries."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.assets.enums import AssetType
from app.core.permissions import Permission, can
from app.core.principal import Principal
from app.core.schemas import validated
from app.work_orders import failure_codes
from app.work_orders.enums import FailureCodeKind
from app.work_orders.schemas import FailureCodeCreate, FailureCodeRead, FailureCodeUpdate
from components import asset_badges, design, forms, tables
from components.forms import FormDialog, Values
from components.frame import frame
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context
from pages.work_orders.common import add_page_css
from pages.work_orders.routes import router

COLUMNS = [
    tables.column('asset_type', 'Asset type', wide_only=True),
    tables.column('kind', 'Kind'),
    tables.column('code', 'Code'),
    tables.column('label', 'Label'),
    tables.column('state', 'State'),
    tables.column('actions', '', sortable=False),
]
STATE_STYLE = {'Active': ('positive', 'check_circle'), 'Inactive': ('grey-7', 'visibility_off')}
KIND_WORDS = {'problem': 'Problem', 'cause': 'Cause', 'remedy': 'Remedy'}


@router.page('/work-orders/failure-codes')
async def failure_codes_page(asset_type: str = '') -> None:
    if (opened := await page_context(Permission.WORK_ORDERS_READ)) is None:
        return
    principal, context = opened
    manager = can(principal, Permission.WORK_ORDERS_MANAGE)
    add_page_css()
    chosen = AssetType(asset_type) if asset_type in set(AssetType) else None
    known: dict[int, FailureCodeRead] = {}

    async def load() -> None:
        found = await call(
            failure_codes.list_failure_codes,
            principal=principal,
            asset_type=type_filter.value,
            include_inactive=manager,
        )
        known.clear()
        known.update({entry.id: entry for entry in found})
        table.rows = [_row(entry) for entry in found]
        table.update()
        count.set_text(f'{len(found)} code{"" if len(found) == 1 else "s"}')

    async def set_active(code_id: int, active: bool) -> None:
        data = FailureCodeUpdate(active=active)
        await call(failure_codes.update_failure_code, principal=principal, code_id=code_id, data=data)
        ui.notify(f'{known[code_id].code} {"reactivated" if active else "deactivated"}', type='positive')
        await load()

    with frame(context, 'Failure codes', '/work-orders'):
        with ui.row().classes('w-full items-end justify-between gap-2 flex-wrap'):
            with ui.column().classes('gap-0'):
                with ui.row().classes('items-center gap-1 ' + design.MUTED_TEXT):
                    ui.link('Work orders', '/work-orders')
                    ui.icon('chevron_right')
                    ui.label('Failure codes')
                with ui.row().classes('items-baseline gap-3'):
                    ui.label('Failure codes').classes(design.PAGE_TITLE)
                    count = ui.label().classes(design.MUTED_TEXT)
                ui.label('What completing a repair asks: what failed, why, and what was done.').classes(
                    design.MUTED_TEXT
                )
            with ui.row().classes('items-center gap-2'):
                type_filter = forms.select_input('Asset type', {None: 'All types', **_type_options()}, chosen)
                type_filter.classes('w-52').props('dense')
                type_filter.on_value_change(lambda: load())
                if manager:
                    ui.button(
                        'Add code', icon='add', on_click=lambda: _code_dialog(principal, None, type_filter.value, load)
                    ).props('unelevated no-caps').classes(design.TOUCH_TARGET)
        empty = 'No codes yet — add what your assets fail with.' if manager else 'No failure codes yet.'
        table = tables.data_table(COLUMNS, [], empty=empty, empty_icon='report_problem')
        tables.add_badge_cells(table, 'state', STATE_STYLE)
        if manager:
            tables.add_row_actions(
                table,
                'actions',
                [
                    tables.RowAction('edit', 'Rename', 'edit'),
                    tables.RowAction(
                        'deactivate', 'Deactivate', 'visibility_off', "row.state === 'Active'", 'negative'
                    ),
                    tables.RowAction('reactivate', 'Reactivate', 'visibility', "row.state !== 'Active'"),
                ],
            )
            table.on('edit', lambda e: _code_dialog(principal, known[e.args['id']], None, load))
            table.on('deactivate', lambda e: set_active(e.args['id'], False))
            table.on('reactivate', lambda e: set_active(e.args['id'], True))
    await load()


def _code_dialog(principal: Principal, entry: FailureCodeRead | None, asset_type: Any, reload: Any) -> None:
    """Add an entry (type, kind, code, label) or rename one (its code stays: work orders store it)."""

    async def save(values: Values) -> None:
        if entry is None:
            data = validated(FailureCodeCreate, values)
            saved = await call(failure_codes.create_failure_code, principal=principal, data=data)
        else:
            data = validated(FailureCodeUpdate, {'label': values['label']})
            saved = await call(failure_codes.update_failure_code, principal=principal, code_id=entry.id, data=data)
        ui.notify(f'Saved {saved.code}', type='positive')
        await reload()

    title = 'Add failure code' if entry is None else f'Rename {entry.code}'
    dialog = FormDialog(title, 'Save', save, conflict_field='code')
    with dialog.body:
        if entry is None:
            dialog.add('asset_type', forms.select_input('Asset type', _type_options(), asset_type))
            kinds = {kind.value: KIND_WORDS[kind.value] for kind in FailureCodeKind}
            dialog.add('kind', forms.select_input('Kind', kinds, FailureCodeKind.PROBLEM.value))
            dialog.add('code', forms.text_input('Code', '', autocomplete='off', hint='Short, e.g. SEAL-LEAK'))
        dialog.add('label', forms.text_input('Label', entry.label if entry else '', autocomplete='off'))
    dialog.open()


def _type_options() -> dict[str, str]:
    return {value.value: asset_badges.label(value) for value in AssetType}


def _row(entry: FailureCodeRead) -> dict[str, Any]:
    return {
        'id': entry.id,
        'asset_type': asset_badges.label(entry.asset_type),
        'kind': KIND_WORDS[entry.kind.value],
        'code': entry.code,
        'label': entry.label,
        'state': 'Active' if entry.active else 'Inactive',
    }
