"""Tables: a Quasar table with the app's look, cell templates (badges, times, row actions) and time formatting."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

from components import design

RECENT_DAYS = 7


@dataclass(frozen=True)
class RowAction:
    """A button in each row that emits ``event`` with the row; ``when`` is a JS condition on ``row``."""

    event: str
    label: str
    icon: str
    when: str = 'true'
    color: str = 'primary'


def column(
    name: str,
    label: str,
    *,
    align: str = 'left',
    sortable: bool = True,
    wide_only: bool = False,
    widest_only: bool = False,
    field: str | None = None,
) -> dict:
    """A column definition; ``wide_only`` columns hide below 1024 px, ``widest_only`` ones below 1440 px."""
    # nowrap: otherwise the hidden sort icon wraps below a short label and lifts it out of line.
    definition = {
        'name': name,
        'label': label,
        'field': field or name,
        'align': align,
        'sortable': sortable,
        'headerClasses': 'whitespace-nowrap',
    }
    if wide_only or widest_only:
        visibility = 'gt-md' if widest_only else 'gt-sm'  # Quasar's screen classes
        definition |= {'classes': visibility, 'headerClasses': f'whitespace-nowrap {visibility}'}
    return definition


def time_column(name: str, label: str, *, wide_only: bool = False, widest_only: bool = False) -> dict:
    """A column of moments from ``time_fields``: sorts by the ISO time, shows the relative text."""
    return column(name, label, wide_only=wide_only, widest_only=widest_only, field=f'{name}_at')


def number_column(name: str, label: str, *, digits: int = 0, unit: str = '') -> dict:
    """A right-aligned numeric column that sorts by number and shows ``digits`` decimals and the unit."""
    return column(name, label, align='right') | {
        ':format': f'(value) => value == null ? "" : value.toFixed({digits}) + "{unit}"',
        'classes': 'cmms-num',
    }


def search_input(placeholder: str) -> ui.input:
    """A search box that reports its value once typing pauses."""
    search = (
        ui.input(placeholder=placeholder)
        .props(f'outlined dense clearable debounce=300 aria-label="{placeholder}"')
        .classes('w-64 max-w-full')
    )
    with search.add_slot('prepend'):
        ui.icon('search')
    return search


def data_table(
    columns: list[dict], rows: list[dict], *, empty: str, empty_icon: str = 'inbox', rows_per_page: int = 25
) -> ui.table:
    """The app's table: full width, wrapping cells, client-side paging; ``empty`` says what to do next."""
    table = (
        ui.table(columns=columns, rows=rows, row_key='id', pagination=rows_per_page)
        .props('flat bordered wrap-cells :rows-per-page-options="[10, 25, 50, 0]"')
        .classes('w-full ' + design.CARD)
    )
    table.add_slot(
        'no-data',
        f'''
        <div class="w-full column items-center q-py-lg text-grey-7 text-center">
            <q-icon name="{empty_icon}" size="3rem" /><div class="text-base q-mt-sm">{html.escape(empty)}</div>
        </div>
    ''',
    )
    return table


def add_badge_cells(table: ui.table, name: str, styles: dict[str, tuple[str, str]]) -> None:
    """Show a column's value as a badge with the colour and icon that ``styles`` gives each value."""
    table.add_slot(
        f'body-cell-{name}',
        f"""
        <q-td :props="props">
            <q-badge v-if="props.value" :color="({js_value(styles)})[props.value]?.[0] || 'grey-7'"
                     class="text-sm px-2 py-1 gap-1">
                <q-icon :name="({js_value(styles)})[props.value]?.[1]" size="1rem" />{{{{ props.value }}}}
            </q-badge>
        </q-td>
    """,
    )


def add_two_line_cells(table: ui.table, name: str, second: str) -> None:
    """The column's value in medium weight with ``row[second]`` as a muted line below it."""
    table.add_slot(
        f'body-cell-{name}',
        f"""
        <q-td :props="props">
            <div class="font-medium">{{{{ props.value }}}}</div>
            <div class="text-gray-500 dark:text-gray-400 [overflow-wrap:anywhere]">{{{{ props.row.{second} }}}}</div>
        </q-td>
    """,
    )


def add_time_cells(table: ui.table, name: str, *, empty: str = '') -> None:
    """Show ``row[name]`` (relative text) with ``row[name + '_exact']`` on hover or long press; ``empty`` if unset."""
    table.add_slot(
        f'body-cell-{name}',
        f"""
        <q-td :props="props" class="whitespace-nowrap">
            <span v-if="props.row.{name}_exact" :title="props.row.{name}_exact">{{{{ props.row.{name} }}}}
                <q-tooltip>{{{{ props.row.{name}_exact }}}}</q-tooltip>
            </span>
            <span v-else class="text-gray-500 dark:text-gray-400">{html.escape(empty)}</span>
        </q-td>
    """,
    )


def add_row_actions(table: ui.table, name: str, actions: list[RowAction]) -> None:
    """Buttons in column ``name``, labelled on wide screens and icon-only (still 44 px) below 1024 px.

    Handle each with ``table.on(action.event, lambda e: ... e.args ...)``; ``e.args`` is the row.
    """
    buttons = ''.join(
        f'''
        <q-btn v-if="(row => {action.when})(props.row)" flat no-caps color="{action.color}" icon="{action.icon}"
               class="min-h-[44px] min-w-[44px]" :aria-label="'{action.label} ' + (props.row.name || '')"
               @click="() => $parent.$emit('{action.event}', props.row)">
            <span class="gt-sm q-ml-sm">{action.label}</span>
        </q-btn>'''
        for action in actions
    )
    table.add_slot(f'body-cell-{name}', f'<q-td :props="props" class="text-right whitespace-nowrap">{buttons}</q-td>')


def time_fields(name: str, moment: datetime | None, zone: ZoneInfo, now: datetime | None = None) -> dict[str, str]:
    """``{name: '2 h ago', name_exact: '2026-11-27 06:28 CET', name_at: ISO}`` for a table row."""
    text, exact = relative_time(moment, zone, now)
    return {name: text, f'{name}_exact': exact, f'{name}_at': _utc(moment).isoformat() if moment else ''}


def relative_time(moment: datetime | None, zone: ZoneInfo, now: datetime | None = None) -> tuple[str, str]:
    """(short text, exact local time): relative when within a week ("2 h ago", "in 14 min"), else the date."""
    if moment is None:
        return '', ''
    moment = _utc(moment)
    now = now or datetime.now(UTC)
    local = moment.astimezone(zone)
    exact = local.strftime('%Y-%m-%d %H:%M %Z')
    seconds = (now - moment).total_seconds()
    future, seconds = seconds < 0, abs(seconds)
    if seconds >= RECENT_DAYS * 86400:
        return local.strftime('%d %b %Y'), exact
    if seconds < 60:
        return ('in under a minute' if future else 'just now'), exact
    unit, size = next((unit, size) for unit, size in (('d', 86400), ('h', 3600), ('min', 60)) if seconds >= size)
    amount = f'{int(seconds // size)} {unit}'
    return (f'in {amount}' if future else f'{amount} ago'), exact


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # stored as UTC; SQLite forgets the zone


def js_value(value: Any) -> str:
    """A JSON value written for a template attribute (double quotes would end the attribute)."""
    return json.dumps(value).replace('"', "'")
