"""Lines that lead somewhere: a label, a detail and a badge, tapped to open a page. The top-bar search's results and
the "needs attention" panels draw the same lines, so a work order looks alike wherever it is listed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nicegui import ui

from components import design


@dataclass(frozen=True)
class Badge:
    text: str
    color: str  # a Quasar colour from the design module's language
    icon: str


@dataclass(frozen=True)
class LinkLine:
    label: str
    detail: str
    path: str
    badge: Badge | None = None


def draw_line(line: LinkLine, on_open: Callable[[str], None] | None = None) -> ui.item:
    """One clickable line (44 px or more); ``on_open(path)`` instead of navigating when given."""
    opened = on_open or ui.navigate.to
    with (
        ui.item(on_click=lambda: opened(line.path))
        .props('clickable')
        .classes(design.TOUCH_TARGET + ' rounded-lg') as item
    ):
        item.props['aria-label'] = line.label  # assigned, not parsed: a title's quotes cannot break it
        with ui.item_section():
            ui.item_label(line.label).classes('font-medium break-words')
            if line.detail:
                ui.item_label(line.detail).props('caption').classes('break-words')
        if line.badge is not None:
            with ui.item_section().props('side'):
                _badge(line.badge)
    return item


def _badge(badge: Badge) -> None:
    text_color = 'grey-10' if badge.color == design.WARNING else 'white'  # amber is too light for white words
    with ui.badge(color=badge.color, text_color=text_color).classes('text-sm px-2 py-1 gap-1 items-center no-wrap'):
        ui.icon(badge.icon).classes('text-base')
        ui.label(badge.text)
