"""Asset status, condition and criticality badges: the shared colour, an icon and the word, never colour alone."""

from __future__ import annotations

from nicegui import ui

from app.assets.enums import AssetCondition, AssetStatus, Criticality
from components import design
from components.links import Badge

HIGH = 'deep-orange-10'  # between warning and danger: criticality high, condition poor
MEDIUM = design.SCHEDULED  # blue, as priority medium

Style = tuple[str, str]  # (Quasar colour, Material icon)

STATUS_STYLE: dict[str, Style] = {
    AssetStatus.OPERATIONAL: (design.OK, 'check_circle'),
    AssetStatus.MAINTENANCE: (design.WARNING, 'build'),
    AssetStatus.TESTING: (design.WARNING, 'science'),
    AssetStatus.STANDBY: (design.WARNING, 'pause_circle'),
    AssetStatus.REPAIR: (design.DANGER, 'error'),
    AssetStatus.RETIRED: (design.MUTED, 'archive'),
    AssetStatus.SPARE: (design.MUTED, 'inventory_2'),
    AssetStatus.DECOMMISSIONED: (design.MUTED, 'block'),
}
CONDITION_STYLE: dict[str, Style] = {
    AssetCondition.EXCELLENT: (design.OK, 'verified'),
    AssetCondition.GOOD: (design.OK, 'thumb_up'),
    AssetCondition.FAIR: (design.WARNING, 'trending_flat'),
    AssetCondition.POOR: (HIGH, 'trending_down'),
    AssetCondition.CRITICAL: (design.DANGER, 'dangerous'),
}
CRITICALITY_STYLE: dict[str, Style] = {
    Criticality.CRITICAL: (design.DANGER, 'priority_high'),
    Criticality.HIGH: (HIGH, 'keyboard_double_arrow_up'),
    Criticality.MEDIUM: (MEDIUM, 'horizontal_rule'),  # as the medium priority: not a drag handle
    Criticality.LOW: (design.MUTED, 'keyboard_arrow_down'),
}
STYLES = {'status': STATUS_STYLE, 'condition': CONDITION_STYLE, 'criticality': CRITICALITY_STYLE}
DARK_TEXT = {design.WARNING}  # amber is too light for white words


def label(value: str) -> str:
    """'in_progress' → 'In progress'."""
    text = str(value).replace('_', ' ')
    return text[:1].upper() + text[1:]


def asset_badge(kind: str, value: str, *, prefix: str = '') -> ui.badge:
    """A badge for ``kind`` ('status', 'condition' or 'criticality') with colour, icon and word."""
    color, icon = STYLES[kind].get(value, (design.MUTED, 'help'))
    text_color = 'grey-10' if color in DARK_TEXT else 'white'
    with (
        ui.badge(color=color, text_color=text_color)
        .classes('text-sm px-2 py-1 gap-1 items-center')
        .props(f'aria-label="{kind} {value}"') as element
    ):
        ui.icon(icon).classes('text-base')
        ui.label(f'{prefix}{label(value)}')
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


def link_badge(kind: str, value: str) -> Badge:
    """The same badge for a ``components.links`` line (search results, the "needs attention" lists)."""
    color, icon = STYLES[kind].get(value, (design.MUTED, 'help'))
    return Badge(label(value), color, icon)
