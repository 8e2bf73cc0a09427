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
# In the browser, so a key costs no round trip: "/" focuses the search unless one is typing somewhere already (a
# field, a text area, an editor); in the box, ↓/↑ mark a result and Enter taps the marked one (else the first).
KEYS = """
<script>
document.addEventListener('keydown', (event) => {
  const target = event.target;
  const inBox = target && target.closest && target.closest('.cmms-search');
  if (event.key === '/' && !inBox && !event.ctrlKey && !event.metaKey && !event.altKey) {
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const box = document.querySelector('.cmms-search input');
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
    return;
  }
  if (!inBox || !['ArrowDown', 'ArrowUp', 'Enter'].includes(event.key)) return;
  const options = [...document.querySelectorAll('.cmms-search-menu [role=option]')];
  if (!options.length) return;  // the list is closed: ↓ asks the server to open it again
  event.preventDefault();
  const at = options.findIndex((option) => option.classList.contains('ACTIVE'));
  if (event.key === 'Enter') {
    (options[at] || options[0]).click();
    return;
  }
  const down = event.key === 'ArrowDown';
  const next = at < 0 ? (down ? 0 : options.length - 1) : (at + (down ? 1 : -1) + options.length) % options.length;
  options.forEach((option) => option.classList.remove('ACTIVE'));
  options[next].classList.add('ACTIVE');
  options[next].scrollIntoView({block: 'nearest'});
  target.setAttribute('aria-activedescendant', options[next].id);
});
</script>
""".replace('ACTIVE', ACTIVE)


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
        self._lines = 0
        self._shown = ''  # the text whose results are in the list
        ui.add_css(CSS, shared=True)
        ui.add_head_html(KEYS, shared=True)
        self.field = (
            ui.input(placeholder='Search  /')
            .props(
                f'dense outlined dark clearable autocomplete=off spellcheck=false maxlength={MAX_LENGTH} '
                f'debounce={PAUSE_MS} '
                'type=search enterkeyhint=search aria-label="Search" '
                'role=combobox aria-autocomplete=list aria-expanded=false'
            )
            .classes('cmms-search w-32 lg:w-72')
        )
        with self.field.add_slot('prepend'):
            ui.icon('search').classes('text-white')
        with self.field:
            self.menu = (
                ui.menu()
                .props('no-parent-event no-focus no-refocus anchor="bottom left" self="top left" max-height="75vh"')
                .classes('cmms-search-menu w-[min(440px,92vw)]')
            )
        # A combobox says whether its list is open (screen readers announce it); the menu's value is that state.
        self.menu.on_value_change(lambda event: self.field.props(f'aria-expanded={str(bool(event.value)).lower()}'))
        self.field.on_value_change(self._typed)
        self.field.on('keydown.down', self._reopen)  # marking results is the browser's (KEYS)
        self.field.on('keydown.esc', self._close)
        self.field.on('focus', self._reopen)

    async def _typed(self) -> None:
        text = (self.field.value or '').strip()
        if text == self._shown:
            return  # only spaces changed (or the box repeated its text): the results and the marked line stay
        self._generation += 1
        asked = self._generation
        if len(text) < MIN_LENGTH:
            self._shown = ''
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
        self._shown = text
        self.menu.clear()
        self._lines = 0
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
        item.props(f'role=option id=cmms-search-{self._lines}')
        self._lines += 1
        return item

    def _open(self, path: str) -> None:
        self._close()
        ui.navigate.to(path)

    def _close(self) -> None:
        self.menu.close()

    def _reopen(self) -> None:
        if self._lines and not self.menu.value:
            self.menu.open()
