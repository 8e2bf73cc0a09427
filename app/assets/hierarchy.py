"""Where an asset sits, and the rules when that changes: its parent (ancestors and descendants by recursive CTE,
cycle checks, children, the detail-page tree), its site and floor-plan spot, and the end-of-life rule (no retiring
while children are in service)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal, select, text
from sqlalchemy.orm import Session, aliased

from app.assets.enums import END_OF_LIFE_STATUSES
from app.assets.events import AssetStatusChanged
from app.assets.models import Asset, FloorPlan
from app.assets.schemas import AssetRead, AssetTreeNode
from app.assets.views import fetch_reads
from app.core import events
from app.core.db import is_postgresql
from app.core.errors import Conflict, ValidationFailed
from app.core.models import Site
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.scoping import load_scoped

# Far deeper than any real plant (site › line › machine › assembly › part); bounds every walk, even over bad data.
MAX_DEPTH = 64

MAX_TREE_DEPTH = 10

_HIERARCHY_LOCK_KEY = 0x41535354  # 'ASST'


def list_children(*, session: Session, principal: Principal, asset_id: int) -> list[AssetRead]:
    """The direct children of an asset, by code."""
    require(principal, Permission.ASSETS_READ)
    load_scoped(session, Asset, asset_id, principal)
    query = select(Asset).where(Asset.organization_id == principal.organization_id, Asset.parent_id == asset_id)
    return fetch_reads(session, query.order_by(Asset.code, Asset.id))


def list_ancestors(*, session: Session, principal: Principal, asset_id: int) -> list[AssetRead]:
    """The chain of parents above an asset, root first (empty for a root asset)."""
    require(principal, Permission.ASSETS_READ)
    load_scoped(session, Asset, asset_id, principal)
    chain = ancestor_ids(session, principal.organization_id, asset_id)[1:]
    reads = {r.id: r for r in fetch_reads(session, select(Asset).where(Asset.id.in_(chain)))} if chain else {}
    return [reads[i] for i in reversed(chain) if i in reads]


def asset_tree(*, session: Session, principal: Principal, asset_id: int, depth: int = 3) -> AssetTreeNode:
    """The asset and its descendants down to ``depth`` levels (at most 10), children by code."""
    require(principal, Permission.ASSETS_READ)
    load_scoped(session, Asset, asset_id, principal)
    depth = max(0, min(depth, MAX_TREE_DEPTH))
    organization_id = principal.organization_id
    tree = select(Asset.id, literal(0).label('depth')).where(Asset.id == asset_id).cte('subtree', recursive=True)
    child = aliased(Asset)
    tree = tree.union_all(
        select(child.id, tree.c.depth + 1).where(
            child.organization_id == organization_id, child.parent_id == tree.c.id, tree.c.depth < depth
        )
    )
    grandchild = aliased(Asset)
    children_count = (
        select(func.count())
        .select_from(grandchild)
        .where(grandchild.organization_id == organization_id, grandchild.parent_id == Asset.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Asset.id, Asset.parent_id, Asset.code, Asset.name, Asset.status, children_count)
        .join(tree, tree.c.id == Asset.id)
        .order_by(tree.c.depth, Asset.code, Asset.id)
    ).all()
    nodes: dict[int, AssetTreeNode] = {}
    for node_id, parent_id, code, name, status, count in rows:
        nodes[node_id] = AssetTreeNode(id=node_id, code=code, name=name, status=status, children_count=count)
        if node_id != asset_id and parent_id in nodes:
            nodes[parent_id].children.append(nodes[node_id])
    return nodes[asset_id]


def ancestor_ids(session: Session, organization_id: int, asset_id: int) -> list[int]:
    """``asset_id`` followed by its parent, grandparent, … up to the root (nearest first)."""
    chain = (
        select(Asset.id, Asset.parent_id, literal(0).label('depth'))
        .where(Asset.id == asset_id, Asset.organization_id == organization_id)
        .cte('ancestors', recursive=True)
    )
    parent = aliased(Asset)
    chain = chain.union_all(
        select(parent.id, parent.parent_id, chain.c.depth + 1).where(
            parent.id == chain.c.parent_id, parent.organization_id == organization_id, chain.c.depth < MAX_DEPTH
        )
    )
    return list(session.scalars(select(chain.c.id).order_by(chain.c.depth)))


def check_parent(session: Session, principal: Principal, parent_id: int, asset_id: int | None = None) -> Asset:
    """The new parent, if it is the organisation's asset and not ``asset_id`` itself or one of its descendants."""
    parent = session.get(Asset, parent_id)
    if parent is None or parent.organization_id != principal.organization_id:
        raise ValidationFailed.field('parent_id', f'asset {parent_id} not found')
    if asset_id is None:
        return parent
    if parent_id == asset_id:
        raise ValidationFailed.field('parent_id', 'an asset cannot be its own parent: that would create a cycle')
    chain = ancestor_ids(session, principal.organization_id, parent_id)
    if asset_id in chain:
        raise ValidationFailed.field(
            'parent_id', f'{parent.code} is below this asset in the hierarchy: moving it there would create a cycle'
        )
    if len(chain) >= MAX_DEPTH:
        raise ValidationFailed.field('parent_id', f'the hierarchy may be at most {MAX_DEPTH} levels deep')
    return parent


def lock_hierarchy(session: Session, organization_id: int) -> None:
    """Serialise re-parenting within an organisation, so two concurrent moves cannot together form a cycle.

    PostgreSQL: a transaction-level advisory lock. SQLite needs none: its write transactions are serial already.
    """
    if is_postgresql(session.get_bind()):
        session.execute(
            text('SELECT pg_advisory_xact_lock(CAST(:key AS integer), CAST(:org AS integer))'),
            {'key': _HIERARCHY_LOCK_KEY, 'org': organization_id % 2_147_483_647},
        )


def check_end_of_life(session: Session, asset: Asset, change: AssetStatusChanged) -> None:
    """Refuse (409, with every reason) to retire or decommission an asset that still has children in service
    (retire or re-parent them first: retiring never cascades silently).

    Other domains' objections (open work orders) come from the guards of the status event, which publishing runs
    anyway; they are asked here only when this rule objects too, so that the refusal names every reason at once.
    """
    if change.to_status not in END_OF_LIFE_STATUSES:
        return
    reasons = []
    in_service = session.scalar(
        select(func.count())
        .select_from(Asset)
        .where(
            Asset.organization_id == asset.organization_id,
            Asset.parent_id == asset.id,
            Asset.status.not_in(END_OF_LIFE_STATUSES),
        )
    )
    if in_service:
        reasons.append(
            f'it has {in_service} child asset{"s" if in_service != 1 else ""} that '
            f'{"are" if in_service != 1 else "is"} not retired or decommissioned'
        )
    if reasons:
        raise Conflict(change.refusal(reasons + events.objections(session, change)))


def check_placement(
    session: Session,
    principal: Principal,
    asset: Asset | None,
    changed: dict[str, Any],
    given: set[str],
    *,
    prefix: str,
) -> dict[str, Any]:
    """Check a new parent, site and floor-plan spot; returns the values that follow (e.g. a spot cleared by a move)."""
    if changed.get('parent_id') is not None:
        lock_hierarchy(session, principal.organization_id)
        check_parent(session, principal, changed['parent_id'], asset.id if asset else None)
    if changed.get('site_id') is not None:
        site = session.get(Site, changed['site_id'])
        if site is None or site.organization_id != principal.organization_id:
            raise ValidationFailed.field('site_id', f'site {changed["site_id"]} not found')
    return _floor_plan_spot(session, principal, asset, changed, given, prefix)


def _floor_plan_spot(
    session: Session, principal: Principal, asset: Asset | None, changed: dict[str, Any], given: set[str], prefix: str
) -> dict[str, Any]:
    """Floor-plan spot rules: the plan is the organisation's, of the asset's site, and the spot lies on it."""
    if not {'site_id', 'floor_plan_id', 'plan_x', 'plan_y'} & changed.keys():
        return {}
    state = {k: changed.get(k, getattr(asset, k, None)) for k in ('site_id', 'floor_plan_id', 'plan_x', 'plan_y')}
    off_plan = {'floor_plan_id': None, 'plan_x': None, 'plan_y': None}
    if state['floor_plan_id'] is None:
        if state['plan_x'] is None:
            return {}
        if given & {'plan_x', 'plan_y'}:
            raise ValidationFailed.field(f'{prefix}floor_plan_id', 'a spot on a floor plan needs floor_plan_id')
        return off_plan  # taken off its plan: the pixel spot means nothing any more
    if asset is not None and 'site_id' in changed and 'floor_plan_id' not in given:
        return off_plan  # moved to another site: off the old site's plan
    plan = session.get(FloorPlan, state['floor_plan_id'])
    if plan is None or plan.organization_id != principal.organization_id:
        raise ValidationFailed.field(f'{prefix}floor_plan_id', f'floor plan {state["floor_plan_id"]} not found')
    follows = {}
    if state['site_id'] is None:
        follows['site_id'] = plan.site_id  # placed on a plan: the asset is at the plan's site
    elif state['site_id'] != plan.site_id:
        raise ValidationFailed.field(f'{prefix}floor_plan_id', f'floor plan {plan.id} belongs to another site')
    for axis, limit in (('plan_x', plan.width), ('plan_y', plan.height)):
        if state[axis] is not None and state[axis] > limit:
            raise ValidationFailed.field(f'{prefix}{axis}', f'outside the floor plan ({limit} px)')
    return follows
