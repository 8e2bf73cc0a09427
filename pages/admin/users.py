"""Admin → Users: who may sign in, with which role and home site; invite, edit, reset a password."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

from app.core import tenancy, users
from app.core.permissions import Permission
from app.core.principal import Principal
from app.core.schemas import PasswordReset, SiteRead, UserCreate, UserRead, UserUpdate, validated
from components import design, forms, tables
from components.forms import FormDialog, Values
from pages.admin.common import ADMIN_PAGES, ROLE_OPTIONS, Reload, admin_frame, primary_button
from pages.admin.routes import router
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context
from pages.kernel.zones import Zones

PAGE = ADMIN_PAGES[0]
ORGANISATION_WIDE = 'Organisation-wide'
STATUS_STYLES = {
    'Active': (design.OK, 'check_circle'),
    'Locked': (design.WARNING, 'lock_clock'),
    'Inactive': (design.MUTED, 'block'),
}
COLUMNS = [
    tables.column('name', 'Person'),
    tables.column('role', 'Role'),
    tables.column('site', 'Home site', wide_only=True),
    tables.column('status', 'Status'),
    tables.time_column('locked_until', 'Locked until', widest_only=True),  # the status says 'Locked'
    tables.time_column('last_login', 'Last login'),
    tables.column('actions', '', align='right', sortable=False),
]
ACTIONS = [
    tables.RowAction('edit', 'Edit', 'edit'),
    tables.RowAction('reset', 'Password', 'password', color='secondary'),
]


@router.page('/admin/users')
async def users_page() -> None:
    if (opened := await page_context(Permission.USERS_MANAGE)) is None:
        return
    principal, context = opened
    sites: list[SiteRead] = (await call(tenancy.list_sites, principal=principal)).items
    site_options = {None: ORGANISATION_WIDE} | {site.id: site.name for site in sites}
    zones = Zones(sites, context.site_id)
    people: dict[int, UserRead] = {}

    async def reload() -> None:
        found = await call(users.list_users, principal=principal, q=(search.value or '').strip() or None)
        people.clear()
        people.update({person.id: person for person in found.items})
        table.rows = [_row(person, site_options, zones.zone(person.site_id)) for person in found.items]
        count.set_text(f'{found.total} {"person" if found.total == 1 else "people"}')

    with admin_frame(context, PAGE) as actions:
        with actions:
            search = tables.search_input('Search name or email')
            primary_button('Invite user', 'person_add', lambda: _invite_dialog(principal, site_options, reload))
        count = ui.label().classes(design.MUTED_TEXT)
        table = tables.data_table(
            COLUMNS, [], empty='Nobody matches — clear the search or invite someone.', empty_icon='group'
        )
    tables.add_two_line_cells(table, 'name', 'email')
    tables.add_badge_cells(table, 'role', design.ROLE_STYLE)
    tables.add_badge_cells(table, 'status', STATUS_STYLES)
    tables.add_time_cells(table, 'locked_until')
    tables.add_time_cells(table, 'last_login', empty='never')
    tables.add_row_actions(table, 'actions', ACTIONS)
    table.on('edit', lambda e: _edit_dialog(principal, people[e.args['id']], site_options, reload))
    table.on('reset', lambda e: _password_dialog(principal, people[e.args['id']], reload))
    search.on_value_change(reload)
    await reload()


def _invite_dialog(principal: Principal, site_options: dict, reload: Reload) -> None:
    async def invite(values: Values) -> None:
        data = validated(UserCreate, values)
        created = await call(users.create_user, principal=principal, data=data)
        ui.notify(f'Invited {created.name} ({created.email})', type='positive')
        await reload()

    dialog = FormDialog(
        'Invite user',
        'Invite',
        invite,
        conflict_field='email',
        intro='Give the person this initial password; an admin can reset it later.',
    )
    with dialog.body:
        dialog.add('email', forms.text_input('Email', autocomplete='off', type='email'))
        dialog.add('name', forms.text_input('Name', autocomplete='off'))
        dialog.add('role', forms.select_input('Role', ROLE_OPTIONS, 'technician'))
        dialog.add('site_id', forms.select_input('Home site', site_options, None))
        dialog.add('password', _password_input('Initial password'))
    dialog.open()


def _edit_dialog(principal: Principal, person: UserRead, site_options: dict, reload: Reload) -> None:
    async def save(values: Values) -> None:
        changes = {name: value for name, value in values.items() if value != getattr(person, name)}
        if changes:
            await call(users.update_user, principal=principal, user_id=person.id, data=validated(UserUpdate, changes))
            ui.notify(f'Saved {values["name"] or person.name}', type='positive')
        await reload()

    dialog = FormDialog(f'Edit {person.name}', 'Save', save, intro=person.email)
    with dialog.body:
        dialog.add('name', forms.text_input('Name', person.name, autocomplete='off'))
        dialog.add('role', forms.select_input('Role', ROLE_OPTIONS, person.role.value))
        dialog.add('site_id', forms.select_input('Home site', site_options, person.site_id))
        dialog.add('active', ui.switch('Active — may sign in', value=person.active).classes(design.TOUCH_TARGET))
        ui.label('Deactivating ends the person’s open sessions at once.').classes(design.MUTED_TEXT)
    dialog.open()


def _password_dialog(principal: Principal, person: UserRead, reload: Reload) -> None:
    async def reset(values: Values) -> None:
        await call(users.reset_password, principal=principal, user_id=person.id, data=validated(PasswordReset, values))
        ui.notify(f'New password set for {person.name}; their sessions have ended', type='positive')
        await reload()

    dialog = FormDialog(
        f'Reset password of {person.name}',
        'Set password',
        reset,
        intro='This also unlocks the account and signs the person out everywhere.',
    )
    with dialog.body:
        dialog.add('password', _password_input('New password'))
    dialog.open()


def _password_input(label: str) -> ui.input:
    return (
        ui.input(label, password=True, password_toggle_button=True)
        .props('outlined autocomplete=new-password hint="At least 12 characters"')
        .classes('w-full')
    )


def _row(person: UserRead, site_options: dict, zone: ZoneInfo) -> dict[str, Any]:
    locked_until = _still_locked(person)
    return {
        'id': person.id,
        'name': person.name,
        'email': person.email,
        'role': person.role.value,
        'site': site_options.get(person.site_id, ORGANISATION_WIDE),
        'status': 'Inactive' if not person.active else 'Locked' if locked_until else 'Active',
        **tables.time_fields('locked_until', locked_until, zone),
        **tables.time_fields('last_login', person.last_login_at, zone),
    }


def _still_locked(person: UserRead) -> datetime | None:
    locked = person.locked_until
    if locked is None:
        return None
    locked = locked if locked.tzinfo else locked.replace(tzinfo=UTC)
    return locked if locked > datetime.now(UTC) else None
