"""Work-order status, priority, step and stock badges: the shared colour, an icon and the word, never colour alone."""

from __future__ import annotations

from nicegui import ui

from app.work_orders.enums import Priority, StepState, WorkOrderStatus, WorkType
from components import design
from components.links import Badge

HIGH = 'deep-orange-10'  # priority high: between warning and danger, as criticality high on assets

Style = tuple[str, str]  # (Quasar colour, Material icon)

STATUS_STYLE: dict[str, Style] = {
    WorkOrderStatus.REQUESTED: ('blue-grey-8', 'inbox'),  # -6 is too light for white words
    WorkOrderStatus.SCHEDULED: (design.SCHEDULED, 'event'),
    WorkOrderStatus.IN_PROGRESS: (design.IN_PROGRESS, 'engineering'),
    WorkOrderStatus.ON_HOLD: (design.WARNING, 'pause_circle'),
    WorkOrderStatus.COMPLETED: (design.OK, 'check_circle'),
    WorkOrderStatus.CANCELLED: (design.MUTED, 'cancel'),
}
PRIORITY_STYLE: dict[str, Style] = {
    Priority.CRITICAL: (design.DANGER, 'priority_high'),
    Priority.HIGH: (HIGH, 'keyboard_double_arrow_up'),
    Priority.MEDIUM: (design.SCHEDULED, 'horizontal_rule'),  # one level line; two lines read as a drag handle
    Priority.LOW: (design.MUTED, 'keyboard_arrow_down'),
}
# The card's left edge: hex, because the kanban draws its cards in plain HTML.
PRIORITY_COLOURS: dict[str, str] = {
    Priority.CRITICAL: design.HEX[design.DANGER],
    Priority.HIGH: '#ef6c00',
    Priority.MEDIUM: design.HEX[design.SCHEDULED],
    Priority.LOW: '#9e9e9e',
}
STATUS_HEX: dict[str, str] = {
    WorkOrderStatus.REQUESTED: '#546e7a',
    WorkOrderStatus.SCHEDULED: design.HEX[design.SCHEDULED],
    WorkOrderStatus.IN_PROGRESS: design.HEX[design.IN_PROGRESS],
    WorkOrderStatus.ON_HOLD: '#c79100',  # the amber, darkened enough to read on white
    WorkOrderStatus.COMPLETED: '#1b873a',
    WorkOrderStatus.CANCELLED: design.HEX[design.MUTED],
}
STEP_STYLE: dict[str, Style] = {
    StepState.PENDING: ('grey-6', 'radio_button_unchecked'),
    StepState.DONE: (design.OK, 'check_circle'),
    StepState.FAILED: (design.DANGER, 'cancel'),
}
TYPE_ICONS: dict[str, str] = {
    WorkType.PREVENTIVE: 'event_repeat',
    WorkType.CORRECTIVE: 'build',
    WorkType.PREDICTIVE: 'insights',
    WorkType.EMERGENCY: 'emergency',
    WorkType.INSPECTION: 'search',
    WorkType.CALIBRATION: 'tune',
    WorkType.CLEANING: 'cleaning_services',
    WorkType.LUBRICATION: 'water_drop',
}
OVERDUE: Style = (design.DANGER, 'schedule')
LOW_STOCK: Style = (design.DANGER, 'warning')
STYLES = {'status': STATUS_STYLE, 'priority': PRIORITY_STYLE, 'step': STEP_STYLE}
DARK_TEXT = {design.WARNING}  # amber is too light for white words


def label(value: str) -> str:
    """'in_progress' → 'In progress'."""
    text = str(value).replace('_', ' ')
    return text[:1].upper() + text[1:]


def badge(kind: str, value: str, *, text: str | None = None) -> ui.badge:
    """A badge for ``kind`` ('status', 'priority' or 'step') with colour, icon and word."""
    color, icon = STYLES[kind].get(value, (design.MUTED, 'help'))
    return _badge(text or label(value), color, icon, f'{kind} {value}')


def step_word(kind: str, state: str, passed: bool | None) -> str:
    """An answered step's word: a pass/fail step says Passed or Failed, others their state (Done, Failed)."""
    if kind == 'pass_fail' and state != 'pending':
        return 'Passed' if passed else 'Failed'
    return label(state)


def overdue_badge(text: str = 'Overdue') -> ui.badge:
    return _badge(text, *OVERDUE, 'overdue')


def low_stock_badge(text: str = 'Low stock') -> ui.badge:
    return _badge(text, *LOW_STOCK, 'low stock')


def _badge(text: str, color: str, icon: str, aria: str) -> ui.badge:
    text_color = 'grey-10' if color in DARK_TEXT else 'white'
    with (
        ui.badge(color=color, text_color=text_color)
        .classes('text-sm px-2 py-1 gap-1 items-center no-wrap')
        .props(f'aria-label="{aria}"') as element
    ):
        ui.icon(icon).classes('text-base')
        ui.label(text)
    return element


def grid_styles(kind: str) -> dict[str, list[str]]:
    """{value: [background class, text class, icon, word]} for the grid's client-side badge cells."""
    return {
        str(value): [f'bg-{color}', 'text-grey-10' if color in DARK_TEXT else 'text-white', icon, label(value)]
        for value, (color, icon) in STYLES[kind].items()
    }


def options(kind: str) -> dict[str, str]:
    """Select options for one vocabulary, in its natural order."""
    return {str(value): label(value) for value in STYLES[kind]}


def type_options() -> dict[str, str]:
    return {str(value): label(value) for value in WorkType}


def link_badge(kind: str, value: str) -> Badge:
    """The same badge for a ``components.links`` line (search results, the "needs attention" lists)."""
    color, icon = STYLES[kind].get(value, (design.MUTED, 'help'))
    return Badge(label(value), color, icon)
