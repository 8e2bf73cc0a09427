"""What the work-order pages share: the filters in the URL, the filter bar, people and asset pickers, due dates.

The board and the list read the same ``WorkOrderQuery`` from the URL, so switching views (or sharing a link)
keeps every filter; the CSV export reads it too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from nicegui import ui
from starlette.datastructures import QueryParams

from app.assets import service as assets
from app.assets.schemas import AssetFilter, AssetRead
from app.core import tenancy, users
from app.core.errors import DomainError
from app.core.permissions import Permission, can
from app.core.principal import Principal
from app.work_orders import taking
from app.work_orders.enums import OPEN_STATUSES, Priority, WorkOrderStatus, WorkType
from app.work_orders.schemas import FailureCodesAsked, WorkOrderFilter, WorkOrderRead
from components import design
from components.frame import ShellContext
from pages.kernel.bridge import call
from pages.kernel.zones import Zones

ASSET_SEARCH_LIMIT = 20
SORTS = ('number', 'due_at', 'priority', 'status', 'created_at', 'updated_at', 'title')
NEVER = datetime(9999, 1, 1, tzinfo=UTC)
MULTI: dict[str, type] = {'priority': Priority, 'work_type': WorkType, 'status': WorkOrderStatus}


def add_page_css() -> None:
    ui.add_css(design.DARK_LINKS_CSS)  # also on every page through design.apply_theme; harmless twice


@dataclass
class WorkOrderQuery:
    """The filters of the board and the list (and the list's sort), named as in ``GET /api/v1/work-orders``."""

    q: str = ''
    site_id: int | None = None
    asset_id: int | None = None
    assignee_id: int | None = None
    overdue: bool = False
    multi: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in MULTI})
    sort: str = 'number'
    descending: bool = True

    @classmethod
    def parse(cls, params: QueryParams, default_site: int | None) -> WorkOrderQuery:
        query = cls(q=params.get('q', '').strip()[:200], site_id=default_site)
        if 'site_id' in params:
            query.site_id = _int(params['site_id'])
        query.asset_id, query.assignee_id = _int(params.get('asset_id')), _int(params.get('assignee_id'))
        query.overdue = params.get('overdue', '').lower() in ('1', 'true', 'yes')
        for name, vocabulary in MULTI.items():
            values = [part for value in params.getlist(name) for part in value.split(',')]
            query.multi[name] = [value for value in dict.fromkeys(values) if value in set(vocabulary)]
        if params.get('sort') in SORTS:
            query.sort = params['sort']
        if 'descending' in params:
            query.descending = params['descending'].lower() in ('1', 'true', 'yes')
        return query

    @property
    def narrowed(self) -> bool:
        """Whether anything beyond the site narrows the work shown."""
        return bool(self.q or self.asset_id or self.assignee_id or self.overdue or any(self.multi.values()))

    def to_query(self, *, sort: bool = True) -> str:
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(('q', self.q))
        for name in ('site_id', 'asset_id', 'assignee_id'):
            if getattr(self, name) is not None:
                pairs.append((name, str(getattr(self, name))))
        if self.overdue:
            pairs.append(('overdue', '1'))
        pairs += [(name, value) for name, values in self.multi.items() for value in values]
        if sort and (self.sort, self.descending) != ('number', True):
            pairs += [('sort', self.sort), ('descending', 'true' if self.descending else 'false')]
        return urlencode(pairs)

    def to_filter(self, *, offset: int = 0, limit: int = 50, statuses: list[str] | None = None) -> WorkOrderFilter:
        """The service filter; ``statuses`` replaces the status chips (the board asks per column).

        The API ORs 'overdue' with the statuses it is given; "overdue only" means AND here, so it becomes the
        open statuses among those asked for, due before now (and nothing at all when only closed ones are asked).
        """
        status: list[Any] = list(statuses if statuses is not None else self.multi['status'])
        extra: dict[str, Any] = {}
        if self.overdue:
            wanted = [s for s in status if s in OPEN_STATUSES]
            if status and not wanted:
                extra['due_after'] = NEVER  # closed work is never overdue
            status = wanted or ['overdue']
            extra['due_before'] = datetime.now(UTC)
        return WorkOrderFilter(
            offset=offset,
            limit=limit,
            q=self.q or None,
            site_id=self.site_id,
            asset_id=self.asset_id,
            assignee_id=self.assignee_id,
            status=status or None,
            priority=self.multi['priority'] or None,
            work_type=self.multi['work_type'] or None,
            sort=self.sort,  # type: ignore[arg-type]
            descending=self.descending,
            **extra,
        )


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 19 else None


@dataclass
class Lookups:
    """What the filter bar and the cards need besides the work orders: sites (timezones), people, the asset."""

    zones: Zones
    sites: dict[int, str]
    people: dict[int, str]
    asset: AssetRead | None = None


async def load_lookups(principal: Principal, query: WorkOrderQuery) -> Lookups:
    sites = (await call(tenancy.list_sites, principal=principal)).items
    asset = None
    if query.asset_id is not None:
        try:
            asset = await call(assets.get_asset, principal=principal, asset_id=query.asset_id)
        except DomainError:
            query.asset_id = None
    return Lookups(Zones(sites, query.site_id), {s.id: s.name for s in sites}, await assignee_options(principal), asset)


async def assignee_options(principal: Principal) -> dict[int, str]:
    """Who work can be assigned to: everyone for planners, only themselves for the others."""
    if can(principal, Permission.USERS_READ):
        people = (await call(users.list_users, principal=principal)).items
        return {p.id: p.name for p in people if p.active and p.role.value != 'viewer'}
    return {principal.user_id: f'{principal.label} (me)'} if principal.user_id else {}


def query_from_url(context: ShellContext) -> WorkOrderQuery:
    """The board's or list's filters from the URL; a shared link naming another site moves the header filter there
    too (as the asset list does)."""
    query = WorkOrderQuery.parse(ui.context.client.request.query_params, context.site_id)
    context.site_filter.adopt(query.site_id)
    query.site_id = context.site_id
    return query


def due_text(wo: WorkOrderRead, zones: Zones, *, short: bool = False) -> tuple[str, str]:
    """('in 3 h', '2026-11-27 14:00 CET') in the work order's site timezone; ('', '') without a due date.

    ``short`` gives '5 Nov' instead of '05 Nov 2026' for dates beyond a week (cards have little room).
    """
    relative, exact = zones.when(wo.due_at, wo.site_id)
    if short and wo.due_at is not None and not _is_relative(relative):
        local = wo.due_at.astimezone(zones.zone(wo.site_id))
        same_year = local.year == datetime.now(UTC).year
        relative = f'{local.day} {local:%b}' + ('' if same_year else f' {local.year}')
    return relative, exact


def _is_relative(text: str) -> bool:
    return text.startswith('in ') or text.endswith(' ago') or text == 'just now'


def initials(name: str | None) -> str:
    parts = [part for part in (name or '').replace('(me)', '').split() if part[:1].isalpha()]
    return ''.join(part[0] for part in parts[:2]).upper() if parts else ''


def asset_label(asset: AssetRead) -> str:
    return f'{asset.code} · {asset.name}'


def asset_select(
    principal: Principal, label: str, asset: AssetRead | None, *, none_label: str = 'Any asset'
) -> ui.select:
    """An asset picker searching the server by code or name as the user types (big plants stay fast)."""
    options: dict[Any, str] = {None: none_label}
    if asset is not None:
        options[asset.id] = asset_label(asset)
    select = (
        ui.select(options, label=label, value=asset.id if asset else None, with_input=True)
        .props('outlined dense options-dense hide-bottom-space input-debounce=250')
        .classes('w-44')
    )
    found_assets: dict[int, AssetRead] = {asset.id: asset} if asset else {}
    select.found = found_assets  # type: ignore[attr-defined]  the form reads the chosen asset's site from it

    async def search(event: Any) -> None:
        text = str(event.args or '').strip()
        if not text:
            return
        found = await call(
            assets.list_assets, principal=principal, filters=AssetFilter(q=text, limit=ASSET_SEARCH_LIMIT)
        )
        found_assets.update({a.id: a for a in found.items})
        keep = {select.value: select.options.get(select.value)} if select.value is not None else {}
        select.set_options(
            {None: none_label, **keep, **{a.id: asset_label(a) for a in found.items}}, value=select.value
        )

    select.on('input-value', search, throttle=0.3, leading_events=False)
    return select


@dataclass
class WorkOrderView:
    """What a section of the work-order page gets: who is looking, the work order, lookups, and a redraw."""

    principal: Principal
    wo: WorkOrderRead
    lookups: Lookups
    refresh: Callable[[], Awaitable[None]]
    failure: FailureCodesAsked | None = None  # what completing asks, and the recorded codes in words

    def can(self, permission: Permission) -> bool:
        return can(self.principal, permission)

    @property
    def is_open(self) -> bool:
        return self.wo.status in OPEN_STATUSES

    def when(self, moment: datetime | None) -> tuple[str, str]:
        """('in 3 h', '2026-11-27 14:00 CET') in the work order's site timezone."""
        return self.lookups.zones.when(moment, self.wo.site_id)


def moment_text(relative: str, exact: str) -> str:
    """'in 3 h · 2026-11-27 14:00 CET' when recent, else just the exact local time."""
    return f'{relative} · {exact}' if _is_relative(relative) else exact


def assignment_notice(principal: Principal, wo: WorkOrderRead, on_taken: Callable[[], Awaitable[Any]]) -> None:
    """For those who do the work (planners assign it, they know): whose work order this is when it is not theirs —
    "Assigned to <name>", or "Unassigned" with a button to take it while it is open."""
    if not can(principal, Permission.WORK_ORDERS_EXECUTE) or can(principal, Permission.WORK_ORDERS_MANAGE):
        return
    if wo.assignee_id is not None and wo.assignee_id == principal.user_id:
        return

    async def take() -> None:
        try:
            await call(taking.take_work_order, principal=principal, work_order_id=wo.id)
        except DomainError as error:
            ui.notify(error.detail, type='negative', multi_line=True)
            return
        ui.notify(f'{wo.number} is yours now', type='positive')
        await on_taken()

    tone = 'bg-amber-100 text-amber-950' if wo.assignee_id else 'bg-blue-50 text-blue-950 dark:bg-blue-950'
    with (
        ui.row()
        .classes(f'w-full items-center gap-3 p-3 rounded-lg no-wrap {tone} dark:text-white')
        .props('role=status')
        .mark('assignment-notice')
    ):
        ui.icon('assignment_ind' if wo.assignee_id else 'person_off').classes('text-2xl shrink-0')
        if wo.assignee_id:
            ui.label(f'Assigned to {wo.assignee_name or "a colleague"} — not to you.').classes('text-base grow')
        else:
            ui.label('Unassigned — nobody has this work order yet.').classes('text-base grow')
            if wo.status in OPEN_STATUSES:
                ui.button('Take it', icon='front_hand', on_click=take).props('unelevated no-caps').classes(
                    'min-h-[44px]'
                )
