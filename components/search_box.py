"""The top bar's search: one box, results grouped by what they are (assets, work orders, parts) as one types.

Keyboard: "/" anywhere outside a field focuses the box; ↓/↑ move through the results, Enter opens the marked one
(the first when none is marked), Esc closes the list. Touch: every result is a 44 px line to tap. The box knows
nothing of the domains: the page layer hands it ``search(text)``, which asks each area's provider.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nicegui import ui

from app.core.errors import DomainError
from components import design
from components.links import LinkLine, draw_line

MIN_LENGTH = 2  # one character matches half the register; two already find WO-42 by "42"
MAX_LENGTH = 200  # the services' limit on search text
PAUSE_MS = 200  # the box reports its text once typing pauses this long: one search for the last text
ACTIVE = 'cmms-search-active'
CSS = f"""
.{ACTIVE} {{ background: rgba(30, 58, 138, .12); }}
.body--dark .{ACTIVE} {{ background: rgba(255, 255, 255, .14); }}
"""
# "/" focuses the search unless one is typing somewhere already (a field, a text area, an editor).
SLASH_SHORTCUT = """
<script>
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  const box = document.querySelector('.cmms-search input');
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});
</script>
"""


@dataclass(frozen=True)
class SearchGroup:
    """One area's matches: a few lines, how many there are in all, and its list page searching the same text."""

    title: str
    icon: str
    lines: list[LinkLine]
    total: int
    more_path: str


Search = Callable[[str], Awaitable[list[SearchGroup]]]


class SearchBox:
    def __init__(self, search: Search) -> None:
        self._search = search
        self._generation = 0
        self._paths: list[str] = []  # what Enter opens, in the order ↓ walks
        self._items: list[ui.item] = []
        self._active = -1
        ui.add_css(CSS, shared=True)
        ui.add_head_html(SLASH_SHORTCUT, shared=True)
        self.field = (
            ui.input(placeholder='Search  /')
            .props(
                f'dense outlined dark clearable autocomplete=off spellcheck=false maxlength={MAX_LENGTH} '
                f'debounce={PAUSE_MS} '
                'type=search enterkeyhint=search aria-label="Search" role=combobox aria-autocomplete=list'
            )
            .classes('cmms-search w-36 md:w-48 lg:w-72')
        )
        with self.field.add_slot('prepend'):
            ui.icon('search').classes('text-white')
        with self.field:
            self.menu = (
                ui.menu()
                .props('no-parent-event no-focus no-refocus anchor="bottom left" self="top left" max-height="75vh"')
                .classes('w-[min(440px,92vw)]')
            )
        self.field.on_value_change(self._typed)
        self.field.on('keydown.down.prevent', lambda: self._move(1))
        self.field.on('keydown.up.prevent', lambda: self._move(-1))
        self.field.on('keydown.enter', self._enter)
        self.field.on('keydown.esc', self._close)
        self.field.on('focus', self._reopen)

    async def _typed(self) -> None:
        self._generation += 1
        asked = self._generation
        text = (self.field.value or '').strip()
        if len(text) < MIN_LENGTH:
            self._close()
            return
        await self.run(text, asked)

    async def run(self, text: str, asked: int | None = None) -> None:
        """Search ``text`` now and show the results (the typing handler calls it after the pause)."""
        try:
            groups = await self._search(text)
            problem = None
        except DomainError as error:
            groups, problem = [], error.detail
        if asked is not None and asked != self._generation:
            return  # a newer text was typed while this one was searched: its results follow
        self._show(text, groups, problem)

    def _show(self, text: str, groups: list[SearchGroup], problem: str | None) -> None:
        self.menu.clear()
        self._paths, self._items, self._active = [], [], -1
        found = [group for group in groups if group.lines]
        with self.menu, ui.list().props('dense').classes('w-full py-1').props('role=listbox aria-label="Results"'):
            if problem or not found:
                ui.item_label(problem or f'Nothing found for "{text}"').classes(design.MUTED_TEXT + ' px-4 py-3')
            for group in found:
                with ui.row().classes('items-center gap-2 px-4 pt-2 pb-1'):
                    ui.icon(group.icon).classes('text-base text-gray-500')
                    ui.label(group.title).classes('text-xs font-semibold uppercase tracking-wide text-gray-500')
                for line in group.lines:
                    self._add(line)
                if group.total > len(group.lines):
                    more = LinkLine(f'All {group.total:,} {group.title.lower()} matching "{text}"', '', group.more_path)
                    self._add(more).classes('text-primary dark:text-blue-300')
        self.menu.open()

    def _add(self, line: LinkLine) -> ui.item:
        item = draw_line(line, self._open)
        item.props('role=option')
        self._paths.append(line.path)
        self._items.append(item)
        return item

    def _move(self, step: int) -> None:
        if not self._items:
            return
        if not self.menu.value:
            self.menu.open()
        if 0 <= self._active < len(self._items):
            self._items[self._active].classes(remove=ACTIVE)
        self._active = (self._active + step) % len(self._items)
        marked = self._items[self._active]
        marked.classes(add=ACTIVE)
        ui.run_javascript(f'getHtmlElement({marked.id})?.scrollIntoView({{block: "nearest"}})')

    def _enter(self) -> None:
        if self._paths:
            self._open(self._paths[max(self._active, 0)])

    def _open(self, path: str) -> None:
        self._close()
        ui.navigate.to(path)

    def _close(self) -> None:
        self.menu.close()

    def _reopen(self) -> None:
        if self._items and len((self.field.value or '').strip()) >= MIN_LENGTH:
            self.menu.open()
