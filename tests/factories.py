"""Test data made straight through the services: an organisation with one user per role, API keys, tokens.

Tests share one database per backend and isolate by organisation, so every name and email is unique per call.
Argon2 is slow on purpose (~0.1 s a hash): one hash per organisation, shared by all its users.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeVar

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.core import api_keys, tenancy
from app.core.auth import user_principal
from app.core.db import session_scope, use_database
from app.core.enums import Role
from app.core.models import ApiKey, AuditEntry, Site, User
from app.core.principal import Principal
from app.core.schemas import ApiKeyCreate, SiteCreate, SiteRead
from app.core.security import hash_password
from app.domains import Base

ROLES = tuple(Role)
TOKEN_URL = '/api/v1/auth/token'
T = TypeVar('T')


class Member(NamedTuple):
    """One account of a test organisation: the (detached) row, the principal acting as it, its password."""

    user: User
    principal: Principal
    password: str


class RolePrincipals:
    """``admin`` / ``supervisor`` / ``technician`` / ``viewer`` shortcuts over a ``principals`` mapping."""

    principals: dict[Role, Principal]

    @property
    def admin(self) -> Principal:
        return self.principals[Role.ADMIN]

    @property
    def supervisor(self) -> Principal:
        return self.principals[Role.SUPERVISOR]

    @property
    def technician(self) -> Principal:
        return self.principals[Role.TECHNICIAN]

    @property
    def viewer(self) -> Principal:
        return self.principals[Role.VIEWER]


def unique(label: str) -> str:
    return f'{label}-{uuid.uuid4().hex[:12]}'


def unique_email(label: str = 'user') -> str:
    return f'{unique(label)}@example.com'


def new_password() -> str:
    return unique('pw-correct-horse')


def create_organization(
    *, roles: Iterable[Role] = ROLES, password: str | None = None, name: str | None = None
) -> tuple[int, dict[Role, Member]]:
    """A new organisation with one active user per role, all sharing one password (hashed once)."""
    password = password or new_password()
    password_hash = hash_password(password)
    with session_scope() as session:
        organization = tenancy.create_organization(session=session, name=name or unique('org'))
        users = {role: _new_user(organization.id, role, password_hash) for role in roles}
        session.add_all(users.values())
        session.flush()
        members = {role: Member(user, user_principal(user), password) for role, user in users.items()}
    return organization.id, members


def add_member(
    organization_id: int, role: Role, *, password: str | None = None, password_hash: str | None = None
) -> Member:
    """One more user in an existing organisation; pass ``password_hash`` (of ``password``) to skip hashing."""
    if password_hash is None:
        password = password or new_password()
        password_hash = hash_password(password)
    with session_scope() as session:
        user = _new_user(organization_id, role, password_hash)
        session.add(user)
        session.flush()
        member = Member(user, user_principal(user), password or '')
    return member


def create_api_key(organization_id: int, role: Role, *, name: str | None = None) -> tuple[int, str]:
    """An API key of ``role`` made by the system principal; returns (key id, full key)."""
    with session_scope() as session:
        created = api_keys.create_api_key(
            session=session,
            principal=Principal.system(organization_id, 'test factory'),
            data=ApiKeyCreate(name=name or unique(f'{role.value} key'), role=role),
        )
    return created.id, created.key


def create_site(organization_id: int, *, name: str | None = None, **fields: Any) -> SiteRead:
    with session_scope() as session:
        return tenancy.create_site(
            session=session,
            principal=Principal.system(organization_id, 'test factory'),
            data=SiteCreate(name=name or unique('site'), **fields),
        )


def get_token(client: TestClient, email: str, password: str) -> str:
    """A JWT from the real login endpoint."""
    response = client.post(TOKEN_URL, json={'username': email, 'password': password})
    assert response.status_code == 200, response.text
    return response.json()['access_token']


def bearer(token: str) -> dict[str, str]:
    return {'Authorization': f'Bearer {token}'}


def for_each_backend(database_urls: dict[str, str], build: Callable[[], T]) -> dict[str, T]:
    """Run ``build`` once on every configured backend (for module-scoped data); keyed by backend name."""
    built = {}
    for backend, url in database_urls.items():
        use_database(url)
        built[backend] = build()
    return built


def row_counts() -> dict[str, int]:
    """Rows per table of the whole current database."""
    with session_scope() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


# Columns that a mere read touches (last use of an API key bumps its updated_at): not what a request "changed".
_VOLATILE_COLUMNS = {'last_used_at', 'last_login_at', 'updated_at'}


def organization_state(organization_id: int) -> dict[str, list[tuple]]:
    """Everything an organisation holds (sites, users, API keys, audit entries), to compare before/after."""
    state = {}
    with session_scope() as session:
        for model in (Site, User, ApiKey, AuditEntry):
            columns = [c for c in model.__table__.c if c.name not in _VOLATILE_COLUMNS]
            rows = session.execute(select(*columns).where(model.organization_id == organization_id).order_by(model.id))
            state[model.__tablename__] = [tuple(row) for row in rows]
    return state


def _new_user(organization_id: int, role: Role, password_hash: str) -> User:
    return User(
        organization_id=organization_id,
        email=unique_email(role.value),
        name=unique(role.value.title()),
        role=role,
        password_hash=password_hash,
    )
