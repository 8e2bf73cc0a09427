"""Admin → Audit log: who changed what and when, filtered and paged on the server, each change's diff inline."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

from app.core import audit, tenancy
from app.core.enums import AuditAction
from app.core.errors import ValidationFailed
from app.core.permissions import Permission
from app.core.schemas import AuditEntryRead, AuditFilter, validated
from components import design, tables
from components.forms import Form
from components.work_order_badges import label
from pages.admin.common import ADMIN_PAGES, admin_frame
from pages.admin.routes import router
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context
from pages.kernel.zones import Zones, viewer_zone

PAGE = ADMIN_PAGES[3]
PAGE_SIZE = 50
ACTION_STYLES = {
    'create': (design.OK, 'add_circle'),
    'update': (design.SCHEDULED, 'edit'),
    'delete': (design.DANGER, 'delete'),
    'login_succeeded': (design.OK, 'login'),
    'login_failed': (design.WARNING, 'error'),
    'account_locked': (design.DANGER, 'lock'),
    'login_throttled': (design.DANGER, 'front_hand'),
    'logout': (design.MUTED, 'logout'),
}
COLUMNS = [
    tables.column('expand', '', sortable=False),
    tables.column('at', 'When', sortable=False),
    tables.column('actor', 'Who', sortable=False, wide_only=True),  # below 1024 px it shows under "When"
    tables.column('action', 'Action', sortable=False),
    tables.column('entity', 'What', sortable=False, wide_only=True),
    tables.column('summary', 'Summary', sortable=False),
]
# One template for the whole row, so that a click can open the diff in a second row right below it.
ROW_TEMPLATE = f"""
    <q-tr :props="props" class="cursor-pointer" @click="props.expand = !props.expand">
        <q-td key="expand" :props="props" auto-width>
            <q-btn flat round dense :icon="props.expand ? 'expand_less' : 'expand_more'" aria-label="Field changes"
                   :aria-expanded="props.expand ? 'true' : 'false'" @click.stop="props.expand = !props.expand" />
        </q-td>
        <q-td key="at" :props="props">
            <span :title="props.row.at_exact" class="whitespace-nowrap">{{{{ props.row.at }}}}
                <q-tooltip>{{{{ props.row.at_exact }}}}</q-tooltip>
            </span>
            <div class="lt-md text-gray-500 dark:text-gray-400">{{{{ props.row.actor }}}}</div>
        </q-td>
        <q-td key="actor" :props="props">{{{{ props.row.actor }}}}</q-td>
        <q-td key="action" :props="props">
            <q-badge :color="({tables.js_value(ACTION_STYLES)})[props.row.action]?.[0] || 'grey-7'"
                     class="text-sm px-2 py-1 gap-1 whitespace-nowrap">
                <q-icon :name="({tables.js_value(ACTION_STYLES)})[props.row.action]?.[1]" size="1rem" />
                {{{{ props.row.action_label }}}}
            </q-badge>
        </q-td>
        <q-td key="entity" :props="props">
            <div class="whitespace-nowrap font-medium">{{{{ props.row.reference }}}}</div>
            <div class="{design.MUTED_TEXT}">{{{{ props.row.entity }}}}</div>
        </q-td>
        <q-td key="summary" :props="props" class="[overflow-wrap:anywhere]">{{{{ props.row.summary }}}}</q-td>
    </q-tr>
    <q-tr v-if="props.expand" :props="props" class="bg-gray-50 dark:bg-gray-800">
        <q-td colspan="100%">
            <div v-if="props.row.diff.length" class="column q-gutter-y-xs">
                <div v-for="change in props.row.diff" :key="change.field" class="row items-baseline q-gutter-x-sm">
                    <span class="text-weight-medium" style="min-width: 8rem">{{{{ change.field }}}}</span>
                    <span class="text-negative" :class="{{'line-through': change.before !== '—'}}"
                    >{{{{ change.before }}}}</span>
                    <q-icon name="arrow_forward" aria-label="changed to" />
                    <span class="text-positive text-weight-medium">{{{{ change.after }}}}</span>
                </div>
            </div>
            <div v-else class="text-grey-7">No field changes recorded for this entry.</div>
            <div v-if="props.row.address" class="text-grey-7 q-mt-xs">From address {{{{ props.row.address }}}}</div>
        </q-td>
    </q-tr>
"""


@router.page('/admin/audit')
async def audit_page() -> None:
    if (opened := await page_context(Permission.AUDIT_READ)) is None:
        return
    principal, context = opened
    sites = (await call(tenancy.list_sites, principal=principal)).items
    # Times of the log belong to no site: they show on the viewer's clock (the filtered site's until it answers).
    state: dict[str, Any] = {'offset': 0, 'zone': Zones(sites, context.site_id).fallback}
    subjects = await call(audit.list_audit_subjects, principal=principal)
    form = Form()

    async def reload() -> None:
        try:
            filters = _filters(form.values(), state['zone'], state['offset'])
        except ValidationFailed as error:
            form.show(error)
            return
        form.clear_errors()
        found = await call(audit.list_audit_entries, principal=principal, filters=filters)
        table.rows = [_row(entry, state['zone']) for entry in found.items]
        zone_note.set_text(f'Times in {state["zone"].key}')
        first, last = (found.offset + 1, found.offset + len(found.items)) if found.items else (0, 0)
        position.set_text(f'{first}–{last} of {found.total}')
        previous.set_enabled(found.offset > 0)
        following.set_enabled(last < found.total)

    async def filter_changed() -> None:
        state['offset'] = 0
        await reload()

    async def turn(pages: int) -> None:
        state['offset'] = max(0, state['offset'] + pages * PAGE_SIZE)
        await reload()

    with admin_frame(context, PAGE, 'Newest first') as actions:
        with actions:
            zone_note = ui.label().classes(design.MUTED_TEXT).mark('audit-zone')
        with ui.row().classes('w-full items-start gap-3 flex-wrap'):
            form.add(
                'actor',
                ui.input('Who', placeholder='name, email or key')
                .props('outlined dense clearable debounce=300')
                .classes('w-56'),
            )
            form.add(
                'entity_type',
                ui.select({subject.entity_type: subject.label for subject in subjects}, label='What', clearable=True)
                .props('outlined dense')
                .classes('w-52'),
            )
            form.add(
                'action',
                ui.select({a.value: label(a.value) for a in AuditAction}, label='Action', clearable=True)
                .props('outlined dense')
                .classes('w-48'),
            )
            form.add('since', ui.input('From').props('outlined dense type=date stack-label').classes('w-44'))
            form.add('until', ui.input('To').props('outlined dense type=date stack-label').classes('w-44'))
        table = tables.data_table(
            COLUMNS,
            [],
            empty='No entries match — widen the dates or clear a filter.',
            empty_icon='history',
            rows_per_page=0,
        )
        table.props('hide-pagination')
        table.add_slot('body', ROW_TEMPLATE)
        with ui.row().classes('w-full items-center justify-end gap-2'):
            position = ui.label().classes(design.MUTED_TEXT).props('aria-live=polite')
            previous = (
                ui.button('Newer', icon='chevron_left', on_click=lambda: turn(-1))
                .props('flat no-caps')
                .classes(design.TOUCH_TARGET)
            )
            following = (
                ui.button('Older', on_click=lambda: turn(1))
                .props('flat no-caps icon-right=chevron_right')
                .classes(design.TOUCH_TARGET)
            )
    for element in form.fields.values():
        element.on_value_change(filter_changed)
    await reload()
    zone = await viewer_zone(state['zone'])
    if zone != state['zone']:
        state['zone'] = zone
        await reload()


def _filters(values: dict[str, Any], zone: ZoneInfo, offset: int) -> AuditFilter:
    """The form's values as a filter; the dates are whole local days in ``zone``, "to" included."""
    since, until = _day_start('since', values['since'], zone), _day_start('until', values['until'], zone)
    return validated(
        AuditFilter,
        {
            'actor': values['actor'] or None,
            'entity_type': values['entity_type'] or None,
            'action': values['action'] or None,
            'since': since,
            'until': until + timedelta(days=1) if until else None,
            'limit': PAGE_SIZE,
            'offset': offset,
        },
    )


def _day_start(field: str, value: str | None, zone: ZoneInfo) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), time.min, zone)
    except ValueError:
        raise ValidationFailed.field(field, 'enter a date like 2025-01-31') from None


def _row(entry: AuditEntryRead, zone: ZoneInfo) -> dict[str, Any]:
    diff = [
        {
            'field': label(name),
            'before': _shown(values[0], name in entry.enum_fields),
            'after': _shown(values[1], name in entry.enum_fields),
        }
        for name, values in entry.changes.items()
    ]
    return {
        'id': entry.id,
        'actor': entry.actor_label,
        'action': entry.action.value,
        'action_label': label(entry.action.value),
        'reference': entry.reference or '',
        'entity': entry.entity_label,
        'summary': entry.summary,
        'diff': diff,
        'address': entry.client_address or '',
        **tables.time_fields('at', entry.at, zone),
    }


def _shown(value: Any, is_enum: bool = False) -> str:
    """A recorded value as the UI shows it elsewhere: enum codes as words ('in_progress' → 'In progress')."""
    if value is None or value == '':
        return '—'
    if isinstance(value, str):
        return label(value) if is_enum else value
    return json.dumps(value)
