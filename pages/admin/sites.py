"""Admin → Sites: the organisation's plants and buildings with timezone, address and map position."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from nicegui import ui

from app.core import tenancy
from app.core.permissions import Permission
from app.core.principal import Principal
from app.core.schemas import SiteCreate, SiteRead, SiteUpdate, validated
from components import forms, tables
from components.forms import FormDialog, Values
from pages.admin.common import ADMIN_PAGES, Reload, admin_frame, primary_button
from pages.admin.routes import router
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context

PAGE = ADMIN_PAGES[1]
TIMEZONES = sorted(available_timezones() | {'UTC'})
COLUMNS = [
    tables.column('name', 'Name'),
    tables.column('timezone', 'Timezone'),
    tables.column('address', 'Address', wide_only=True),
    tables.number_column('latitude', 'Latitude', digits=4, unit='°'),
    tables.number_column('longitude', 'Longitude', digits=4, unit='°'),
    tables.column('actions', '', align='right', sortable=False),
]


@router.page('/admin/sites')
async def sites_page() -> None:
    if (opened := await page_context(Permission.SITES_MANAGE)) is None:
        return
    principal, context = opened
    sites: dict[int, SiteRead] = {}

    async def reload() -> None:
        found = (await call(tenancy.list_sites, principal=principal)).items
        sites.clear()
        sites.update({site.id: site for site in found})
        table.rows = [_row(site) for site in found]

    with admin_frame(context, PAGE) as actions:
        with actions:
            primary_button('Add site', 'add_business', lambda: _site_dialog(principal, None, reload))
        table = tables.data_table(
            COLUMNS, [], empty='No sites yet — add the first one with "Add site".', empty_icon='factory'
        )
    tables.add_row_actions(
        table,
        'actions',
        [tables.RowAction('calendar', 'Calendar', 'calendar_month'), tables.RowAction('edit', 'Edit', 'edit')],
    )
    table.on('edit', lambda e: _site_dialog(principal, sites[e.args['id']], reload))
    # The calendar is the scheduling area's page: reached by its address, not by importing it.
    table.on('calendar', lambda e: ui.navigate.to(f'/sites/{e.args["id"]}/calendar'))
    await reload()


def _site_dialog(principal: Principal, site: SiteRead | None, reload: Reload) -> None:
    async def save(values: Values) -> None:
        if site is None:
            saved = await call(tenancy.create_site, principal=principal, data=validated(SiteCreate, values))
        else:
            changes = {name: value for name, value in values.items() if value != getattr(site, name)}
            saved = await call(
                tenancy.update_site, principal=principal, site_id=site.id, data=validated(SiteUpdate, changes)
            )
        ui.notify(f'Saved site {saved.name}', type='positive')
        await reload()

    title = 'Add site' if site is None else f'Edit {site.name}'
    dialog = FormDialog(
        title, 'Save', save, conflict_field='name', intro='Times, calendars and plans of this site use its timezone.'
    )
    with dialog.body:
        dialog.add('name', forms.text_input('Name', site.name if site else '', autocomplete='off'))
        dialog.add(
            'timezone', forms.select_input('Timezone', TIMEZONES, site.timezone if site else 'UTC', searchable=True)
        )
        dialog.add(
            'address',
            ui.textarea('Address', value=site.address if site else '').props('outlined autogrow').classes('w-full'),
        )
        with ui.row().classes('w-full gap-3 no-wrap'):
            for name, label, limit in (('latitude', 'Latitude', 90), ('longitude', 'Longitude', 180)):
                value = getattr(site, name) if site else None
                dialog.add(
                    name,
                    ui.number(label, value=value, suffix='°')
                    .props(f'outlined hint="−{limit} to {limit}, optional" inputmode=decimal')
                    .classes('grow'),
                )
    dialog.open()


def _row(site: SiteRead) -> dict[str, Any]:
    return site.model_dump() | {'address': site.address or '—'}
