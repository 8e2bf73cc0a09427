"""The factory names that two modules written on main while the helpers moved to ``tests.support`` import
(``tests/app/core/test_domain_events.py`` and ``test_outbox.py``): kept, built on ``tests.support``, so that they
run unchanged after the merge. Delete this module once they import ``tests.support``; new tests use that."""

from __future__ import annotations

from collections.abc import Iterable

from app.core.enums import Role
from tests.support.organizations import ROLES, Member, make_org, unique
from tests.support.organizations import make_api_key as create_api_key
from tests.support.organizations import make_site as create_site

__all__ = ['create_api_key', 'create_organization', 'create_site', 'unique']


def create_organization(*, roles: Iterable[Role] = ROLES, name: str | None = None) -> tuple[int, dict[Role, Member]]:
    """A new organisation without sites, with one active user per role: (its id, its members by role)."""
    org = make_org(roles=roles, sites=0, name=name)
    return org.id, org.members
