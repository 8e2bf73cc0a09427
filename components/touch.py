"""Touch widgets for technicians on tablets, in gloves, often one-handed: nothing smaller than 56 px to hit,
words next to every icon, and no action hidden behind hover (gloved hands, no mouse).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from components import design

TARGET = 'min-h-[56px]'  # comfortably above the 44 px floor: a gloved thumb is wide
BIG = 'min-h-[64px]'
ROUND = 'rounded-xl'
CSS = """
.cmms-touch .q-btn { touch-action: manipulation; }  /* no double-tap zoom delay */
.cmms-touch .q-field--outlined .q-field__control { min-height: 64px; border-radius: 12px; }
.cmms-touch .q-field__native, .cmms-touch .q-field__suffix { font-size: 1.5rem; }
.cmms-touch .q-field__bottom { font-size: 1rem; }
.cmms-touch .q-linear-progress { border-radius: 6px; }
"""


def attrs(element: ui.element, **values: str) -> ui.element:
    """Set attributes from free text (titles, names, units): assigned, never parsed, so quotes cannot break them."""
    for name, value in values.items():
        element.props[name.replace('_', '-')] = value
    return element


def use_touch_styles() -> None:
    """Larger fields and no double-tap zoom inside elements with the ``cmms-touch`` class."""
    ui.add_css(CSS, shared=True)


def big_button(
    text: str,
    icon: str,
    on_click: Callable[..., Any] | None = None,
    *,
    color: str = 'primary',
    outline: bool = False,
    classes: str = '',
) -> ui.button:
    """A thumb-sized button: 64 px high, large words next to its icon."""
    props = 'no-caps unelevated size=lg' + (' outline' if outline else '')
    return (
        ui.button(text, icon=icon, on_click=on_click, color=color)
        .props(props)
        .classes(f'{BIG} {ROUND} text-lg font-semibold px-5 {classes}')
    )


def tile(
    text: str, icon: str, on_click: Callable[..., Any] | None = None, caption: str = ''
) -> tuple[ui.button, ui.label]:
    """A square-ish action tile (icon over words, a caption below); returns the button and the caption label."""
    with (
        ui.button(on_click=on_click, color='primary')
        .props('no-caps outline')  # named by its words and caption, as they read (an aria-label would hide the caption)
        .classes(f'min-h-[104px] w-full {ROUND} px-2') as button
    ):
        with ui.column().classes('items-center gap-1 w-full'):
            ui.icon(icon).classes('text-4xl')
            ui.label(text).classes('text-base font-semibold leading-tight')
            note = ui.label(caption).classes('text-sm opacity-80 leading-tight normal-case')
    return button, note


def stepper(value: int, maximum: int, on_change: Callable[[int], None], *, label: str) -> ui.row:
    """− quantity + with 56 px buttons; stays within 0…maximum and reports every change."""
    state = {'value': value}

    def change(delta: int) -> None:
        state['value'] = max(0, min(maximum, state['value'] + delta))
        shown.text = str(state['value'])
        minus.set_enabled(state['value'] > 0)
        plus.set_enabled(state['value'] < maximum)
        on_change(state['value'])

    with ui.row().classes('items-center gap-1 no-wrap shrink-0') as row:
        minus = _round_button('remove', lambda: change(-1), f'One {label} less')
        shown = ui.label(str(value)).classes('text-2xl font-semibold w-12 text-center cmms-num')
        shown.props(f'aria-label="{label} quantity" aria-live=polite')
        plus = _round_button('add', lambda: change(1), f'One {label} more')
    minus.set_enabled(value > 0)
    plus.set_enabled(value < maximum)
    return row


def _round_button(icon: str, on_click: Callable[[], None], aria: str) -> ui.button:
    return (
        ui.button(icon=icon, on_click=on_click)
        .props(f'unelevated color=primary aria-label="{aria}"')
        .classes('w-14 h-14 min-w-[56px] rounded-xl text-xl')
    )


def section_heading(text: str, icon: str, count: int, *, tone: str = '') -> None:
    """A list section's heading: icon, words and the count (tone: Tailwind text colour classes)."""
    with ui.row().classes(f'w-full items-center gap-2 pt-2 {tone}'):
        ui.icon(icon).classes('text-2xl')
        ui.label(text).classes('text-xl font-semibold')
        ui.label(f'{count}').classes('text-lg font-semibold opacity-70 cmms-num')


def notice(
    text: str, icon: str = 'info', *, tone: str = 'bg-blue-50 text-blue-950 dark:bg-blue-950 dark:text-blue-100'
):
    """A line of guidance in a tinted box (what to do next), readable at arm's length."""
    with ui.row().classes(f'w-full items-center gap-3 p-4 {ROUND} no-wrap {tone}') as row:
        ui.icon(icon).classes('text-2xl shrink-0')
        ui.label(text).classes('text-base')
    return row


def toast(message: str, kind: str = 'positive', **options: Any) -> None:
    """A short message at the top, away from the thumb and the buttons at the bottom."""
    ui.notify(message, type=kind, position='top', **options)


def progress(done: int, total: int, *, failed: int = 0) -> None:
    """'3 of 8 steps done' and a thick bar (green, or red when a step failed)."""
    with ui.row().classes('w-full items-center gap-3 no-wrap'):
        bar = ui.linear_progress(done / total if total else 0, show_value=False, size='12px')
        attrs(bar, aria_label=f'{done} of {total} done')
        bar.props(f'color={design.DANGER if failed else design.OK} track-color=grey-3').classes('grow')
        ui.label(f'{done} of {total} done').classes('text-base font-medium shrink-0')
