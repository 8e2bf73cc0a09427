"""The application shell: top bar (site filter, search, bell slot, dark mode, user menu), navigation drawer, content."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from nicegui import ui

from components import design, touch
from components.search_box import Search, SearchBox
from components.site_filter import SiteFilter


@dataclass(frozen=True)
class NavItem:
    label: str
    icon: str
    path: str


@dataclass
class ShellContext:
    """Everything the shell shows, gathered by the page layer before drawing."""

    user_name: str
    user_email: str
    role: str
    organization_name: str
    nav_items: list[NavItem]
    site_filter: SiteFilter
    dark_mode: bool
    on_dark_mode_change: Callable[[bool], Awaitable[None]] | None = None
    header_slots: list[Callable[[], None]] = field(default_factory=list)
    search: Search | None = None  # the top bar's search over every area's provider; None draws no box

    @property
    def sites(self) -> dict[int, str]:
        return self.site_filter.sites

    @property
    def site_id(self) -> int | None:
        return self.site_filter.site_id


@contextmanager
def frame(context: ShellContext, title: str, active_path: str) -> Iterator[ui.column]:
    """Draw the shell around a page's content; yields the content column."""
    design.apply_theme()
    dark = ui.dark_mode(context.dark_mode)
    ui.page_title(f'{title} · CMMS Hub')

    with ui.header(elevated=False).classes('items-center gap-2 px-3 py-1 bg-primary text-white'):
        ui.button(icon='menu', on_click=lambda: _open_menu(drawer)).props('flat round color=white aria-label="Menu"')
        with ui.link(target='/').classes('flex items-center gap-2 no-underline text-white'):
            ui.image(design.static('favicon.svg')).props('alt="CMMS Hub"').classes('w-8 h-8')
            ui.label('CMMS Hub').classes('text-lg font-semibold max-sm:hidden')
        ui.label(context.organization_name).classes('text-sm opacity-80 max-md:hidden')
        ui.space()
        _site_filter(context)
        if context.search is not None:
            SearchBox(context.search)
        for slot in context.header_slots:
            slot()
        _dark_mode_switch(context, dark)
        _user_menu(context)

    with ui.left_drawer(bordered=True).props(f'breakpoint={TABLET_FROM - 1} width=236 {ICONS_BELOW_WIDE}') as drawer:
        with ui.list().props('padding').classes('w-full'):
            for item in context.nav_items:
                _nav_entry(
                    item, active=item.path == active_path or (item.path != '/' and active_path.startswith(item.path))
                )

    with ui.column().classes('w-full max-w-screen-2xl mx-auto p-4 md:p-6 gap-4') as content:
        yield content


# Quasar's sizes: below 768 px (a phone) the drawer is hidden and slides in over the page; from 768 px to the large
# screens it is a rail of icons; wider, it shows icons and words.
TABLET_FROM = 768
ICONS_BELOW_WIDE = ':mini="Quasar.Screen.lt.lg"'
LABELLED = ':mini=false overlay elevated'


async def _open_menu(drawer: ui.left_drawer) -> None:
    """The menu button: on a tablet it opens the rail with its words over the page (touch has no tooltips to say
    what an icon means) and folds it again on the next tap; on a phone or a wide screen it shows or hides the drawer."""
    rail = await ui.run_javascript(f'window.innerWidth >= {TABLET_FROM} && Quasar.Screen.lt.lg')
    if not rail:
        drawer.toggle()
        return
    labelled = drawer.props.get(':mini') == 'false'
    drawer.props(remove=f'{ICONS_BELOW_WIDE} {LABELLED}')
    drawer.props(ICONS_BELOW_WIDE if labelled else LABELLED)
    drawer.show()


def _nav_entry(item: NavItem, *, active: bool) -> None:
    with (
        ui.item(on_click=lambda path=item.path: ui.navigate.to(path))
        .classes('rounded-lg mx-2 ' + design.TOUCH_TARGET + (' cmms-active' if active else ''))
        .props(f'clickable aria-label="{item.label}"' + (' active' if active else ''))
    ):
        with ui.item_section().props('avatar'):
            ui.icon(item.icon)
        with ui.item_section():
            ui.item_label(item.label)


def _site_filter(context: ShellContext) -> None:
    context.site_filter.select().props('dense outlined dark options-dense aria-label="Site filter"').classes(
        'min-w-[170px] max-sm:hidden'
    )


def _dark_mode_switch(context: ShellContext, dark: ui.dark_mode) -> None:
    async def toggle() -> None:
        dark.value = not dark.value
        button.props(f'icon={"light_mode" if dark.value else "dark_mode"}')
        if context.on_dark_mode_change is not None:
            await context.on_dark_mode_change(bool(dark.value))

    button = ui.button(icon='light_mode' if context.dark_mode else 'dark_mode', on_click=toggle).props(
        'flat round color=white aria-label="Toggle dark mode"'
    )
    button.tooltip('Dark mode')


def _user_menu(context: ShellContext) -> None:
    color, icon = design.ROLE_STYLE[context.role]
    with (
        touch.attrs(ui.button(), aria_label=f'User menu: {context.user_name}')
        .props('flat no-caps color=white')
        .classes('px-2')
    ):
        ui.avatar(icon, color=color, text_color='white', size='sm')
        ui.label(context.user_name).classes('ml-2 max-lg:hidden')
        with ui.menu().classes('min-w-[220px]'):
            with ui.column().classes('p-3 gap-1'):
                ui.label(context.user_name).classes('font-medium')
                ui.label(context.user_email).classes(design.MUTED_TEXT)
                design.role_badge(context.role)
            ui.separator()
            ui.menu_item('Log out', on_click=lambda: ui.navigate.to('/logout')).props('aria-label="Log out"')
