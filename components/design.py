"""The one design module: colours, sizes and the status colour language every screen shares: one
meaning per colour (red down/overdue, amber attention, green fine, grey out of service) on every page."""

from __future__ import annotations

from nicegui import ui

BRAND = '#1e3a8a'
ACCENT = '#f59e0b'

# Meaning → Quasar colour name; badges, cards, markers, calendar events and charts all use these.
OK = 'positive'  # operational, resolved, passed, completed
WARNING = 'warning'  # maintenance/testing/standby, acknowledged, on hold
DANGER = 'negative'  # down, open critical, failed, overdue
MUTED = 'grey-7'  # retired, decommissioned, spare, cancelled
SCHEDULED = 'blue-8'
IN_PROGRESS = 'indigo-7'

# The same meanings as hex, for maps and charts that cannot use Quasar names.
HEX = {
    OK: '#15803d',
    WARNING: '#f2c037',
    DANGER: '#c10015',
    MUTED: '#616161',
    SCHEDULED: '#1565c0',
    IN_PROGRESS: '#303f9f',
}

ROLE_STYLE = {  # colour and icon per role: icons next to colour, never colour alone
    'admin': ('deep-purple-7', 'admin_panel_settings'),
    'supervisor': ('blue-8', 'supervisor_account'),
    'technician': ('teal-8', 'engineering'),  # teal-7 is too light for white words
    'viewer': ('grey-7', 'visibility'),
}

TOUCH_TARGET = 'min-h-[44px]'
STATIC_URL = '/static/'  # where app/web.py serves the repository's assets/ folder


def static(path: str) -> str:
    return STATIC_URL + path


CARD = 'rounded-xl shadow-sm border border-gray-200 dark:border-gray-700'
PAGE_TITLE = 'text-2xl font-semibold'
SECTION_TITLE = 'text-lg font-medium'
MUTED_TEXT = 'text-sm text-gray-500 dark:text-gray-400'
# Surfaces in both themes. Quasar's bg-white is !important and beats Tailwind's dark: variants (white words on
# white in the dark theme), so a raised surface takes one of these classes instead (SURFACE_CSS).
SURFACE = 'cmms-surface'  # cards, footers, step cards: white, Quasar's dark card colour in the dark theme
SURFACE_CSS = """
    @layer overrides {
        .cmms-surface { background-color: #fff !important; }
        .body--dark .cmms-surface { background-color: var(--q-dark) !important; }
    }
"""
# Words readable on every surface of both themes (WCAG AA, 4.5:1), for every page at once: links get a blue dark
# enough for white (Tailwind's default link blue is 3.7:1); in the dark theme the greys, reds and the brand blue that
# are made for white backgrounds are lightened — Tailwind's (not !important) by a more specific rule, Quasar's
# (!important) from the overrides layer.
READABLE_TEXT_CSS = """
    @layer components {  /* above NiceGUI's link colour, below Tailwind's text-* classes a link may carry */
        .nicegui-link, .nicegui-link:hover, .nicegui-link:active { color: #1d4ed8; }
    }
    .body--dark .text-gray-500, .body--dark .text-gray-600 { color: #9ca3af; }
    .body--dark .text-gray-700 { color: #d1d5db; }
    @layer overrides {
        .body--dark .text-grey, .body--dark .text-grey-6, .body--dark .text-grey-7, .body--dark .text-grey-8 {
            color: #bdbdbd !important;
        }
        .body--dark .text-negative { color: #f87171 !important; }
        .body--dark .text-secondary { color: #cbd5e1 !important; }
        .body--dark .q-field--focused .q-field__label, .body--dark .q-field .text-primary { color: #93c5fd !important; }
        .body--dark .q-field__bottom, .body--dark .q-uploader__subtitle { color: rgba(255, 255, 255, .75); }
    }
"""


# The brand blue is too dark on the dark theme for flat buttons and links: lighten them there, on every page (not
# the header's white ones). Quasar's colour classes are !important in NiceGUI's last layer; an !important rule in an
# earlier layer wins over them.
DARK_LINKS_CSS = """
    @layer overrides {
        .body--dark .q-btn.text-primary, .body--dark a.text-primary, .body--dark .nicegui-link:not(.text-white) {
            color: #93c5fd !important;
        }
    }
"""


def apply_theme() -> None:
    ui.colors(
        primary=BRAND,
        secondary='#475569',
        accent=ACCENT,
        positive='#15803d',  # a green dark enough for white words on badges (4.5:1)
        negative='#c10015',
        warning='#f2c037',
        info='#0284c7',
    )
    ui.add_css(
        """
        body { font-feature-settings: "tnum"; }
        /* Buttons say what they do in sentence case on every page (Quasar's default is capitals). */
        .q-btn { text-transform: none; }
        .cmms-num { text-align: right; font-variant-numeric: tabular-nums; }
        .q-drawer .q-item.cmms-active { background: rgba(30, 58, 138, .12); font-weight: 600; }
        .body--dark .q-drawer .q-item.cmms-active { background: rgba(255, 255, 255, .12); color: #bfdbfe; }
        .q-drawer--mini .nicegui-drawer { padding: 0; }
        .q-drawer--mini .q-item { margin: 0 6px; padding: 0; justify-content: center; }
        .q-drawer--mini .q-item__section--avatar { min-width: 0; padding: 0; }
        /* Toasts (ui.notify's default, bottom centre) sit in the bottom-right corner instead, narrow, so they stay
           off the middle of the page: the board's busy columns and a list's rows are not covered while they show. */
        .q-notifications__list--bottom.items-center { align-items: flex-end; }
        .q-notifications__list--bottom .q-notification { max-width: min(420px, calc(100vw - 32px)); }
    """,
        shared=True,
    )
    ui.add_css(DARK_LINKS_CSS, shared=True)
    ui.add_css(SURFACE_CSS, shared=True)
    ui.add_css(READABLE_TEXT_CSS, shared=True)


def badge(text: str, color: str, icon: str | None = None) -> ui.badge:
    """A status badge: colour plus icon plus words, readable without colour."""
    with ui.badge(color=color).classes('text-sm px-2 py-1 gap-1 items-center') as element:
        if icon:
            ui.icon(icon).classes('text-sm')
        ui.label(text)
    return element


def role_badge(role: str) -> ui.badge:
    color, icon = ROLE_STYLE[role]
    return badge(role, color, icon)


def empty_state(icon: str, message: str) -> None:
    """What to do next when there is nothing to show (never a blank table)."""
    with ui.column().classes('w-full items-center py-10 gap-2 text-gray-500'):
        ui.icon(icon).classes('text-5xl')
        ui.label(message).classes('text-base text-center')
