"""Admin landing: one card per admin page with the figure that matters there, and the latest audit entries."""

from __future__ import annotations

from dataclasses import dataclass

from nicegui import ui
from sqlalchemy.orm import Session

from app.core import api_keys, audit, deliveries, tenancy, users
from app.core.outbox_schemas import OutboxSummary
from app.core.permissions import Permission, can
from app.core.principal import Principal
from app.core.schemas import AuditEntryRead, AuditFilter
from components import design, money, tables
from components.frame import frame
from pages.admin.common import ADMIN_PAGES, AdminPage
from pages.admin.organisation import settings_card
from pages.admin.routes import router
from pages.kernel.bridge import in_session
from pages.kernel.page_context import page_context
from pages.kernel.zones import UTC_ZONE, known_viewer_zone

RECENT_ENTRIES = 5


@dataclass
class AdminFigures:
    people: int
    active_people: int
    sites: int
    active_keys: int
    recent: list[AuditEntryRead]
    outbox: OutboxSummary | None  # None for a role that may not see deliveries


@router.page('/admin')
async def admin_page() -> None:
    if (opened := await page_context(Permission.USERS_MANAGE)) is None:
        return
    principal, context = opened
    figures = await _load(principal)
    users_page, sites_page, keys_page, audit_page, deliveries_page = ADMIN_PAGES
    with frame(context, 'Admin', '/admin'):
        with ui.column().classes('gap-0'):
            ui.label('Admin').classes(design.PAGE_TITLE)
            ui.label(f'{context.organization_name}: people, sites, API access, deliveries and the audit trail').classes(
                design.MUTED_TEXT
            )
        with ui.element('div').classes('w-full grid gap-4 grid-cols-1 md:grid-cols-2 xl:grid-cols-3'):
            with _card(users_page):
                _figure(figures.people, 'people', f'{figures.active_people} active')
            with _card(sites_page):
                _figure(figures.sites, 'sites', 'Add a site before inviting its people' if not figures.sites else '')
            with _card(keys_page):
                _figure(figures.active_keys, 'active keys', 'Revoked keys stay listed for the record')
            if figures.outbox is not None:
                with _card(deliveries_page):
                    outbox = figures.outbox
                    _figure(outbox.dead, 'dead', f'{outbox.pending + outbox.retrying:,} waiting or retrying')
            with _card(audit_page):
                _recent_entries(figures.recent)
            settings_card(principal, money.page_currency())


def _card(page: AdminPage) -> ui.card:
    card = (
        ui.card()
        .classes('w-full p-5 gap-3 cursor-pointer hover:shadow-md ' + design.CARD)
        .props('role=link tabindex=0')
    )
    card.on('click', lambda: ui.navigate.to(page.path))
    card.on('keydown.enter', lambda: ui.navigate.to(page.path))
    with card:
        with ui.row().classes('w-full items-center gap-3 no-wrap'):
            ui.icon(page.icon).classes('text-3xl text-blue-800 dark:text-blue-300')
            with ui.column().classes('gap-0 grow'):
                ui.label(page.label).classes(design.SECTION_TITLE)
                ui.label(page.description).classes(design.MUTED_TEXT)
            ui.icon('chevron_right').classes('text-2xl text-gray-400')
    return card


def _figure(value: int, unit: str, note: str) -> None:
    with ui.row().classes('items-baseline gap-2'):
        ui.label(str(value)).classes('text-4xl font-semibold cmms-num')
        ui.label(unit).classes('text-base')
    if note:
        ui.label(note).classes(design.MUTED_TEXT)


def _recent_entries(entries: list[AuditEntryRead]) -> None:
    if not entries:
        ui.label('Nothing recorded yet — changes and sign-ins will appear here.').classes(design.MUTED_TEXT)
        return
    zone = known_viewer_zone(UTC_ZONE)  # as the audit log shows them, once the browser has said its timezone
    with ui.column().classes('w-full gap-1'):
        for entry in entries:
            text, exact = tables.relative_time(entry.at, zone)
            with ui.row().classes('w-full gap-2 no-wrap text-sm items-baseline'):
                ui.label(text).classes('text-gray-500 whitespace-nowrap shrink-0').tooltip(exact)
                ui.label(entry.summary or entry.action.value).classes('truncate')


async def _load(principal: Principal) -> AdminFigures:
    return await in_session(lambda session: _figures(session, principal))


def _figures(session: Session, principal: Principal) -> AdminFigures:
    """The cards' figures, read in one transaction (one trip to a worker thread, not five)."""
    people = users.list_users(session=session, principal=principal).items
    keys = api_keys.list_api_keys(session=session, principal=principal).items
    outbox = (
        deliveries.outbox_summary(session=session, principal=principal)
        if can(principal, Permission.OUTBOX_MANAGE)
        else None
    )
    return AdminFigures(
        people=len(people),
        active_people=sum(person.active for person in people),
        sites=tenancy.list_sites(session=session, principal=principal).total,
        active_keys=sum(key.revoked_at is None for key in keys),
        recent=audit.list_audit_entries(
            session=session, principal=principal, filters=AuditFilter(limit=RECENT_ENTRIES)
        ).items,
        outbox=outbox,
    )
