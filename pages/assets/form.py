"""The create/edit asset dialog: every field, errors next to the field they name, and stale-edit protection."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from app.assets import service as assets
from app.assets.enums import AssetCondition, AssetStatus, AssetType, Criticality
from app.assets.schemas import AssetCreate, AssetFilter, AssetRead, AssetUpdate
from app.core import tenancy
from app.core.errors import Conflict
from app.core.principal import Principal
from app.core.schemas import validated
from components import asset_badges, design, forms, money
from components.forms import REFUSED, Form, Values
from pages.assets.common import add_location_fields, attribute_value, form_values, location_payload, remap_errors
from pages.kernel.bridge import call
from pages.kernel.form_input import MONEY_PLACES, parse_decimal

Saved = Callable[[AssetRead], Awaitable[None] | None]
PLAN_FIELDS = ('floor_plan_id', 'plan_x', 'plan_y')  # placed on the floor-plan view, not in this form
PARENT_SEARCH_LIMIT = 20


def parent_label(asset: AssetRead) -> str:
    return f'{asset.code} — {asset.name}'


async def open_asset_form(
    principal: Principal,
    asset: AssetRead | None,
    *,
    parent: AssetRead | None = None,
    site_id: int | None = None,
    on_saved: Saved | None = None,
) -> None:
    """Open the dialog to add an asset (under ``parent``, or at ``site_id``) or to edit ``asset``."""
    sites = (await call(tenancy.list_sites, principal=principal)).items
    parent_options: dict[int, str] = {}
    if asset is not None and asset.parent_id is not None:
        parent_options[asset.parent_id] = asset.parent_code or f'#{asset.parent_id}'
    if parent is not None:
        parent_options[parent.id] = parent_label(parent)
    AssetForm(
        principal,
        asset,
        sites={site.id: site.name for site in sites},
        parent_options=parent_options,
        defaults={'parent_id': parent.id, 'site_id': parent.site_id} if parent else {'site_id': site_id},
        on_saved=on_saved,
    ).dialog.open()


class AssetForm:
    def __init__(
        self,
        principal: Principal,
        asset: AssetRead | None,
        *,
        sites: dict[int, str],
        parent_options: dict[int, str],
        defaults: dict[str, Any],
        on_saved: Saved | None,
    ) -> None:
        self.principal, self.asset, self.on_saved = principal, asset, on_saved
        self.form = Form()
        self.attribute_rows: list[tuple[ui.input, ui.input, ui.row]] = []
        current = (
            form_values(asset)
            if asset
            else {
                'status': AssetStatus.OPERATIONAL,
                'condition': AssetCondition.GOOD,
                'criticality': Criticality.MEDIUM,
                **defaults,
            }
        )
        self.dialog = ui.dialog().props('persistent')
        self.dialog.on('hide', self.dialog.delete)
        with self.dialog, ui.card().classes('p-0 gap-0 w-full').style('max-width: min(60rem, 96vw)'):
            with ui.row().classes('w-full items-center px-6 pt-5 pb-2'):
                ui.label(f'Edit {asset.code}' if asset else 'Add asset').classes(design.SECTION_TITLE)
            self.stale = forms.stale_banner('this asset')
            with ui.column().classes('w-full px-6 py-2 gap-2 overflow-auto').style('max-height: calc(90vh - 140px)'):
                self._fields(current, sites, parent_options)
            with ui.row().classes('w-full justify-end gap-2 px-6 py-4 border-t border-gray-200 dark:border-gray-700'):
                ui.button('Cancel', on_click=self.dialog.close).props('flat no-caps').classes(design.TOUCH_TARGET)
                self.submit_button = (
                    ui.button('Save' if asset else 'Add asset', icon='save', on_click=self.submit)
                    .props('unelevated no-caps')
                    .classes(design.TOUCH_TARGET)
                    .mark('asset-form-save')
                )

    def _fields(self, current: dict[str, Any], sites: dict[int, str], parent_options: dict[int, str]) -> None:
        add, value = self.form.add, current.get
        _section('Identity')
        with _grid():
            add('code', forms.text_input('Code', value('code', ''), autocomplete='off', hint='Unique, e.g. PUMP-017'))
            add('name', forms.text_input('Name', value('name', ''), autocomplete='off'))
            add('asset_type', forms.select_input('Type', _options(AssetType), value('asset_type')))
            add('status', forms.select_input('Status', asset_badges.options('status'), value('status')))
            add('condition', forms.select_input('Condition', asset_badges.options('condition'), value('condition')))
            add(
                'criticality',
                forms.select_input('Criticality', asset_badges.options('criticality'), value('criticality')),
            )
        add(
            'description',
            ui.textarea('Description', value=value('description', '')).props('outlined autogrow').classes('w-full'),
        )
        _section('Place')
        with _grid():
            add('site_id', forms.select_input('Site', {None: 'No site', **sites}, value('site_id')))
            self.parent = add(
                'parent_id',
                _parent_select(
                    self.principal, parent_options, value('parent_id'), self.asset.id if self.asset else None
                ),
            )
            add_location_fields(add, value)
        _section('Make and money')
        with _grid():
            for name, label in (
                ('manufacturer', 'Manufacturer'),
                ('model', 'Model'),
                ('serial_number', 'Serial number'),
            ):
                add(name, forms.text_input(label, value(name, '')))
            for name, label in (('install_date', 'Installed on'), ('warranty_expires', 'Warranty until')):
                add(
                    name,
                    ui.input(label, value=value(name) or '').props('outlined type=date stack-label').classes('w-full'),
                )
            add(
                'purchase_cost',
                ui.number(f'Purchase cost ({money.symbol()})', value=value('purchase_cost'), precision=2)
                .props('outlined inputmode=decimal input-class=text-right')
                .classes('w-full'),
            )
            add(
                'expected_life_years',
                ui.number('Expected life', value=value('expected_life_years'), precision=0, suffix='years')
                .props('outlined inputmode=numeric input-class=text-right')
                .classes('w-full'),
            )
        _section('Custom attributes')
        self.attributes = ui.column().classes('w-full gap-1')
        for key, attribute in (value('attributes') or {}).items():
            self._attribute_row(key, attribute)
        self.form.add(
            'attributes',
            ui.button('Add attribute', icon='add', on_click=lambda: self._attribute_row())
            .props('flat no-caps')
            .classes(design.TOUCH_TARGET),
        )
        if self.asset is not None:
            add('note', forms.text_input('Why (shown in the history)', ''))

    def _attribute_row(self, key: str = '', value: Any = '') -> None:
        with self.attributes, ui.row().classes('w-full items-center gap-2 no-wrap') as row:
            key_input = ui.input('Name', value=key).props('outlined dense').classes('w-1/3')
            value_input = (
                ui.input('Value', value='' if value is None else str(value)).props('outlined dense').classes('grow')
            )
            entry = (key_input, value_input, row)
            ui.button(icon='delete', on_click=lambda: (self.attribute_rows.remove(entry), row.delete())).props(
                'flat round color=negative aria-label="Remove attribute"'
            ).classes(design.TOUCH_TARGET)
        self.attribute_rows.append(entry)

    async def submit(self) -> None:
        saved = await self.form.submit(
            self.submit_button,
            lambda: self._save(self._payload()),
            conflict_field=_conflict_field,
            remap=lambda error: remap_errors(error, 'location.'),
            stale=self.stale,
        )
        if saved is REFUSED:
            return
        self.dialog.close()
        ui.notify(f'Saved {saved.code}', type='positive')
        if self.on_saved is not None:
            result = self.on_saved(saved)
            if result is not None:
                await result
        elif self.asset is None:
            ui.navigate.to(f'/assets/{saved.id}')

    async def _save(self, data: dict[str, Any]) -> AssetRead:
        if self.asset is None:
            return await call(assets.create_asset, principal=self.principal, data=validated(AssetCreate, data))
        before = form_values(self.asset)
        changes = {name: data[name] for name in data if name != 'location' and data[name] != before.get(name)}
        if any(data['location'].get(name) != before.get(f'location.{name}') for name in data['location']):
            changes['location'] = data['location'] | {name: getattr(self.asset.location, name) for name in PLAN_FIELDS}
        changes['note'] = data.get('note', '')
        update = validated(AssetUpdate, changes | {'version': self.asset.version})
        return await call(assets.update_asset, principal=self.principal, asset_id=self.asset.id, data=update)

    def _payload(self) -> dict[str, Any]:
        values: Values = {name: value for name, value in self.form.values().items() if name != 'attributes'}
        data: dict[str, Any] = {name: value for name, value in values.items() if not name.startswith('location.')}
        data['location'] = location_payload(values)
        for name in ('install_date', 'warranty_expires'):
            data[name] = data[name] or None
        data['purchase_cost'] = parse_decimal(data['purchase_cost'], MONEY_PLACES)
        if data['expected_life_years'] is not None:
            data['expected_life_years'] = int(data['expected_life_years'])
        data['attributes'] = {
            key.value.strip(): attribute_value(value.value)
            for key, value, _ in self.attribute_rows
            if key.value.strip()
        }
        return data


def _parent_select(principal: Principal, options: dict[int, str], value: int | None, own_id: int | None) -> ui.select:
    """Parent by code; the options come from the server as the user types, so big plants stay fast."""
    select = (
        ui.select({None: 'No parent', **options}, label='Parent', value=value, with_input=True)
        .props('outlined hint="Type a code or name to search"')
        .classes('w-full')
    )

    async def search(event: Any) -> None:
        text = str(event.args or '').strip()
        if not text:
            return
        found = await call(
            assets.list_assets, principal=principal, filters=AssetFilter(q=text, limit=PARENT_SEARCH_LIMIT)
        )
        keep = {select.value: select.options.get(select.value)} if select.value is not None else {}
        select.set_options(
            {None: 'No parent', **keep, **{a.id: parent_label(a) for a in found.items if a.id != own_id}},
            value=select.value,
        )

    select.on('input-value', search, throttle=0.3, leading_events=False)
    return select


def _section(title: str) -> None:
    ui.label(title).classes('text-sm font-semibold uppercase tracking-wide text-gray-500 pt-2')


def _grid() -> ui.element:
    return ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-1')


def _options(vocabulary: type) -> dict[str, str]:
    return {str(value): asset_badges.label(value) for value in vocabulary}


def _conflict_field(error: Conflict) -> str | None:
    """A duplicate code belongs at the code; refusing to retire (children, open work) at the status."""
    if 'code' in error.detail:
        return 'code'
    return 'status' if 'retire' in error.detail or 'decommission' in error.detail else None
