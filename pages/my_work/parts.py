""" "Used a part": a full-screen sheet with a search over the store of the work order's site, each part with its
stock and a − quantity + stepper; one big button at the bottom takes everything chosen off the shelf.
"""

from __future__ import annotations

from decimal import Decimal

from nicegui import ui

from app.core.errors import DomainError
from app.core.numbers import quantity_text
from app.core.schemas import PageParams
from app.inventory import catalogue
from app.inventory.schemas import PartRead
from app.work_orders import parts
from app.work_orders.schemas import PartUse
from components import touch
from components import work_order_badges as badges
from pages.kernel.bridge import call
from pages.my_work.job import WorkView

SHOWN = 30


class PartsSheet:
    def __init__(self, view: WorkView) -> None:
        self.view = view
        self.chosen: dict[int, tuple[PartRead, int]] = {}
        self.site_id = view.wo.site_id
        self.site_name = view.zones.sites[self.site_id].name if self.site_id in view.zones.sites else 'all sites'

    async def open(self) -> None:
        with self.view.sheets, ui.dialog().props('maximized transition-show=slide-up') as self.dialog:
            with ui.card().classes('cmms-touch w-full h-full p-0 gap-0 no-shadow rounded-none').mark('parts-sheet'):
                with ui.row().classes('w-full items-center gap-2 p-3 bg-primary text-white no-wrap'):
                    with ui.column().classes('gap-0 grow min-w-0'):
                        ui.label('Used a part').classes('text-xl font-semibold')
                        ui.label(f'{self.view.wo.number} · from the store at {self.site_name}').classes(
                            'text-base opacity-90 truncate'
                        )
                    ui.button('Close', icon='close', on_click=self.dialog.close).props(
                        'flat no-caps color=white size=lg'
                    ).classes(touch.TARGET)
                with ui.column().classes('w-full p-4 pb-0'):
                    self.search = (
                        ui.input(placeholder='Search by name or part number')
                        .props('outlined clearable debounce=300 type=search aria-label="Search parts"')
                        .classes('w-full')
                        .mark('parts-search')
                    )
                    self.search.on_value_change(lambda e: self.show(e.value or ''))
                self.results = ui.column().classes('w-full grow overflow-auto gap-3 p-4 flex-nowrap')
                with ui.row().classes('w-full p-4 border-t border-gray-200 dark:border-gray-700'):
                    self.use_button = touch.big_button('Choose parts above', 'inventory_2', self.use, classes='w-full')
                    self.use_button.mark('parts-use').disable()
        self.dialog.open()
        await self.show('')

    async def show(self, text: str) -> None:
        try:
            page = await call(
                catalogue.list_parts,
                principal=self.view.principal,
                q=text.strip() or None,
                site_id=self.site_id,
                page=PageParams(limit=SHOWN),
            )
        except DomainError as error:
            self.search.error = error.detail
            return
        self.search.error = None
        self.results.clear()
        with self.results:
            if not page.items:
                touch.notice(
                    f'No part matches "{text.strip()}" at {self.site_name} — check the spelling or the part number.'
                    if text.strip()
                    else f'The store at {self.site_name} has no parts yet.',
                    'search_off',
                )
            for part in page.items:
                self._row(part)
            if page.total > len(page.items):
                ui.label(f'{page.total - len(page.items)} more — type to narrow the list').classes(
                    'text-base text-gray-500 self-center p-2'
                )

    def _row(self, part: PartRead) -> None:
        stock = next((s for s in part.stock if s.site_id == self.site_id), None)
        on_hand = stock.on_hand if stock else part.total_on_hand
        row = ui.row().classes('w-full items-center gap-3 p-3 rounded-xl border-2 border-gray-200 no-wrap')
        touch.attrs(row.classes('dark:border-gray-700'), aria_label=part.name)
        with row.props(f'data-part-row={part.id}').mark('part-row'):
            with ui.column().classes('grow gap-1 min-w-0'):
                ui.label(part.name).classes('text-lg font-medium leading-snug break-words')
                with ui.row().classes(
                    'items-center gap-x-3 gap-y-1 flex-wrap text-base text-gray-600 dark:text-gray-300'
                ):
                    ui.label(part.part_number).classes('font-mono')
                    ui.label(f'{quantity_text(on_hand)} {part.unit} in stock').classes('cmms-num')
                    if stock and stock.bin_location:
                        ui.label(f'bin {stock.bin_location}')
                    if stock and stock.is_low:
                        badges.low_stock_badge()
            maximum = int(on_hand)
            if maximum < 1:
                ui.label('None in stock').classes('text-base text-red-700 dark:text-red-300 font-medium shrink-0')
                return
            current = self.chosen.get(part.id, (part, 0))[1]
            touch.stepper(current, maximum, lambda value, p=part: self._choose(p, value), label=part.unit)

    def _choose(self, part: PartRead, quantity: int) -> None:
        if quantity:
            self.chosen[part.id] = (part, quantity)
        else:
            self.chosen.pop(part.id, None)
        self._label_use_button()

    def _label_use_button(self) -> None:
        count = sum(quantity for _part, quantity in self.chosen.values())
        lines = len(self.chosen)
        if count:
            self.use_button.text = f'Use {count} item{"s" if count != 1 else ""}' + (
                f' of {lines} parts' if lines > 1 else ''
            )
            self.use_button.enable()
        else:
            self.use_button.text = 'Choose parts above'
            self.use_button.disable()

    async def use(self) -> None:
        used, failed = [], []
        for part_id, (part, quantity) in list(self.chosen.items()):
            try:
                await call(
                    parts.use_parts,
                    principal=self.view.principal,
                    work_order_id=self.view.wo.id,
                    data=PartUse(part_id=part_id, quantity=Decimal(quantity)),
                )
            except DomainError as error:
                failed.append(f'{part.name}: {error.detail}')
            else:
                used.append(f'{quantity} {part.unit} {part.name}')
                self.chosen.pop(part_id)
        if used:
            touch.toast('Used ' + '; '.join(used), 'positive', multi_line=True)
        if failed:
            touch.toast('\n'.join(failed), 'negative', multi_line=True, timeout=8000)
            self._label_use_button()
            await self.show(self.search.value or '')
        else:
            self.dialog.close()
        await self.view.reload()
