"""The one permission table: which role may do what. Services check it; the UI asks it what to show."""

from __future__ import annotations

from enum import StrEnum

from app.core.enums import Role
from app.core.errors import Forbidden
from app.core.principal import Principal


class Permission(StrEnum):
    ORGANIZATION_READ = 'organization.read'
    ORGANIZATION_MANAGE = 'organization.manage'  # settings such as the currency
    SITES_READ = 'sites.read'
    SITES_MANAGE = 'sites.manage'
    USERS_READ = 'users.read'
    USERS_MANAGE = 'users.manage'
    API_KEYS_MANAGE = 'api_keys.manage'
    AUDIT_READ = 'audit.read'
    OUTBOX_MANAGE = 'outbox.manage'  # see undelivered side effects (dead letters) and send them again
    ASSETS_READ = 'assets.read'
    ASSETS_WRITE = 'assets.write'  # create, edit, move, retire, floor plans
    ASSETS_ASSESS = 'assets.assess'  # condition/status on the spot, meter readings, photos
    ASSETS_IMPORT = 'assets.import'
    WORK_ORDERS_READ = 'work_orders.read'
    WORK_ORDERS_REQUEST = 'work_orders.request'  # raise a work request (status requested)
    WORK_ORDERS_EXECUTE = 'work_orders.execute'  # start/pause/complete, steps, parts, time, comments, photos
    WORK_ORDERS_MANAGE = 'work_orders.manage'  # plan: edit, assign, schedule, cancel, reopen
    PARTS_MANAGE = 'parts.manage'  # catalogue, stock receipts and counts
    TEMPLATES_MANAGE = 'templates.manage'


_EVERYONE = {Permission.ORGANIZATION_READ, Permission.SITES_READ, Permission.ASSETS_READ, Permission.WORK_ORDERS_READ}
_FIELD_WORK = {Permission.ASSETS_ASSESS, Permission.WORK_ORDERS_REQUEST, Permission.WORK_ORDERS_EXECUTE}
_PLANNING = {
    Permission.USERS_READ,
    Permission.ASSETS_WRITE,
    Permission.ASSETS_IMPORT,
    Permission.WORK_ORDERS_MANAGE,
    Permission.PARTS_MANAGE,
    Permission.TEMPLATES_MANAGE,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.SUPERVISOR: frozenset(_EVERYONE | _FIELD_WORK | _PLANNING),
    Role.TECHNICIAN: frozenset(_EVERYONE | _FIELD_WORK),
    Role.VIEWER: frozenset(_EVERYONE),
}


def can(principal: Principal, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[principal.role]


def require(principal: Principal, permission: Permission) -> None:
    """Raise Forbidden unless the principal's role grants ``permission``."""
    if not can(principal, permission):
        raise Forbidden(f'the {principal.role.value} role may not {permission.value.replace(".", " ")}')
