"""A site's working calendar: its working week and hours, public holidays by country and region, where due dates on
closed days go, its closures, and the days ahead it is closed — what every plan of the site is placed on.

Everyone who sees the site sees the page; only an admin (SITES_MANAGE) changes it (the inputs are read-only for
others). Weekends are one line, not a list of every Saturday: the list ahead is the holidays and closures.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

from app.core.errors import NotFound
from app.core.permissions import Permission, can
from app.core.principal import Principal
from app.core.schemas import validated
from app.maintenance import site_calendars, wording
from app.maintenance.calendars import known_countries, known_subdivisions
from app.maintenance.schemas import ClosedDaysQuery, ClosureCreate, SiteCalendarRead, SiteCalendarUpdate
from components import design, forms
from components.forms import Form, FormDialog, Values
from components.frame import frame
from components.weekday_picker import LONG, WeekdayPicker
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context
from pages.maintenance.routes import router

AHEAD_DAYS = 120
NO_COUNTRY = ''
POLICIES = {
    'before': 'Move it to the working day before',
    'after': 'Move it to the working day after',
    'keep': 'Keep it on the closed day',
}


@router.page('/sites/{site_id:int}/calendar')
async def site_calendar_page(site_id: int) -> None:
    if (opened := await page_context(Permission.SITES_READ)) is None:
        return
    principal, context = opened
    editable = can(principal, Permission.SITES_MANAGE)
    back = '/admin/sites' if editable else '/sites'
    try:
        calendar = await call(site_calendars.get_site_calendar, principal=principal, site_id=site_id)
    except NotFound:
        ui.context.client.status_code = 404
        with frame(context, 'Site calendar', back):
            design.empty_state('search_off', f'There is no site {site_id}.')
        return
    ui.page_title(f'Calendar · {calendar.site_name} · CMMS Hub')
    with frame(context, f'Calendar · {calendar.site_name}', back):
        _heading(calendar, editable)
        with ui.row().classes('w-full gap-6 items-start flex-wrap'):
            page = CalendarPage(principal, calendar, editable)
            with ui.card().classes(f'{design.CARD} {design.SURFACE} flex-1 min-w-[min(100%,24rem)] p-5 gap-4'):
                page.week_form()
            with ui.column().classes('flex-1 min-w-[min(100%,22rem)] gap-6'):
                with ui.card().classes(f'{design.CARD} {design.SURFACE} w-full p-5 gap-3'):
                    page.closures_card()
                with ui.card().classes(f'{design.CARD} {design.SURFACE} w-full p-5 gap-3'):
                    page.ahead_card()
    await page.refresh()


def _heading(calendar: SiteCalendarRead, editable: bool) -> None:
    with ui.column().classes('gap-0'):
        if editable:
            with ui.row().classes('items-center gap-1 ' + design.MUTED_TEXT):
                ui.link('Admin', '/admin')
                ui.icon('chevron_right')
                ui.link('Sites', '/admin/sites')
                ui.icon('chevron_right')
                ui.label(calendar.site_name)
        ui.label(f'Calendar of {calendar.site_name}').classes(design.PAGE_TITLE)
        ui.label(f'Times in {calendar.timezone}. Every plan of this site is placed on this calendar.').classes(
            design.MUTED_TEXT
        )


class CalendarPage:
    def __init__(self, principal: Principal, calendar: SiteCalendarRead, editable: bool) -> None:
        self.principal = principal
        self.calendar = calendar
        self.editable = editable
        self.form = Form()

    def week_form(self) -> None:
        calendar = self.calendar
        ui.label('Working week').classes(design.SECTION_TITLE)
        ui.label('Working days').classes('text-sm font-medium')
        self.form.add('working_days', WeekdayPicker(calendar.working_days, enabled=self.editable))
        with ui.row().classes('w-full gap-3 no-wrap'):
            self.form.add('day_starts', self._time_input('Day starts', calendar.day_starts))
            self.form.add('day_ends', self._time_input('Day ends', calendar.day_ends))
        self.hours = ui.label().classes(design.MUTED_TEXT)
        ui.label('Public holidays').classes('text-sm font-medium pt-2')
        countries = {NO_COUNTRY: 'None (no public holidays)', **known_countries()}
        country = self.form.add(
            'country', forms.select_input('Country', countries, calendar.country or NO_COUNTRY, searchable=True)
        )
        self.subdivision = self.form.add(
            'subdivision', forms.select_input('Region (its own holidays)', {}, None, searchable=True)
        )
        self._offer_subdivisions(calendar.country, calendar.subdivision)
        country.on_value_change(lambda e: self._offer_subdivisions(e.value, None))
        ui.label('A due date on a closed day').classes('text-sm font-medium pt-2')
        self.form.add('policy', ui.radio(POLICIES, value=calendar.policy.value).props('dense'))
        for element in self.form.fields.values():
            if not self.editable and not isinstance(element, WeekdayPicker):
                element.props('readonly' if isinstance(element, ui.input) else 'disable')
        if self.editable:
            with ui.row().classes('w-full justify-end'):
                self.save_button = ui.button('Save calendar', icon='save', on_click=self.save).props(
                    'no-caps unelevated'
                )
                self.save_button.classes(design.TOUCH_TARGET)
        self._show_hours()

    def closures_card(self) -> None:
        with ui.row().classes('w-full items-center justify-between'):
            ui.label('Closures').classes(design.SECTION_TITLE)
            if self.editable:
                ui.button('Add closure', icon='event_busy', on_click=self.add_closure).props('no-caps flat').classes(
                    design.TOUCH_TARGET
                )
        self.closures = ui.column().classes('w-full gap-1')

    def ahead_card(self) -> None:
        ui.label(f'Closed in the next {AHEAD_DAYS} days').classes(design.SECTION_TITLE)
        self.weekly = ui.label().classes(design.MUTED_TEXT)
        self.ahead = ui.column().classes('w-full gap-1')

    async def save(self) -> None:
        async def store() -> SiteCalendarRead:
            data = validated(SiteCalendarUpdate, _update_values(self.form.values()))
            return await call(
                site_calendars.update_site_calendar, principal=self.principal, site_id=self.calendar.site_id, data=data
            )

        saved = await self.form.submit(self.save_button, store)
        if isinstance(saved, SiteCalendarRead):
            self.calendar = saved
            ui.notify(f'Saved the calendar of {saved.site_name}', type='positive')
            await self.refresh()

    def add_closure(self) -> None:
        async def store(values: Values) -> None:
            data = validated(ClosureCreate, values)
            await call(site_calendars.add_closure, principal=self.principal, site_id=self.calendar.site_id, data=data)
            ui.notify(f'Closed {wording.day(data.first_day)} – {wording.day(data.last_day)}', type='positive')
            await self.refresh()

        dialog = FormDialog('Add closure', 'Add', store, intro='Days the site is closed, both ends included.')
        dialog.submit_button.mark('closure-submit')
        with dialog.body:
            with ui.row().classes('w-full gap-3 no-wrap'):
                dialog.add('first_day', forms.text_input('First day', type='date').classes('flex-1'))
                dialog.add('last_day', forms.text_input('Last day', type='date').classes('flex-1'))
            dialog.add('reason', forms.text_input('Reason', placeholder='Summer shutdown', autocomplete='off'))
        dialog.open()

    async def remove_closure(self, closure_id: int, reason: str) -> None:
        if not await forms.confirm('Reopen these days?', f'The closure "{reason}" is removed.', 'Reopen'):
            return
        await call(
            site_calendars.remove_closure,
            principal=self.principal,
            site_id=self.calendar.site_id,
            closure_id=closure_id,
        )
        await self.refresh()

    async def refresh(self) -> None:
        self.calendar = await call(
            site_calendars.get_site_calendar, principal=self.principal, site_id=self.calendar.site_id
        )
        today = datetime.now(ZoneInfo(self.calendar.timezone)).date()
        query = ClosedDaysQuery(first_day=today, last_day=today + timedelta(days=AHEAD_DAYS - 1))
        closed = await call(
            site_calendars.closed_days, principal=self.principal, site_id=self.calendar.site_id, query=query
        )
        closed_weekdays = [LONG[n] + 's' for n in range(7) if n not in self.calendar.working_days]
        self.weekly.set_text(
            f'Every week: closed on {" and ".join(closed_weekdays)}.' if closed_weekdays else 'Open every day.'
        )
        self._draw_closures()
        self._draw_ahead([(day.day, day.reason) for day in closed if not day.reason.startswith('site closed on ')])

    def _time_input(self, label: str, value: Any) -> ui.input:
        element = forms.text_input(label, value.strftime('%H:%M'), type='time').classes('flex-1')
        element.on_value_change(self._show_hours)
        return element

    def _offer_subdivisions(self, country: str | None, chosen: str | None) -> None:
        options = {'': 'The whole country', **known_subdivisions(country)} if country else {'': 'The whole country'}
        self.subdivision.set_options(options, value=chosen or '')
        self.subdivision.set_visibility(len(options) > 1)

    def _show_hours(self) -> None:
        start, end = (self.form.values().get(name) for name in ('day_starts', 'day_ends'))
        try:
            hours = (datetime.strptime(end, '%H:%M') - datetime.strptime(start, '%H:%M')).total_seconds() / 3600
        except (TypeError, ValueError):
            hours = 0
        self.hours.set_text(f'{hours:g} working hours a day: the capacity a planner weighs work against')

    def _draw_closures(self) -> None:
        self.closures.clear()
        with self.closures:
            if not self.calendar.closures:
                ui.label('No closures: the site follows its week and its public holidays.').classes(design.MUTED_TEXT)
            for closure in self.calendar.closures:
                with ui.row().classes('w-full items-center justify-between no-wrap gap-2'):
                    with ui.column().classes('gap-0'):
                        ui.label(closure.reason).classes('font-medium')
                        ui.label(_span(closure.first_day, closure.last_day)).classes(design.MUTED_TEXT)
                    if self.editable:
                        ui.button(
                            icon='delete',
                            on_click=lambda c=closure: self.remove_closure(c.id, c.reason),
                        ).props(f'flat round aria-label="Remove the closure {closure.reason}"').classes(
                            design.TOUCH_TARGET
                        ).mark('remove-closure')

    def _draw_ahead(self, days: list[tuple[date, str]]) -> None:
        self.ahead.clear()
        with self.ahead:
            if not days:
                ui.label('No holidays or closures ahead.').classes(design.MUTED_TEXT)
            for day, reason in days:
                with ui.row().classes('w-full gap-3 no-wrap items-baseline'):
                    ui.label(wording.day(day)).classes('w-36 shrink-0 font-medium')
                    ui.label(reason)


def _update_values(values: Values) -> Values:
    """The form's values as the update takes them: an empty country or region means none."""
    return {**values, 'country': values['country'] or None, 'subdivision': values['subdivision'] or None}


def _span(first: date, last: date) -> str:
    if first == last:
        return wording.day(first)
    return f'{wording.day(first)} – {wording.day(last)} ({(last - first).days + 1} days)'
