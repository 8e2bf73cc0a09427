"""Test organisations made straight through the services: sites, one real user per role with its principal and JWT,
and an API key per role when asked.

Tests of one backend share one database and isolate by organisation, so every name and email is unique per call.
Argon2 is slow on purpose (about 0.1 s a hash), so all test users share one password, hashed once per process.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple, TypeVar

from app.core import api_keys as api_key_service
from app.core import tenancy
from app.core.auth import user_principal
from app.core.db import session_scope, use_database
from app.core.enums import Role
from app.core.models import User
from app.core.principal import Principal
from app.core.schemas import ApiKeyCreate, SiteCreate, SiteRead
from app.core.security import hash_password, issue_access_token
from tests.support.api import bearer

ROLES = tuple(Role)
SITE_NAMES = ('Plant North', 'Plant South')  # sorted by name, North comes first
T = TypeVar('T')


class Member(NamedTuple):
    """One account of a test organisation: the (detached) row, the principal acting as it, its password."""

    user: User
    principal: Principal
    password: str


@dataclass(eq=False)  # compared (and hashed) by identity: one organisation is one object
class Org:
    """A test organisation: its sites (first ``site_id``, then ``other_site_id``), its members by role, a JWT per
    member and, when made with ``api_keys=True``, an API key per role."""

    id: int
    sites: list[SiteRead]
    members: dict[Role, Member]
    tokens: dict[Role, str]
    api_keys: dict[Role, str] = field(default_factory=dict)

    @property
    def site_id(self) -> int:
        return self.sites[0].id

    @property
    def other_site_id(self) -> int:
        return self.sites[1].id

    @property
    def users(self) -> dict[Role, User]:
        return {role: member.user for role, member in self.members.items()}

    @property
    def principals(self) -> dict[Role, Principal]:
        return {role: member.principal for role, member in self.members.items()}

    @property
    def admin(self) -> Principal:
        return self.members[Role.ADMIN].principal

    @property
    def supervisor(self) -> Principal:
        return self.members[Role.SUPERVISOR].principal

    @property
    def technician(self) -> Principal:
        return self.members[Role.TECHNICIAN].principal

    @property
    def viewer(self) -> Principal:
        return self.members[Role.VIEWER].principal

    def user_id(self, role: Role) -> int:
        return self.members[role].user.id

    def headers(self, role: Role) -> dict[str, str]:
        """The bearer header acting as ``role``: its API key when the organisation has keys, else its user's JWT."""
        return bearer(self.api_keys[role] if self.api_keys else self.tokens[role])


def make_org(*, roles: Iterable[Role] = ROLES, sites: int = 2, api_keys: bool = False, name: str | None = None) -> Org:
    """A new organisation with one active user per role, ``sites`` sites (Plant North, Plant South, …) and, when
    asked, an API key per role (made by the system principal, so each leaves an audit entry)."""
    password, password_hash = shared_password()
    with session_scope() as session:
        organization = tenancy.create_organization(session=session, name=name or unique('org'))
        users = {role: _new_user(organization.id, role, password_hash) for role in roles}
        session.add_all(users.values())
        session.flush()
        members = {role: Member(user, user_principal(user), password) for role, user in users.items()}
    org = Org(organization.id, [], members, {role: _token(member.user) for role, member in members.items()})
    org.sites = [make_site(org, name=unique(_site_name(index))) for index in range(sites)]
    if api_keys:
        org.api_keys = {role: make_api_key(org, role)[1] for role in Role}
    return org


def make_member(org: Org, role: Role = Role.TECHNICIAN) -> Member:
    """One more active user in the organisation, with the shared password (not added to ``org.members``)."""
    password, password_hash = shared_password()
    with session_scope() as session:
        user = _new_user(org.id, role, password_hash)
        session.add(user)
        session.flush()
        return Member(user, user_principal(user), password)


def make_site(org: Org | int, *, name: str | None = None, **fields: Any) -> SiteRead:
    """A site of the organisation (or organisation id), made by the system principal (not added to ``org.sites``)."""
    with session_scope() as session:
        return tenancy.create_site(
            session=session, principal=system_principal(org), data=SiteCreate(name=name or unique('site'), **fields)
        )


def make_api_key(org: Org | int, role: Role, *, name: str | None = None) -> tuple[int, str]:
    """An API key of ``role`` (of the organisation or organisation id) made by the system principal; returns (key id,
    full key)."""
    with session_scope() as session:
        created = api_key_service.create_api_key(
            session=session,
            principal=system_principal(org),
            data=ApiKeyCreate(name=name or unique(f'{role.value} key'), role=role),
        )
    return created.id, created.key


def system_principal(org: Org | int) -> Principal:
    return Principal.system(org if isinstance(org, int) else org.id, 'test factory')


def for_each_backend(database_urls: dict[str, str], build: Callable[[], T]) -> dict[str, T]:
    """Run ``build`` once on every configured backend (for module-scoped data); keyed by backend name."""
    built = {}
    for backend, url in database_urls.items():
        use_database(url)
        built[backend] = build()
    return built


def unique(label: str) -> str:
    return f'{label}-{uuid.uuid4().hex[:12]}'


def unique_email(label: str = 'user') -> str:
    return f'{unique(label)}@example.com'


def new_password() -> str:
    return unique('pw-correct-horse')


@cache
def shared_password() -> tuple[str, str]:
    """The password of every test user and its argon2 hash, made once per process."""
    password = new_password()
    return password, hash_password(password)


def _new_user(organization_id: int, role: Role, password_hash: str) -> User:
    return User(
        organization_id=organization_id,
        email=unique_email(role.value),
        name=unique(role.value.title()),
        role=role,
        password_hash=password_hash,
    )


def _token(user: User) -> str:
    return issue_access_token(user.id, user.session_version)[0]


def _site_name(index: int) -> str:
    return SITE_NAMES[index] if index < len(SITE_NAMES) else f'Plant {index + 1}'
