"""Organisations and sites (the scoping rule every domain follows is ``app.core.scoping``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit
from app.core.enums import AuditAction
from app.core.errors import Conflict, ValidationFailed
from app.core.models import Organization, Site, User
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import (
    OrganizationRead,
    OrganizationUpdate,
    Page,
    PageParams,
    SiteCreate,
    SiteRead,
    SiteUpdate,
)
from app.core.scoping import load_scoped

SITE_FIELDS = ['name', 'timezone', 'address', 'latitude', 'longitude']
ORGANIZATION_FIELDS = ['currency']


def get_organization(*, session: Session, principal: Principal) -> OrganizationRead:
    """The principal's own organisation."""
    require(principal, Permission.ORGANIZATION_READ)
    return OrganizationRead.model_validate(session.get(Organization, principal.organization_id))


def update_organization(*, session: Session, principal: Principal, data: OrganizationUpdate) -> OrganizationRead:
    """Change the organisation's settings (its currency)."""
    require(principal, Permission.ORGANIZATION_MANAGE)
    organization = session.get(Organization, principal.organization_id, with_for_update=True)
    before = audit.snapshot(organization, ORGANIZATION_FIELDS)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(organization, name, value)
    session.flush()
    changes = audit.diff(before, audit.snapshot(organization, ORGANIZATION_FIELDS))
    if changes:
        audit.record(
            session,
            principal,
            AuditAction.UPDATE,
            'organization',
            organization.id,
            changes=changes,
            summary=f'updated the settings of {organization.name}',
        )
    return OrganizationRead.model_validate(organization)


def organization_references(session: Session, organization_id: int, ids: list[int]) -> dict[int, str]:
    """The organisation's own id as its name, for the audit log (an organisation sees only itself)."""
    if organization_id not in ids:
        return {}
    return {organization_id: session.scalar(select(Organization.name).where(Organization.id == organization_id))}


def create_organization(*, session: Session, name: str) -> Organization:
    """A new organisation (used by the CLI and the demo loader, never by a tenant)."""
    if session.scalar(select(Organization).where(Organization.name == name)):
        raise Conflict(f'organization {name!r} already exists')
    organization = Organization(name=name)
    session.add(organization)
    session.flush()
    return organization


def list_sites(*, session: Session, principal: Principal, page: PageParams | None = None) -> Page[SiteRead]:
    """Sites of the principal's organisation, by name."""
    require(principal, Permission.SITES_READ)
    page = page or PageParams(limit=500)
    query = select(Site).where(Site.organization_id == principal.organization_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Site.name).limit(page.limit).offset(page.offset))
    return Page(items=[SiteRead.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


def get_site(*, session: Session, principal: Principal, site_id: int) -> SiteRead:
    """One site of the principal's organisation."""
    require(principal, Permission.SITES_READ)
    return SiteRead.model_validate(load_scoped(session, Site, site_id, principal))


def create_site(*, session: Session, principal: Principal, data: SiteCreate) -> SiteRead:
    """Add a site to the principal's organisation."""
    require(principal, Permission.SITES_MANAGE)
    _check_coordinates_pair(data.latitude, data.longitude)
    _ensure_site_name_free(session, principal, data.name)
    site = Site(organization_id=principal.organization_id, **data.model_dump())
    session.add(site)
    _flush_or_conflict(session, 'name', f'a site named {data.name!r} already exists')
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'site',
        site.id,
        changes=audit.created(audit.snapshot(site, SITE_FIELDS)),
        summary=f'created site {site.name}',
    )
    return SiteRead.model_validate(site)


def update_site(*, session: Session, principal: Principal, site_id: int, data: SiteUpdate) -> SiteRead:
    """Change a site's name, timezone, address or position."""
    require(principal, Permission.SITES_MANAGE)
    site = load_scoped(session, Site, site_id, principal)
    values = data.model_dump(exclude_unset=True)
    if values.get('name') and values['name'] != site.name:
        _ensure_site_name_free(session, principal, values['name'])
    before = audit.snapshot(site, SITE_FIELDS)
    for name, value in values.items():
        setattr(site, name, value)
    _check_coordinates_pair(site.latitude, site.longitude)
    _flush_or_conflict(session, 'name', 'a site with this name already exists')
    changes = audit.diff(before, audit.snapshot(site, SITE_FIELDS))
    if changes:
        audit.record(
            session,
            principal,
            AuditAction.UPDATE,
            'site',
            site.id,
            changes=changes,
            summary=f'updated site {site.name}',
        )
    return SiteRead.model_validate(site)


def people_by_site_and_role(*, session: Session, principal: Principal) -> dict[int | None, dict[str, int]]:
    """Active people counted per home site and role; the key None holds the organisation-wide people."""
    require(principal, Permission.SITES_READ)
    rows = session.execute(
        select(User.site_id, User.role, func.count())
        .where(User.organization_id == principal.organization_id, User.active.is_(True))
        .group_by(User.site_id, User.role)
    )
    counts: dict[int | None, dict[str, int]] = {}
    for site_id, role, count in rows:
        counts.setdefault(site_id, {})[role.value] = count
    return counts


def _check_coordinates_pair(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        missing = 'longitude' if longitude is None else 'latitude'
        raise ValidationFailed.field(missing, 'give both latitude and longitude, or neither')


def _ensure_site_name_free(session: Session, principal: Principal, name: str) -> None:
    taken = session.scalar(select(Site.id).where(Site.organization_id == principal.organization_id, Site.name == name))
    if taken:
        raise Conflict(f'a site named {name!r} already exists')


def _flush_or_conflict(session: Session, field: str, message: str) -> None:
    # The pre-check gives the friendly error; the unique constraint still decides under concurrency.
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(message) from None
