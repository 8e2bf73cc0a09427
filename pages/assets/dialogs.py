"""Asset dialogs used on the spot: condition/status (touch-sized), meter readings, new meters, moving an asset."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from app.assets import meters
from app.assets import service as assets
from app.assets.enums import AssetCondition
from app.assets.schemas import (
    AssetRead,
    ConditionAssessment,
    LocationChange,
    MeterCreate,
    MeterRead,
    MeterReadingCreate,
)
from app.core import tenancy
from app.core.errors import ValidationFailed
from app.core.principal import Principal
from app.core.schemas import validated
from components import asset_badges, design, forms
from components.forms import REFUSED, Form, FormDialog, Values
from pages.assets.common import add_location_fields, location_payload, remap_errors
from pages.kernel.bridge import call

Done = Callable[[], Awaitable[None]]


class ConditionDialog:
    """Five big condition buttons (colour, icon, word), an optional status, score and note — one thumb, gloves on."""

    def __init__(self, principal: Principal, asset: AssetRead, on_saved: Done) -> None:
        self.principal, self.asset, self.on_saved = principal, asset, on_saved
        self.condition: str = asset.condition
        self.score: int | None = None
        self.form = Form()
        self.buttons: dict[str, ui.button] = {}
        self.dialog = ui.dialog().props('persistent')
        self.dialog.on('hide', self.dialog.delete)
        with (
            self.dialog,
            ui.card()
            .classes('w-full p-5 gap-3')
            .style('max-width: min(36rem, 96vw)')
            .props('aria-label="Update condition"'),
        ):
            with ui.column().classes('gap-0'):
                ui.label('Update condition').classes(design.SECTION_TITLE)
                ui.label(f'{asset.code} · {asset.name}').classes(design.MUTED_TEXT)
            ui.label('Condition now').classes('text-sm font-medium pt-1')
            with ui.element('div').classes('w-full grid grid-cols-1 gap-2') as choices:
                for condition in AssetCondition:
                    self.buttons[condition] = self._choice(condition)
            self.form.add('condition', choices)
            self._paint()
            self.status = self.form.add(
                'status',
                forms.select_input(
                    'Status (optional)',
                    {None: f'Keep “{asset_badges.label(asset.status)}”', **asset_badges.options('status')},
                    None,
                ),
            )
            self.status.classes(design.TOUCH_TARGET)
            self._score_row()
            self.note = self.form.add(
                'note', ui.textarea('Note (optional)').props('outlined autogrow').classes('w-full')
            )
            with ui.row().classes('w-full gap-2 no-wrap pt-1'):
                ui.button('Cancel', on_click=self.dialog.close).props('flat no-caps').classes('min-h-[52px] px-5')
                self.save = (
                    ui.button('Save condition', icon='check', on_click=self.submit)
                    .props('unelevated no-caps size=lg')
                    .classes('grow min-h-[52px]')
                )

    def _choice(self, condition: str) -> ui.button:
        color, icon = asset_badges.CONDITION_STYLE[condition]
        button = (
            ui.button(on_click=lambda: self._pick(condition))
            .props(f'no-caps align=left color={color} aria-label="Condition {condition}"')
            .classes('w-full min-h-[56px]')
        )
        with button:
            ui.icon(icon).classes('text-2xl mr-3')
            ui.label(asset_badges.label(condition)).classes('text-lg grow text-left')
            ui.icon('radio_button_checked' if condition == self.condition else 'radio_button_unchecked').classes(
                'text-2xl'
            ).mark('mark')
        return button

    def _pick(self, condition: str) -> None:
        self.condition = condition
        self._paint()

    def _paint(self) -> None:
        """The chosen one filled, the others outlined in their colour; a radio mark for those who cannot see it."""
        for condition, button in self.buttons.items():
            chosen = condition == self.condition
            color, _ = asset_badges.CONDITION_STYLE[condition]
            light = color in asset_badges.DARK_TEXT  # amber: dark words when filled, a darker amber when outlined
            button.props(remove='outline unelevated text-color color')
            if chosen:
                button.props(f'unelevated color={color} text-color={"grey-10" if light else "white"} aria-pressed=true')
            else:
                button.props(f'outline color={"amber-9" if light else color} aria-pressed=false')
            for mark in button.descendants():
                if isinstance(mark, ui.icon) and 'radio' in mark.name:
                    mark.name = 'radio_button_checked' if chosen else 'radio_button_unchecked'

    def _score_row(self) -> None:
        with ui.column().classes('w-full gap-0'):
            with ui.row().classes('w-full items-center justify-between'):
                score_label = ui.label('Score (optional): not scored').classes('text-sm font-medium')
                clear = (
                    ui.button('Clear', on_click=lambda: set_score(None))
                    .props('flat no-caps dense')
                    .classes(design.TOUCH_TARGET)
                )
            slider = (
                ui.slider(min=0, max=100, step=5, value=50)
                .props('label markers snap thumb-size=32px track-size=8px aria-label="Score 0 to 100"')
                .classes('px-3')
            )
            self.form.add('score', slider)

        def set_score(value: int | None) -> None:
            self.score = value
            score_label.set_text('Score (optional): ' + ('not scored' if value is None else f'{value} / 100'))
            clear.set_visibility(value is not None)
            slider.classes(remove='opacity-40') if value is not None else slider.classes('opacity-40')

        slider.on('update:model-value', lambda e: set_score(int(e.args)), throttle=0.1)
        set_score(None)

    async def submit(self) -> None:
        if await self.form.submit(self.save, self._assess, conflict_field='status') is REFUSED:
            return
        self.dialog.close()
        ui.notify(f'{self.asset.code}: condition {self.condition}', type='positive')
        await self.on_saved()

    async def _assess(self) -> AssetRead:
        values = {'condition': self.condition, 'status': self.status.value, 'score': self.score}
        data = validated(ConditionAssessment, values | {'note': (self.note.value or '').strip()})
        return await call(assets.assess_condition, principal=self.principal, asset_id=self.asset.id, data=data)


def open_condition_dialog(principal: Principal, asset: AssetRead, on_saved: Done) -> None:
    ConditionDialog(principal, asset, on_saved).dialog.open()


def open_reading_dialog(principal: Principal, asset: AssetRead, meter: MeterRead, on_saved: Done) -> None:
    async def record(values: Values) -> None:
        data = validated(MeterReadingCreate, {'value': values['value'], 'note': values['note']})
        await call(meters.record_reading, principal=principal, asset_id=asset.id, meter_id=meter.id, data=data)
        ui.notify(f'{meter.name}: {values["value"]:g} {meter.unit} recorded', type='positive')
        await on_saved()

    now = '—' if meter.current_reading is None else f'{meter.current_reading:,.10g} {meter.unit}'
    kind = 'never goes down' if meter.cumulative else 'may go up or down'
    dialog = FormDialog(
        f'Record reading — {meter.name}', 'Save reading', record, intro=f'Reads {now} now; this meter {kind}.'
    )
    with dialog.body:
        dialog.add(
            'value',
            ui.number('Reading', suffix=meter.unit)
            .props('outlined autofocus inputmode=decimal input-class="text-right text-xl"')
            .classes('w-full'),
        )
        dialog.add('note', forms.text_input('Note (optional)'))
    dialog.open()


def open_meter_dialog(principal: Principal, asset: AssetRead, on_saved: Done) -> None:
    async def add(values: Values) -> None:
        created = await call(
            meters.add_meter, principal=principal, asset_id=asset.id, data=validated(MeterCreate, values)
        )
        ui.notify(f'Meter {created.name} added', type='positive')
        await on_saved()

    dialog = FormDialog(
        'Add meter',
        'Add meter',
        add,
        conflict_field='name',
        intro='Run hours, cycles, kilometres … usage-based maintenance counts from these.',
    )
    with dialog.body:
        dialog.add('name', forms.text_input('Name', autocomplete='off', placeholder='Run hours'))
        dialog.add('unit', forms.text_input('Unit', autocomplete='off', placeholder='h'))
        dialog.add(
            'cumulative',
            ui.switch('Cumulative (never goes down, like an odometer)', value=True).classes(design.TOUCH_TARGET),
        )
    dialog.open()


async def open_move_dialog(principal: Principal, asset: AssetRead, on_saved: Done) -> None:
    sites = (await call(tenancy.list_sites, principal=principal)).items

    async def move(values: Values) -> None:
        try:
            data = validated(
                LocationChange,
                location_payload(values, '')
                | {'site_id': values['site_id'], 'note': values['note'], 'version': asset.version},
            )
        except ValidationFailed as error:
            raise remap_errors(error, '') from None
        moved = await call(assets.move_asset, principal=principal, asset_id=asset.id, data=data)
        ui.notify(f'{moved.code} moved', type='positive')
        await on_saved()

    dialog = FormDialog(f'Move {asset.code}', 'Move', move, intro='Where the asset stands now.')
    current: dict[str, Any] = {'site_id': asset.site_id} | {
        f'location.{k}': v for k, v in asset.location.model_dump().items()
    }
    with dialog.body:
        dialog.add(
            'site_id', forms.select_input('Site', {None: 'No site', **{s.id: s.name for s in sites}}, asset.site_id)
        )
        with ui.element('div').classes('w-full grid grid-cols-2 gap-x-3'):
            add_location_fields(dialog.add, current.get, '')
        dialog.add('note', forms.text_input('Why (optional)'))
    dialog.open()
