"""The drawer's areas. An area is listed only once its pages exist, and only to roles that may use it."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.permissions import Permission, can
from app.core.principal import Principal
from components.frame import NavItem


@dataclass(frozen=True)
class Area:
    item: NavItem
    permission: Permission


AREAS: list[Area] = [
    Area(NavItem('Sites', 'factory', '/'), Permission.SITES_READ),
    Area(NavItem('Assets', 'precision_manufacturing', '/assets'), Permission.ASSETS_READ),
    Area(NavItem('Scan', 'qr_code_scanner', '/scan'), Permission.ASSETS_READ),
    Area(NavItem('Map', 'map', '/map'), Permission.ASSETS_READ),
    Area(NavItem('My work', 'construction', '/my-work'), Permission.WORK_ORDERS_EXECUTE),
    Area(NavItem('Work orders', 'assignment', '/work-orders'), Permission.WORK_ORDERS_READ),
    Area(NavItem('Parts', 'inventory_2', '/parts'), Permission.WORK_ORDERS_READ),
    Area(NavItem('Admin', 'admin_panel_settings', '/admin'), Permission.USERS_MANAGE),
]


def visible_nav_items(principal: Principal) -> list[NavItem]:
    return [area.item for area in AREAS if can(principal, area.permission)]
