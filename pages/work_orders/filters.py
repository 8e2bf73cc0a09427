"""The filter bar the board and the list share, the title row with search and board ⇄ list, and the view switch.

Every change lands in the ``WorkOrderQuery`` and from there in the URL, so switching views keeps the filters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from app.core.principal import Principal
from components import design, tables
from components import work_order_badges as badges
from components.site_filter import SiteFilter
from pages.work_orders.common import MULTI, Lookups, WorkOrderQuery, add_page_css, asset_select

TEMPLATES_PATH = '/work-orders/templates'


class FilterBar:
    """Search, site, asset, assignee, priority, type and overdue; every change lands in ``query`` and the URL.

    The search box sits in the title row (``search_box``), the rest in a row of its own (``draw``).
    """

    def __init__(self, query: WorkOrderQuery, on_change: Callable[[], Any], site_filter: SiteFilter) -> None:
        self.query, self.on_change, self.site_filter = query, on_change, site_filter
        self._quiet = False
        site_filter.follow(lambda site_id: self._set('site_id', site_id))  # the header's select and the bar's

    def search_box(self) -> ui.input:
        self.search = tables.search_input('Search number, title, asset…').classes(replace='w-56 max-w-full')
        self.search.value = self.query.q
        self.search.on_value_change(lambda e: self._set('q', (e.value or '').strip()))
        return self.search

    def draw(self, principal: Principal, lookups: Lookups, *, with_status: bool = False) -> None:
        query = self.query
        with ui.row().classes('w-full items-center gap-2'):
            self.site_filter.select('Site').props('outlined dense options-dense').classes('min-w-[130px]')
            self.asset = asset_select(principal, 'Asset', lookups.asset)
            self.asset.on_value_change(lambda e: self._set('asset_id', e.value))
            self.assignee = (
                ui.select(
                    {None: 'Anyone', **lookups.people}, value=query.assignee_id, label='Assignee', with_input=True
                )
                .props('outlined dense options-dense')
                .classes('w-40')
            )
            self.assignee.on_value_change(lambda e: self._set('assignee_id', e.value))
            chips = [('priority', 'Priority', badges.options('priority')), ('work_type', 'Type', badges.type_options())]
            if with_status:
                chips.append(('status', 'Status', badges.options('status')))
            self.chips = {name: self._chip(name, label, options) for name, label, options in chips}
            self.overdue = (
                ui.switch('Overdue only', value=query.overdue)
                .props('color=negative aria-label="Overdue only"')
                .classes(design.TOUCH_TARGET)
            )
            self.overdue.on_value_change(lambda e: self._set('overdue', bool(e.value)))
            self.clear = (
                ui.button(icon='filter_alt_off', on_click=self.clear_filters)
                .props('flat round aria-label="Clear filters"')
                .classes('min-w-[44px] min-h-[44px]')
                .tooltip('Clear filters')
            )
            self.clear.set_visibility(query.narrowed)

    def _chip(self, name: str, label: str, options: dict[str, str]) -> ui.select:
        select = (
            ui.select(options, label=label, value=self.query.multi[name], multiple=True, clearable=True)
            .props('outlined dense use-chips options-dense')
            .classes('min-w-[120px] max-w-[300px]')
        )
        select.on_value_change(lambda e: self._set_multi(name, e.value))
        return select

    def _set(self, name: str, value: Any) -> None:
        if self._quiet or getattr(self.query, name) == value:
            return
        setattr(self.query, name, value)
        self.changed()

    def _set_multi(self, name: str, values: list[str] | None) -> None:
        if self._quiet:
            return
        self.query.multi[name] = list(values or [])
        self.changed()

    def changed(self) -> None:
        self.clear.set_visibility(self.query.narrowed)
        self.on_change()

    def clear_filters(self) -> None:
        self.query.q, self.query.asset_id, self.query.assignee_id, self.query.overdue = '', None, None, False
        self.query.multi = {name: [] for name in MULTI}
        self._quiet = True  # one reload for the whole clearing, not one per input
        try:
            self.search.set_value('')
            self.asset.set_value(None)
            self.assignee.set_value(None)
            self.overdue.set_value(False)
            for select in self.chips.values():
                select.set_value([])
        finally:
            self._quiet = False
        self.changed()


def title_row(current: str, query: WorkOrderQuery, filters: FilterBar, actions: Callable[[], None]) -> ui.label:
    """'Work orders', the count (returned, to fill in), the search, board ⇄ list, templates and the page's actions."""
    add_page_css()
    with ui.row().classes('w-full items-center justify-between gap-x-3 gap-y-2 flex-wrap'):
        with ui.row().classes('items-center gap-x-3 gap-y-2 flex-wrap'):
            with ui.row().classes('items-baseline gap-3'):
                ui.label('Work orders').classes(design.PAGE_TITLE)
                count = ui.label().classes(design.MUTED_TEXT).props('aria-live=polite')
            filters.search_box()
        with ui.row().classes('items-center gap-2'):
            view_switch(current, query)
            templates = ui.button('Templates', icon='content_copy', on_click=lambda: ui.navigate.to(TEMPLATES_PATH))
            templates.props('flat no-caps').classes(design.TOUCH_TARGET)
            codes = ui.button(
                'Failure codes', icon='report_problem', on_click=lambda: ui.navigate.to('/work-orders/failure-codes')
            )
            codes.props('flat no-caps').classes(design.TOUCH_TARGET)
            actions()
    return count


def view_switch(current: str, query: WorkOrderQuery) -> None:
    """Board ⇄ list, keeping every filter (the list's sort stays with the list)."""
    paths = {'board': '/work-orders', 'list': '/work-orders/list'}

    def go(view: str) -> None:
        if view != current:
            text = query.to_query(sort=view == 'list')
            ui.navigate.to(paths[view] + (f'?{text}' if text else ''))

    with ui.button_group().props('unelevated').classes('rounded-lg'):
        for view, label, icon in (('board', 'Board', 'view_kanban'), ('list', 'List', 'view_list')):
            ui.button(label, icon=icon, on_click=lambda view=view: go(view)).props(
                f'no-caps {"unelevated" if view == current else "outline"} aria-pressed={str(view == current).lower()}'
            ).classes(design.TOUCH_TARGET)
