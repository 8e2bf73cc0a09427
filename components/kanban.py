"""A kanban board of work-order cards: one light element per column, the cards drawn in the browser.

Each card is a small dict (``Card``); a column holds a page of them plus the total, asks for more with "Show more",
and reports drops and menu moves. It never moves a card by itself: the page decides and then calls ``move_card``
(or ``shake`` when the move is refused), so what the board shows is always what the server agreed to.

What is the same for many cards travels once: the moves a person may make from a column (they depend on the status
and the role only) and the look of each priority. A column sends its cards as one JSON string of rows in the
order of ``CARD_FIELDS``: a board of 1,000 cards is then a fifth of the bytes to build, send and parse, which
is what a thousand-card board's load time is made of.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from nicegui import ui

Card = dict[str, Any]  # the CARD_FIELDS and the status
CARD_FIELDS = ('id', 'number', 'title', 'asset', 'assignee', 'initials', 'due', 'due_exact', 'overdue', 'priority')
CARD_FIELDS += ('steps', 'done', 'completed', 'completed_exact')
MoveHandler = Callable[[int, str, str], Awaitable[None]]
StatusHandler = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class ColumnSpec:
    status: str
    label: str
    icon: str
    colour: str  # hex
    note: str = ''
    collapsed: bool = False
    empty_text: str = 'Nothing here'


@dataclass(frozen=True)
class CardLook:
    """How cards show priorities and link to their page (the same for every card)."""

    priorities: dict[str, dict[str, str]]  # value → label, colour (hex), icon
    href: str  # with {id}, e.g. '/work-orders/{id}'


_CSS = """
    .cmms-board { display: flex; gap: 12px; align-items: stretch; overflow-x: auto; padding-bottom: 6px;
                  scroll-snap-type: x proximity; height: calc(100vh - 246px); min-height: 460px; }
    .cmms-kanban-col { flex: 1 1 0; min-width: 198px; max-width: 340px; display: flex; flex-direction: column;
                       background: #f1f5f9; border-radius: 12px; border: 2px solid transparent;
                       scroll-snap-align: start;
                       transition: border-color .12s, background .12s; }
    .body--dark .cmms-kanban-col { background: #1e293b; }
    .cmms-kanban-col.is-collapsed { flex: 0 0 58px; min-width: 58px; }
    /* A collapsed column opened: all six share the width, narrower, rather than the first ones scrolling away. */
    .cmms-board:has(.cmms-kanban-col.is-opened) .cmms-kanban-col:not(.is-collapsed) { min-width: 150px; }
    .cmms-kanban-col.drop-ok { border-color: #21ba45; background: #ecfdf3; }
    .cmms-kanban-col.drop-no { border-color: #c10015; border-style: dashed; background: #fff1f2; }
    .body--dark .cmms-kanban-col.drop-ok { background: #14351f; }
    .body--dark .cmms-kanban-col.drop-no { background: #3b1219; }
    .cmms-kanban-head { display: flex; align-items: center; gap: 6px; padding: 10px 10px 8px 12px; font-weight: 600;
                        border-top: 4px solid var(--col); border-radius: 10px 10px 0 0; min-height: 48px; }
    .cmms-kanban-head > i { color: var(--col); font-size: 20px; }
    .body--dark .cmms-kanban-head > i { filter: brightness(1.6); }
    .cmms-kanban-label { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .cmms-kanban-count { margin-left: auto; min-width: 28px; text-align: center; padding: 1px 8px; border-radius: 999px;
                         background: rgba(15, 23, 42, .08); font-variant-numeric: tabular-nums; font-size: .85rem; }
    .body--dark .cmms-kanban-count { background: rgba(255, 255, 255, .12); }
    .cmms-kanban-head[role=button] { cursor: pointer; }
    .cmms-kanban-chevron { margin-left: 2px; color: inherit !important; opacity: .6; }
    .is-collapsed .cmms-kanban-head { flex-direction: column; height: 100%; padding: 10px 4px; gap: 10px; }
    .is-collapsed .cmms-kanban-label { writing-mode: vertical-rl; }
    .is-collapsed .cmms-kanban-count { margin-left: 0; }
    .cmms-kanban-note { font-size: .75rem; opacity: .65; padding: 0 12px 6px; margin-top: -4px; }
    .cmms-kanban-cards { flex: 1 1 auto; overflow-y: auto; padding: 2px 8px 10px; display: flex;
                         flex-direction: column; gap: 8px; contain: content; }
    .cmms-kanban-list { display: flex; flex-direction: column; gap: 8px; }
    .cmms-kanban-list:empty { display: none; }
    .cmms-kanban-empty { font-size: .875rem; opacity: .6; text-align: center; padding: 20px 8px; }
    .cmms-kanban-more { min-height: 44px; border-radius: 8px; border: 1px dashed #94a3b8; background: transparent;
                        color: inherit; cursor: pointer; font: inherit; font-size: .875rem; }
    .cmms-kanban-more:hover { background: rgba(15, 23, 42, .05); }
    .cmms-card { position: relative; background: #fff; border-radius: 8px; border-left: 5px solid #9e9e9e;
                 box-shadow: 0 1px 2px rgba(15, 23, 42, .12), 0 0 0 1px rgba(15, 23, 42, .06);
                 padding: 8px 8px 8px 10px;
                 cursor: grab; display: flex; flex-direction: column; gap: 4px;
                 /* Cards scrolled out of view skip style, layout and paint: a column of 200 costs about what
                    its visible ten do. The size stands in until a card has been drawn once. */
                 content-visibility: auto; contain-intrinsic-size: auto 112px; }
    .body--dark .cmms-card { background: #0f172a; box-shadow: 0 0 0 1px rgba(255, 255, 255, .08); }
    .cmms-card:hover { box-shadow: 0 3px 8px rgba(15, 23, 42, .16), 0 0 0 1px rgba(15, 23, 42, .08); }
    .cmms-card:focus-visible { outline: 2px solid #1e3a8a; outline-offset: 2px; }
    .cmms-card.is-dragging { opacity: .45; }
    .cmms-card.is-moving { opacity: .55; pointer-events: none; }
    .cmms-card.is-shaking { animation: cmms-shake .6s cubic-bezier(.36, .07, .19, .97) both;
                            box-shadow: 0 0 0 2px #c10015; }
    @keyframes cmms-shake { 10%, 90% { transform: translateX(-2px); } 20%, 80% { transform: translateX(4px); }
                            30%, 50%, 70% { transform: translateX(-8px); } 40%, 60% { transform: translateX(8px); } }
    .cmms-card-top { display: flex; align-items: center; gap: 6px; min-height: 24px; }
    .cmms-card-number { font-family: ui-monospace, monospace; font-size: .75rem; opacity: .7; white-space: nowrap;
                        overflow: hidden; text-overflow: ellipsis; min-width: 0; flex: 0 1 auto; }
    .cmms-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    .cmms-card-due { display: inline-flex; align-items: center; gap: 2px; font-size: .75rem; padding: 1px 6px;
                     border-radius: 4px; background: rgba(15, 23, 42, .06); white-space: nowrap; flex: none; }
    .body--dark .cmms-card-due { background: rgba(255, 255, 255, .1); }
    .cmms-card-due i { font-size: 14px; }
    .cmms-card-due.overdue { background: #c10015; color: #fff; font-weight: 600; }
    /* 44 px to touch, drawn in the room of 28: the negative margins keep the card compact */
    .cmms-card-menu { margin: -8px -6px -8px auto; width: 44px; height: 44px; border-radius: 8px; border: 0;
                      cursor: pointer; background: transparent; color: inherit; display: inline-flex; flex: none;
                      align-items: center; justify-content: center; }
    .cmms-card-menu:hover, .cmms-card-menu:focus-visible { background: rgba(15, 23, 42, .08); }
    .cmms-card-menu i { font-size: 20px; }
    .cmms-card-title { font-weight: 600; line-height: 1.3; color: inherit; text-decoration: none;
                       display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
    .cmms-card-title:hover { text-decoration: underline; }
    .cmms-card-asset { font-size: .8rem; opacity: .75; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .cmms-card-asset i { font-size: 14px; vertical-align: -2px; margin-right: 3px; }
    /* wraps in narrow columns (a collapsed one opened) rather than cutting off the date or the steps */
    .cmms-card-bottom { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; margin-top: 2px; }
    .cmms-avatar { width: 26px; height: 26px; border-radius: 50%; background: #0f766e; color: #fff; font-size: .7rem;
                   font-weight: 600; display: inline-flex; align-items: center; justify-content: center; flex: none; }
    .cmms-avatar.none { background: transparent; color: inherit; border: 1px dashed #94a3b8; opacity: .7; }
    .cmms-card-priority { font-size: 20px; margin-left: auto; }
    .cmms-card-priority + .cmms-card-menu { margin-left: -4px; }
    .body--dark .cmms-card-priority { filter: brightness(1.5); }
    .cmms-progress { flex: 1 1 auto; height: 6px; border-radius: 3px; background: rgba(15, 23, 42, .1);
                     overflow: hidden; margin-left: 2px; min-width: 24px; }
    .body--dark .cmms-progress { background: rgba(255, 255, 255, .14); }
    .cmms-progress > span { display: block; height: 100%; background: #21ba45; }
    .cmms-progress-text { font-size: .75rem; opacity: .7; font-variant-numeric: tabular-nums; }
"""


class KanbanColumn(ui.element, component='kanban.js'):
    """One column; ``on_move(card_id, from_status, to_status)`` and ``on_refused(...)`` get the card's id."""

    def __init__(
        self,
        spec: ColumnSpec,
        statuses: dict[str, dict[str, str]],
        moves: list[str],
        look: CardLook,
        *,
        on_move: MoveHandler,
        on_refused: MoveHandler,
        on_more: StatusHandler,
    ) -> None:
        super().__init__()
        self.status = spec.status
        self.cards: list[Card] = []
        self._props.update(
            {
                'status': spec.status,
                'label': spec.label,
                'icon': spec.icon,
                'colour': spec.colour,
                'note': spec.note,
                'total': 0,
                'cards-json': '[]',
                'fields': CARD_FIELDS,
                'moves': moves,
                'priorities': look.priorities,
                'href': look.href,
                'statuses': statuses,
                'collapsible': spec.collapsed,
                'collapsed': spec.collapsed,
                'empty-text': spec.empty_text,
            }
        )
        self.on('move', lambda e: on_move(int(e.args['id']), e.args['from'], e.args['to']))
        self.on('refused', lambda e: on_refused(int(e.args['id']), e.args['from'], e.args['to']))
        self.on('more', lambda: on_more(self.status))

    @property
    def total(self) -> int:
        return int(self._props['total'])

    def show(self, cards: list[Card], total: int, *, append: bool = False) -> None:
        known = {card['id'] for card in self.cards} if append else set()
        self.cards = (self.cards if append else []) + [card for card in cards if card['id'] not in known]
        # One JSON string, not a list: NiceGUI would wrap every card of a prop in an observable (slow with 1,000 cards).
        rows = [[card[name] for name in CARD_FIELDS] for card in self.cards]
        self._props['cards-json'] = json.dumps(rows, separators=(',', ':'))
        self._props['total'] = total
        self.update()

    def take(self, card_id: int) -> Card | None:
        """Remove a card (it moved away); None if this column does not show it."""
        card = next((card for card in self.cards if card['id'] == card_id), None)
        if card is not None:
            self.show([c for c in self.cards if c['id'] != card_id], max(0, self.total - 1))
        return card

    def put(self, card: Card) -> None:
        """Add a card at the top (it just arrived)."""
        self.show([card, *[c for c in self.cards if c['id'] != card['id']]], self.total + 1)

    def shake(self, card_id: int) -> None:
        self.run_method('shake', card_id)


class KanbanBoard:
    """The columns side by side; the page gives them cards and decides every move."""

    def __init__(
        self,
        specs: list[ColumnSpec],
        moves: dict[str, list[str]],
        look: CardLook,
        *,
        on_move: MoveHandler,
        on_refused: MoveHandler,
        on_more: StatusHandler,
    ) -> None:
        """``moves``: per column status, the statuses its cards may be moved to by this person."""
        ui.add_css(_CSS, shared=True)
        statuses = {spec.status: {'label': spec.label, 'icon': spec.icon, 'colour': spec.colour} for spec in specs}
        with ui.element('div').classes('cmms-board w-full').props('aria-label="Work order board"') as self.element:
            self.columns = {
                spec.status: KanbanColumn(
                    spec,
                    statuses,
                    moves[spec.status],
                    look,
                    on_move=on_move,
                    on_refused=on_refused,
                    on_more=on_more,
                )
                for spec in specs
            }

    def move_card(self, card_id: int, card: Card) -> None:
        """Take the card out of whichever column shows it and put its new state at the top of its new column."""
        for column in self.columns.values():
            column.take(card_id)
        if card['status'] in self.columns:
            self.columns[card['status']].put(card)

    def shake(self, card_id: int) -> None:
        next(iter(self.columns.values())).shake(card_id)
