"""Deterministic demo data: organisation "Demo Plant", three sites, one login per role.

Then each domain's manifest ``demo`` loader runs, in domain order, in the same transaction, so a failed demo load
leaves nothing behind.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import get_engine, is_postgresql, session_scope, utcnow
from app.core.enums import Role
from app.core.models import ApiKey, Organization, Site, User
from app.core.principal import Principal
from app.core.security import hash_password, new_api_key
from app.domains import DOMAINS

log = logging.getLogger(__name__)

DEMO_ORGANIZATION = 'Demo Plant'
DEMO_PASSWORD = 'demo-password'  # noqa: S105  documented demo login, never used outside demo data
DEMO_SITES = [
    ('Hamburg Works', 'Europe/Berlin', 'Am Sandtorkai 1, 20457 Hamburg, Germany', 53.5436, 9.9885),
    ('Lyon Assembly', 'Europe/Paris', '12 Rue de la République, 69002 Lyon, France', 45.7640, 4.8357),
    ('Columbus Distribution Center', 'America/New_York', '400 W Broad St, Columbus, OH 43215, USA', 39.9612, -83.0007),
]
# (email, name, role, index of home site or None for organisation-wide)
DEMO_USERS = [
    ('admin@demo.example', 'Ada Admin', Role.ADMIN, None),
    ('supervisor@demo.example', 'Sam Supervisor', Role.SUPERVISOR, 0),
    ('technician@demo.example', 'Tina Technician', Role.TECHNICIAN, 0),
    ('viewer@demo.example', 'Victor Viewer', Role.VIEWER, 1),
]
SIZES = ('small', 'large')


@dataclass
class DemoContext:
    size: str
    organization: Organization
    principal: Principal
    sites: list[Site]
    users: dict[str, User]
    rng: random.Random = field(default_factory=lambda: random.Random(42))


def demo_logins() -> list[tuple[str, str]]:
    return [(email, DEMO_PASSWORD) for email, *_ in DEMO_USERS]


def load_demo(size: str = 'small') -> bool:
    """Create the demo organisation and its data; returns False when it already exists."""
    if size not in SIZES:
        raise ValueError(f'size must be one of {", ".join(SIZES)}')
    with session_scope() as session:
        if session.scalar(select(Organization.id).where(Organization.name == DEMO_ORGANIZATION)):
            return False
        organization = Organization(name=DEMO_ORGANIZATION)
        session.add(organization)
        session.flush()
        sites = [
            Site(organization_id=organization.id, name=name, timezone=tz, address=address, latitude=lat, longitude=lon)
            for name, tz, address, lat, lon in DEMO_SITES
        ]
        session.add_all(sites)
        session.flush()
        password_hash = hash_password(DEMO_PASSWORD)  # one hash for all: argon2 is slow on purpose
        users = {}
        for email, name, role, site_index in DEMO_USERS:
            users[email] = User(
                organization_id=organization.id,
                email=email,
                name=name,
                role=role,
                site_id=None if site_index is None else sites[site_index].id,
                password_hash=password_hash,
            )
        session.add_all(users.values())
        session.flush()
        context = DemoContext(size, organization, Principal.system(organization.id, 'demo loader'), sites, users)
        for domain in DOMAINS:
            if domain.demo is not None:
                domain.demo(session, context)
        _demo_api_keys(session, organization.id)
    _refresh_planner_statistics()
    log.info('demo data (%s) loaded', size)
    return True


def _demo_api_keys(session: Session, organization_id: int) -> None:
    """Two keys for Admin → API keys: one that expires in 90 days and one that expired last month (the secrets are
    thrown away: nothing outside can use them)."""
    for name, role, days in (('Meter gateway', Role.TECHNICIAN, 90), ('Old SCADA bridge', Role.VIEWER, -30)):
        _full_key, prefix, secret_hash = new_api_key()
        session.add(
            ApiKey(
                organization_id=organization_id,
                name=name,
                role=role,
                prefix=prefix,
                secret_hash=secret_hash,
                expires_at=utcnow() + timedelta(days=days),
            )
        )


def _refresh_planner_statistics() -> None:
    """VACUUM ANALYZE after the bulk load, as for any bulk load: until autovacuum gets round to it, PostgreSQL plans
    the first pages against statistics of empty tables (seen: a board column scanning 95,000 rows through the wrong
    index), and autovacuum's catching up then competes with the first users for the machine."""
    engine = get_engine()
    if is_postgresql(engine):
        with engine.connect().execution_options(isolation_level='AUTOCOMMIT') as connection:
            connection.exec_driver_sql('VACUUM (ANALYZE)')


def load_demo_if_empty() -> None:
    """On first start with CMMS_DEMO on: load the small demo set once."""
    load_demo('small')


def demo_logins_text() -> str:
    lines = [f'  {email:<28} {password}' for email, password in demo_logins()]
    return f'Demo logins (organisation "{DEMO_ORGANIZATION}"):\n' + '\n'.join(lines)
