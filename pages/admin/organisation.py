"""The organisation's settings on the admin landing: the currency every amount of money is shown in."""

from __future__ import annotations

from functools import cache

from babel.numbers import get_currency_name, list_currencies
from nicegui import ui

from app.core import tenancy
from app.core.principal import Principal
from app.core.schemas import OrganizationUpdate, validated
from components import design, money
from components.forms import Form
from pages.kernel.bridge import call

# The currencies most organisations pick, first; every other ISO 4217 code follows, searchable.
COMMON = ('EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'CAD', 'AUD', 'JPY', 'CNY', 'INR')


@cache
def currency_options() -> dict[str, str]:
    rest = sorted(code for code in list_currencies() if code not in COMMON)
    return {code: f'{code} · {get_currency_name(code, locale=money.LOCALE)}' for code in (*COMMON, *rest)}


def settings_card(principal: Principal, currency: str) -> None:
    """A card with the organisation's currency and a Save button (admins only reach the admin landing)."""
    form = Form()

    async def save() -> None:
        data = validated(OrganizationUpdate, {'currency': form.values()['currency']})
        saved = await call(tenancy.update_organization, principal=principal, data=data)
        money.set_page_currency(saved.currency)
        example.set_text(f'Amounts read like {money.money(1234.5)}')
        ui.notify(f'Money is now shown in {saved.currency}', type='positive')

    with ui.card().classes('w-full p-5 gap-3 ' + design.CARD).mark('organisation-settings'):
        with ui.row().classes('w-full items-center gap-3 no-wrap'):
            ui.icon('tune').classes('text-3xl text-blue-800 dark:text-blue-300')
            with ui.column().classes('gap-0 grow'):
                ui.label('Organisation settings').classes(design.SECTION_TITLE)
                ui.label('How the whole organisation sees money').classes(design.MUTED_TEXT)
        with ui.row().classes('w-full items-start gap-2 no-wrap'):
            form.add(
                'currency',
                ui.select(currency_options(), label='Currency', value=currency, with_input=True)
                .props('outlined dense')
                .classes('grow'),
            )
            button = (
                ui.button('Save', on_click=lambda: form.submit(button, save))
                .props('no-caps unelevated')
                .classes(design.TOUCH_TARGET)
            )
        example = ui.label(f'Amounts read like {money.format_money(1234.5, currency)}').classes(design.MUTED_TEXT)
