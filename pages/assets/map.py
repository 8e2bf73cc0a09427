"""The asset map at /map: assets on a real map by state, or placed on a building's floor plan."""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request
from fastapi.responses import Response
from nicegui import ui
from sqlalchemy.orm import Session

from app.assets import floor_plans, map_data
from app.assets.schemas import AssetFilter, AssetRead, FloorPlanRead
from app.core import tenancy
from app.core.errors import DomainError, ValidationFailed
from app.core.input_types import RowId
from app.core.permissions import Permission, can
from app.core.principal import Principal
from app.core.schemas import SiteRead, validated
from components import design
from components.asset_map import (
    AssetMap,
    FloorPlanMap,
    MapStage,
    UnplacedList,
    filter_selects,
    full_bleed,
    legend,
    marker_count_text,
    tile_notice,
    upload_dialog,
)
from components.frame import ShellContext, frame
from pages.assets.routes import router
from pages.kernel.bridge import call
from pages.kernel.browser_routes import answer, stored_file
from pages.kernel.page_context import page_context


@router.page('/map')
async def asset_map_page(view: str = 'map', site: int | None = None, plan: int | None = None) -> None:
    if (opened := await page_context(Permission.ASSETS_READ)) is None:
        return
    principal, context = opened
    sites = (await call(tenancy.list_sites, principal=principal)).items
    with frame(context, 'Map', '/map') as content:
        full_bleed(content)
        screen = MapScreen(principal, context, sites, site if site in {s.id for s in sites} else context.site_id)
        await screen.show('plan' if view == 'plan' else 'map', plan)


class MapScreen:
    """The full-screen map with its floating panel; switches between the site map and the floor-plan view."""

    def __init__(self, principal: Principal, context: ShellContext, sites: list[SiteRead], site_id: int | None):
        self.principal, self.context, self.sites, self.site_id = principal, context, sites, site_id
        self.types: list[str] = []
        self.statuses: list[str] = []
        self.conditions: list[str] = []
        self.stage = MapStage()
        self.tile_notice: ui.row | None = None
        self.map_area, self.body = self.stage.map_area, self.stage.body

    async def show(self, mode: str, plan_id: int | None = None) -> None:
        self.mode = mode
        self.map_area.clear()
        self.body.clear()
        with self.body:
            ui.toggle({'map': 'Map', 'plan': 'Floor plan'}, value=mode, on_change=lambda e: self.show(e.value)).props(
                'spread no-caps unelevated toggle-color=primary aria-label="View"'
            ).classes('w-full')
        if mode == 'plan':
            self.stage.title.set_text('Floor plans')
            self.plan_mode = PlanMode(self)
            await self.plan_mode.start(plan_id)
        else:
            self.stage.title.set_text('Asset map')
            self._show_map()
        self._remember_url()

    def _show_map(self) -> None:
        with self.body:
            self._filters()
            self.count = ui.label('Loading markers…').classes(design.MUTED_TEXT).props('aria-live=polite')
            with ui.expansion('Legend', icon='palette', value=True).classes('w-full').props('dense'):
                legend()
        site = next((s for s in self.sites if s.id == self.site_id), None) or next(
            (s for s in self.sites if s.latitude is not None), None
        )
        center = (site.latitude, site.longitude) if site and site.latitude is not None else (20.0, 0.0)
        with self.map_area:
            self.asset_map = AssetMap(self._markers_url(), center=center, zoom=16 if site else 2).classes(
                'absolute inset-0'
            )
        self.asset_map.on('loaded', self._loaded)
        self.asset_map.on('tiles-failed', lambda e: self._tiles(failed=True, host=e.args.get('host') or ''))
        self.asset_map.on('tiles-loaded', lambda: self._tiles(failed=False))
        self.asset_map.on(
            'failed',
            lambda e: ui.notify(
                f'Could not load the markers ({e.args["message"]}); reload the page to try again', type='negative'
            ),
        )

    def _tiles(self, *, failed: bool, host: str = '') -> None:
        if self.tile_notice is not None and not self.tile_notice.is_deleted:
            self.tile_notice.delete()
            self.tile_notice = None
        if failed:
            with self.map_area:
                self.tile_notice = tile_notice(host)

    def _filters(self) -> None:
        filter_selects(
            {s.id: s.name for s in self.sites}, self.site_id, on_site=self._set_site, on_filter=self._set_filter
        )

    def _set_site(self, site_id: int) -> None:
        self.site_id = site_id or None
        self.asset_map.set_source(self._markers_url())
        self._remember_url()

    def _set_filter(self, attribute: str, values: list[str] | None) -> None:
        setattr(self, attribute, list(values or []))
        self.asset_map.set_source(self._markers_url())

    def _markers_url(self) -> str:
        params = [('site_id', self.site_id)] if self.site_id else []
        params += [('asset_type', v) for v in self.types] + [('status', v) for v in self.statuses]
        params += [('condition', v) for v in self.conditions]
        return '/map/markers.json' + ('?' + '&'.join(f'{k}={v}' for k, v in params) if params else '')

    def _loaded(self, e: Any) -> None:
        self.count.set_text(marker_count_text(e.args['count'], e.args['unlocated']))

    def _remember_url(self) -> None:
        query = [f'view={self.mode}'] if self.mode == 'plan' else []
        if self.site_id:
            query.append(f'site={self.site_id}')
        if self.mode == 'plan' and self.plan_mode.plan is not None:
            query.append(f'plan={self.plan_mode.plan.id}')
        ui.navigate.history.replace('/map' + ('?' + '&'.join(query) if query else ''))


class PlanMode:
    """Floor-plan view: pick site → building/floor; drag placed assets; tap an unplaced one, then tap the plan."""

    def __init__(self, screen: MapScreen) -> None:
        self.screen, self.principal = screen, screen.principal
        self.can_write = can(screen.principal, Permission.ASSETS_WRITE)
        self.floors: list[map_data.FloorOption] = []
        self.plan: FloorPlanRead | None = None
        self.picked: dict[str, Any] | None = None
        self.plan_map: FloorPlanMap | None = None
        self.unplaced: UnplacedList | None = None

    async def start(self, plan_id: int | None) -> None:
        plans = await call(floor_plans.list_floor_plans, principal=self.principal)
        wanted = next((p for p in plans if p.id == plan_id), None)
        if wanted is not None:
            self.screen.site_id = wanted.site_id
        elif self.screen.site_id is None:
            self.screen.site_id = (
                plans[0].site_id if plans else (self.screen.sites[0].id if self.screen.sites else None)
            )
        if self.screen.site_id is None:
            with self.screen.body:
                design.empty_state('factory', 'No sites yet — an admin can add one under Admin → Sites.')
            return
        with self.screen.body:
            ui.select(
                {s.id: s.name for s in self.screen.sites},
                value=self.screen.site_id,
                label='Site',
                on_change=lambda e: self._change_site(e.value),
            ).props('outlined dense options-dense').classes('w-full')
            self.floor_row = ui.row().classes('w-full items-center no-wrap gap-2')
            self.hint = ui.label().classes('text-sm').props('aria-live=polite')
            self.list_area = ui.column().classes('w-full gap-1')
        await self._load_floors(plan_id)

    async def _change_site(self, site_id: int) -> None:
        self.screen.site_id = site_id
        await self._load_floors(None)
        self.screen._remember_url()

    async def _load_floors(self, plan_id: int | None) -> None:
        self.floors = await call(map_data.site_floors, principal=self.principal, site_id=self.screen.site_id)
        chosen = next((i for i, f in enumerate(self.floors) if plan_id and f.floor_plan_id == plan_id), 0)
        self.floor_row.clear()
        with self.floor_row:
            options = {
                i: f'{f.building} · {f.floor}' + ('' if f.floor_plan_id else ' (no plan)')
                for i, f in enumerate(self.floors)
            }
            ui.select(
                options,
                value=chosen if self.floors else None,
                label='Building · floor',
                on_change=lambda e: self._show_floor(e.value),
            ).props('outlined dense options-dense').classes('grow')
            if self.can_write:
                ui.button(icon='upload_file', on_click=self._open_upload).props(
                    'outline aria-label="Upload a floor plan"'
                ).classes(design.TOUCH_TARGET).tooltip('Upload a plan')
        await self._show_floor(chosen if self.floors else None)

    async def _show_floor(self, index: int | None) -> None:
        floor = self.floors[index] if index is not None and index < len(self.floors) else None
        self.current_floor, self.plan, self.picked = floor, None, None
        self.screen.map_area.clear()
        self.list_area.clear()
        self.hint.set_text('')
        if floor is None or floor.floor_plan_id is None:
            where = f' for {floor.building} · {floor.floor}' if floor else ''
            with self.screen.map_area, ui.column().classes('absolute inset-0 items-center justify-center'):
                design.empty_state(
                    'map',
                    f'No floor plan{where} yet — '
                    + ('upload a drawing of the floor.' if self.can_write else 'ask a planner to add one.'),
                )
                if self.can_write:
                    ui.button('Upload a plan', icon='upload_file', on_click=self._open_upload).classes(
                        design.TOUCH_TARGET
                    )
            self.screen._remember_url()
            return
        view = await call(map_data.plan_markers, principal=self.principal, floor_plan_id=floor.floor_plan_id)
        self.plan = view.plan
        with self.screen.map_area:
            self.plan_map = FloorPlanMap(
                f'/map/floor-plans/{view.plan.id}/image',
                width=view.plan.width,
                height=view.plan.height,
                markers=[m.model_dump() for m in view.placed],
                editable=self.can_write,
            ).classes('absolute inset-0')
        self.plan_map.on('moved', self._moved)
        self.plan_map.on('place', self._place)
        self.hint.set_text(
            f'{len(view.placed)} on the plan.' + (' Drag a marker to move it.' if self.can_write else '')
        )
        if self.can_write:
            with self.list_area:
                self.unplaced = UnplacedList([m.model_dump() for m in view.unplaced], self._pick)
        self.screen._remember_url()

    def _pick(self, item: dict[str, Any] | None) -> None:
        self.picked = item
        if self.plan_map is not None:
            self.plan_map.set_placing(item is not None)
        self.hint.set_text(f'Tap the plan where {item["code"]} stands.' if item else 'Placing cancelled.')
        self.hint.classes(replace='text-sm font-medium text-primary' if item else 'text-sm')

    async def _place(self, e: Any) -> None:
        if self.picked is None or self.plan is None:
            return
        item, x, y = self.picked, e.args['x'], e.args['y']
        if await self._save(item['id'], x, y) is None:
            return
        self.plan_map.set_placing(False)
        self.plan_map.add_marker({**item, 'x': x, 'y': y})
        self.picked = None
        self.unplaced.remove(item['id'])
        self.hint.classes(replace='text-sm')
        self.hint.set_text(f'Placed {item["code"]} on {self.plan.building} · {self.plan.floor}.')

    async def _moved(self, e: Any) -> None:
        asset_id = e.args['id']
        if await self._save(asset_id, e.args['x'], e.args['y']) is None:
            self.plan_map.snap_back(asset_id)
        else:
            self.plan_map.confirm_move(asset_id)

    async def _save(self, asset_id: int, x: float, y: float) -> AssetRead | None:
        try:
            return await call(
                floor_plans.place_asset_on_plan,
                principal=self.principal,
                asset_id=asset_id,
                floor_plan_id=self.plan.id,
                x=x,
                y=y,
            )
        except DomainError as exc:
            reason = '; '.join(e.message for e in exc.errors) if isinstance(exc, ValidationFailed) else exc.detail
            ui.notify(f'Not moved: {reason}', type='negative', multi_line=True)
            return None

    def _open_upload(self) -> None:
        floor = self.current_floor if hasattr(self, 'current_floor') else None
        buildings = sorted({f.building for f in self.floors})

        async def upload(building: str, floor_name: str, file_name: str, content: bytes) -> dict[str, str] | None:
            try:
                plan = await call(
                    floor_plans.upload_floor_plan,
                    principal=self.principal,
                    site_id=self.screen.site_id,
                    building=building,
                    floor=floor_name,
                    file_name=file_name,
                    content=content,
                )
            except ValidationFailed as exc:
                return {e.field: e.message for e in exc.errors}
            except DomainError as exc:
                return {'file': exc.detail}
            ui.notify(
                f'Floor plan of {plan.building} · {plan.floor} saved ({plan.width}×{plan.height} px)', type='positive'
            )
            await self._load_floors(plan.id)
            return None

        upload_dialog(
            building=floor.building if floor else '',
            floor=floor.floor if floor else '',
            buildings=buildings,
            on_upload=upload,
        ).open()


@router.get('/map/markers.json', include_in_schema=False)
async def map_markers(
    request: Request,
    site_id: RowId | None = None,
    asset_type: list[str] = Query(default=[]),
    status: list[str] = Query(default=[]),
    condition: list[str] = Query(default=[]),
) -> Response:
    """The map's markers as GeoJSON, for the signed-in user of this browser (the page fetches it once per filter)."""
    chosen = {'site_id': site_id, 'asset_type': asset_type or None, 'status': status or None}

    def respond(session: Session, principal: Principal) -> Response:
        filters = validated(AssetFilter, chosen | {'condition': condition or None})
        markers = map_data.asset_markers(session=session, principal=principal, filters=filters)
        unlocated = map_data.unlocated_count(session=session, principal=principal, filters=filters)
        return Response(map_data.geojson_bytes(markers, unlocated=unlocated), media_type='application/json')

    return await answer(request, respond, as_json=True)


@router.get('/map/floor-plans/{floor_plan_id}/image', include_in_schema=False)
async def map_floor_plan_image(floor_plan_id: RowId, request: Request) -> Response:
    """A plan image for the signed-in user of this browser (no-cache: a replaced plan shows at once)."""

    def respond(session: Session, principal: Principal) -> Response:
        _plan, path, content_type = floor_plans.floor_plan_file(
            session=session, principal=principal, floor_plan_id=floor_plan_id
        )
        return stored_file(path, content_type, cache_seconds=0)

    return await answer(request, respond)
